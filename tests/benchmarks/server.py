"""The bench database and the gunicorn server under test.

Everything here runs before Django is set up in the driver, so it talks to PostgreSQL with
psycopg directly and runs manage.py in subprocesses.
"""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
ARTIFACTS = ROOT / "artifacts" / "bench"
STATIC_ROOT = ROOT / "var" / "bench-static"
SETTINGS = "tests.benchmarks.settings"
# gunicorn's --timeout here, and the driver's socket timeout.
REQUEST_TIMEOUT = 120
FIXTURES = ROOT / "fixtures" / "2025-12-01-florida-talks.json"


class BenchError(RuntimeError):
    """Something went wrong that makes the numbers meaningless (exit non-zero)."""


def bench_environ(database_url: str) -> dict[str, str]:
    """The production settings (DEBUG off) over plain local http, with the bench URLs."""
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE=SETTINGS,
        DATABASE_URL=database_url,
        DEBUG="0",
        SECRET_KEY=os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",  # plain http on the loopback: a redirect would measure nothing
        STATIC_ROOT=str(STATIC_ROOT),
        LOG_LEVEL="WARNING",
        # One anonymous client asks for every export many times: no per-client rate here.
        EXPORT_RATE_ANON="",
        POPOLO_RATE_ANON="",
    )
    return env


def _maintenance_url(database_url: str) -> tuple[str, str]:
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    if parts.scheme not in {"postgres", "postgresql"} or not name:
        raise BenchError(f"BENCH_DATABASE_URL must be a PostgreSQL URL with a name: {database_url}")
    return urlunsplit(parts._replace(path="/postgres")), name


def scale_slug(scale: str) -> str:
    """ "0.1" -> "0_1": a scale as part of a database or file name."""
    slug = "".join(c if c.isalnum() else "_" for c in scale.lower()).strip("_")
    return slug or "default"


def scale_database_url(database_url: str, scale: str) -> str:
    """Each scale its own database (tracker_bench_0_1, tracker_bench_1), so that
    BENCH_REUSE=1 keeps them all."""
    _maintenance_url(database_url)  # a PostgreSQL URL with a name
    parts = urlsplit(database_url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path=f"/{name}_{scale_slug(scale)}"))


def require_sort_key(database_url: str) -> None:
    """The limit and the COPY read the meetings' persisted sort_key column."""
    with psycopg.connect(database_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'negotiations_meeting' AND column_name = 'sort_key'"
        ).fetchone()
    if row is None:
        raise BenchError(
            "negotiations_meeting.sort_key does not exist after migrate: the limit view and the "
            "COPY comparison order by that column"
        )


def _marker(scale: str) -> str:
    return f"tracker-bench scale={scale}"


def database_prepare(*, database_url: str, scale: str, reuse: bool, env: dict) -> str:
    """Create (or reuse) the bench database holding the data at `scale`; 'reused' or 'created'.

    The data's scale is kept as the database's comment, written only once generation
    finished, so a half-filled database is never reused.
    """
    admin_url, name = _maintenance_url(database_url)
    with psycopg.connect(admin_url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [name],
        ).fetchone()
        if reuse and row is not None and row[0] == _marker(scale):
            print(f"Reusing database {name} (scale {scale}).", flush=True)
            _schema(env)
            return "reused"
        print(f"Creating database {name}.", flush=True)
        # FORCE: a gunicorn left over from an interrupted run must not block the drop.
        drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
        admin.execute(drop.format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    _schema(env)
    started = time.monotonic()
    if scale == "fixtures":
        _manage(["loaddata", str(FIXTURES), "-v0"], env)
    else:
        _manage(["generate_synthetic", "--scale", scale], env)
    print(f"Data loaded in {time.monotonic() - started:.0f} s.", flush=True)
    with psycopg.connect(database_url, autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")  # fresh statistics, as a live database has
        connection.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(name), sql.Literal(_marker(scale))
            )
        )
    return "created"


def _schema(env: dict) -> None:
    _manage(["migrate", "--noinput", "-v0"], env)
    _manage(["createcachetable"], env)  # the database cache, when settings use one


def _manage(args: list[str], env: dict) -> None:
    command = [str(BIN / "python"), "manage.py", *args]
    print("$ " + " ".join(command[1:]), flush=True)
    if subprocess.run(command, cwd=ROOT, env=env, check=False).returncode != 0:
        raise BenchError(f"manage.py {args[0]} failed")


def static_collect(env: dict) -> None:
    """The production static storage (whitenoise manifest) needs collectstatic first."""
    _manage(["collectstatic", "--noinput", "-v0"], env)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(*, env: dict, workers: int = 2, timeout: float = 90, log_name: str = "gunicorn.log"):
    """Serve the bench settings with gunicorn on a free port; always stopped on exit."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    log_path = ARTIFACTS / log_name
    log = log_path.open("w")
    command = [
        str(BIN / "gunicorn"),
        "tracker.wsgi:application",
        f"--bind=127.0.0.1:{port}",
        f"--workers={workers}",
        f"--timeout={REQUEST_TIMEOUT}",
        "--no-control-socket",  # no shared ~/.gunicorn socket between concurrent runs
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
    process.log_path = log_path  # for restart_workers' message
    try:
        _wait_until_serving(process, port, timeout, log_path)
        print(f"gunicorn {process.pid} serving on 127.0.0.1:{port}.", flush=True)
        yield process, port
    finally:
        _stop(process)
        log.close()


def _wait_until_serving(
    process: subprocess.Popen, port: int, timeout: float, log: Path = ARTIFACTS / "gunicorn.log"
) -> None:
    import http.client

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise BenchError(f"gunicorn exited ({process.returncode}); see {log}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/bench/floor/")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise BenchError(f"gunicorn did not answer within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    print(f"gunicorn {process.pid} stopped.", flush=True)


def restart_workers(process: subprocess.Popen, port: int, timeout: float = 90) -> None:
    """New workers (SIGHUP: gunicorn replaces them gracefully), so that the next request's
    memory figures are not those of what earlier requests left behind."""
    old = set(worker_pids(process.pid))
    process.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        current = set(worker_pids(process.pid))
        if current and not current & old:
            _wait_until_serving(process, port, timeout, process.log_path)
            return
        time.sleep(0.3)
    raise BenchError(f"gunicorn did not replace its workers within {timeout:.0f} s")


def worker_pids(master: int) -> list[int]:
    """gunicorn's workers are the master's children."""
    children = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            fields = dict(
                line.split(":\t", 1) for line in status.read_text().splitlines() if ":\t" in line
            )
        except OSError:
            continue  # the process ended while we looked
        if fields.get("PPid", "").strip() == str(master):
            children.append(int(status.parent.name))
    return sorted(children)


def memory_mb(pid: int) -> dict[str, float]:
    """Resident (VmRSS) and peak resident (VmHWM) memory of a process, in MB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in {"VmRSS", "VmHWM"}:
            values[key] = int(rest.split()[0]) / 1024  # kB
    return values
