"""The `mentorkit` command: its own commands, and Django's passed through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mentorkit import cli
from mentorkit.accounts.models import ApiToken, User
from mentorkit.demo import DEMO_PASSWORD, sign_ins

SCRIPT = Path(sys.executable).with_name("mentorkit")
STRONG_PASSWORD = "plum orchard velvet compass"


@pytest.fixture
def run():
    """`run(*args, input=...)`: the command in this process, against the test database."""
    runner = CliRunner()

    def invoke(*args: str, input: str | None = None):
        return runner.invoke(cli.app, list(args), input=input, catch_exceptions=False)

    return invoke


def run_installed(*args: str, var_dir: Path, local: bool = True) -> subprocess.CompletedProcess:
    """The installed console script, with the settings a fresh checkout would have.

    `local=False`: nothing exported at all, as in a shell after `make demo`.
    """
    assert SCRIPT.exists(), "install the project first: .venv/bin/pip install --no-deps -e ."
    unset = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "DEBUG")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(MENTORKIT_VAR_DIR=str(var_dir), COLUMNS="120")
    if local:
        env.update(SECRET_KEY="cli-tests-" + "x" * 40, DEBUG="1")
    return subprocess.run(
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120, check=False
    )


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


# --- The script itself -------------------------------------------------------------------


def test_help_lists_its_commands_and_says_django_commands_work_too(tmp_path):
    result = run_installed("--help", var_dir=tmp_path)

    assert result.returncode == 0
    for command in ("serve", "demo", "createadmin", "token"):
        assert command in result.stdout
    assert "Every Django management command works too" in " ".join(result.stdout.split())


def test_django_management_commands_pass_through(tmp_path):
    result = run_installed("check", var_dir=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_an_unknown_command_is_reported_by_django(tmp_path):
    result = run_installed("no-such-command", var_dir=tmp_path)

    assert result.returncode == 1
    assert "Unknown command: 'no-such-command'" in result.stderr


def test_after_make_demo_the_command_works_with_nothing_exported(tmp_path):
    """`make demo` writes var/local.env; the command reads it (and keeps its secret key)."""
    subprocess.run(
        ["make", "--no-print-directory", "-s", "-f", "-", "local"],
        input=f"include {Path(cli.__file__).parents[1] / 'Makefile'}\nlocal:\n\t$(write_local_env)\n",
        env={**os.environ, "MENTORKIT_VAR_DIR": str(tmp_path)},
        text=True,
        check=True,
    )
    assert "DEBUG=1" in (tmp_path / "local.env").read_text()

    assert run_installed("migrate", "--noinput", var_dir=tmp_path, local=False).returncode == 0
    result = run_installed(
        "token", "list", "--user", "nobody@example.org", var_dir=tmp_path, local=False
    )
    assert (
        one_line(result.stderr)
        == "mentorkit: there is no user with the e-mail address nobody@example.org."
    )
    assert (tmp_path / "secret_key").exists()


def test_without_a_secret_key_in_production_the_command_says_so_in_one_line(tmp_path):
    result = run_installed(
        "token", "list", "--user", "a@example.org", var_dir=tmp_path, local=False
    )

    assert result.returncode == 1
    assert one_line(result.stderr).startswith("mentorkit: SECRET_KEY must be set when DEBUG is off")
    assert "Traceback" not in result.stderr


def test_a_garbled_local_env_file_is_named_in_one_line(tmp_path):
    (tmp_path / "local.env").write_text("DEBUG=1\nnonsense\n")
    result = run_installed("check", var_dir=tmp_path, local=False)

    assert result.returncode == 1
    assert (
        one_line(result.stderr)
        == f"mentorkit: {tmp_path / 'local.env'}, line 2: expected NAME=value"
    )


# --- token -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_token_create_prints_only_a_token_that_opens_the_api(run, client, mentee_a):
    result = run("token", "create", "--user", "Mentee_A@example.org", "--name", "laptop")

    assert result.exit_code == 0
    token = one_line(result.stdout)
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.json()["email"] == "mentee_a@example.org"
    assert ApiToken.objects.get(user=mentee_a).name == "laptop"


@pytest.mark.django_db
def test_token_create_for_an_unknown_user_fails_with_one_line(run):
    result = run("token", "create", "--user", "nobody@example.org")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert one_line(result.stderr) == (
        "mentorkit: there is no user with the e-mail address nobody@example.org."
    )
    assert not ApiToken.objects.exists()


@pytest.mark.django_db
def test_token_revoke_closes_the_api_to_that_token(run, client, mentee_a):
    token = one_line(run("token", "create", "--user", mentee_a.email).stdout)

    result = run("token", "revoke", "--user", mentee_a.email, "--hint", token[:8])

    assert result.exit_code == 0
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


@pytest.mark.django_db
def test_token_revoke_of_an_unknown_hint_fails_with_one_line(run, mentee_a):
    ApiToken.issue(mentee_a, "laptop")

    result = run("token", "revoke", "--user", mentee_a.email, "--hint", "mk_nope")

    assert result.exit_code == 1
    assert "no live token" in one_line(result.stderr)
    assert ApiToken.objects.active().count() == 1


@pytest.mark.django_db
def test_token_list_shows_hints_and_names(run, mentee_a):
    token, _plain = ApiToken.issue(mentee_a, "laptop")

    result = run("token", "list", "--user", mentee_a.email)

    assert result.exit_code == 0
    assert token.hint in result.stdout
    assert "laptop" in result.stdout


# --- createadmin -------------------------------------------------------------------------


@pytest.mark.django_db
def test_createadmin_reads_the_password_from_stdin_and_hashes_it_with_argon2(run):
    result = run(
        "createadmin", "--email", "Admin@Example.org", "--name", "Site Admin", "--password-stdin",
        input=STRONG_PASSWORD + "\n",
    )  # fmt: skip

    assert result.exit_code == 0, result.stderr
    admin = User.objects.get(email="admin@example.org")
    assert (admin.is_staff, admin.is_superuser, admin.name) == (True, True, "Site Admin")
    assert admin.password.startswith("argon2$")
    assert admin.check_password(STRONG_PASSWORD)


@pytest.mark.django_db
def test_createadmin_asks_for_the_password_twice(run):
    result = run("createadmin", "--email", "admin@example.org", input=f"{STRONG_PASSWORD}\n" * 2)

    assert result.exit_code == 0, result.stderr
    assert User.objects.get(email="admin@example.org").check_password(STRONG_PASSWORD)
    assert STRONG_PASSWORD not in result.stdout


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("email", "password", "problem"),
    [
        ("admin@example.org", "password", "the password was refused: "),
        ("admin@example.org", "admin@example.org1", "the password was refused: "),
        ("not-an-address", STRONG_PASSWORD, "is not a valid e-mail address"),
        ("admin@example.org", "", "the password is empty"),
    ],
)
def test_createadmin_refuses_bad_input_with_one_line_and_writes_nothing(
    run, email, password, problem
):
    result = run("createadmin", "--email", email, "--password-stdin", input=password + "\n")

    assert result.exit_code == 1
    assert problem in one_line(result.stderr)
    assert not User.objects.exists()


@pytest.mark.django_db
def test_createadmin_refuses_an_existing_user(run, mentee_a):
    result = run(
        "createadmin", "--email", mentee_a.email, "--password-stdin", input=STRONG_PASSWORD + "\n"
    )

    assert result.exit_code == 1
    assert "already exists" in one_line(result.stderr)
    mentee_a.refresh_from_db()
    assert not mentee_a.is_staff


# --- demo --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_demo_loads_once_and_prints_the_sign_ins_and_password(run, settings):
    first = run("demo")
    users = User.objects.count()
    second = run("demo")

    assert first.exit_code == second.exit_code == 0
    assert User.objects.count() == users
    for email, _who in sign_ins():
        assert email in second.stdout
    assert DEMO_PASSWORD in second.stdout
    assert settings.BASE_URL in second.stdout


# --- serve -------------------------------------------------------------------------------


@pytest.fixture
def exec_calls(monkeypatch):
    """Record what `serve` would exec, and the management commands it runs first."""
    calls: dict[str, list] = {"exec": [], "commands": []}
    monkeypatch.setattr(cli.os, "execvp", lambda file, argv: calls["exec"].append(argv))
    monkeypatch.setattr(
        "django.core.management.call_command",
        lambda name, **options: calls["commands"].append((name, options)),
    )
    return calls


def test_serve_execs_gunicorn_with_the_address_and_workers(run, exec_calls):
    result = run("serve", "--host", "0.0.0.0", "--port", "9000", "--workers", "3")

    assert result.exit_code == 0
    assert exec_calls["exec"] == [
        [
            sys.executable, "-m", "gunicorn", "mentorkit.wsgi:application",
            "--bind", "0.0.0.0:9000", "--workers", "3", "--access-logfile", "-",
            "--logger-class", "mentorkit.core.logs.AccessLogger",
            "--max-requests", "1000", "--max-requests-jitter", "100",
        ]
    ]  # fmt: skip
    assert exec_calls["commands"] == []  # the tests' static files are not fingerprinted


def test_serve_replaces_workers_after_the_requests_asked_for(run, exec_calls):
    run("serve", "--max-requests", "200")
    argv = exec_calls["exec"][0]
    assert argv[argv.index("--max-requests") + 1] == "200"
    assert argv[argv.index("--max-requests-jitter") + 1] == "20"
    run("serve", "--max-requests", "0")  # never
    argv = exec_calls["exec"][1]
    assert argv[argv.index("--max-requests") + 1] == "0"


def test_serve_collects_fingerprinted_static_files_first(run, exec_calls, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

    run("serve")

    assert exec_calls["commands"] == [("collectstatic", {"interactive": False, "verbosity": 0})]
    assert "127.0.0.1:8000" in exec_calls["exec"][0]


def test_serve_brackets_an_ipv6_address(run, exec_calls):
    run("serve", "--host", "::1")

    assert "[::1]:8000" in exec_calls["exec"][0]
