"""`mentorkit program …`: a program's tables out, and mentees or mentorships in, from files.

Registered under `mentorkit program` by `mentorkit/cli.py`, whose helpers (`setup_django`,
`fail`, `find_user`) each command imports when it runs, so there is no import cycle.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

program_app = typer.Typer(
    help="A program's tables out (roster, mentors, training, check-ins) and people in.",
    no_args_is_help=True,
)


@program_app.command("export")
def program_export(
    program: Annotated[int, typer.Option("--program", help="The program's id (see the admin).")],
    what: Annotated[
        str, typer.Option("--what", help="roster, mentors, training, checkins or health.")
    ] = "roster",
    fmt: Annotated[str, typer.Option("--format", help="csv or xlsx.")] = "csv",
    out: Annotated[
        Path | None, typer.Option("--out", help="A file to write; CSV goes to stdout without.")
    ] = None,
) -> None:
    """Write one of a program's tables as CSV or XLSX, as its directors download them."""
    from mentorkit.cli import fail, setup_django

    setup_django()
    from mentorkit.programs import exports
    from mentorkit.programs.models import Program

    found = Program.objects.filter(pk=program).first()
    if found is None:
        fail(f"there is no program with the id {program}.")
    try:
        content, _type, _name = exports.render(found, what, fmt)
    except exports.ExportError as error:
        fail(str(error))
    if out is None:
        if fmt != "csv":
            fail("an XLSX export needs --out FILE.")
        sys.stdout.write(content.decode("utf-8"))
        return
    if out.exists():
        fail(f"{out} exists; give a new file.")
    out.write_bytes(content)
    typer.echo(f"Wrote {what} of {found} to {out}.")


@program_app.command("import")
def program_import(
    file: Annotated[
        Path,
        typer.Argument(
            help="A CSV (UTF-8) or XLSX file: mentees (email, name, cohort, track) or "
            "mentorships (mentee, mentor, mentor_name, role)."
        ),
    ],
    program: Annotated[int, typer.Option("--program", help="The program's id (see the admin).")],
    by: Annotated[str, typer.Option("--by", help="E-mail of the director who invites.")],
    confirm: bool = typer.Option(False, "--confirm", help="Invite them; without it, a preview."),
) -> None:
    """Preview, then (with --confirm) invite a program's mentees, or mentors of its mentees,
    from a file."""
    from mentorkit.cli import fail, find_user, setup_django

    setup_django()
    from mentorkit.programs import imports
    from mentorkit.programs.models import Program
    from mentorkit.teams.actions import ActionError

    found = Program.objects.filter(pk=program).first()
    if found is None:
        fail(f"there is no program with the id {program}.")
    director = find_user(by)
    if not found.directors.filter(pk=director.pk).exists():
        fail(f"{director.email} does not direct {found}.")
    if not file.is_file():
        fail(f"there is no file {file}.")
    try:
        result = imports.preview(found, file.read_bytes(), file.name)
    except imports.FileProblem as error:
        fail(str(error))
    for line, email, why in result.problems:
        typer.echo(f"row {line} ({email or 'no address'}): {why}", err=True)
    typer.echo(
        f"{len(result.new)} to invite ({result.matched} with an account), "
        f"{len(result.problems)} row(s) left out."
    )
    if not confirm:
        typer.echo("Nothing saved; run again with --confirm to invite them.")
        return
    try:
        count = imports.confirm(found, director, result.as_session())
    except ActionError as error:
        fail(f"nothing was imported: {error}")
    whom = "mentor(s) onto mentees' teams" if result.kind == "mentorships" else "person(s)"
    typer.echo(f"Invited {count} {whom} in {found}.")
