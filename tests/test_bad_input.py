"""The bad-input catalogue: every write endpoint and every HTML filter form, fed what clients
and attackers send. Each answer is a 4xx with a message that says what was wrong, and the
database is unchanged afterwards (every table's row count, history included).

SQL and HTML payloads are text like any other: where a field takes free text they are stored
verbatim (and shown escaped, see tests/browser/test_stored_xss.py); where it does not (a slug,
a URL, a choice, a date) they are refused like any other wrong value. Either way no other row
changes.
"""

import json
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.db import connection
from django.urls import reverse
from rest_framework import serializers

from negotiations.api.urls import router
from negotiations.models import Account, PointLineage
from tests.factories import AccountFactory, PointLineageFactory

# (kind, url prefix, serializer class) for every writable endpoint the API's router serves.
ENDPOINTS = [
    (viewset.queryset.model, prefix, viewset.serializer_class)
    for prefix, viewset, _ in router.registry
]
HUGE = 2**70  # past 64 bits
SQL = "'; DROP TABLE negotiations_meeting; --"
HTML = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
BAD_DATES = ["2025-02-30", "0000-00-00"]
# What reaches the server as a whole body, whatever the endpoint: (body, content type).
BAD_BODIES = {
    "malformed JSON": (b'{"title": "Talks", ', "application/json"),
    "wrong content type": (b"title=Talks", "text/plain"),
    "XML": (b"<meeting><title>Talks</title></meeting>", "application/xml"),
    "10 MB body": (b'{"title": "' + b"a" * (10 * 1024 * 1024) + b'"}', "application/json"),
    "deeply nested JSON": (
        b'{"title": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "application/json",
    ),
    "invalid UTF-8": (b'{"title": "\xff\xfe\xfd"}', "application/json"),
    "NUL byte in JSON": (b'{"title": "a\\u0000b"}', "application/json"),
    "NaN": (b'{"revision": NaN}', "application/json"),
    "JSON list instead of object": (b'[{"title": "Talks"}]', "application/json"),
    "empty body": (b"", "application/json"),
}


def table_counts() -> dict[str, int]:
    """Every table's row count (records, their history, users, tokens), in one query."""
    tables = sorted(
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.app_label in {"negotiations", "auth", "authtoken"} and model._meta.managed
    )
    quote = connection.ops.quote_name
    select = ", ".join(f"(SELECT COUNT(*) FROM {quote(table)})" for table in tables)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {select}")
        return dict(zip(tables, cursor.fetchone(), strict=True))


def writable_fields(serializer_class) -> dict[str, serializers.Field]:
    return {name: field for name, field in serializer_class().fields.items() if not field.read_only}


def field_cases(serializer_class) -> list[tuple[str, object, str]]:
    """(field, bad value, what it is) for each writable field, by the field's type."""
    cases = []
    for name, field in writable_fields(serializer_class).items():
        if isinstance(field, serializers.ManyRelatedField):
            cases += [(name, [HUGE], "id past 64 bits"), (name, [SQL], "SQL as id")]
        elif isinstance(field, serializers.RelatedField):
            cases += [(name, HUGE, "id past 64 bits"), (name, -HUGE, "negative id past 64 bits")]
            cases += [(name, SQL, "SQL as id"), (name, {"id": {"id": 1}}, "nested object")]
        elif isinstance(field, serializers.ChoiceField):
            cases += [(name, SQL, "SQL as choice"), (name, "a\x00b", "NUL")]
        elif isinstance(field, serializers.IntegerField):
            cases += [(name, HUGE, "int past 64 bits"), (name, -HUGE, "negative int past 64 bits")]
            cases += [(name, "12abc", "not a number")]
        elif isinstance(field, serializers.DateField):
            cases += [(name, value, "impossible date") for value in BAD_DATES]
            cases += [(name, "a\x00b", "NUL")]
        elif isinstance(field, serializers.CharField):
            cases += [(name, "a\x00b", "NUL"), (name, {"$gt": ""}, "object as text")]
        elif isinstance(field, serializers.ListField):
            cases += [(name, ["a\x00b"], "NUL"), (name, "not a list", "not a list")]
    return cases


def text_fields(serializer_class) -> list[str]:
    fields = writable_fields(serializer_class).items()
    return [name for name, field in fields if isinstance(field, serializers.CharField)]


def detail_url(prefix: str, pk) -> str:
    return f"/api/v1/{prefix}/{pk}/"


def first_record(model):
    record = model._default_manager.order_by("pk").first()
    if record is None and model is PointLineage:  # the article traces no point's lineage
        record = PointLineageFactory()
    if record is None and model is Account:  # nor gives two accounts of one fact
        record = AccountFactory()
    assert record is not None, f"the shipped data has no {model._meta.verbose_name}"
    return record


def send(client, method: str, url: str, body: bytes, content_type: str):
    return getattr(client, method)(url, body, content_type=content_type, HTTP_IF_MATCH="*")


# One test per endpoint, each case inside it: loading the shipped data once per endpoint keeps
# the catalogue (about a thousand requests) to seconds. Every failing case is reported, by name.
ENDPOINT_PARAMS = [pytest.param(*endpoint, id=endpoint[1]) for endpoint in ENDPOINTS]


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "prefix", "serializer"), ENDPOINT_PARAMS)
def test_a_bad_value_in_a_field_is_a_400_naming_it_and_changes_nothing(
    article, analyst_api, model, prefix, serializer
):
    detail = detail_url(prefix, first_record(model).pk)
    failures = []
    for field, value, what in field_cases(serializer):
        for method, url in (("post", f"/api/v1/{prefix}/"), ("patch", detail)):
            before = table_counts()
            response = send(
                analyst_api, method, url, json.dumps({field: value}), "application/json"
            )
            case = f"{method.upper()} {field} = {what}"
            if response.status_code != 400 or not names_field(response.json(), field):
                failures.append(f"{case}: {response.status_code} {response.content[:300]!r}")
            elif table_counts() != before:
                failures.append(f"{case}: the database changed")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "prefix", "serializer"), ENDPOINT_PARAMS)
def test_a_bad_body_is_a_4xx_with_a_message_and_changes_nothing(
    article, analyst_api, model, prefix, serializer
):
    detail = detail_url(prefix, first_record(model).pk)
    failures = []
    for method, url in (("post", f"/api/v1/{prefix}/"), ("put", detail), ("patch", detail)):
        for name, (body, content_type) in BAD_BODIES.items():
            before = table_counts()
            response = send(analyst_api, method, url, body, content_type)
            case = f"{method.upper()} {name}"
            if not 400 <= response.status_code < 500:
                failures.append(f"{case}: {response.status_code} {response.content[:300]!r}")
            elif not response["Content-Type"].startswith("application/json"):
                failures.append(f"{case}: answered {response['Content-Type']}")
            elif not response.json() or not all(response.json().values()):
                failures.append(f"{case}: no message ({response.content[:300]!r})")
            elif table_counts() != before:
                failures.append(f"{case}: the database changed")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_the_token_endpoint_refuses_bad_bodies(api_client):
    failures = []
    for name, (body, content_type) in BAD_BODIES.items():
        before = table_counts()
        response = api_client.post(reverse("api:token"), body, content_type=content_type)
        if not 400 <= response.status_code < 500 or not response.json():
            failures.append(f"{name}: {response.status_code} {response.content[:300]!r}")
        elif table_counts() != before:
            failures.append(f"{name}: the database changed")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize(("model", "prefix", "serializer"), ENDPOINT_PARAMS)
@pytest.mark.parametrize("payload", [SQL, HTML], ids=["SQL", "HTML"])
def test_sql_and_html_in_text_fields_are_text_or_refused_and_touch_nothing_else(
    article, analyst_api, model, prefix, serializer, payload
):
    record = first_record(model)
    for field in text_fields(serializer):
        before = table_counts()
        response = analyst_api.patch(
            detail_url(prefix, record.pk), {field: payload}, format="json", HTTP_IF_MATCH="*"
        )
        after = table_counts()
        if response.status_code == 400:  # not free text here (a slug, a URL, a length limit)
            assert field in response.json()
            assert after == before
            continue
        assert response.status_code == 200, response.content[:500]
        assert analyst_api.get(detail_url(prefix, record.pk)).json()[field] == payload
        # One history entry (with its many-to-many snapshot), and nothing else.
        history = model.history.model._meta.db_table
        changed = {table for table in after if after[table] != before[table]}
        assert after[history] == before[history] + 1
        assert all(table.startswith(history) for table in changed), changed


# The HTML pages' filter forms: each parameter by what it takes.
FILTER_FORMS = {
    "/timeline/": {
        "party": "id",
        "kind": "choice",
        "status": "choice",
        "date_after": "date",
        "date_before": "date",
    },
    "/changes/": {"kind": "choice", "user": "username", "since": "date", "record": "id"},
    "/search/": {"q": "free text"},
    "/meetings.ics": {"party": "slug"},
}
BAD_VALUES = {
    "id": [str(HUGE), str(-HUGE), "1.5", "1e999999"],
    "date": BAD_DATES,
    "choice": [],
    "username": ["x" * 151],
    "slug": ["x" * 201],
    "free text": ["x" * 201],
}
EVERY_FIELD = {"NUL": "a\x00b", "SQL": SQL, "HTML": HTML}
PAGE_NUMBERS = ["-1", "0", str(10**30), "abc", "1.5"]


def filter_cases(path: str, fields: dict[str, str]):
    """(query, expected status, what it is) for one page's filter form."""
    yield "colour=red", 400, "unknown filter"
    yield "page_size=-1", 400, "page size"
    if path != "/meetings.ics":
        for page in PAGE_NUMBERS:
            yield f"page={page}", 400, f"page {page}"
    for name, kind in fields.items():
        yield f"{name}=%FF%FE", 400, f"{name}: invalid UTF-8"
        for what, value in EVERY_FIELD.items():
            # SQL and markup are words like any other to search for (shown escaped).
            status = 200 if kind == "free text" and what != "NUL" else 400
            yield urlencode({name: value}), status, f"{name}: {what}"
        for value in BAD_VALUES[kind]:
            yield urlencode({name: value}), 400, f"{name}: {value[:12]}"


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "fields"), FILTER_FORMS.items(), ids=list(FILTER_FORMS))
def test_a_bad_filter_on_a_page_is_a_400_that_says_why(article, client, path, fields):
    failures = []
    for query, status, what in filter_cases(path, fields):
        before = table_counts()
        # As the bytes arrive: a query string that is not UTF-8 is sent as it is.
        response = client.get(f"{path}?{query}")
        body = response.content.decode()
        if response.status_code != status:
            failures.append(f"{what}: {response.status_code}, not {status}")
        elif status == 400 and not (
            body.strip() if path.endswith(".ics") else "could not be used" in body
        ):
            failures.append(f"{what}: the answer does not say why")
        elif "<script>window.__xss" in body:
            failures.append(f"{what}: markup from the query is in the page unescaped")
        elif table_counts() != before:
            failures.append(f"{what}: the database changed")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["page=0", "page=abc", "colour=red"])
def test_a_bad_query_on_a_record_history_or_source_page_is_a_400(article, client, query):
    from negotiations.models import Meeting, Source

    meeting = Meeting.objects.get(slug="florida-talks")
    for path in (f"/changes/meeting/{meeting.pk}/", Source.objects.first().get_absolute_url()):
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, path


def names_field(errors: dict, field: str) -> bool:
    """The error body names `field`, or a path inside it ("other_names.0")."""
    return any(key == field or key.startswith(f"{field}.") for key in errors)
