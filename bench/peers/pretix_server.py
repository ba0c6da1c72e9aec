"""pretix as the bench runs it: its own virtualenv, a fresh PostgreSQL database, gunicorn.

Every pretix command runs with the data folder as its working directory: gunicorn and `python -m`
put the working directory on sys.path, and bench/peers/pretix.py would shadow the pretix package.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
WARM_UP_SCANS = 4  # per worker
PG_SERVER = {"host": "127.0.0.1", "port": "5432", "user": "postgres"}
CONFIG = """\
[pretix]
instance_name=eventsys bench peer
url={url}
currency=EUR
datadir={data}
loglevel=WARNING
ecb_rates=false

[django]
secret={secret}
debug=false

[database]
backend=postgresql
name={database}
user={user}
host={host}
port={port}

[redis]
location={redis}
sessions=true

[mail]
from=bench@example.org
host=127.0.0.1
port=1
"""
CELERY_CONFIG = """
[celery]
broker={broker}
backend={broker}
"""
CELERY_QUEUES = "default,checkout,mail,background,notifications"  # pretix's task routes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PretixServer:
    def __init__(self, *, venv: Path, data: Path, work: Path, redis: str, workers: int, celery: str | None = None):
        self.venv, self.data, self.work, self.redis, self.workers = venv, data, work, redis, workers
        self.celery = celery  # a broker URL: tasks go to one Celery worker instead of running inline
        self.celery_process: subprocess.Popen | None = None
        self.database = f"bench_peer_pretix_{uuid.uuid4().hex[:6]}"
        self.port = free_port()
        self.host = f"http://127.0.0.1:{self.port}"
        self.config = work / "pretix.cfg"
        self.setup_file = work / "setup.json"
        self.version = "?"
        self.process: subprocess.Popen | None = None
        self.database_created = False
        self.warm_up_checkins = 0
        self.migrated_from_cache = False

    # -- install and database -------------------------------------------------------------------

    def install(self, *, upgrade: bool) -> None:
        python = self.venv / "bin" / "python"
        if not python.exists():
            subprocess.run([sys.executable, "-m", "venv", str(self.venv)], check=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pip", "wheel"], check=True)
        if upgrade or not (self.venv / "bin" / "gunicorn").exists() or not self._installed_version():
            subprocess.run([str(python), "-m", "pip", "install", "-q", "--upgrade", "pretix", "gunicorn"], check=True)
        self.version = self._installed_version()
        (self.data / "media").mkdir(parents=True, exist_ok=True)
        self.config.write_text(
            CONFIG.format(
                url=self.host,
                data=self.data,
                secret=uuid.uuid4().hex * 2,
                database=self.database,
                redis=self.redis,
                **PG_SERVER,
            )
            + (CELERY_CONFIG.format(broker=self.celery) if self.celery else "")
        )

    def _installed_version(self) -> str:
        done = subprocess.run(
            [str(self.venv / "bin" / "python"), "-c", "import importlib.metadata as m; print(m.version('pretix'))"],
            capture_output=True,
            text=True,
            cwd=self.data if self.data.exists() else None,
        )
        return done.stdout.strip()

    def create_database(self) -> None:
        self._psql("postgres", f'CREATE DATABASE "{self.database}"')
        self.database_created = True
        cache = self.data / f"schema-pretix-{self.version}.dump"
        if cache.exists():
            subprocess.run(
                ["pg_restore", "--no-owner", *self._pg_args(), "-d", self.database, str(cache)],
                check=True,
                capture_output=True,
            )
            self.migrated_from_cache = True
        else:
            self._pretix("-m", "pretix", "migrate")
            subprocess.run(["pg_dump", "-Fc", *self._pg_args(), "-f", str(cache), self.database], check=True)
        self._flush_redis()

    def set_up(self, tickets: int) -> None:
        self._pretix(str(HERE / "pretix_setup.py"), "setup", str(self.setup_file), "--tickets", str(tickets))
        # Statistics for the planner after the bulk insert, as a database in service has them.
        self._psql(self.database, "VACUUM ANALYZE")

    def count(self) -> dict:
        counts = self.work / "counts.json"
        self._pretix(str(HERE / "pretix_setup.py"), "count", str(counts))
        return json.loads(counts.read_text())

    # -- serving --------------------------------------------------------------------------------

    def start(self) -> None:
        command = [
            str(self.venv / "bin" / "gunicorn"),
            "pretix.wsgi",
            "--workers",
            str(self.workers),
            "--bind",
            f"127.0.0.1:{self.port}",
            # as eventsys' gunicorn.conf.py: sync workers, the same keep-alive, timeout and recycling
            "--worker-class",
            "sync",
            "--keep-alive",
            "5",
            "--timeout",
            "60",
            "--max-requests",
            "5000",
            "--max-requests-jitter",
            "500",
            "--worker-tmp-dir",
            "/dev/shm",
        ]
        if self.celery:
            self.celery_log = open(self.work / "celery.log", "w")  # noqa: SIM115 (closed in stop())
            celery = [str(self.venv / "bin" / "celery"), "-A", "pretix.celery_app", "worker", "-l", "warning"]
            celery += ["--concurrency", "1", "-Q", CELERY_QUEUES]
            self.celery_process = subprocess.Popen(
                celery, cwd=self.data, env=self._env(), stdout=self.celery_log, stderr=subprocess.STDOUT
            )
        self.log = open(self.work / "gunicorn.log", "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(
            command, cwd=self.data, env=self._env(), stdout=self.log, stderr=subprocess.STDOUT
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if self.request("GET", f"/api/v1/organizers/{self._setup()['organizer']}/events/")[0] == 200:
                    return
            except OSError:
                time.sleep(0.5)
        self.log.flush()
        shutil.copy(self.work / "gunicorn.log", self.data / "last-gunicorn.log")
        raise RuntimeError(f"pretix's gunicorn did not answer: see {self.data / 'last-gunicorn.log'}")

    def warm_up(self) -> None:
        """Imports and connections in every worker before the clock starts (pretix's first order in a
        worker takes seconds): concurrent reads, real orders (commented as warm-up, left out of the
        check) and scans of the pool's last tickets, which the door mix does not get."""
        setup = self._setup()
        event = f"/api/v1/organizers/{setup['organizer']}/events/{setup['event']}"
        order = {"email": "warm@example.org", "comment": "bench warm-up", "positions": [{"item": setup["item"]}]}
        calls = [("GET", f"{event}/items/", None)] * self.workers * 2
        calls += [("POST", f"{event}/orders/", order)] * self.workers * 2
        for secret in setup["secrets"][-WARM_UP_SCANS * self.workers :]:
            scan = {"secret": secret, "lists": [setup["checkin_list"]], "type": "entry"}
            calls.append(("POST", f"/api/v1/organizers/{setup['organizer']}/checkinrpc/redeem/", scan))
        with ThreadPoolExecutor(max_workers=self.workers * 2) as pool:
            answers = list(pool.map(lambda call: self.request(*call)[0], calls))
        self.warm_up_checkins = sum(
            1 for (_, path, _), code in zip(calls, answers, strict=True) if "redeem" in path and code == 201
        )
        failed = [code for code in answers if code not in (200, 201)]
        if failed:
            raise RuntimeError(f"pretix's warm-up failed: answers {failed}")

    def door_secrets(self) -> int:
        """How many of the pool's tickets the door mix may scan (the rest were warm-up scans)."""
        return len(self._setup()["secrets"]) - WARM_UP_SCANS * self.workers

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, bytes]:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Token {self._setup()['token']}", "Content-Type": "application/json"}
        request = urllib.request.Request(self.host + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def stop(self, *, keep: bool) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.log.close()
            shutil.copy(self.work / "gunicorn.log", self.data / "last-gunicorn.log")
        if self.celery_process is not None:
            self.celery_process.terminate()
            self.celery_process.wait(timeout=60)
            self.celery_log.close()
            shutil.copy(self.work / "celery.log", self.data / "last-celery.log")
        if self.database_created and not keep:
            self._psql("postgres", f'DROP DATABASE IF EXISTS "{self.database}" WITH (FORCE)')
            self._flush_redis()
            if self.celery:
                subprocess.run(["redis-cli", "-u", self.celery, "FLUSHDB"], check=True, capture_output=True)
            shutil.rmtree(self.work, ignore_errors=True)
        elif keep:
            print(f"kept: database {self.database}, config {self.config}")

    # -- helpers --------------------------------------------------------------------------------

    def _setup(self) -> dict:
        if not hasattr(self, "_setup_cache"):
            self._setup_cache = json.loads(self.setup_file.read_text())
        return self._setup_cache

    def _env(self) -> dict:
        return {**os.environ, "PRETIX_CONFIG_FILE": str(self.config)}

    def _pretix(self, *args: str) -> None:
        done = subprocess.run(
            [str(self.venv / "bin" / "python"), *args], cwd=self.data, env=self._env(), capture_output=True, text=True
        )
        if done.returncode:
            raise RuntimeError(f"pretix {' '.join(args)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")

    def _pg_args(self) -> list[str]:
        return ["-h", PG_SERVER["host"], "-p", PG_SERVER["port"], "-U", PG_SERVER["user"]]

    def _psql(self, database: str, sql: str) -> None:
        subprocess.run(["psql", "-q", *self._pg_args(), "-d", database, "-c", sql], check=True, capture_output=True)

    def _flush_redis(self) -> None:
        """pretix's cache lives in its own Redis database: emptied before and after a run."""
        subprocess.run(["redis-cli", "-u", self.redis, "FLUSHDB"], check=True, capture_output=True)
