"""A progress meter per table: rows written, rows per second and the time left, on stderr.

On a terminal the line is redrawn in place; elsewhere (CI logs, files) a plain line is printed
every few seconds, so logs stay readable.
"""

import time
from typing import TextIO


def _duration(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 60}:{seconds % 60:02d}"


class Progress:
    def __init__(self, stream: TextIO, *, interval: float | None = None) -> None:
        self.stream = stream
        self.tty = bool(getattr(stream, "isatty", lambda: False)())
        self.interval = interval if interval is not None else (0.25 if self.tty else 5.0)
        self.label = ""
        self.total = 0
        self.done = 0
        self.started = self.last = time.monotonic()

    def start(self, label: str, total: int) -> None:
        self.label, self.total, self.done = label, max(total, 1), 0
        self.started = self.last = time.monotonic()

    def advance(self, rows: int = 1) -> None:
        self.done += rows
        now = time.monotonic()
        if now - self.last >= self.interval:
            self.last = now
            self._show(final=False)

    def finish(self) -> float:
        """Print the table's last line; returns the seconds it took."""
        self._show(final=True)
        return time.monotonic() - self.started

    def note(self, message: str) -> None:
        self.stream.write(f"{message}\n")
        self.stream.flush()

    def _show(self, *, final: bool) -> None:
        elapsed = max(time.monotonic() - self.started, 1e-6)
        rate = self.done / elapsed
        if final:
            tail = f"done in {_duration(elapsed)}"
        else:
            left = (self.total - self.done) / rate if rate else 0
            tail = f"{min(self.done / self.total, 1):4.0%}, about {_duration(max(left, 0))} left"
        line = f"{self.label:<22} {self.done:>10,} rows {rate:>10,.0f} rows/s  {tail}"
        if self.tty:
            self.stream.write(f"\r\x1b[K{line}" + ("\n" if final else ""))
        else:
            self.stream.write(f"{line}\n")
        self.stream.flush()
