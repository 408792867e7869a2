"""The bench's PostgreSQL worlds: one database per size, generated once and reused.

A world is kept in `cepathway_bench_<size>` with a marker table saying the size and seed it was
generated with. Next time the world is reused if the marker matches (only `migrate` runs, so a new
index reaches an old world in seconds); otherwise, or with BENCH_REBUILD=1, the database is dropped
and generated again with `manage.py generate_world --size <size>`.
"""

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
SERVER = os.environ.get("BENCH_PG", "postgres://postgres@127.0.0.1:5432")
MARKER_TABLE = "bench_world_marker"


def database_name(size: str) -> str:
    return f"cepathway_bench_{size}"


def database_url(size: str) -> str:
    return f"{SERVER}/{database_name(size)}"


def marker_for(size: str, seed: str) -> dict[str, str]:
    return {"size": size, "seed": seed}


def _admin() -> psycopg.Connection:
    return psycopg.connect(f"{SERVER}/postgres", autocommit=True)


def exists(size: str) -> bool:
    with _admin() as connection:
        found = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [database_name(size)]).fetchone()
    return found is not None


def read_marker(size: str) -> dict[str, str] | None:
    with psycopg.connect(database_url(size)) as connection:
        table = connection.execute("SELECT to_regclass(%s)", [MARKER_TABLE]).fetchone()
        if not table or table[0] is None:
            return None
        row = connection.execute(f"SELECT marker FROM {MARKER_TABLE}").fetchone()  # noqa: S608 - a constant
    return json.loads(row[0]) if row else None


def write_marker(size: str, marker: dict[str, str]) -> None:
    with psycopg.connect(database_url(size)) as connection:
        connection.execute(f"CREATE TABLE IF NOT EXISTS {MARKER_TABLE} (marker text NOT NULL)")
        connection.execute(f"DELETE FROM {MARKER_TABLE}")  # noqa: S608 - a constant
        connection.execute(f"INSERT INTO {MARKER_TABLE} VALUES (%s)", [json.dumps(marker)])  # noqa: S608


def recreate(size: str) -> None:
    name = database_name(size)
    with _admin() as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def manage(size: str, *arguments: str) -> None:
    environment = {**os.environ, "DATABASE_URL": database_url(size), "DJANGO_SETTINGS_MODULE": "cepathway.settings"}
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=ROOT, env=environment, check=True)  # noqa: S603


def analyse(size: str) -> None:
    """Fresh planner statistics, as a database that has lived with its data would have."""
    with psycopg.connect(database_url(size), autocommit=True) as connection:
        connection.execute("VACUUM ANALYZE")


def generator_arguments(size: str, seed: str) -> list[str]:
    arguments = ["generate_world", "--size", size]
    return [*arguments, "--seed", seed] if seed else arguments


def ensure(size: str, seed: str = "", rebuild: bool = False) -> float:
    """Make the world ready (migrated, generated, marked); the seconds generating took (0 if reused)."""
    wanted = marker_for(size, seed)
    if not rebuild and exists(size) and read_marker(size) == wanted:
        print(f"[{size}] reusing {database_name(size)}; migrating", flush=True)
        manage(size, "migrate", "--verbosity", "0")
        return 0.0
    print(f"[{size}] generating {database_name(size)} (BENCH_REBUILD=1 forces this)", flush=True)
    recreate(size)
    started = time.perf_counter()
    manage(size, "migrate", "--verbosity", "0")
    manage(size, *generator_arguments(size, seed))
    analyse(size)
    seconds = time.perf_counter() - started
    write_marker(size, wanted)
    print(f"[{size}] generated in {seconds:.0f} s", flush=True)
    return seconds


def targets(size: str) -> dict:
    """The ids and tokens the operations need (bench/targets.py, run against this world)."""
    environment = {**os.environ, "DATABASE_URL": database_url(size), "DJANGO_SETTINGS_MODULE": "cepathway.settings"}
    script = str(ROOT / "bench" / "targets.py")
    found = subprocess.run(  # noqa: S603
        [sys.executable, script], cwd=ROOT, env=environment, check=True, capture_output=True, text=True
    )
    return json.loads(found.stdout.strip().splitlines()[-1])
