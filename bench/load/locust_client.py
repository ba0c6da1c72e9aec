"""The locust command line every load test here runs: eventsys' mixes (run.py) and the peers'
(bench/peers), so that both sides of a comparison are driven with the same client settings."""

from __future__ import annotations

from pathlib import Path

BIN = Path(__file__).resolve().parents[2] / ".venv" / "bin"


def locust_command(locustfile: Path, user_class: str, *, users: int, spawn_rate, duration: int, host: str, extra=()):
    """Headless locust: `users` users started at `spawn_rate` a second (all in 1 s when None), for
    `duration` seconds, a summary only, 5 s for requests in flight to end."""
    return [
        str(BIN / "locust"),
        "-f",
        str(locustfile),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(spawn_rate or users),
        "--run-time",
        f"{duration}s",
        "--host",
        host,
        *extra,
        "--only-summary",
        "--stop-timeout",
        "5",
        "--loglevel",
        "WARNING",
        user_class,
    ]
