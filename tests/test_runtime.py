"""Settings and runtime: the database, deployment checks, the health check."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import DatabaseError

ROOT = Path(__file__).resolve().parent.parent
MENTORKIT = str(Path(sys.executable).with_name("mentorkit"))


def run_mentorkit(*args, tmp_path, **env):
    environ = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environ.update({"MENTORKIT_VAR_DIR": str(tmp_path), **env})
    return subprocess.run(
        [MENTORKIT, *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=120
    )


def test_production_settings_pass_the_deploy_check_with_no_warnings(tmp_path):
    result = run_mentorkit(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        tmp_path=tmp_path,
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(60),
        MENTORKIT_BASE_URL="https://mentoring.example.edu",
        ALLOWED_HOSTS="mentoring.example.edu",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_without_debug_a_secret_key_is_required(tmp_path):
    result = run_mentorkit("check", tmp_path=tmp_path, DEBUG="0", SECRET_KEY="")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_local_use_generates_the_secret_key_once_into_var(tmp_path):
    first = run_mentorkit(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        tmp_path=tmp_path,
        DEBUG="1",
        SECRET_KEY="",
    )
    second = run_mentorkit(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.SECRET_KEY)",
        tmp_path=tmp_path,
        DEBUG="1",
        SECRET_KEY="",
    )
    assert first.returncode == 0, first.stderr
    assert first.stdout == second.stdout
    assert (tmp_path / "secret_key").read_text().strip() == first.stdout.strip()
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_the_default_database_is_sqlite_in_var_with_wal_and_full_sync(tmp_path):
    script = (
        "from django.db import connection\n"
        "c = connection.cursor()\n"
        "print(connection.settings_dict['NAME'])\n"
        "for p in ('journal_mode', 'synchronous', 'busy_timeout', 'foreign_keys'):\n"
        "    print(p, c.execute('PRAGMA ' + p).fetchone()[0])\n"
        "print('transaction_mode', connection.settings_dict['OPTIONS']['transaction_mode'])\n"
    )
    result = run_mentorkit(
        "shell", "--no-imports", "-c", script, tmp_path=tmp_path, DEBUG="1", SECRET_KEY="x" * 50
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.split("\n")
    assert lines[0] == str(tmp_path / "mentorkit.sqlite3")
    assert "journal_mode wal" in lines
    assert "synchronous 2" in lines  # FULL
    busy = next(line for line in lines if line.startswith("busy_timeout"))
    assert int(busy.split()[1]) >= 20000
    assert "transaction_mode IMMEDIATE" in lines


@pytest.mark.django_db
def test_healthz_answers_ok_after_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(1):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_healthz_answers_503_when_the_database_is_unreachable(client, monkeypatch):
    class Unreachable:
        def cursor(self):
            raise DatabaseError("connection refused")

    monkeypatch.setattr("mentorkit.views.connection", Unreachable())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["status"] == "unavailable"


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client, mentee_a):
    client.force_login(mentee_a)
    response = client.get("/")
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_static_assets_are_vendored_and_served_locally(client):
    response = client.get("/static/vendor/htmx.min.js")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b"htmx" in body[:200]
