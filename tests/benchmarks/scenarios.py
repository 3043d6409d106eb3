"""What the benchmark requests, picked from the data, and how it times them.

Runs inside the driver after django.setup(): picks use the bench database directly.
"""

import http.client
import json
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.db import connection

DEEP_ROWS = 40_000


@dataclass
class Scenario:
    key: str
    label: str
    path: str
    # Queries the suite pins for this request (None: not pinned there) and where.
    pinned: int | None = None
    pinned_by: str = ""
    at_most: bool = False  # the suite pins an upper bound here, not an exact count
    html: bool = False
    note: str = ""
    timings: list[float] = field(default_factory=list)


def _one(query: str, params: tuple = ()) -> tuple | None:
    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchone()


def search_words() -> tuple[str, str]:
    """The most frequent word in point titles and texts, and a least frequent one (by points
    containing it), skipping the words full-text search ignores (stop words, short ones)."""
    words = """
        SELECT word, count(DISTINCT id) AS points
          FROM (SELECT p.id, regexp_split_to_table(lower(p.title || ' ' || p.text), '[^a-z]+')
                       AS word
                  FROM negotiations_frameworkpoint p) AS w
         WHERE length(word) >= 4 AND numnode(plainto_tsquery('english', word)) > 0
         GROUP BY word
    """
    common = _one(f"{words} ORDER BY points DESC, word LIMIT 1")
    rare = _one(f"{words} ORDER BY points, word LIMIT 1")
    if common is None or rare is None:
        raise RuntimeError("no framework point has searchable words")
    return common[0], rare[0]


def busiest_party() -> int:
    row = _one(
        """
        SELECT party_id FROM (
            SELECT d.party_id, count(*) AS n FROM negotiations_delegation d GROUP BY d.party_id
            UNION ALL
            SELECT dp.party_id, count(*) FROM negotiations_development_parties dp
             GROUP BY dp.party_id
        ) AS entries GROUP BY party_id ORDER BY sum(n) DESC, party_id LIMIT 1
        """
    )
    if row is None:
        raise RuntimeError("no party takes part in anything")
    return row[0]


def version_pair(target: int = 40) -> tuple[int, int, int, int]:
    """Two consecutive versions (older, newer) whose point counts are closest to `target`."""
    row = _one(
        """
        WITH counts AS (
            SELECT v.id, v.supersedes_id, count(p.id) AS points
              FROM negotiations_frameworkversion v
              LEFT JOIN negotiations_frameworkpoint p ON p.version_id = v.id
             GROUP BY v.id
        )
        SELECT old.id, new.id, old.points, new.points
          FROM counts new JOIN counts old ON old.id = new.supersedes_id
         ORDER BY abs(old.points - %s) + abs(new.points - %s), new.id
         LIMIT 1
        """,
        (target, target),
    )
    if row is None:
        raise RuntimeError("no framework version supersedes another")
    return row


def meeting_with_delegations() -> tuple[int, str]:
    """The meeting with most delegations: its id (the API's detail) and slug (its page)."""
    row = _one(
        """
        SELECT m.id, m.slug FROM negotiations_meeting m
          JOIN negotiations_delegation d ON d.meeting_id = m.id
         GROUP BY m.id ORDER BY count(*) DESC, m.id LIMIT 1
        """
    )
    if row is None:
        raise RuntimeError("no meeting has a delegation")
    return row[0], row[1]


def issue_with_stances() -> tuple[int, str, int, int]:
    """The issue with most option stances (its matrix the fullest): its id (the API's detail
    and matrix), slug (its page), and how many options and stances it has."""
    row = _one(
        """
        SELECT i.id, i.slug, count(DISTINCT o.id), count(s.id)
          FROM negotiations_stickingissue i
          JOIN negotiations_option o ON o.issue_id = i.id
          JOIN negotiations_optionstance s ON s.option_id = o.id
         GROUP BY i.id ORDER BY count(s.id) DESC, i.id LIMIT 1
        """
    )
    if row is None:
        raise RuntimeError("no sticking issue has an option with a stance")
    return row


def timeline_pinned(path: str) -> int:
    """The timeline's bound: one query for the entries, then each kind on the page costs at
    most what tests/api/test_query_counts.py pins for it, less that entries query."""
    from django.test import Client

    per_kind = {"meeting": 3, "development": 3, "statement": 3}
    kinds = {entry["kind"] for entry in Client().get(path, HTTP_HOST="127.0.0.1").json()["results"]}
    return 1 + sum(per_kind[kind] - 1 for kind in kinds)


class Http:
    """Sequential requests over one connection (reopened when the server closes it)."""

    def __init__(self, port: int):
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.reconnects = 0

    def get(self, path: str) -> tuple[float, bytes]:
        if self.connection.sock is None:
            self.reconnects += 1
        started = time.perf_counter()
        self.connection.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = self.connection.getresponse()
        body = response.read()
        elapsed = time.perf_counter() - started
        if response.status != 200:
            raise RuntimeError(f"GET {path} answered {response.status}: {body[:300]!r}")
        return elapsed, body

    def close(self) -> None:
        self.connection.close()


def deep_cursor(client: Http, rows: int = DEEP_ROWS) -> tuple[str, int]:
    """Follow `next` 100 rows at a time until `rows` deep (or the end); that cursor's path
    at page_size=50, and how deep it is. A list of one page is walked a row at a time."""
    for step in (100, 1):
        path, depth, last = f"/api/v1/meetings/?page_size={step}", 0, None
        while depth < rows:
            page = json.loads(client.get(path)[1])
            if not page["next"]:
                break
            depth += len(page["results"])
            parts = urlsplit(page["next"])
            last = path = f"{parts.path}?{parts.query}"
        if last is not None:
            break
    else:
        raise RuntimeError("the meetings list has one row at most: no cursor to follow")
    return _page_size_50(last), depth


def deep_cursor_computed(rows: int = DEEP_ROWS) -> tuple[str, int]:
    """The cursor deep_cursor() reaches, built in one query: the `next` link after `depth`
    rows carries the sort_key of row `depth` (sort_key is unique, so no offset), encoded by
    the list's own paginator. Walking 400 pages takes minutes at scale 1."""
    from rest_framework.pagination import Cursor

    from negotiations.api.pagination import DateCursorPagination

    from .views import SORT_KEY

    total = _one("SELECT count(*) FROM negotiations_meeting")[0]
    depth = min(rows, 100 * ((total - 1) // 100)) or total - 1  # as deep as walking gets
    if depth < 1:
        raise RuntimeError("the meetings list has one row at most: no cursor to follow")
    key = _one(
        f"SELECT {SORT_KEY} AS sort_key FROM negotiations_meeting m "
        "ORDER BY sort_key OFFSET %s LIMIT 1",
        (depth - 1,),
    )[0]
    paginator = DateCursorPagination()
    paginator.base_url = "/api/v1/meetings/?page_size=100"
    return _page_size_50(
        paginator.encode_cursor(Cursor(offset=0, reverse=False, position=key))
    ), depth


def _page_size_50(url: str) -> str:
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    query["page_size"] = "50"
    return f"{parts.path}?{urlencode(query)}"


# What the API page computes in Python and the one-query yardstick leaves out (or gives raw:
# `accounts` for `disputed_fields`).
COMPUTED = {"date_display", "date_passed", "disputed_fields"}


def full_limit_check(client: Http) -> None:
    """The full yardstick (1b) carries the API page's records and values, field by field."""
    full = json.loads(client.get("/bench/limit/meetings/full/")[1])["results"]
    page = json.loads(client.get("/api/v1/meetings/?page_size=50")[1])["results"]
    differ = [
        (row["id"], name)
        for mine, row in zip(full, page, strict=True)
        for name in row
        if name not in COMPUTED and mine.get(name) != row[name]
    ]
    if differ:
        raise RuntimeError(f"the full limit differs from the API page at {differ[:5]}")


def build(client: Http, *, walk: bool) -> list[Scenario]:
    common, rare = search_words()
    party = busiest_party()
    older, newer, older_points, newer_points = version_pair()
    meeting, slug = meeting_with_delegations()
    issue, issue_slug, options, stances = issue_with_stances()
    deep_path, depth = deep_cursor(client) if walk else deep_cursor_computed()
    full_limit_check(client)
    timeline = f"/api/v1/timeline/?party={party}"
    timeline_all = "/api/v1/timeline/"
    counts = "tests/api/test_query_counts.py"
    pages = "tests/views/test_pages.py"
    return [
        Scenario("limit", "1 limit: 1 SQL + orjson", "/bench/limit/meetings/"),
        Scenario(
            "limit_full",
            "1b limit: full page, 1 SQL",
            "/bench/limit/meetings/full/",
            note="1 + everything 2 embeds",
        ),
        Scenario("meetings", "2 API meetings p1", "/api/v1/meetings/?page_size=50", 5, counts),
        Scenario(
            "deep",
            "3 API meetings deep",
            deep_path,
            5,
            counts,
            note=f"{depth:,} rows deep"
            + ("" if depth >= DEEP_ROWS else f" (all the data allows; target {DEEP_ROWS:,})"),
        ),
        Scenario(
            "timeline",
            "4a API timeline party",
            timeline,
            timeline_pinned(timeline),
            f"{counts} (per kind)",
            at_most=True,
            note=f"party {party}",
        ),
        Scenario(
            "timeline_all",
            "4b API timeline all",
            timeline_all,
            timeline_pinned(timeline_all),
            f"{counts} (per kind)",
            at_most=True,
        ),
        Scenario(
            "search_common",
            "5a API points common",
            f"/api/v1/points/?{urlencode({'search': common})}",
            4,
            counts,
            note=f"'{common}'",
        ),
        Scenario(
            "search_rare",
            "5b API points rare",
            f"/api/v1/points/?{urlencode({'search': rare})}",
            4,
            counts,
            note=f"'{rare}'",
        ),
        Scenario(
            "compare",
            "6 API compare",
            f"/api/v1/framework-versions/{older}/compare/{newer}/",
            5,
            "2 lookups + version_compare's 3 (tests/test_lineage.py)",
            at_most=True,
            note=f"{older_points}+{newer_points} points",
        ),
        # 7 with every kind of entry on the page (the suite's data); fewer kinds, fewer queries.
        Scenario(
            "html_timeline", "7a HTML timeline", "/timeline/", 6, pages, html=True, at_most=True
        ),
        Scenario(
            "html_meeting",
            "7b HTML meeting",
            f"/meetings/{slug}/",
            8,  # the Florida talks, with statements and a dispute; fewer kinds, fewer queries
            pages,
            html=True,
            at_most=True,
            note=f"meeting {meeting}",
        ),
        # The same meeting as 7b, as JSON: what the page costs over its data. No pinned count.
        Scenario(
            "api_meeting", "7c API meeting detail", f"/api/v1/meetings/{meeting}/", note="as 7b"
        ),
        # The matrix page (issue 17's target), against the issue as JSON; the issue page with
        # the matrix and every option's history, and the matrix as JSON, besides (no targets).
        Scenario(
            "html_matrix",
            "7d HTML matrix page",
            f"/issues/{issue_slug}/matrix/",
            5,
            "tests/test_options.py",
            html=True,
            note=f"issue {issue}: {options} options, {stances} stances",
        ),
        Scenario(
            "api_issue",
            "7e API issue detail",
            f"/api/v1/sticking-issues/{issue}/",
            note="as 7d",
        ),
        Scenario(
            "api_matrix",
            "7f API issue matrix",
            f"/api/v1/sticking-issues/{issue}/matrix/",
            note="as 7d",
        ),
        Scenario(
            "html_issue",
            "7g HTML issue page",
            f"/issues/{issue_slug}/",
            html=True,
            note="as 7d, with positions and each option's history",
        ),
        Scenario("floor", "8 floor: no-op view", "/bench/floor/"),
    ]


def measure(client: Http, scenario: Scenario, *, warmup: int, requests: int) -> None:
    for _ in range(warmup):
        client.get(scenario.path)
    scenario.timings = [client.get(scenario.path)[0] for _ in range(requests)]


def summary(scenario: Scenario) -> dict:
    ms = sorted(t * 1000 for t in scenario.timings)
    cuts = statistics.quantiles(ms, n=100, method="inclusive")
    return {
        "p50_ms": round(statistics.median(ms), 2),
        "p95_ms": round(cuts[94], 2),
        "req_per_s": round(len(ms) / sum(scenario.timings), 1),
    }


def mixed(client: Http, scenarios: list[Scenario], total: int) -> None:
    """`total` requests round-robin over every scenario, to load the workers."""
    for index in range(total):
        client.get(scenarios[index % len(scenarios)].path)


def query_counts(scenarios: list[Scenario]) -> dict[str, int]:
    """Each scenario but the two yardsticks once in-process, against the bench database (a
    scenario without a pinned count is counted all the same)."""
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    counts = {}
    for scenario in scenarios:
        if scenario.key in {"limit", "limit_full", "floor"}:
            continue
        client.get(scenario.path)  # warm the per-process content-type cache, as the suite does
        with CaptureQueriesContext(connection) as queries:
            response = client.get(scenario.path)
        if response.status_code != 200:
            raise RuntimeError(f"{scenario.path} answered {response.status_code} in-process")
        counts[scenario.key] = len(queries)
    return counts
