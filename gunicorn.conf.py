"""gunicorn's settings for eventsys (`make serve`, deploy/serve.sh; docs/operations.md).

    gunicorn -c gunicorn.conf.py wsgi:app

Environment: HOST, PORT (bind), WEB_CONCURRENCY (workers, default 2 per CPU core), GUNICORN_THREADS
(default 1: sync workers; more: gthread), GUNICORN_TIMEOUT (seconds, default 60),
PROMETHEUS_MULTIPROC_DIR (default a folder per port under the temporary directory).

Why sync workers: a request here is short and CPU-bound (Python, then a PostgreSQL round trip on a
fast network), the reverse proxy (nginx) buffers slow clients, and everything long (PDFs, bulk mail)
runs in RQ jobs. Threads in one process would share one GIL and only add contention; processes use
every core. GUNICORN_THREADS > 1 switches to gthread for a site whose database is far away.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from pathlib import Path

_port = os.environ.get("PORT") or "8000"
bind = f"{os.environ.get('HOST') or '127.0.0.1'}:{_port}"
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * multiprocessing.cpu_count())
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
worker_class = "gthread" if threads > 1 else "sync"
# A page answers in milliseconds; the longest ones (an agenda PDF) in seconds. A worker silent this
# long is stuck: gunicorn kills and replaces it.
timeout = int(os.environ.get("GUNICORN_TIMEOUT") or 60)
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then (jittered, so not all at once): bounds the memory a long-lived worker's
# caches (fonts, templates, PDF renderer) may grow to. Cheap with preload_app.
max_requests = 5000
max_requests_jitter = 500
# Load the app once in the master, then fork: workers start fast and share its memory. Safe because
# post_fork below gives each worker a fresh database connection pool (nothing is shared across a
# fork); redis-py's pools notice the new process by themselves.
preload_app = True
# The app writes one JSON line per request itself (eventsys.ops.request_log), with the request id.
accesslog = None
errorlog = "-"
loglevel = "info"
proc_name = "eventsys"
# gunicorn's control socket: one per port (the default, one per user, would clash between two servers).
control_socket = str(Path(tempfile.gettempdir()) / f"eventsys-gunicorn-{_port}.ctl")
# Heartbeat files on a RAM disk where there is one: a worker never stalls on a slow disk.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# prometheus_client's multiprocess mode: each worker writes its metrics to files in this folder, and
# a scrape served by any worker adds them up. It must be set before the app (and prometheus_client)
# is imported, hence here; one folder per port, so two servers on one machine never mix.
os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", str(Path(tempfile.gettempdir()) / f"eventsys-prometheus-{_port}"))


def on_starting(server) -> None:
    """Start without the metrics files of a previous run's workers (they would be counted); only
    prometheus_client's own `*.db` files are removed, whatever folder the setting names."""
    folder = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.db"):
        stale.unlink(missing_ok=True)


def post_fork(server, worker) -> None:
    """The master loaded the app (preload_app): drop the database connections it may hold, so this
    worker opens its own (a connection used by two processes corrupts both)."""
    app = server.app.wsgi()  # the loaded app (wsgi:app, or whichever module the command names)
    if hasattr(app, "app_context"):
        from eventsys.db import db

        with app.app_context():
            db.engine.dispose(close=False)  # leave the parent's connections to the parent


def child_exit(server, worker) -> None:
    """A worker is gone (exited, killed, recycled): prometheus_client drops its live gauges."""
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
