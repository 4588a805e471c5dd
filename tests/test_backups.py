"""`mentorkit backup` takes a consistent snapshot while others write; `mentorkit restore` puts it
into an empty database and checks every count, and refuses a database that holds rows.

Both run as a user runs them, as the console script, on the engine of the suite's
pass: SQLite, or PostgreSQL (dedicated databases on the same server, made and dropped
here).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

from tests.migrated import MENTORKIT, PG_SERVER, ROOT, environment

# A writer that keeps adding rows through the ORM while the backup runs.
WRITER = """
import os, sys, time, django
django.setup()
from mentorkit.accounts.models import User
from mentorkit.teams.models import Need
user = User.objects.create(email="writer@example.org", name="Writer")
deadline = time.monotonic() + float(sys.argv[1])
n = 0
while time.monotonic() < deadline:
    Need.objects.create(mentee=user, name=f"need {n}")
    n += 1
print(n)
"""

SEED = """
import django
django.setup()
from mentorkit.accounts.models import User
from mentorkit.teams.models import Need
for i in range(40):
    user = User.objects.create(email=f"scholar{i}@example.org", name=f"Scholar {i}")
    Need.objects.bulk_create(Need(mentee=user, name=f"need {j}") for j in range(25))
"""


def run(*args, env: dict, timeout: int = 180) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MENTORKIT, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )


def python(code: str, *args, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture
def databases(tmp_path, migrated_databases):
    """Where the backup is taken from (migrated, to be seeded), and an empty one to restore
    into; on the engine the suite runs on (`make test` and `DATABASE_URL=postgres://… make
    test`)."""
    if connection.vendor == "sqlite":
        migrated_databases.sqlite_into(tmp_path / "live")
        yield environment(tmp_path / "live", None), environment(tmp_path / "empty", None)
        return
    names = [f"mentorkit_backup_{uuid.uuid4().hex[:8]}_{side}" for side in ("live", "empty")]
    migrated_databases.create_postgres(names[0])
    with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as server:
        server.execute(f'CREATE DATABASE "{names[1]}"')
    try:
        yield tuple(environment(tmp_path / n, PG_SERVER + n) for n in names)
    finally:
        with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as server:
            for name in names:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def counts_of(env: dict) -> dict[str, int]:
    """The rows of every table, counted straight from the database."""
    if "DATABASE_URL" in env:
        with psycopg.connect(env["DATABASE_URL"]) as db:
            tables = [
                r[0]
                for r in db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            ]
            return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}
    path = Path(env["MENTORKIT_VAR_DIR"]) / "mentorkit.sqlite3"
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        tables = [
            r[0]
            for r in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def test_a_backup_under_concurrent_writes_restores_into_an_empty_database(databases, tmp_path):
    live, empty = databases
    seeded = python(SEED, env=live)
    assert seeded.wait(timeout=120) == 0, seeded.stderr.read()

    writer = python(WRITER, "2", env=live)
    backup = run("backup", str(tmp_path / "backup"), env=live)
    written = writer.communicate(timeout=60)
    assert writer.returncode == 0, written[1]
    assert backup.returncode == 0, backup.stderr
    assert backup.stdout.startswith("Backed up ")
    assert int(written[0]) > 0  # the writer went on while the backup ran

    # A backup never writes over an earlier one.
    over = run("backup", str(tmp_path / "backup"), env=live)
    assert over.returncode == 1
    assert "is not empty; choose a new folder for each backup." in over.stderr

    manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
    assert manifest["rows"]["accounts_user"] >= 40
    assert manifest["rows"]["teams_need"] >= 1000  # the seed, and what was written meanwhile
    assert manifest["migrations"]["teams"].startswith("00")

    restored = run("restore", str(tmp_path / "backup"), env=empty)
    assert restored.returncode == 0, restored.stderr
    assert "every count matches the manifest" in restored.stdout
    assert counts_of(empty) == manifest["rows"]  # and, on SQLite, integrity_check is ok

    # The restored database now holds rows: a second restore is refused, in one line.
    again = run("restore", str(tmp_path / "backup"), env=empty)
    assert again.returncode == 1
    assert again.stderr.startswith("mentorkit: the database is not empty (")
    assert again.stderr.count("\n") == 1
    replaced = run("restore", str(tmp_path / "backup"), "--replace", env=empty)
    assert replaced.returncode == 0, replaced.stderr


def test_a_folder_that_is_not_a_backup_is_refused_in_one_line(tmp_path):
    env = environment(tmp_path / "var", None)
    (tmp_path / "nothing").mkdir()
    result = run("restore", str(tmp_path / "nothing"), env=env)
    assert result.returncode == 1
    assert (
        result.stderr
        == f"mentorkit: {tmp_path / 'nothing'} holds no manifest.json; is it a mentorkit backup?\n"
    )
