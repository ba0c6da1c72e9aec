"""Entry points for RQ workers: build the app once per worker process, then run inside it."""

from __future__ import annotations

_app = None


def _app_instance():
    global _app
    if _app is None:
        from eventsys import create_app

        _app = create_app()
    return _app


def call_in_app(path: str, args: tuple, kwargs: dict):
    from eventsys.jobs.services import resolve

    with _app_instance().app_context():
        return resolve(path)(*args, **kwargs)


def run_job_in_app(job_id: str):
    from eventsys.jobs.services import run_job

    with _app_instance().app_context():
        run_job(job_id, in_worker=True)
