#!/bin/sh
# Production-style eventsys on this machine (`make serve`; docs/operations.md): migrations first, then
# RQ worker(s) in the background and gunicorn in the foreground. Ctrl-C (or SIGTERM) stops them all.
#
#   DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/eventsys REDIS_URL=redis://127.0.0.1:6379/0 \
#   SECRET_KEY=... DATA_ENCRYPTION_KEYS=... STORAGE_PATH=/srv/eventsys/files deploy/serve.sh
#
# RQ_WORKERS (default 1) worker processes; WEB_CONCURRENCY, HOST, PORT: see gunicorn.conf.py.
set -eu
cd "$(dirname "$0")/.."
BIN=${BIN:-.venv/bin}

if [ -z "${DATABASE_URL:-}" ]; then
    echo "serve: set DATABASE_URL (PostgreSQL, e.g. postgresql+psycopg://user@host:5432/eventsys)" >&2
    exit 2
fi
case "$DATABASE_URL" in
    postgresql*) ;;
    *) echo "serve: DATABASE_URL must be PostgreSQL (SQLite serves one process: use make run)" >&2; exit 2 ;;
esac
if [ -z "${REDIS_URL:-}" ]; then
    echo "serve: REDIS_URL is not set: jobs run in the web processes and no RQ worker is started" >&2
fi
export EVENTSYS_ENV="${EVENTSYS_ENV:-production}"

"$BIN/flask" --app wsgi db upgrade heads  # every head: harmless with one, needed while branches wait for a merge

worker_pids=""
stop() {
    trap - EXIT INT TERM
    [ -n "$worker_pids" ] && kill $worker_pids 2>/dev/null || true
    wait
}
trap stop EXIT INT TERM
if [ -n "${REDIS_URL:-}" ]; then
    i=0
    while [ "$i" -lt "${RQ_WORKERS:-1}" ]; do
        "$BIN/flask" --app wsgi worker &
        worker_pids="$worker_pids $!"
        i=$((i + 1))
    done
fi
"$BIN/gunicorn" -c gunicorn.conf.py wsgi:app
