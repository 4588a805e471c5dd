"""Empty databases that `mentorkit migrate` made, for the tests of commands that run on a
database of their own (backups, a workspace moved to another instance, reminders).

A migrate from nothing takes 20–30 s (Django renders the models' state again for each
migration), so each is made once per run of the suite, by the installed command, by
whichever worker needs it first, and copied: an SQLite file is copied, a PostgreSQL
database is created from it as a template. The commands still meet a database their own
migrations made; `tests/test_cli.py` migrates from nothing, as `make demo` does. The
`migrated_databases` fixture (tests/conftest.py) drops the template when the last worker
that used it ends.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
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
    """Made on first use, once for all the workers of a run: `sqlite_into(var)` and
    `create_postgres(name)`.

    `shared` is a folder every worker of the run sees (pytest's base temporary folder, the
    parent of each xdist worker's own); a lock file in it lets one worker migrate while
    another that needs the same database waits for it. Each worker signs in on first use of
    the PostgreSQL template and out in `close()`; the last one out drops it.
    """

    def __init__(self, shared: Path) -> None:
        self._folder = shared / "migrated"
        self._folder.mkdir(parents=True, exist_ok=True)
        self._lock = self._folder / "lock"
        # One name for the run, whichever worker makes it (xdist gives the run an id).
        run = os.environ.get("PYTEST_XDIST_TESTRUNUID", str(os.getpid()))[:16]
        self._template = f"mentorkit_migrated_{run}"
        self._users = self._folder / "using-template"
        self._signed_in = False

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self._lock, "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(lock, fcntl.LOCK_UN)

    def sqlite_into(self, var: Path) -> Path:
        """An empty, migrated SQLite database as `var`'s (the folder of MENTORKIT_VAR_DIR)."""
        made = self._folder / "sqlite" / SQLITE_FILE
        with self._locked():
            if not made.exists():  # migrated aside, then moved: a failed migrate leaves none
                making = self._folder / "sqlite-making"
                shutil.rmtree(making, ignore_errors=True)
                _migrate(making, None)
                made.parent.mkdir(exist_ok=True)
                (making / SQLITE_FILE).rename(made)
        var.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy(made, var / SQLITE_FILE))

    def create_postgres(self, name: str) -> str:
        """An empty, migrated PostgreSQL database `name` on the suite's server; its URL."""
        with self._locked(), psycopg.connect(PG_SERVER + "postgres", autocommit=True) as server:
            if not self._signed_in:
                users = self._read_users()
                if not users:  # nobody of this run made it yet (or the last one dropped it)
                    server.execute(f'DROP DATABASE IF EXISTS "{self._template}" WITH (FORCE)')
                    server.execute(f'CREATE DATABASE "{self._template}"')
                    _migrate(self._folder / "postgres", PG_SERVER + self._template)
                self._write_users(users | {os.getpid()})
                self._signed_in = True
            server.execute(f'CREATE DATABASE "{name}" TEMPLATE "{self._template}"')
        return PG_SERVER + name

    def close(self) -> None:
        if not self._signed_in:
            return
        with self._locked():
            users = self._read_users() - {os.getpid()}
            self._write_users(users)
            if not users:
                with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as server:
                    server.execute(f'DROP DATABASE IF EXISTS "{self._template}" WITH (FORCE)')
        self._signed_in = False

    def _read_users(self) -> set[int]:
        if not self._users.exists():
            return set()
        return {int(pid) for pid in self._users.read_text().split()}

    def _write_users(self, users: set[int]) -> None:
        self._users.write_text(" ".join(map(str, sorted(users))))
