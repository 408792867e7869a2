"""gunicorn's settings for `make serve` (deploy/serve.sh): the service behind a reverse proxy.

Each setting can be changed by an environment variable (docs/deployment.md lists them all); the
defaults suit one machine with nginx in front of it on the same machine.
"""

import multiprocessing
import os
from pathlib import Path

wsgi_app = "cepathway.wsgi:application"

# Only the reverse proxy on this machine talks to gunicorn; it terminates TLS.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# gunicorn's usual rule of thumb: two workers a core, and one more.
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count() + 1)))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))

# A request that takes longer than this is stuck: its worker is killed and replaced.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
# On a restart or deploy (SIGTERM, SIGHUP), workers finish the requests they have for up to this long.
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = 5

# Each worker is replaced after this many requests (give or take the jitter, so they do not all
# restart at once): whatever memory a long-lived process gathers is given back.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = int(os.environ.get("GUNICORN_MAX_REQUESTS_JITTER", "100"))

# The proxies whose X-Forwarded-* headers gunicorn believes (comma-separated addresses).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to standard output and error, for systemd's journal or the container's log.
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Who (as the proxy saw them), what, the answer, its size and how long it took (microseconds). No
# query strings: a search for a child's name must not end up in a log file.
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(D)s'

# The workers' heartbeat files in memory, not on a disk that may stall (gunicorn's advice).
SHARED_MEMORY = "/dev/shm"  # noqa: S108 - gunicorn's own advice, for heartbeat files only
if Path(SHARED_MEMORY).is_dir():
    worker_tmp_dir = SHARED_MEMORY

# No control socket (gunicorn 25+ makes one in the user's home by default): systemd's signals restart
# and reload the server, the service's user needs no writable home, and two servers on one machine
# (the bench's load run, a second instance) do not fight over one socket.
control_socket_disable = True
