"""The large exports (Popolo, the calendar feed, CSV): time to first byte, total time, size and
the serving worker's peak RSS, one request at a time, each export on freshly started workers.

A worker's peak RSS (VmHWM) only ever grows, so it is reset before each request by writing 5
to /proc/<pid>/clear_refs (Linux 4.0+); the figure is then the peak during that request alone.
Both workers are reset and the higher peak is taken: the one that served the request.
"""

import contextlib
import csv
import datetime
import http.client
import io
import json
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.db import connection

from .server import memory_mb


@dataclass
class Export:
    key: str
    label: str
    path: str
    # Follow the body's `next` links (a paged export) and sum the pages.
    follow: bool = False
    # Count the CSV records of the body (the header row left out), for rows per second.
    count_rows: bool = False
    note: str = ""
    runs: list[dict] = field(default_factory=list)
    header: list[str] | None = None  # a counted CSV's header row


def build() -> list[Export]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(date) FROM negotiations_meeting")
        (latest,) = cursor.fetchone()
    # The widest window one request may ask for (5 years), ending at the latest meeting: the
    # heaviest calendar an anonymous client can get.
    window = ""
    if latest is not None:
        window = f"?from={latest - datetime.timedelta(days=5 * 365)}&to={latest}"
    return [
        Export("popolo", "Popolo, first request", "/api/v1/popolo/"),
        Export("popolo_all", "Popolo, every page", "/api/v1/popolo/", follow=True),
        Export("ics", "meetings.ics (default)", "/meetings.ics"),
        Export("ics_window", "meetings.ics 5 years", f"/meetings.ics{window}", note=window),
        Export("csv", "CSV meetings", "/api/v1/meetings/?format=csv", count_rows=True),
    ]


def _reset_peaks(workers: list[int]) -> None:
    for pid in workers:
        # Where not permitted, the figure is the worker's lifetime peak.
        with contextlib.suppress(OSError):
            Path(f"/proc/{pid}/clear_refs").write_text("5")


def _get(port: int, path: str, timeout: float) -> dict:
    """One request on a fresh connection: status, first-byte and total seconds, bytes."""
    client = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    started = time.perf_counter()
    try:
        client.request("GET", path, headers={"Accept-Encoding": "identity"})
        response = client.getresponse()
        first = response.read(1)
        ttfb = time.perf_counter() - started
        body = first + response.read()
        total = time.perf_counter() - started
        status = response.status
        retry_after = response.getheader("Retry-After")
    except (OSError, http.client.HTTPException) as error:
        elapsed = time.perf_counter() - started
        return {"status": f"error: {error.__class__.__name__}", "ttfb_s": None, "total_s": elapsed}
    finally:
        client.close()
    return {
        "status": status,
        "ttfb_s": ttfb,
        "total_s": total,
        "bytes": len(body),
        "retry_after": retry_after,
        "body": body,
    }


def run_once(port: int, export: Export, workers: list[int], timeout: float) -> dict:
    _reset_peaks(workers)
    before = max((memory_mb(pid)["VmRSS"] for pid in workers), default=0)
    path, pages, first, total, size, status = export.path, 0, None, 0.0, 0, None
    slowest = 0.0
    rows = None
    while path:
        result = _get(port, path, timeout)
        pages += 1
        status = result["status"]
        first = result["ttfb_s"] if first is None else first
        total += result["total_s"]
        slowest = max(slowest, result["total_s"])
        size += result.get("bytes", 0)
        if export.count_rows and status == 200:
            export.header, rows = csv_records(result["body"])
        path = None
        if export.follow and status == 200:
            following = json.loads(result["body"]).get("next")
            if following:
                parts = urlsplit(following)
                path = f"{parts.path}?{parts.query}"
    alive = [pid for pid in workers if Path(f"/proc/{pid}").exists()]
    peak = max((memory_mb(pid)["VmHWM"] for pid in alive), default=0)
    counted = {} if rows is None else {"rows": rows}
    return {
        "status": status,
        "pages": pages,
        **counted,
        "ttfb_s": None if first is None else round(first, 3),
        "total_s": round(total, 3),
        "slowest_request_s": round(slowest, 3),
        "mb": round(size / 1e6, 2),
        "rss_before_mb": round(before, 1),
        "peak_rss_mb": round(peak, 1),
    }


def csv_records(body: bytes) -> tuple[list[str], int]:
    """The header row and how many records follow it (records, not lines: a quoted cell may
    hold line breaks)."""
    reader = csv.reader(io.StringIO(body.decode("utf-8"), newline=""))
    header = next(reader, [])
    return header, sum(1 for _ in reader)


def measure(
    port: int, exports: list[Export], workers, *, restart, repeat: int, timeout: float
) -> None:
    for export in exports:
        restart()  # fresh workers: no memory left over from the previous export
        print(f"  {export.label} {export.path}", flush=True)
        for _ in range(repeat):
            export.runs.append(run_once(port, export, workers(), timeout))
            print(f"    {export.runs[-1]}", flush=True)
            if export.runs[-1]["status"] != 200:
                break  # a killed worker or a refusal: once is enough to know


def summary(export: Export) -> dict:
    ok = [run for run in export.runs if run["status"] == 200]
    if not ok:
        return {"status": export.runs[-1]["status"] if export.runs else None}
    counted = {"rows": ok[0]["rows"]} if "rows" in ok[0] else {}
    return {
        "status": 200,
        "pages": ok[0]["pages"],
        **counted,
        "ttfb_s": round(statistics.median(run["ttfb_s"] for run in ok), 3),
        "total_s": round(statistics.median(run["total_s"] for run in ok), 3),
        "slowest_request_s": max(run["slowest_request_s"] for run in ok),
        "mb": ok[0]["mb"],
        "rss_before_mb": max(run["rss_before_mb"] for run in ok),
        "peak_rss_mb": max(run["peak_rss_mb"] for run in ok),
        "failed": len(export.runs) - len(ok),
    }


def table(exports: list[Export]) -> str:
    head = (
        f"{'export':<26}{'status':>7}{'pages':>7}{'first byte s':>14}{'total s':>9}{'MB':>8}"
        f"{'RSS before':>12}{'peak RSS MB':>13}  note"
    )
    lines = [head, "-" * len(head)]
    for export in exports:
        s = summary(export)
        if s.get("status") != 200:
            lines.append(f"{export.label:<26}{s.get('status')!s:>7}  {export.note}")
            continue
        lines.append(
            f"{export.label:<26}{s['status']:>7}{s['pages']:>7}{s['ttfb_s']:>14.2f}"
            f"{s['total_s']:>9.2f}{s['mb']:>8.1f}{s['rss_before_mb']:>12.1f}"
            f"{s['peak_rss_mb']:>13.1f}  {export.note}"
        )
    return "\n".join(lines)
