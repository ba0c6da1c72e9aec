"""A PostgreSQL cluster of one test's own, to stop and start at will: the machine's shared server
(127.0.0.1:5432) serves every other test run and must never be restarted by one of them.

PostgreSQL 15's binaries (Debian's /usr/lib/postgresql/15/bin, else the first `initdb` on PATH);
initdb refuses to run as root, so as root the cluster is made and run as the `postgres` user, in a
folder of its own under the temporary directory. Trust authentication on 127.0.0.1 only, no fsync:
a throw-away cluster for seconds.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

import sqlalchemy as sa

DEBIAN_BINARIES = Path("/usr/lib/postgresql/15/bin")


def binaries() -> Path | None:
    """Where initdb and pg_ctl are, or None when this machine has no PostgreSQL server installed."""
    if (DEBIAN_BINARIES / "initdb").exists():
        return DEBIAN_BINARIES
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def free_port(ports: Iterable[int]) -> int:
    """The first of `ports` nobody listens on (test runs sharing a machine each have a range)."""
    ports = list(ports)
    for port in ports:
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port among {min(ports)}-{max(ports)}")


class PrivatePostgres:
    """initdb, start, stop and start again one cluster; `url(database)` to reach it."""

    def __init__(self, port: int):
        self.bin = binaries()
        if self.bin is None:
            raise RuntimeError("no PostgreSQL server binaries (initdb) on this machine")
        self.port = port
        self.folder = Path(tempfile.mkdtemp(prefix="eventsys-private-pg-"))
        self.data = self.folder / "data"
        self.log = self.folder / "postgresql.log"
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(self.folder, "postgres", "postgres")

    def _run(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
        done = subprocess.run([*prefix, *command], capture_output=True, text=True, timeout=60)
        if done.returncode:
            log = self.log.read_text()[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}{log}")

    def init(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "--auth=trust",
            "--username=postgres",
            "--encoding=UTF8",
            "--no-sync",
            "--no-instructions",
        )

    def start(self) -> None:
        """Start and wait until it accepts connections (pg_ctl -w)."""
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "start")

    def stop(self) -> None:
        """Fast shutdown, as an operator's restart does: open sessions are ended, not waited for."""
        self._run(str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        admin = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.exec_driver_sql(f"CREATE DATABASE \"{name}\" ENCODING 'UTF8' TEMPLATE template0")
        finally:
            admin.dispose()
        return self.url(name)

    def destroy(self) -> None:
        """Stop it (immediately: nothing in it is kept) and remove its folder."""
        if (self.data / "postmaster.pid").exists():
            prefix = ["runuser", "-u", "postgres", "--"] if self.as_postgres else []
            subprocess.run(
                [*prefix, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop"],
                capture_output=True,
                timeout=60,
            )
        shutil.rmtree(self.folder, ignore_errors=True)
