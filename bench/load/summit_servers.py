"""Two app servers on one database and one Redis for the summit simulation (bench/load/summit.py),
set up as tests/ops/test_two_servers.py does: two gunicorn servers (`-c gunicorn.conf.py`) on two
ports of this machine, one fresh PostgreSQL database, one Redis database, one STORAGE_PATH.

Built on server.Server (run.py's), with the port chosen in a given range and the CPU of the
workers gunicorn already replaced (max_requests recycles them during a long run) counted too.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

from server import BIN, ROOT, Server, _cpu_of, get


def port_is_free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def _reaped_children_cpu(pid: int) -> float:
    """cutime + cstime of a process: the CPU of its children it has waited for (gunicorn's master
    waits for every worker it replaces), in seconds."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[13]) + int(fields[14])) / os.sysconf("SC_CLK_TCK")


class SummitServer(Server):
    """One gunicorn server of the pair; the first makes (and at the end drops) the database."""

    def share_database(self, first: Server, storage: str) -> None:
        """Serve `first`'s database, with one generated-files folder for both (as on two machines)."""
        if self is not first:
            self.database_url = first.database_url
        self.env.update(DATABASE_URL=first.database_url, STORAGE_PATH=storage)

    def start_on(self, ports: range, taken: set[int]) -> str:
        port = next(p for p in ports if p not in taken and port_is_free(p))
        taken.add(port)
        command = [str(BIN / "gunicorn"), "-c", "gunicorn.conf.py"]
        command += ["-w", str(self.workers), "-b", f"127.0.0.1:{port}", "wsgi:app"]
        self.env.update(PORT=str(port), HOST="127.0.0.1", TMPDIR=self.instance)
        self.log = open(Path(self.instance) / "gunicorn.log", "w")  # noqa: SIM115 (closed in stop())
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT)
        self.host = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                if get(self.host, "/healthz") == 200:
                    return self.host
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn did not answer in time: see {self.log.name}")

    def app_cpu_seconds(self) -> float:
        """CPU of this server's workers so far: the living ones and those gunicorn replaced."""
        if self.process is None:
            return 0.0
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = [int(pid) for pid in children.read_text().split()] if children.exists() else []
        return sum(map(_cpu_of, pids)) + _reaped_children_cpu(self.process.pid)


def two_servers(workers: int) -> list[SummitServer]:
    first = SummitServer(workers=workers)
    second = SummitServer(workers=workers)
    storage = tempfile.mkdtemp(prefix="eventsys-summit-storage-")
    for server in (first, second):
        server.share_database(first, storage)
    return [first, second]


def cpu_seconds(servers: list[SummitServer]) -> dict[str, float]:
    """App CPU of every server's workers, and the database's backends (counted once: one database)."""
    return {"app": sum(s.app_cpu_seconds() for s in servers), "db": servers[0].cpu_seconds()["db"]}


RQ_APPLICATION = "eventsys-summit-rq"


def start_rq_workers(first: SummitServer, count: int) -> list[subprocess.Popen]:
    """`count` RQ workers (`flask --app wsgi worker`, as `make serve` starts them) on the servers'
    database and Redis; mail goes to .eml files in their instance folder (no MAIL_SERVER)."""
    import sqlalchemy as sa

    # Named, so that backlog() tells their database connections from the app servers'.
    url = sa.make_url(first.database_url).update_query_dict({"application_name": RQ_APPLICATION})
    workers = []
    for n in range(count):
        instance = tempfile.mkdtemp(prefix=f"eventsys-summit-worker-{n}-")
        log = open(Path(instance) / "worker.log", "w")  # noqa: SIM115 (the process holds it; it ends with the run)
        workers.append(
            subprocess.Popen(
                [str(BIN / "flask"), "--app", "wsgi", "worker"],
                cwd=ROOT,
                env={
                    **first.env,
                    "EVENTSYS_INSTANCE_PATH": instance,
                    "DATABASE_URL": url.render_as_string(hide_password=False),
                },
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return workers


def stop_rq_workers(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait()


def backlog(engine, event_id: int) -> dict:
    """After a phase: the database connections the app servers and the RQ workers hold, and the
    event's mail (queued for the RQ workers, or sent), with the moment (time.time())."""
    import sqlalchemy as sa

    with engine.connect() as conn:
        connections = dict(
            conn.execute(
                sa.text(
                    "SELECT application_name = :rq, count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid() GROUP BY 1"
                ),
                {"rq": RQ_APPLICATION},
            ).all()
        )
        mails = dict(
            conn.execute(
                sa.text("SELECT lower(status::text), count(*) FROM outbox_mails WHERE event_id = :event GROUP BY 1"),
                {"event": event_id},
            ).all()
        )
    return {
        "at": time.time(),
        "database_connections": connections.get(False, 0),
        "rq_database_connections": connections.get(True, 0),
        "mails": mails,
    }
