#!/usr/bin/env bash
# make run's last step: the web server, one background worker and the scheduler, stopped together.
set -euo pipefail
PY="${PY:-.venv/bin/python}"
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"

pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

# The worker sends email (to this console in the demo) and runs reminders; the scheduler enqueues them.
"$PY" manage.py run_worker --interval 1 --verbosity 0 &
pids+=($!)
"$PY" manage.py run_scheduler --interval 15 &
pids+=($!)
echo "Serving on http://$HOST:$PORT/ with a background worker and the scheduler (Ctrl-C stops all three)"
"$PY" manage.py runserver "$HOST:$PORT"
