#!/usr/bin/env bash
# The production server (`make serve`): gunicorn, behind a reverse proxy, against PostgreSQL.
#
#   DATABASE_URL=postgres://... DJANGO_SECRET_KEY=... DJANGO_ALLOWED_HOSTS=... deploy/serve.sh
#
# Collects the static files, applies migrations, then becomes gunicorn (deploy/gunicorn.conf.py).
# Every setting is an environment variable: docs/deployment.md.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
venv="${VIRTUAL_ENV:-$root/.venv}"
cd "$root"

case "${DATABASE_URL:-}" in
  postgres://* | postgresql://*) ;;
  "")
    echo "serve: DATABASE_URL is not set. The production server needs PostgreSQL, for example" >&2
    echo "  DATABASE_URL=postgres://cepathway:PASSWORD@127.0.0.1:5432/cepathway make serve" >&2
    echo "(make run is the demo on SQLite.) See docs/deployment.md." >&2
    exit 2
    ;;
  *)
    echo "serve: DATABASE_URL must be a PostgreSQL address (postgres://...), not ${DATABASE_URL%%:*}." >&2
    echo "(make run is the demo on SQLite.) See docs/deployment.md." >&2
    exit 2
    ;;
esac

export DJANGO_DEBUG=0
export DJANGO_SETTINGS_MODULE=cepathway.settings

"$venv/bin/python" manage.py collectstatic --noinput --verbosity 0
# With several web machines, let one apply migrations (docs/deployment.md): the others set SERVE_MIGRATE=0.
if [[ "${SERVE_MIGRATE:-1}" != 0 ]]; then
  "$venv/bin/python" manage.py migrate --noinput --verbosity 0
fi
exec "$venv/bin/gunicorn" --config deploy/gunicorn.conf.py
