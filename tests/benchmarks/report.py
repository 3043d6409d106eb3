"""The results: machine, data, the side-by-side table, the issue's targets, results.json."""

import json
import os
import platform
from pathlib import Path

from django.db import connection

TABLES = [
    "meeting",
    "delegation",
    "delegationmember",
    "party",
    "person",
    "frameworkversion",
    "frameworkpoint",
    "statement",
    "development",
    "citation",
    "searchdocument",
]
RSS_LIMIT_MB = 300
# gunicorn's default --timeout: a sync worker busy longer than this is killed (the bench's own
# server allows 120 s, so that a slow export is measured rather than cut).
REQUEST_LIMIT_S = 30


def machine(*, scale: str, database: str) -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    ram_kb = next(
        int(line.split()[1])
        for line in Path("/proc/meminfo").read_text().splitlines()
        if line.startswith("MemTotal")
    )
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
        rows = {}
        for table in TABLES:
            cursor.execute(f"SELECT count(*) FROM negotiations_{table}")  # names from TABLES
            rows[table] = cursor.fetchone()[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "usable_cores": len(os.sched_getaffinity(0)),
        "ram_gb": round(ram_kb / 1024 / 1024, 1),
        "python": platform.python_version(),
        "postgresql": postgres,
        "scale": scale,
        "database": database,
        "rows": rows,
    }


def table(scenarios, stats: dict, counts: dict) -> str:
    limit, floor = stats["limit"]["p50_ms"], stats["floor"]["p50_ms"]
    head = (
        f"{'scenario':<24}{'p50 ms':>9}{'p95 ms':>9}{'req/s':>8}{'x limit':>9}{'x floor':>9}"
        f"{'queries':>9}  note"
    )
    lines = [head, "-" * len(head)]
    for scenario in scenarios:
        s = stats[scenario.key]
        queries = (
            f"{counts[scenario.key]}/{'<=' if scenario.at_most else ''}{scenario.pinned}"
            if scenario.key in counts
            else "-"
        )
        lines.append(
            f"{scenario.label:<24}{s['p50_ms']:>9.2f}{s['p95_ms']:>9.2f}{s['req_per_s']:>8.1f}"
            f"{s['p50_ms'] / limit:>9.2f}{s['p50_ms'] / floor:>9.2f}{queries:>9}  {scenario.note}"
        )
    lines.append("queries: counted in-process / pinned by the suite")
    return "\n".join(lines)


def targets(stats: dict, *, plans: dict, memory: dict, counts: dict, scenarios) -> list[dict]:
    p50 = {key: value["p50_ms"] for key, value in stats.items()}
    checks = [
        ("API meetings p50 <= 2x limit", p50["meetings"], 2 * p50["limit"]),
        ("deep cursor p50 <= 1.2x first page", p50["deep"], 1.2 * p50["meetings"]),
        ("search common p50 <= 3x meetings", p50["search_common"], 3 * p50["meetings"]),
        ("search rare p50 <= 3x meetings", p50["search_rare"], 3 * p50["meetings"]),
        ("HTML timeline p50 <= 3x API list", p50["html_timeline"], 3 * p50["meetings"]),
        ("HTML timeline p50 <= 3x API timeline", p50["html_timeline"], 3 * p50["timeline"]),
    ]
    results = [
        {"target": name, "value": round(value, 2), "limit": round(bound, 2), "pass": value <= bound}
        for name, value, bound in checks
    ]
    for kind, uses in plans.items():
        results.append(
            {"target": f"search {kind} plan uses the GIN index", "value": uses, "pass": uses}
        )
    for pid, values in memory.items():
        results.append(
            {
                "target": f"worker {pid} peak RSS < {RSS_LIMIT_MB} MB",
                "value": round(values["VmHWM"], 1),
                "rss_now": round(values["VmRSS"], 1),
                "limit": RSS_LIMIT_MB,
                "pass": values["VmHWM"] < RSS_LIMIT_MB,
            }
        )
    for scenario in scenarios:
        if scenario.key in counts:
            count, pinned = counts[scenario.key], scenario.pinned
            results.append(
                {
                    "target": f"queries {scenario.label} {'<=' if scenario.at_most else '=='} "
                    f"{pinned}",
                    "value": count,
                    "limit": pinned,
                    "pinned_by": scenario.pinned_by,
                    "pass": count <= pinned if scenario.at_most else count == pinned,
                }
            )
    return results


def export_targets(exports: list[dict]) -> list[dict]:
    """Each large export answers 200, every request of it within gunicorn's timeout, and its
    worker's peak RSS stays under the limit."""
    results = []
    for export in exports:
        ok = export.get("status") == 200
        results.append(
            {
                "target": f"export {export['label']}: 200, each request < {REQUEST_LIMIT_S} s",
                "value": export.get("slowest_request_s") if ok else export.get("status"),
                "limit": REQUEST_LIMIT_S,
                "pass": ok and export["slowest_request_s"] < REQUEST_LIMIT_S,
            }
        )
        if ok:
            results.append(
                {
                    "target": f"export {export['label']}: worker peak RSS < {RSS_LIMIT_MB} MB",
                    "value": export["peak_rss_mb"],
                    "limit": RSS_LIMIT_MB,
                    "pass": export["peak_rss_mb"] < RSS_LIMIT_MB,
                }
            )
    return results


def print_targets(results: list[dict]) -> None:
    for result in results:
        verdict = "PASS" if result["pass"] else "FAIL"
        bound = f" (limit {result['limit']})" if "limit" in result else ""
        print(f"{verdict}  {result['target']}: {result['value']}{bound}")


def write(path: Path, document: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
