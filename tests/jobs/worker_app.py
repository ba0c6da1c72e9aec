"""`flask --app tests.jobs.worker_app worker`: the app of wsgi.py (configured from the environment:
DATABASE_URL, REDIS_URL, EVENTSYS_INSTANCE_PATH, STORAGE_PATH), plus the jobs settings the fault
tests shorten, read from the environment here in case eventsys/config.py does not read them (yet).

`kill -USR1` on a worker or its work horse prints every thread's stack to its log: what a test that
waited in vain can show."""

import faulthandler
import os
import signal

from eventsys import create_app

SECONDS = ("JOBS_LEASE_SECONDS", "JOBS_HEARTBEAT_SECONDS", "JOBS_REAP_SECONDS", "MAIL_RETRY_SECONDS")
overrides = {name: float(os.environ[name]) for name in SECONDS if os.environ.get(name)}
if os.environ.get("JOBS_QUEUE"):
    overrides["JOBS_QUEUE"] = os.environ["JOBS_QUEUE"]
app = create_app(overrides)
faulthandler.register(signal.SIGUSR1, all_threads=True)
