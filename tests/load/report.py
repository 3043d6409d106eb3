"""Per-kind breakdown of a `make load` run, from gunicorn's access log.

wrk cannot tell which URL a response answered, so the server's side is read instead: each access
line `load STATUS MICROSECONDS PATH QUERY` (the format .ci/load gives gunicorn) is matched to its
kind in the URL list. Times are the server's (queueing in the listen backlog not included).

    .venv/bin/python -m tests.load.report URLS ACCESS_LOG [--skip LINES]
"""

import argparse
import math
from collections import defaultdict
from pathlib import Path


def percentile(values: list[int], share: float) -> int:
    """Nearest-rank percentile of a sorted list."""
    return values[max(0, math.ceil(share * len(values)) - 1)]


def breakdown(*, urls: Path, log: Path, skip: int = 0) -> tuple[list[str], int]:
    """The report's lines, and how many logged requests were not a 2xx."""
    kinds = {}
    for line in urls.read_text().splitlines():
        kind, path = line.split()
        kinds[path] = kind
    times: dict[str, list[int]] = defaultdict(list)
    bad: dict[str, int] = defaultdict(int)
    for line in log.read_text().splitlines()[skip:]:
        fields = line.split(" ")
        if len(fields) != 5 or fields[0] != "load":
            continue  # gunicorn's own messages share the file
        _, status, micros, path, query = fields
        kind = kinds.get(f"{path}?{query}" if query else path, f"other {path}")
        times[kind].append(int(micros))
        if not status.startswith("2"):
            bad[kind] += 1
    lines = [f"{'kind':<28} {'requests':>8} {'non-2xx':>7} {'p50 ms':>8} {'p99 ms':>8}"]
    for kind in sorted(times, key=lambda k: -percentile(sorted(times[k]), 0.5)):
        values = sorted(times[kind])
        lines.append(
            f"{kind:<28} {len(values):>8} {bad[kind]:>7} "
            f"{percentile(values, 0.5) / 1000:>8.1f} {percentile(values, 0.99) / 1000:>8.1f}"
        )
    return lines, sum(bad.values())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("urls", type=Path)
    parser.add_argument("log", type=Path)
    parser.add_argument("--skip", type=int, default=0, help="log lines before the run (warm-up)")
    args = parser.parse_args()
    lines, bad = breakdown(urls=args.urls, log=args.log, skip=args.skip)
    print("== per kind, server time (gunicorn access log)")
    print("\n".join(lines))
    if bad:
        raise SystemExit(f"{bad} logged responses were not a 2xx")


if __name__ == "__main__":
    main()
