"""Job functions for the tests (a worker process imports them by their "module:function" name)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from eventsys.jobs.services import report_progress

# Set by a test to let `gated_job` finish: proves the request answered while the job was still running.
GATE = threading.Event()
STARTED = threading.Event()


def gated_job(job_id: str, value: int) -> dict:
    report_progress(job_id, 10, "waiting at the gate")
    STARTED.set()
    if not GATE.wait(timeout=20):
        raise TimeoutError("the test never opened the gate")
    return {"value": value}


def slow_book_job(job_id: str, event_id: int, options: dict, marker: str, seconds: float) -> dict:
    """The real proceedings build job, whose first attempt lays out slowly (`seconds` before the
    real layout), so that a test can kill its worker mid-build. The marker file says an attempt began."""
    from eventsys.proceedings import jobs, services

    first_attempt = not Path(marker).exists()
    Path(marker).write_text(job_id)
    if first_attempt:
        real = services.render_book_pdf

        def slow_render(*args, **kwargs):
            for step in range(int(seconds * 10)):
                report_progress(job_id, 20 + step % 50, "laying out")
                time.sleep(0.1)
            return real(*args, **kwargs)

        services.render_book_pdf = slow_render
    return jobs.build_proceedings_job(job_id, event_id, options)
