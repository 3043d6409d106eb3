"""`make bench`: the tracker under gunicorn with production settings, against its limit and
its floor, on a PostgreSQL database of synthetic data. See tests/benchmarks/README.md.

    .venv/bin/python -m tests.benchmarks.run [--scale 1] [--requests 100] [--reuse]
"""

import argparse
import os
import sys
import time

from . import server

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL") or DEFAULT_URL
    )
    parser.add_argument(
        "--scale",
        default=os.environ.get("BENCH_SCALE") or "1",
        help="generate_synthetic --scale; 'fixtures' loads only the shipped article (a dry run)",
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
        help="keep the database if it already holds this scale's data",
    )
    parser.add_argument(
        "--walk-cursor",
        action="store_true",
        help="reach the deep cursor by following `next` links (slow) instead of building it",
    )
    parser.add_argument(
        "--only",
        choices=["all", "scenarios", "exports"],
        default=os.environ.get("BENCH_ONLY") or "all",
        help="the latency scenarios, the large exports (Popolo, meetings.ics, CSV), or both",
    )
    parser.add_argument(
        "--export-runs",
        type=int,
        default=int(os.environ.get("BENCH_EXPORT_RUNS") or 3),
        help="requests per large export (the median is reported, and the highest peak RSS)",
    )
    parser.add_argument("--output", default=str(server.ARTIFACTS / "results.json"))
    options = parser.parse_args()
    if options.requests < 20:
        parser.error("--requests must be at least 20 for a p95")
    return options


def main() -> int:
    options = arguments()
    env = server.bench_environ(options.database_url)
    started = time.monotonic()
    try:
        database = server.database_prepare(
            database_url=options.database_url,
            scale=options.scale,
            reuse=options.reuse,
            env=env,
        )
        server.static_collect(env)
        # The driver reads the same database through the same settings (query counts, plans).
        os.environ.update(env)
        import django

        django.setup()
        return bench(options, database, started, env)
    except (server.BenchError, RuntimeError, OSError) as error:
        print(f"ERROR: {error}", file=sys.stderr)
        return 1


def bench(options, database: str, started: float, env: dict) -> int:
    from pathlib import Path

    from . import exports, plans, report, scenarios

    info = report.machine(scale=options.scale, database=database)
    print(f"Rows: {info['rows']}", flush=True)
    document = {"machine": info}
    with server.gunicorn(env=env) as (process, port):
        if options.only in {"all", "exports"}:
            # First, on fresh workers: their peak RSS is then the exports' own.
            print("Large exports...", flush=True)
            chosen_exports = exports.build()
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
            f"scale {options.scale}, large exports: {options.export_runs} requests each, "
            "one at a time (median times, highest peak RSS of the serving worker)"
        )
        print(exports.table(chosen_exports))
        print()
    if options.only in {"all", "scenarios"}:
        counts = scenarios.query_counts(chosen)
        common = next(s for s in chosen if s.key == "search_common").note.strip("'")
        rare = next(s for s in chosen if s.key == "search_rare").note.strip("'")
        gin = {
            f"common '{common}'": plans.plan_uses_index(plans.points_search_queryset(common)[:20]),
            f"rare '{rare}'": plans.plan_uses_index(plans.points_search_queryset(rare)[:20]),
        }
        results = report.targets(stats, plans=gin, memory=memory, counts=counts, scenarios=chosen)
        print(
            f"scale {options.scale}, {options.requests} requests per scenario after "
            f"{options.warmup} warm-up, sequential, gunicorn 2 sync workers, DEBUG=0; "
            f"{client.reconnects} connections opened (sync workers close each one)"
        )
        print(report.table(chosen, stats, counts))
        print()
        document.update(
            settings={
                "scale": options.scale,
                "requests": options.requests,
                "warmup": options.warmup,
                "mixed": options.mixed,
                "workers": len(workers),
                "connections_opened": client.reconnects,
            },
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
            targets=results,
        )
    else:
        results = []
    if "exports" in document:
        results += report.export_targets(document["exports"])
        document["targets"] = results
    report.print_targets(results)
    document["elapsed_s"] = round(time.monotonic() - started, 1)
    report.write(Path(options.output), document)
    print(f"\nWrote {options.output} ({time.monotonic() - started:.0f} s in all).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
