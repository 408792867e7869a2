"""Issue 11: with the settings production runs (DJANGO_DEBUG=0 and what docs/deployment.md lists),
Django's own deployment checks find nothing to warn about: HTTPS only (redirect, HSTS with
subdomains and preload), secure cookies, a real secret key, no debug.

Run as `manage.py check --deploy --fail-level WARNING` in a fresh process with only the
environment a deployment sets, so the test settings of this run cannot hide anything."""

import os
import secrets
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The environment docs/deployment.md asks for, and nothing else of ours. No database is reached:
# the checks only read the settings.
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
    "DJANGO_ALLOWED_HOSTS": "ce-pathway.example.org",
    "DATABASE_URL": "postgres://cepathway@127.0.0.1:5432/cepathway_deploy_check",
    "CEPATHWAY_BASE_URL": "https://ce-pathway.example.org",
}


def production_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """This process's environment without our settings (nor pytest's), plus production's."""
    ours = ("DJANGO_", "CEPATHWAY_", "DATABASE_URL", "PYTEST", "COV_")
    inherited = {name: value for name, value in os.environ.items() if not name.startswith(ours)}
    return {**inherited, **PRODUCTION, "CEPATHWAY_VAR_DIR": str(var_dir), **extra}


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)  # noqa: S603 - our own command


def deploy_check(extra: dict[str, str], var_dir: Path) -> subprocess.CompletedProcess[str]:
    return run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(var_dir, **extra))


def test_the_deployment_checks_find_nothing_with_production_settings(tmp_path):
    result = deploy_check({}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_the_deployment_checks_can_fail(tmp_path):
    """The same command with a developer's settings names what production must not have."""
    result = deploy_check({"DJANGO_DEBUG": "1"}, tmp_path)
    assert result.returncode != 0
    for warning in ("security.W018", "security.W012", "security.W016", "security.W008", "security.W004"):
        assert warning in result.stderr, result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = deploy_check({"DJANGO_SECRET_KEY": ""}, tmp_path)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_plain_http_is_redirected_but_health_checks_are_not(tmp_path):
    """Behind the proxy the redirect follows X-Forwarded-Proto; a load balancer's /health is
    answered over plain HTTP (it would not follow a redirect to HTTPS)."""
    probe = (
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "c = Client(HTTP_HOST='ce-pathway.example.org', raise_request_exception=False)\n"
        "plain = c.get('/account/sign-in').status_code\n"
        "proxied = c.get('/account/sign-in', HTTP_X_FORWARDED_PROTO='https').status_code\n"
        "print(plain, proxied, c.get('/health').status_code != 301)\n"
    )
    env = production_env(
        tmp_path, DJANGO_SETTINGS_MODULE="cepathway.settings", DATABASE_URL=f"sqlite:///{tmp_path / 'probe.sqlite3'}"
    )
    result = run(["-c", probe], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-3:] == ["301", "200", "True"], result.stdout + result.stderr


# --- make serve: gunicorn's config (deploy/gunicorn.conf.py) and deploy/serve.sh ---------------------

GUNICORN = [str(Path(sys.executable).parent / "gunicorn"), "--config", "deploy/gunicorn.conf.py"]


def gunicorn(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(  # noqa: S603 - our own command
        [*GUNICORN, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def resolved(output: str) -> dict[str, str]:
    """gunicorn --print-config's `name = value` lines."""
    pairs = (line.split("=", 1) for line in output.splitlines() if "=" in line)
    return {name.strip(): value.strip() for name, value in pairs}


def test_gunicorn_loads_the_service_with_production_settings(tmp_path):
    """--check-config imports the WSGI application, as a worker would, without serving anything."""
    result = gunicorn(["--check-config"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_will_not_start_without_productions_secret_key(tmp_path):
    result = gunicorn(["--check-config"], production_env(tmp_path, DJANGO_SECRET_KEY=""))
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stdout + result.stderr


def test_gunicorns_settings_are_those_documented(tmp_path):
    config = resolved(gunicorn(["--print-config"], production_env(tmp_path)).stdout)
    assert config["wsgi_app"] == "cepathway.wsgi:application"
    assert config["bind"] == "['127.0.0.1:8000']"  # behind the reverse proxy
    assert int(config["workers"]) == 2 * (os.cpu_count() or 1) + 1
    assert (config["timeout"], config["graceful_timeout"]) == ("30", "30")
    assert (config["max_requests"], config["max_requests_jitter"]) == ("1000", "100")
    assert config["accesslog"] == "-"
    assert config["control_socket_disable"] == "True"


def test_gunicorns_settings_follow_the_environment(tmp_path):
    env = production_env(tmp_path, GUNICORN_WORKERS="3", GUNICORN_BIND="0.0.0.0:9000", GUNICORN_TIMEOUT="60")
    config = resolved(gunicorn(["--print-config"], env).stdout)
    assert (config["workers"], config["bind"], config["timeout"]) == ("3", "['0.0.0.0:9000']", "60")


def test_make_serve_needs_postgresql_and_says_so(tmp_path):
    for database_url, says in (("", "DATABASE_URL is not set"), ("sqlite:///x.sqlite3", "must be a PostgreSQL")):
        env = {**production_env(tmp_path), "DATABASE_URL": database_url}
        result = subprocess.run(  # noqa: S603 - our own script
            [shutil.which("bash") or "/bin/bash", "deploy/serve.sh"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 2
        assert says in result.stderr and "docs/deployment.md" in result.stderr


def test_the_deployment_guide_names_every_environment_variable():
    """docs/deployment.md's tables list each variable the settings and gunicorn's config read."""
    import re

    guide = (ROOT / "docs" / "deployment.md").read_text()
    read = set()
    for source in ("cepathway/settings.py", "deploy/gunicorn.conf.py", "deploy/serve.sh"):
        text = (ROOT / source).read_text()
        read |= set(re.findall(r'(?:environ\.get|env_flag)\(\s*"([A-Z0-9_]+)"', text))
        read |= set(re.findall(r"\$\{([A-Z0-9_]+):-", text)) - {"VIRTUAL_ENV"}  # the shell's own
    assert {"DJANGO_DEBUG", "DATABASE_URL", "GUNICORN_WORKERS", "SERVE_MIGRATE"} <= read
    missing = sorted(name for name in read if f"`{name}`" not in guide)
    assert not missing, f"docs/deployment.md does not list: {missing}"
