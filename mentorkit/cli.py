"""The `mentorkit` command: a few commands of its own, and every Django management command.

mentorkit serve                  run the web server (gunicorn)
mentorkit demo                   load a demo workspace and print its sign-ins
mentorkit createadmin --email …  create a site administrator
mentorkit token create --user …  print a new personal access token for the API
mentorkit workspace export …     a mentee's portable workspace, as a .zip; `import` takes it in
mentorkit sso scim-token …       print a SCIM token for an institution's identity provider
mentorkit match solve --input …  solve a matching problem given as JSON, exactly (no database)
mentorkit migrate, check, …      anything else goes to Django's manage.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from mentorkit.grants.cli import report as program_report
from mentorkit.matching.cli import match_app
from mentorkit.programs.cli import program_app

OWN_COMMANDS = {
    "serve",
    "demo",
    "createadmin",
    "token",
    "backup",
    "restore",
    "workspace",
    "sso",
    "program",
    "match",
}
HELP_FLAGS = {"--help", "-h"}

app = typer.Typer(
    name="mentorkit",
    help="mentorkit: a shared workspace for research mentees, their mentoring teams and programs.",
    epilog=(
        "Every Django management command works too, e.g. `mentorkit migrate`, "
        "`mentorkit check --deploy`, `mentorkit shell`; `mentorkit help` lists them."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,  # locals may hold a password
    context_settings={"help_option_names": ["--help", "-h"]},
)
token_app = typer.Typer(
    help="Personal access tokens for the JSON API (/api/v1/).", no_args_is_help=True
)
app.add_typer(token_app, name="token")
workspace_app = typer.Typer(
    help="A mentee's portable workspace: export it as a .zip, import it on another instance.",
    no_args_is_help=True,
)
app.add_typer(workspace_app, name="workspace")
sso_app = typer.Typer(
    help="Institution sign-in: the identity providers in MENTORKIT_SSO_CONFIG.",
    no_args_is_help=True,
)
app.add_typer(sso_app, name="sso")
program_app.command("report")(program_report)  # NIH Tables 5 and 8, beside the exports
app.add_typer(program_app, name="program")
app.add_typer(match_app, name="match")

console = Console()


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `mentorkit` console script."""
    args = sys.argv[1:] if argv is None else list(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorkit.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    try:
        if not args or args[0] in OWN_COMMANDS or args[0] in HELP_FLAGS:
            try:
                app(args=args, prog_name="mentorkit")
            except DatabaseError as exc:
                refuse(f"database error ({exc}); has `mentorkit migrate` run?")
        else:
            from django.core.management import execute_from_command_line

            execute_from_command_line(["mentorkit", *args])
    except ImproperlyConfigured as exc:
        # A setting that is missing or wrong (SECRET_KEY with DEBUG off, a bad local.env):
        # one line, not a traceback.
        refuse(str(exc))


def refuse(message: str) -> NoReturn:
    """One readable line on stderr and exit status 1, outside a command."""
    typer.echo(f"mentorkit: {message}", err=True)
    sys.exit(1)


def setup_django() -> None:
    """Load the settings and apps, only for commands that need them (not for --help)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentorkit.settings")
    import django
    from django.apps import apps

    if not apps.ready:
        django.setup()


def fail(message: str) -> NoReturn:
    """One readable line on stderr, exit status 1."""
    typer.echo(f"mentorkit: {message}", err=True)
    raise typer.Exit(1)


def find_user(email: str):
    from mentorkit.accounts.models import User

    user = User.objects.filter(email=email.strip().lower()).first()
    if user is None:
        fail(f"there is no user with the e-mail address {email}.")
    return user


# --- serve -------------------------------------------------------------------------------


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Address to listen on."),
    port: int = typer.Option(8000, min=1, max=65535, help="Port to listen on."),
    workers: int = typer.Option(2, min=1, help="Number of gunicorn worker processes."),
    max_requests: int = typer.Option(
        1000,
        min=0,
        help="Replace a worker after this many requests (with up to 10 % jitter), so memory "
        "grown by a PDF or an import is given back; 0 never replaces one.",
    ),
) -> None:
    """Run the web server (gunicorn), collecting static files first when they are fingerprinted."""
    setup_django()
    from django.conf import settings
    from django.core.management import call_command

    backend = settings.STORAGES["staticfiles"]["BACKEND"]
    if backend.startswith("whitenoise.") and "Manifest" in backend:
        # The manifest must exist before the first page renders a {% static %} tag.
        call_command("collectstatic", interactive=False, verbosity=0)
    bind = f"[{host}]:{port}" if ":" in host and not host.startswith("[") else f"{host}:{port}"
    argv = [
        sys.executable, "-m", "gunicorn", "mentorkit.wsgi:application",
        "--bind", bind, "--workers", str(workers), "--access-logfile", "-",
        "--logger-class", "mentorkit.core.logs.AccessLogger",
        "--max-requests", str(max_requests),
        "--max-requests-jitter", str(max_requests // 10),
    ]  # fmt: skip
    sys.stdout.flush()
    sys.stderr.flush()
    # Replace this process, so gunicorn receives the signals sent to `mentorkit serve`.
    os.execvp(argv[0], argv)


# --- demo --------------------------------------------------------------------------------


@app.command()
def demo() -> None:
    """Load a demo workspace (once; running it again changes nothing) and print its sign-ins."""
    setup_django()
    from django.conf import settings

    from mentorkit import demo as demo_data

    sign_ins = demo_data.load_demo()
    table = Table(title="Demo sign-ins")
    table.add_column("E-mail", style="bold")
    table.add_column("Who")
    for email, description in sign_ins:
        table.add_row(email, description)
    console.print(table)
    others = len(demo_data.ROSTER)
    console.print(
        f"… and {others} more scholars and mentors of the KL2 (its roster), at example.org."
    )
    console.print(f"Password for every account: [bold]{demo_data.DEMO_PASSWORD}[/bold]")
    console.print(f"Sign in at {settings.BASE_URL}/ (start the server with `mentorkit serve`).")


# --- backup and restore ------------------------------------------------------------------


@app.command()
def backup(
    folder: Annotated[
        Path | None,
        typer.Argument(help="A new, empty folder for the backup [default: var/backups/<time>]."),
    ] = None,
) -> None:
    """Write a consistent snapshot of the database while the server runs, with a manifest."""
    setup_django()
    from mentorkit.core import backups

    target = folder or backups.default_folder()
    try:
        manifest = backups.backup(target)
    except backups.BackupError as error:
        fail(str(error))
    rows = sum(manifest["rows"].values())
    typer.echo(f"Backed up {rows:,} rows in {len(manifest['rows'])} tables to {target}.")


@app.command()
def restore(
    folder: Annotated[Path, typer.Argument(help="A folder written by `mentorkit backup`.")],
    replace: bool = typer.Option(
        False, "--replace", help="Overwrite a database that already holds rows."
    ),
) -> None:
    """Restore a backup into the configured database, then check every count in its manifest."""
    setup_django()
    from mentorkit.core import backups

    try:
        manifest = backups.restore(folder, replace=replace)
    except backups.BackupError as error:
        fail(str(error))
    rows = sum(manifest["rows"].values())
    typer.echo(
        f"Restored {rows:,} rows in {len(manifest['rows'])} tables from {folder} "
        f"(backed up {manifest['created_at']}); every count matches the manifest."
    )


# --- workspace ---------------------------------------------------------------------------


@workspace_app.command("export")
def workspace_export(
    user: Annotated[str, typer.Option("--user", help="E-mail address of the mentee.")],
    out: Annotated[Path, typer.Option("--out", help="The .zip file to write; a new file.")],
) -> None:
    """Write a mentee's records and their team's shared ones to a .zip archive."""
    setup_django()
    import io
    import json
    import zipfile

    from mentorkit.workspace.export import export_workspace

    mentee = find_user(user)
    if out.exists():
        fail(f"{out} exists; choose a new file for each export.")
    archive = export_workspace(mentee)
    try:
        with out.open("xb") as file:
            file.write(archive)
    except OSError as error:
        fail(f"cannot write {out}: {error.strerror or error}.")
    manifest = json.loads(zipfile.ZipFile(io.BytesIO(archive)).read("manifest.json"))
    records = sum(manifest["counts"].values())
    typer.echo(f"Exported the workspace of {mentee.email} ({records:,} records) to {out}.")


@workspace_app.command("import")
def workspace_import(
    archive: Annotated[
        Path, typer.Argument(help="A .zip written by `mentorkit workspace export`.")
    ],
) -> None:
    """Recreate a mentee's workspace from an archive, all or nothing; mentors become invitations."""
    setup_django()
    from mentorkit.teams.models import Mentorship, MentorshipStatus
    from mentorkit.workspace.imports import WorkspaceError, import_workspace
    from mentorkit.workspace.kinds import counts

    try:
        with archive.open("rb") as file:
            mentee = import_workspace(file)
    except OSError as error:
        fail(f"cannot read {archive}: {error.strerror or error}.")
    except WorkspaceError as error:
        fail(f"{archive}: {error}")
    records = sum(counts(mentee).values())
    invited = Mentorship.objects.filter(mentee=mentee, status=MentorshipStatus.INVITED).count()
    typer.echo(
        f"Imported the workspace of {mentee.email} ({records:,} records). {invited} mentor(s) "
        "to invite again from the team page."
    )
    if not mentee.has_usable_password():
        typer.echo(f"{mentee.email} signs in after choosing a password: “Forgot your password?”.")


# --- createadmin -------------------------------------------------------------------------


@app.command()
def createadmin(
    email: str = typer.Option(..., help="E-mail address the administrator signs in with."),
    name: str = typer.Option("", help="Full name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from the first line of standard input."
    ),
) -> None:
    """Create a site administrator (staff and superuser)."""
    setup_django()
    from django.contrib.auth import password_validation
    from django.core.exceptions import ValidationError
    from django.core.validators import validate_email
    from django.db import IntegrityError, transaction

    from mentorkit.accounts.models import User

    email = email.strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        fail(f"'{email}' is not a valid e-mail address.")
    if User.objects.filter(email=email).exists():
        fail(f"a user with the e-mail address {email} already exists.")
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    if not password:
        fail("the password is empty.")
    try:
        password_validation.validate_password(password, user=User(email=email, name=name))
    except ValidationError as exc:
        fail("the password was refused: " + " ".join(exc.messages))
    try:
        with transaction.atomic():
            User.objects.create_superuser(email, password, name=name.strip())
    except IntegrityError:  # created meanwhile by someone else
        fail(f"a user with the e-mail address {email} already exists.")
    typer.echo(f"Created administrator {email}.")


# --- token -------------------------------------------------------------------------------


@token_app.command("create")
def token_create(
    user: str = typer.Option(..., "--user", help="E-mail address of the token's owner."),
    name: str = typer.Option("command line", help="What the token is for, to recognise it later."),
) -> None:
    """Print a new token (only the token, so `$(mentorkit token create …)` works). It is shown once."""
    setup_django()
    from mentorkit.accounts.models import ApiToken

    owner = find_user(user)
    if not owner.is_active:
        fail(f"the account {owner.email} is deactivated; its tokens would not work.")
    name = name.strip()
    if not name or len(name) > 100:
        fail("the token's name must have between 1 and 100 characters.")
    _token, plain = ApiToken.issue(owner, name)
    typer.echo(plain)


@sso_app.command("scim-token")
def sso_scim_token(
    provider: str = typer.Option(..., "--provider", help="The provider's id in the file."),
    name: str = typer.Option("", help="What the token is for, to recognise it later."),
) -> None:
    """Print a new SCIM bearer token for one identity provider (shown once; only its hash is kept)."""
    setup_django()
    from mentorkit.sso.models import ScimToken

    try:
        _token, plain = ScimToken.issue(provider, name.strip()[:100])
    except ValueError as exc:
        fail(str(exc))
    typer.echo(plain)


@token_app.command("list")
def token_list(
    user: str = typer.Option(..., "--user", help="E-mail address of the tokens' owner."),
) -> None:
    """List a user's live tokens by name and the first characters (the hint)."""
    setup_django()
    from mentorkit.accounts.models import ApiToken

    owner = find_user(user)
    table = Table(title=f"Live tokens of {owner.email}")
    for column in ("Hint", "Name", "Created", "Last used"):
        table.add_column(column)
    for token in ApiToken.objects.filter(user=owner, revoked_at__isnull=True):
        last_used = f"{token.last_used_at:%Y-%m-%d %H:%M}" if token.last_used_at else "never"
        table.add_row(token.hint, token.name, f"{token.created_at:%Y-%m-%d %H:%M}", last_used)
    console.print(table)


@token_app.command("revoke")
def token_revoke(
    user: str = typer.Option(..., "--user", help="E-mail address of the token's owner."),
    hint: str = typer.Option(
        ..., help="The token's first characters (see `token list`), or all of it."
    ),
) -> None:
    """Revoke one live token; requests using it are refused from then on."""
    setup_django()
    from mentorkit.accounts.models import ApiToken, hash_token

    owner = find_user(user)
    hint = hint.strip()
    live = list(ApiToken.objects.filter(user=owner, revoked_at__isnull=True))
    # The whole token, or its beginning: the stored hint is its first few characters.
    matches = [t for t in live if t.key_hash == hash_token(hint)] or [
        t for t in live if hint and (t.hint.startswith(hint) or hint.startswith(t.hint))
    ]
    if not matches:
        fail(f"no live token of {owner.email} starts with '{hint}'.")
    if len(matches) > 1:
        fail(f"{len(matches)} tokens of {owner.email} start with '{hint}'; give more characters.")
    matches[0].revoke()
    typer.echo(f"Revoked token '{matches[0].name}' ({matches[0].hint}…).")
