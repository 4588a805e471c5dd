"""Empty databases that `mentorkit migrate` made, for the tests of commands that run on a
database of their own (backups, a workspace moved to another instance, reminders).

A migrate from nothing takes 20–30 s (Django renders the models' state again for each
migration), so each is made once per test process, by the installed command, and copied:
an SQLite file is copied, a PostgreSQL database is created from it as a template. The
commands still meet a database their own migrations made; `tests/test_cli.py` migrates
from nothing, as `make demo` does. The `migrated_databases` fixture (tests/conftest.py) drops the
template when the process ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg

MENTORKIT = str(Path(sys.executable).with_name("mentorkit"))
ROOT = Path(__file__).resolve().parent.parent
# The server of the PostgreSQL pass (DATABASE_URL), without its database.
PG_SERVER = (
    os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test").rsplit("/", 1)[0]
    + "/"
)
SQLITE_FILE = "mentorkit.sqlite3"


def environment(var: Path, database_url: str | None) -> dict:
    """The environment of an installed `mentorkit` command with its own folder and database
    (SQLite in `var` unless `database_url`), outside the suite's settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE", "MENTORKIT_VAR_DIR"}
    }
    env.update(
        DEBUG="1",
        MENTORKIT_VAR_DIR=str(var),
        SECRET_KEY="commands-test-" + "x" * 40,
        DJANGO_SETTINGS_MODULE="mentorkit.settings",
        PYTHONPATH=str(ROOT),  # this checkout's code, wherever the script was installed from
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _migrate(var: Path, database_url: str | None) -> None:
    result = subprocess.run(
        [MENTORKIT, "migrate", "--noinput"],
        env=environment(var, database_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


class Migrated:
    """Made on first use: `sqlite_into(var)` and `create_postgres(name)`."""

    def __init__(self) -> None:
        self._folder = Path(tempfile.mkdtemp(prefix="mentorkit-migrated-"))
        self._sqlite: Path | None = None
        self._template: str | None = None

    def sqlite_into(self, var: Path) -> Path:
        """An empty, migrated SQLite database as `var`'s (the folder of MENTORKIT_VAR_DIR)."""
        if self._sqlite is None:
            _migrate(self._folder, None)
            self._sqlite = self._folder / SQLITE_FILE
        var.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy(self._sqlite, var / SQLITE_FILE))

    def create_postgres(self, name: str) -> str:
        """An empty, migrated PostgreSQL database `name` on the suite's server; its URL."""
        if self._template is None:
            template = f"mentorkit_migrated_{os.getpid()}"
            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{template}"')
                server.execute(f'CREATE DATABASE "{template}"')
            _migrate(self._folder / "postgres", PG_SERVER + template)
            self._template = template
        with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as server:
            server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"')
        return PG_SERVER + name

    def close(self) -> None:
        if self._template is not None:
            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{self._template}" WITH (FORCE)')
        shutil.rmtree(self._folder, ignore_errors=True)
