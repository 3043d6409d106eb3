"""The results: machine, data, the side-by-side tables, growth across scales, the issue's
targets and the older checks, results.json."""

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
        queries = "-"
        if scenario.key in counts:
            queries = str(counts[scenario.key])
            if scenario.pinned is not None:
                queries += f"/{'<=' if scenario.at_most else ''}{scenario.pinned}"
        lines.append(
            f"{scenario.label:<24}{s['p50_ms']:>9.2f}{s['p95_ms']:>9.2f}{s['req_per_s']:>8.1f}"
            f"{s['p50_ms'] / limit:>9.2f}{s['p50_ms'] / floor:>9.2f}{queries:>9}  {scenario.note}"
        )
    lines.append("queries: counted in-process / pinned by the suite (a count alone: not pinned)")
    return "\n".join(lines)


# The checks kept from the first version of the bench, per scale: cheap, and not latency.


def checks(*, plans: dict, memory: dict, counts: dict, scenarios) -> list[dict]:
    results = []
    for kind, uses in plans.items():
        results.append(
            {
                "group": "plan",
                "target": f"search {kind} plan uses the GIN index",
                "value": uses,
                "pass": uses,
            }
        )
    for pid, values in memory.items():
        results.append(
            {
                "group": "memory",
                "target": f"worker {pid} peak RSS < {RSS_LIMIT_MB} MB",
                "value": round(values["VmHWM"], 1),
                "rss_now": round(values["VmRSS"], 1),
                "limit": RSS_LIMIT_MB,
                "pass": values["VmHWM"] < RSS_LIMIT_MB,
            }
        )
    for scenario in scenarios:
        if scenario.key in counts and scenario.pinned is not None:
            count, pinned = counts[scenario.key], scenario.pinned
            results.append(
                {
                    "group": "queries",
                    "target": f"queries {scenario.label} {'<=' if scenario.at_most else '=='} "
                    f"{pinned}",
                    "value": count,
                    "limit": pinned,
                    "pinned_by": scenario.pinned_by,
                    "pass": count <= pinned if scenario.at_most else count == pinned,
                }
            )
    return results


def export_checks(exports: list[dict]) -> list[dict]:
    """Each large export answers 200, every request of it within gunicorn's timeout, and its
    worker's peak RSS stays under the limit."""
    results = []
    for export in exports:
        ok = export.get("status") == 200
        results.append(
            {
                "group": "exports",
                "target": f"export {export['label']}: 200, each request < {REQUEST_LIMIT_S} s",
                "value": export.get("slowest_request_s") if ok else export.get("status"),
                "limit": REQUEST_LIMIT_S,
                "pass": ok and export["slowest_request_s"] < REQUEST_LIMIT_S,
            }
        )
        if ok:
            results.append(
                {
                    "group": "exports",
                    "target": f"export {export['label']}: worker peak RSS < {RSS_LIMIT_MB} MB",
                    "value": export["peak_rss_mb"],
                    "limit": RSS_LIMIT_MB,
                    "pass": export["peak_rss_mb"] < RSS_LIMIT_MB,
                }
            )
    return results


CHECK_GROUPS = {
    "queries": "query counts as the suite pins them",
    "plan": "the searches' plans use the GIN index",
    "memory": f"each worker's peak RSS after the mixed requests < {RSS_LIMIT_MB} MB",
    "exports": f"each large export 200 within {REQUEST_LIMIT_S} s, peak RSS < {RSS_LIMIT_MB} MB",
}


def copy_line(scale: str, comparison: dict) -> str:
    csv, copy = comparison.get("csv", {}), comparison["copy"]
    if csv.get("rows_per_s") is None:
        return f"CSV against COPY, scale {scale}: the CSV download failed ({csv.get('status')})"
    line = (
        f"CSV against COPY, scale {scale}: CSV {csv['rows']:,} rows in {csv['total_s']:.2f} s "
        f"= {csv['rows_per_s']:,.0f} rows/s (worker peak RSS {csv['peak_rss_mb']:.1f} MB); "
        f"COPY {copy['rows']:,} rows in {copy['total_s']:.2f} s = {copy['rows_per_s']:,.0f} "
        f"rows/s; ratio {comparison['ratio']:.3f}x"
    )
    if "columns_differ" in comparison:
        line += "\n  NOTE: the CSV's header differs from the COPY's columns (see results.json)"
    return line


# The targets (14, "Speed at scale"): (name, numerator, denominator, bound), at the
# largest scale, p50 over p50.
RATIO_TARGETS = [
    ("API meetings page of 50, against the limit", "meetings", "limit", 1.5),
    ("API timeline one party, against the limit", "timeline", "limit", 1.5),
    ("HTML timeline, against the API timeline (all)", "html_timeline", "timeline_all", 1.5),
    ("HTML meeting page, against the API meeting detail", "html_meeting", "api_meeting", 2.0),
    (
        "HTML matrix page, against the API issue detail",
        "html_matrix",
        "api_issue",
        1.5,
    ),
]
GROWTH_LIMIT = 1.3
# `make load` (scale 0.1, 32 connections): at least 4x the 31.6 requests/s of 2026-11-30, with
# no error. The bench does not run it (it needs its own database and a minute of wrk); it reads
# the last run's figures, which .ci/load writes here.
LOAD_RESULT = Path(__file__).resolve().parents[2] / "artifacts" / "load" / "result.json"
LOAD_BASELINE_RPS = 31.6
LOAD_FACTOR = 4
COPY_RATIO_MIN = 0.3


def _p50(part: dict) -> dict[str, float]:
    return {s["key"]: s["p50_ms"] for s in part.get("scenarios", [])}


def combine(parts: dict[str, dict], scales: list[str]) -> dict:
    """The scales' parts side by side: growth, the CSV against COPY, targets and checks."""
    small, large = scales[0], scales[-1]
    top = parts[large]
    document = {
        "scales": scales,
        "smallest": small,
        "largest": large,
        "machine": {k: v for k, v in top["machine"].items() if k not in {"scale", "database"}},
        "settings": top["settings"],
        "runs": parts,
    }
    labels = {s["key"]: s["label"] for s in top.get("scenarios", [])}
    growth = []
    for key, label in labels.items():
        p50 = {scale: _p50(parts[scale]).get(key) for scale in scales}
        row = {"key": key, "label": label, "p50_ms": p50}
        if len(scales) > 1 and p50[small] and p50[large] is not None:
            row["growth"] = round(p50[large] / p50[small], 2)
        growth.append(row)
    document["growth"] = growth
    if "csv_vs_copy" in top:
        document["csv_vs_copy"] = top["csv_vs_copy"]
    document["targets"] = targets(document)
    document["checks"] = [
        {"scale": scale, **check} for scale in scales for check in parts[scale].get("checks", [])
    ]
    return document


def _target(name: str, measured: str, bound: str, passed: bool, **extra) -> dict:
    return {"target": name, "measured": measured, "bound": bound, "pass": passed, **extra}


def targets(document: dict) -> list[dict]:
    small, large = document["smallest"], document["largest"]
    p50 = _p50(document["runs"][large])
    rows = []
    for name, key, against, bound in RATIO_TARGETS:
        if key in p50 and against in p50:
            ratio = p50[key] / p50[against]
            rows.append(
                _target(
                    name,
                    f"{ratio:.2f}x ({p50[key]:.1f} / {p50[against]:.1f} ms)",
                    f"<= {bound:g}x",
                    ratio <= bound,
                    scale=large,
                    value=round(ratio, 3),
                    limit=bound,
                )
            )
    for row in document["growth"]:
        if "growth" in row:
            rows.append(
                _target(
                    f"growth {row['label']}",
                    f"{row['growth']:.2f}x ({row['p50_ms'][small]:.1f} -> "
                    f"{row['p50_ms'][large]:.1f} ms)",
                    f"<= {GROWTH_LIMIT:g}x",
                    row["growth"] <= GROWTH_LIMIT,
                    value=row["growth"],
                    limit=GROWTH_LIMIT,
                )
            )
    comparison = document.get("csv_vs_copy")
    if comparison is not None:
        csv = comparison.get("csv", {})
        ratio, rss = comparison.get("ratio"), csv.get("peak_rss_mb")
        measured = (
            f"{ratio:.3f}x, {rss:.1f} MB ({csv['rows_per_s']:,.0f} / "
            f"{comparison['copy']['rows_per_s']:,.0f} rows/s)"
            if ratio is not None and rss is not None
            else f"CSV failed ({csv.get('status')})"
        )
        rows.append(
            _target(
                "CSV of all meetings, against COPY",
                measured,
                f">= {COPY_RATIO_MIN:g}x, peak RSS <= {RSS_LIMIT_MB} MB",
                ratio is not None and ratio >= COPY_RATIO_MIN and rss <= RSS_LIMIT_MB,
                scale=large,
                value=ratio,
                limit=COPY_RATIO_MIN,
                peak_rss_mb=rss,
                rss_limit_mb=RSS_LIMIT_MB,
            )
        )
    rows.append(load_target(LOAD_RESULT))
    return rows


def load_target(path: Path) -> dict:
    """The `make load` row: the last run's requests/s against the baseline, and its errors."""
    name = f"make load, against {LOAD_BASELINE_RPS:g} req/s (2026-11-30)"
    bound = f">= {LOAD_FACTOR:g}x, 0 errors"
    try:
        run = json.loads(path.read_text())
    except (OSError, ValueError):
        return _target(name, "not run (make load writes it)", bound, False)
    rps = run.get("requests_per_s")
    errors = sum(run.get(key) or 0 for key in ("socket_errors", "non2xx", "server_errors"))
    if rps is None:
        return _target(name, f"no figure ({run.get('date')})", bound, False)
    ratio = rps / LOAD_BASELINE_RPS
    return _target(
        name,
        f"{ratio:.2f}x ({rps:.1f} req/s, {errors} errors, last run {run.get('date', '?')[:10]})",
        bound,
        ratio >= LOAD_FACTOR and errors == 0 and run.get("wrk_exit") == 0,
        value=round(ratio, 3),
        limit=LOAD_FACTOR,
        run=run,
    )


def summary(document: dict) -> str:
    """The growth table, the CSV against COPY and the target table, for the terminal."""
    scales, small, large = document["scales"], document["smallest"], document["largest"]
    lines = []
    if document["growth"]:
        head = f"{'scenario':<24}" + "".join(f"{'p50 ms ' + s:>14}" for s in scales)
        head += f"{'growth':>9}  ({large} / {small})"
        lines += [head, "-" * len(head)]
        for row in document["growth"]:
            cells = "".join(
                f"{'-' if row['p50_ms'][s] is None else format(row['p50_ms'][s], '.2f'):>14}"
                for s in scales
            )
            growth = f"{row['growth']:.2f}" if "growth" in row else "-"
            lines.append(f"{row['label']:<24}{cells}{growth:>9}")
        if len(scales) < 2:
            lines.append("growth: one scale only")
        lines.append("")
    if "csv_vs_copy" in document:
        lines += [copy_line(large, document["csv_vs_copy"]), ""]
    rows = document["targets"]
    name_width = max([len(r["target"]) for r in rows] + [40]) + 2
    measured_width = max([len(r["measured"]) for r in rows] + [8]) + 2
    bound_width = max([len(r["bound"]) for r in rows] + [5]) + 2
    head = f"{'target':<{name_width}}{'measured':<{measured_width}}{'bound':<{bound_width}}result"
    lines += [
        f"Targets: ratios of p50 at scale {large}; growth: p50 at scale {large} over {small}",
        head,
        "-" * len(head),
    ]
    for r in rows:
        verdict = "PASS" if r["pass"] else "FAIL"
        lines.append(
            f"{r['target']:<{name_width}}{r['measured']:<{measured_width}}"
            f"{r['bound']:<{bound_width}}{verdict}"
        )
    lines += ["", "Checks (every scale)"]
    for scale in scales:
        for group, description in CHECK_GROUPS.items():
            found = [c for c in document["checks"] if c["scale"] == scale and c["group"] == group]
            if not found:
                continue
            passed = sum(c["pass"] for c in found)
            verdict = "PASS" if passed == len(found) else "FAIL"
            lines.append(f"{verdict}  scale {scale}: {description} ({passed}/{len(found)})")
            for check in found:
                if not check["pass"]:
                    bound = f" (limit {check['limit']})" if "limit" in check else ""
                    lines.append(f"        FAIL {check['target']}: {check['value']}{bound}")
    return "\n".join(lines)


def write(path: Path, document: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, default=str) + "\n")
