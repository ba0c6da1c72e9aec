"""The server under load: a fresh PostgreSQL database and gunicorn with REDIS_URL, as in
production (the set-up of bench/registration.py), or a server already running (--host)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import tempfile
import time
import urllib.parse
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
DATABASE_SERVER = os.environ.get("BENCH_DATABASE_SERVER", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
# Database 13 of the machine's Redis is this bench's own (mail jobs, the rate limiter's counters).
REDIS_URL = os.environ.get("LOAD_REDIS_URL", "redis://127.0.0.1:6379/13")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(host: str, path: str, timeout: float = 5) -> int:
    parts = urllib.parse.urlsplit(host)
    conn = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        return response.status
    finally:
        conn.close()


def _cpu_of(pid: int) -> float:
    """utime + stime of a process, in seconds (0 when it is gone or not readable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Server:
    def __init__(self, *, workers: int, existing: str | None = None):
        self.workers = workers
        self.existing = existing
        self.process: subprocess.Popen | None = None
        self.host = existing
        self.admin: sa.Engine | None = None
        self.name = ""
        self.instance = tempfile.mkdtemp(prefix="eventsys-load-instance-")
        self._cpu_seen: dict[str, dict[int, float]] = {}  # CPU seconds last read, by part and pid
        if existing:
            self.database_url = os.environ["DATABASE_URL"]
        else:
            self.name = f"eventsys_load_{os.getpid()}_{uuid.uuid4().hex[:6]}"
            self.database_url = (
                sa.make_url(DATABASE_SERVER).set(database=self.name).render_as_string(hide_password=False)
            )
        self.env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "EVENTSYS_INSTANCE_PATH": self.instance,
            "SECRET_KEY": os.environ.get("SECRET_KEY", "load-test-secret"),
            # Thousands of registrations from one address (the load generator): no per-address limit.
            "REGISTRATION_RATE_LIMIT": "100000000 per minute",
            "EVENTSYS_BASE_URL": "http://127.0.0.1",
            "REDIS_URL": REDIS_URL,
        }

    @property
    def description(self) -> str:
        if self.existing:
            return f"existing server at {self.existing}"
        config = "-c gunicorn.conf.py " if (ROOT / "gunicorn.conf.py").exists() else ""
        return f"gunicorn {config}-w {self.workers} (sync), PostgreSQL, Redis (mail queued to RQ, no worker)"

    def create_database(self) -> None:
        if self.existing:
            return
        self.admin = sa.create_engine(DATABASE_SERVER, isolation_level="AUTOCOMMIT")
        with self.admin.connect() as conn:
            conn.exec_driver_sql(f"CREATE DATABASE \"{self.name}\" ENCODING 'UTF8' TEMPLATE template0")
        done = subprocess.run(
            [str(BIN / "flask"), "--app", "wsgi", "db", "upgrade", "heads"],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
        )
        if done.returncode:
            raise RuntimeError(f"migrating the load test's database failed:\n{done.stderr[-3000:]}")

    def run_python(self, script: Path, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "python"), str(script), *args],
            cwd=ROOT,
            env=self.env,
            check=True,
            capture_output=True,
            text=True,
        )
        return done.stdout

    def start(self) -> str:
        port = free_port()
        command = [str(BIN / "gunicorn")]
        if (ROOT / "gunicorn.conf.py").exists():
            command += ["-c", "gunicorn.conf.py"]
        command += ["-w", str(self.workers), "-b", f"127.0.0.1:{port}", "wsgi:app"]
        # gunicorn.conf.py names its control socket and metrics folder after PORT: one per server.
        self.env.update(PORT=str(port), HOST="127.0.0.1")
        self.log = open(Path(self.instance) / "gunicorn.log", "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self.host = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if get(self.host, "/api/v1/events") == 200:
                    return self.host
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in time: see {self.log.name}")

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by the app (gunicorn's workers) and by its database's PostgreSQL
        backends: busy neighbours on a shared machine slow a run down, but hardly change what
        each request costs, so run.py reports CPU milliseconds per request beside the rates."""
        app_pids = []
        if self.process is not None:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
            app_pids = [int(pid) for pid in children.read_text().split()] if children.exists() else []
        engine = sa.create_engine(self.database_url)
        try:
            with engine.connect() as conn:
                db_pids = (
                    conn.execute(
                        sa.text(
                            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                        )
                    )
                    .scalars()
                    .all()
                )
        finally:
            engine.dispose()
        # A process that ended between two readings (a worker replaced after max_requests, a
        # backend whose connection closed) keeps the CPU it was last seen with: the sums only grow,
        # and only an ended process's last moments go uncounted.
        for part, pids in (("app", app_pids), ("db", db_pids)):
            seen = self._cpu_seen.setdefault(part, {})
            for pid in pids:
                seen[pid] = max(seen.get(pid, 0.0), _cpu_of(pid))
        return {part: sum(self._cpu_seen.get(part, {}).values()) for part in ("app", "db")}

    def warm_up(self, path: str) -> None:
        """Imports, connection pools and template caches in every worker before the clock starts."""
        for _ in range(self.workers * 4):
            get(self.host, path)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.log.close()
        if self.admin is not None:
            with self.admin.connect() as conn:
                conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
            self.admin.dispose()
        if not self.existing:
            from redis import Redis

            Redis.from_url(REDIS_URL).flushdb()  # this bench's own database: queued mail, limiter counters


def cpu_ms_per_request(spent_seconds: dict[str, float], locust_seconds: float, requests: int) -> dict | None:
    """CPU milliseconds each request cost each part (the app's workers, the database's backends...)
    and the load generator, and the rate those would allow on this machine's cores with nothing
    else running. For run.py and the summit's report alike."""
    if not requests:
        return None
    spent = {part: seconds * 1000 / requests for part, seconds in spent_seconds.items()}
    spent["load_generator"] = locust_seconds * 1000 / requests
    total = sum(spent.values())
    return {
        **{part: round(ms, 2) for part, ms in spent.items()},
        "quiet_machine_requests_per_s_estimate": round((os.cpu_count() or 1) * 1000 / total) if total else None,
    }
