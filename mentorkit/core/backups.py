"""Backups: a consistent snapshot of the database while the server runs, and a checked restore.

A backup is a folder holding the database and `manifest.json`: when it was made,
from which engine, the last migration of each app, and the number of rows of every
table, counted in the snapshot itself.

- SQLite: SQLite's online backup API copies the live file page by page into
  `database.sqlite3`; writers carry on meanwhile, and the copy is one consistent
  state. The counts are taken from the copy.
- PostgreSQL: one repeatable-read transaction exports its snapshot; the rows are
  counted in it and `pg_dump --snapshot` dumps exactly that state to
  `database.dump` (custom format).

`restore` refuses a database that holds any rows unless told to replace them,
restores, and then compares every count with the manifest.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection
from django.utils import timezone

MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
PG_FILE = "database.dump"
FORMAT = 1


class BackupError(Exception):
    """A backup or restore that cannot be carried out; the message says why."""


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _tables(cursor, engine: str) -> list[str]:
    if engine == "sqlite":
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY name"
        )
    else:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1"
        )
    return [row[0] for row in cursor.fetchall()]


def _counts(cursor, engine: str) -> dict[str, int]:
    counts = {}
    for table in _tables(cursor, engine):
        cursor.execute(f"SELECT COUNT(*) FROM {_quote(table)}")
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor) -> dict[str, str]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    last: dict[str, str] = {}
    for app, name in cursor.fetchall():
        last[app] = max(name, last.get(app, ""))
    return last


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in ("sqlite", "postgresql"):
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _pg_env() -> dict[str, str]:
    """libpq's variables for the configured database, so no password is on a command line."""
    db = connection.settings_dict
    env = dict(os.environ)
    for key, name in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if db.get(name):
            env[key] = str(db[name])
    return env


def _run(argv: list[str]) -> None:
    if shutil.which(argv[0]) is None:
        raise BackupError(f"{argv[0]} is not installed; it comes with the PostgreSQL client.")
    result = subprocess.run(argv, env=_pg_env(), capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{argv[0]} failed: {result.stderr.strip().splitlines()[-1:]}")


def backup(target: Path) -> dict:
    """Write a snapshot of the database and its manifest into the folder `target`."""
    engine = _engine()
    target = Path(target)
    if target.exists() and any(target.iterdir()):
        raise BackupError(f"{target} is not empty; choose a new folder for each backup.")
    target.mkdir(parents=True, exist_ok=True)
    connection.ensure_connection()
    if engine == "sqlite":
        copy = target / SQLITE_FILE
        destination = sqlite3.connect(copy)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        with sqlite3.connect(copy) as snapshot:
            counts = _counts(snapshot.cursor(), engine)
            migrations = _migrations(snapshot.cursor())
        files = [SQLITE_FILE]
    else:
        with connection.cursor() as cursor:
            cursor.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
            try:
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot_id = cursor.fetchone()[0]
                counts = _counts(cursor, engine)
                migrations = _migrations(cursor)
                _run(
                    ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot_id}",
                     f"--file={target / PG_FILE}"]
                )  # fmt: skip
            finally:
                cursor.execute("COMMIT")
        files = [PG_FILE]
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "engine": engine,
        "files": files,
        "migrations": migrations,
        "rows": counts,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((Path(source) / MANIFEST).read_text())
    except FileNotFoundError:
        raise BackupError(f"{source} holds no {MANIFEST}; is it a mentorkit backup?") from None
    except ValueError as error:
        raise BackupError(f"{source}/{MANIFEST} is not valid JSON: {error}.") from None
    if manifest.get("format") != FORMAT or manifest.get("engine") not in ("sqlite", "postgresql"):
        raise BackupError(f"{source}/{MANIFEST} is not a backup this version can restore.")
    return manifest


def rows_now() -> dict[str, int]:
    engine = _engine()
    with connection.cursor() as cursor:
        return _counts(cursor, engine)


def restore(source: Path, *, replace: bool = False) -> dict:
    """Restore the backup in `source`; refuse a database with rows unless `replace`.

    Returns the manifest; raises BackupError when the restored counts differ from it.
    """
    source = Path(source)
    manifest = read_manifest(source)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"this backup is of a {manifest['engine']} database; the configured one is {engine}."
        )
    existing = {table: n for table, n in rows_now().items() if n and table != "django_migrations"}
    if existing and not replace:
        raise BackupError(
            f"the database is not empty ({sum(existing.values()):,} rows in {len(existing)} "
            "tables); restore into an empty one, or pass --replace to overwrite it."
        )
    if engine == "sqlite":
        copy = source / SQLITE_FILE
        if not copy.exists():
            raise BackupError(f"{copy} is missing.")
        with sqlite3.connect(copy) as snapshot:
            check = snapshot.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"the backup's database fails its integrity check: {check}")
        connection.ensure_connection()
        live = connection.connection
        with sqlite3.connect(copy) as snapshot:
            snapshot.backup(live)
    else:
        dump = source / PG_FILE
        if not dump.exists():
            raise BackupError(f"{dump} is missing.")
        connection.close()
        _run(
            ["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction",
             f"--dbname={_pg_env()['PGDATABASE']}", str(dump)]
        )  # fmt: skip
    restored = rows_now()
    different = {
        table: (n, restored.get(table))
        for table, n in manifest["rows"].items()
        if restored.get(table) != n
    }
    if different:
        table, (wanted, found) = next(iter(sorted(different.items())))
        raise BackupError(
            f"after restoring, {len(different)} table(s) differ from the manifest, e.g. "
            f"{table}: {found} rows where the backup counted {wanted}."
        )
    return manifest


def default_folder() -> Path:
    """var/backups/<UTC timestamp>: where `mentorkit backup` writes when given no folder."""
    from django.conf import settings

    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.VAR_DIR) / "backups" / stamp
