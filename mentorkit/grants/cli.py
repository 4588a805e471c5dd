"""`mentorkit program report`: a program's NIH Table 5 or 8, as its directors download it.

Registered on the `program` command group by `mentorkit/cli.py`; Django is set up only when
the command runs (not for --help).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

WHATS = ("table5", "table8")
FORMATS = ("csv", "pdf")


def report(
    program: Annotated[int, typer.Option("--program", help="The program's id (see the admin).")],
    what: Annotated[str, typer.Option("--what", help="table5 or table8.")],
    fmt: Annotated[str, typer.Option("--format", help="csv or pdf.")] = "csv",
    grant: Annotated[
        int | None, typer.Option("--grant", help="Only this grant's trainees (its id).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="A file to write; CSV goes to stdout without.")
    ] = None,
) -> None:
    """Write Table 5 or 8 of a program's trainees as CSV or PDF, each cell with its source."""
    from mentorkit.cli import fail, setup_django

    if what not in WHATS:
        fail(f"unknown table {what!r}; choose table5 or table8.")
    if fmt not in FORMATS:
        fail(f"unknown format {fmt!r}; choose csv or pdf.")
    if fmt == "pdf" and out is None:
        fail("a PDF needs --out FILE.")
    if out is not None and out.exists():
        fail(f"{out} exists; give a new file.")
    setup_django()
    from mentorkit.grants import tables
    from mentorkit.programs.models import Program

    found = Program.objects.filter(pk=program).first()
    if found is None:
        fail(f"there is no program with the id {program}.")
    if grant is not None and not found.training_grants.filter(pk=grant).exists():
        fail(f"{found} has no grant with the id {grant}.")
    built = tables.build(found, what, grant_ids=[grant] if grant else None)
    content = tables.to_csv(built) if fmt == "csv" else tables.to_pdf(built, found)
    if out is None:
        sys.stdout.write(content.decode("utf-8"))
        return
    out.write_bytes(content)
    typer.echo(f"Wrote Table {built.table} of {found} to {out}.")
