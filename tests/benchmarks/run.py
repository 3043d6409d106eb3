"""`make bench`: the tracker under gunicorn with production settings, against its limit and
its floor, on PostgreSQL databases of synthetic data at two scales. See
tests/benchmarks/README.md.

    .venv/bin/python -m tests.benchmarks.run [--scales "0.1 1"] [--requests 100] [--reuse]

Each scale runs in its own process (its own database, Django and gunicorn) and writes its part
(artifacts/bench/scale-<scale>.json); this process then puts the parts side by side: the growth
from the smallest scale to the largest, the CSV against COPY, and the target table.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from . import server

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"
DEFAULT_SCALES = "0.1 1"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL,
        help="the base name: each scale gets <name>_<scale> (tracker_bench_0_1, tracker_bench_1)",
    )
    parser.add_argument(
        "--scales",
        default=os.environ.get("BENCH_SCALES") or DEFAULT_SCALES,
        help="generate_synthetic --scale values, space- or comma-separated",
    )
    parser.add_argument(
        "--scale",
        default=os.environ.get("BENCH_SCALE") or None,
        help="one scale only (overrides --scales); 'fixtures' loads only the shipped article",
    )
    parser.add_argument(
        "--requests", type=int, default=int(os.environ.get("BENCH_REQUESTS") or 100)
    )
    parser.add_argument("--warmup", type=int, default=int(os.environ.get("BENCH_WARMUP") or 20))
    parser.add_argument(
        "--mixed", type=int, default=1000, help="mixed requests before reading worker memory"
    )
    parser.add_argument(
        "--reuse",
        action=argparse.BooleanOptionalAction,
        default=os.environ.get("BENCH_REUSE", "") in {"1", "true", "yes"},
        help="keep a scale's database if it already holds that scale's data",
    )
    parser.add_argument(
        "--walk-cursor",
        action="store_true",
        help="reach the deep cursor by following `next` links (slow) instead of building it",
    )
    parser.add_argument(
        "--only",
        choices=["all", "scenarios", "exports", "csv"],
        default=os.environ.get("BENCH_ONLY") or "all",
        help="the latency scenarios, the large exports (Popolo, meetings.ics, CSV), both, or "
        "the meetings CSV (against COPY) alone",
    )
    parser.add_argument(
        "--export-runs",
        type=int,
        default=int(os.environ.get("BENCH_EXPORT_RUNS") or 3),
        help="requests per large export (the median is reported, and the highest peak RSS)",
    )
    parser.add_argument("--output", default=str(server.ARTIFACTS / "results.json"))
    # Internal: run one scale against --database-url as given and write its part there.
    parser.add_argument("--part", help=argparse.SUPPRESS)
    options = parser.parse_args()
    # A p95 of fewer than 20 requests is only a rough one (fine for a quick check).
    if options.requests < 5:
        parser.error("--requests must be at least 5")
    return options


def ordered_scales(options) -> list[str]:
    """Smallest first ('fixtures', the shipped article, counts as the smallest)."""
    given = [options.scale] if options.scale else options.scales.replace(",", " ").split()
    if not given:
        raise server.BenchError("no scale given")

    def size(scale: str) -> float:
        if scale == "fixtures":
            return 0.0
        try:
            return float(scale)
        except ValueError:
            raise server.BenchError(f"not a scale: {scale!r}") from None

    return sorted(dict.fromkeys(given), key=size)


def main() -> int:
    options = arguments()
    try:
        return one_scale(options) if options.part else all_scales(options)
    except (server.BenchError, RuntimeError, OSError) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1


def all_scales(options) -> int:
    from . import report

    started = time.monotonic()
    scales = ordered_scales(options)
    parts = {}
    for scale in scales:
        url = server.scale_database_url(options.database_url, scale)
        part = server.ARTIFACTS / f"scale-{server.scale_slug(scale)}.json"
        part.unlink(missing_ok=True)
        command = [
            sys.executable,
            "-m",
            "tests.benchmarks.run",
            f"--part={part}",
            f"--scale={scale}",
            f"--database-url={url}",
            f"--requests={options.requests}",
            f"--warmup={options.warmup}",
            f"--mixed={options.mixed}",
            "--reuse" if options.reuse else "--no-reuse",
            f"--only={options.only}",
            f"--export-runs={options.export_runs}",
            *(["--walk-cursor"] if options.walk_cursor else []),
        ]
        print(f"\n=== scale {scale} ({url.rsplit('/', 1)[-1]}) ===", flush=True)
        status = subprocess.run(command, cwd=server.ROOT, check=False).returncode
        if status != 0 or not part.exists():
            print(f"ERROR: the run at scale {scale} failed ({status})", file=sys.stderr)
            return status or 1
        parts[scale] = json.loads(part.read_text())
    document = report.combine(parts, scales)
    document["elapsed_s"] = round(time.monotonic() - started, 1)
    print()
    print(report.summary(document))
    report.write(Path(options.output), document)
    print(f"\nWrote {options.output} ({time.monotonic() - started:.0f} s in all).")
    return 0


def one_scale(options) -> int:
    env = server.bench_environ(options.database_url)
    started = time.monotonic()
    database = server.database_prepare(
        database_url=options.database_url,
        scale=options.scale,
        reuse=options.reuse,
        env=env,
    )
    server.require_sort_key(options.database_url)
    server.static_collect(env)
    # The driver reads the same database through the same settings (query counts, plans).
    os.environ.update(env)
    import django

    django.setup()
    return bench(options, database, started, env)


def bench(options, database: str, started: float, env: dict) -> int:
    from . import copyout, exports, plans, report, scenarios

    scale = options.scale
    info = report.machine(scale=scale, database=database)
    print(f"Rows: {info['rows']}", flush=True)
    document = {
        "scale": scale,
        "machine": info,
        "settings": {
            "requests": options.requests,
            "warmup": options.warmup,
            "mixed": options.mixed,
            "export_runs": options.export_runs,
        },
    }
    checks = []
    log_name = f"gunicorn-{server.scale_slug(scale)}.log"
    with server.gunicorn(env=env, log_name=log_name) as (process, port):
        if options.only in {"all", "exports", "csv"}:
            # First, on fresh workers: their peak RSS is then the exports' own.
            print("Large exports...", flush=True)
            chosen_exports = [e for e in exports.build() if options.only != "csv" or e.key == "csv"]
            exports.measure(
                port,
                chosen_exports,
                lambda: server.worker_pids(process.pid),
                restart=lambda: server.restart_workers(process, port),
                repeat=options.export_runs,
                timeout=server.REQUEST_TIMEOUT,
            )
            document["exports"] = [
                {"key": e.key, "label": e.label, "path": e.path, **exports.summary(e)}
                for e in chosen_exports
            ]
            csv_export = next(e for e in chosen_exports if e.key == "csv")
            print("COPY of the same rows...", flush=True)
            document["csv_vs_copy"] = copyout.compare(
                exports.summary(csv_export),
                copyout.measure(options.database_url, repeat=options.export_runs),
                csv_export.header,
            )
        if options.only in {"all", "scenarios"}:
            client = scenarios.Http(port)
            try:
                print("Picking scenarios from the data...", flush=True)
                chosen = scenarios.build(client, walk=options.walk_cursor)
                stats = {}
                for scenario in chosen:
                    print(f"  {scenario.label} {scenario.path}", flush=True)
                    scenarios.measure(
                        client, scenario, warmup=options.warmup, requests=options.requests
                    )
                    stats[scenario.key] = scenarios.summary(scenario)
                print(f"{options.mixed} mixed requests...", flush=True)
                scenarios.mixed(client, chosen, options.mixed)
                workers = server.worker_pids(process.pid)
                memory = {pid: server.memory_mb(pid) for pid in workers}
            finally:
                client.close()
    print()
    if "exports" in document:
        print(
            f"scale {scale}, large exports: {options.export_runs} requests each, "
            "one at a time (median times, highest peak RSS of the serving worker)"
        )
        print(exports.table(chosen_exports))
        print(report.copy_line(scale, document["csv_vs_copy"]))
        print()
        checks += report.export_checks(document["exports"])
    if options.only in {"all", "scenarios"}:
        counts = scenarios.query_counts(chosen)
        common = next(s for s in chosen if s.key == "search_common").note.strip("'")
        rare = next(s for s in chosen if s.key == "search_rare").note.strip("'")
        gin = {
            f"common '{common}'": plans.plan_uses_index(plans.points_search_queryset(common)[:20]),
            f"rare '{rare}'": plans.plan_uses_index(plans.points_search_queryset(rare)[:20]),
        }
        checks += report.checks(plans=gin, memory=memory, counts=counts, scenarios=chosen)
        print(
            f"scale {scale}, {options.requests} requests per scenario after "
            f"{options.warmup} warm-up, sequential, gunicorn 2 sync workers, DEBUG=0; "
            f"{client.reconnects} connections opened (sync workers close each one)"
        )
        print(report.table(chosen, stats, counts))
        print()
        document["settings"].update(workers=len(workers), connections_opened=client.reconnects)
        document.update(
            scenarios=[
                {
                    "key": s.key,
                    "label": s.label,
                    "path": s.path,
                    "note": s.note,
                    **stats[s.key],
                    "x_limit": round(stats[s.key]["p50_ms"] / stats["limit"]["p50_ms"], 2),
                    "x_floor": round(stats[s.key]["p50_ms"] / stats["floor"]["p50_ms"], 2),
                    "queries": counts.get(s.key),
                    "queries_pinned": s.pinned,
                }
                for s in chosen
            ],
            worker_memory_mb=memory,
        )
    document["checks"] = checks
    document["elapsed_s"] = round(time.monotonic() - started, 1)
    report.write(Path(options.part), document)
    print(f"Scale {scale} done in {time.monotonic() - started:.0f} s ({options.part}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
