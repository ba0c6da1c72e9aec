"""README's sizing table, computed from a summit run's measurements (bench/results/summit.json).

    .venv/bin/python bench/load/summit_sizing.py [RESULTS.json] [--cores-per-server 4] [--utilisation 0.5]

For a summit of D delegates:

  peak registrations/s = D / 1000 x the plan's busiest real-time minute per 1,000 delegates
                         (`sizing_inputs.peak_registrations_per_s_per_1000_delegates`)
  peak scans/s         = the same for the doors' busiest minute (`peak_scans_per_s_per_1000_delegates`)
  app cores            = (peak registrations/s x app CPU ms per registration
                          + peak scans/s x app CPU ms per scan) / 1000 / utilisation
  app servers          = app cores / cores per server, rounded up, at least 2 (one may fail)
  gunicorn workers     = 2 per core (gunicorn.conf.py's default), per server
  RQ workers           = every registration's confirmation mail (with its e-ticket PDF) delivered
                         by 20 minutes after the opening, at the measured mails/s of one worker
                         (`rq_mails_per_s_per_worker`, when the run had `--rq-workers`), otherwise
                         one per app server (`make serve`'s RQ_WORKERS=1)
  database connections = servers x workers x connections per worker + RQ workers x connections per
                         RQ worker, where the connections per worker are those the run's servers
                         held (pg_stat_activity) divided by their workers, rounded up, plus one for
                         /readyz (its check takes a connection of its own from the pool, which keeps
                         it), and for an RQ worker those the run's held (1 when the run had none)
  database cores       = the same sum as app cores with the database's CPU per request

`utilisation` (0.5) leaves half of each core for what a minute's average hides: the opening
seconds, browsing, a server taken out of the pool.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SUMMITS = [5_000, 20_000, 50_000, 100_000]
MAIL_WITHIN_S = 1200  # every confirmation of the wave delivered by 20 minutes after the opening


def size(delegates: int, inputs: dict, cores_per_server: int, utilisation: float) -> dict:
    registrations = delegates / 1000 * inputs["peak_registrations_per_s_per_1000_delegates"]
    scans = delegates / 1000 * inputs["peak_scans_per_s_per_1000_delegates"]
    app_cores = (registrations * inputs["app_cpu_ms_per_registration"] + scans * inputs["app_cpu_ms_per_scan"]) / 1000
    db_cores = (registrations * inputs["db_cpu_ms_per_registration"] + scans * inputs["db_cpu_ms_per_scan"]) / 1000
    servers = max(2, math.ceil(app_cores / utilisation / cores_per_server))
    workers = 2 * cores_per_server
    mail_rate = inputs.get("rq_mails_per_s_per_worker")
    rq_workers = math.ceil(delegates / (mail_rate * MAIL_WITHIN_S)) if mail_rate else servers
    seen = inputs["database_connections_seen"]
    # The run's servers were never probed; behind a load balancer, /readyz checks the database on a
    # connection of its own from the worker's pool (eventsys/ops/readiness.py), which the pool keeps.
    per_worker = max(1, math.ceil(seen / (inputs["app_servers"] * inputs["gunicorn_workers_per_server"]))) + 1
    rq_seen = inputs.get("rq_database_connections_seen")
    per_rq_worker = max(1, math.ceil(rq_seen / inputs["rq_workers"])) if rq_seen else 1
    return {
        "delegates": delegates,
        "peak_registrations_per_s": round(registrations),
        "peak_scans_per_s": round(scans, 1),
        "app_servers": servers,
        "gunicorn_workers": f"{servers} x {workers}",
        "rq_workers": rq_workers,
        "database_connections": servers * workers * per_worker + rq_workers * per_rq_worker,
        "connections_per_worker": per_worker,
        "connections_per_rq_worker": per_rq_worker,
        "database_cores": max(1, math.ceil(db_cores / utilisation)),
    }


def with_measured_database_cpu(inputs: dict) -> dict:
    """The inputs, where a database CPU figure is below zero taken from the single-server mix of
    the same path (bench/results/load-registration.json, load-door.json). Runs before 2026-12-01
    18:15 summed only the backends alive at each reading, so backends that ended between two
    readings (connections of replaced workers) made the difference negative; server.py now keeps
    the CPU each backend was last seen with."""
    inputs = dict(inputs)
    for path, mix in (("registration", "registration"), ("scan", "door")):
        key = f"db_cpu_ms_per_{path}"
        if inputs.get(key, 0) < 0:
            mix_file = ROOT / "bench" / "results" / f"load-{mix}.json"
            inputs[key] = json.loads(mix_file.read_text())["cpu_ms_per_request"]["db"]
            print(f"{key}: the summit's figure is below zero (backends that ended): {inputs[key]} from {mix_file.name}")
    return inputs


def table(rows: list[dict], cores_per_server: int) -> str:
    lines = [
        f"| delegates | peak registrations/s | peak scans/s | app servers ({cores_per_server} cores) | gunicorn workers | RQ workers | database connections | database cores |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        connections = (
            f"{row['database_connections']} ({row['gunicorn_workers']} x {row['connections_per_worker']}"
            f" + {row['rq_workers']} x {row['connections_per_rq_worker']})"
        )
        lines.append(
            f"| {row['delegates']:,} | {row['peak_registrations_per_s']} | {row['peak_scans_per_s']} | "
            f"{row['app_servers']} | {row['gunicorn_workers']} | {row['rq_workers']} | {connections} | {row['database_cores']} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("results", nargs="?", default=str(ROOT / "bench" / "results" / "summit.json"))
    parser.add_argument("--cores-per-server", type=int, default=4)
    parser.add_argument("--utilisation", type=float, default=0.5)
    args = parser.parse_args()
    result = json.loads(Path(args.results).read_text())
    inputs = with_measured_database_cpu(result["sizing_inputs"])
    print(f"From {args.results} (measured {result['measured_at']}, {result['options']['delegates']} delegates):")
    print(json.dumps(inputs, indent=2))
    print(table([size(d, inputs, args.cores_per_server, args.utilisation) for d in SUMMITS], args.cores_per_server))


if __name__ == "__main__":
    main()
