"""`mentorkit program report`: a program's NIH Table 5 or 8, the progress report's section on
trainees, or the CTSA common metric, as its directors download them.

Registered on the `program` command group by `mentorkit/cli.py`; Django is set up only when
the command runs (not for --help).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

WHATS = ("table5", "table8", "progress", "common-metric")
FORMATS = ("csv", "pdf", "md")
FORMATS_OF = {
    "table5": ("csv", "pdf"),
    "table8": ("csv", "pdf"),
    "progress": ("md", "pdf"),
    "common-metric": ("csv",),
}


def report(
    program: Annotated[int, typer.Option("--program", help="The program's id (see the admin).")],
    what: Annotated[str, typer.Option("--what", help="table5, table8, progress or common-metric.")],
    fmt: Annotated[
        str,
        typer.Option("--format", help="csv or pdf (tables), md or pdf (progress), csv (metric)."),
    ] = "csv",
    grant: Annotated[
        int | None, typer.Option("--grant", help="Only this grant's trainees (its id).")
    ] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="A file to write; CSV goes to stdout without.")
    ] = None,
) -> None:
    """Write a program's Table 5 or 8 (CSV or PDF, each cell with its source), the progress
    report's section on trainees (Markdown or PDF) or the CTSA common metric (CSV)."""
    from mentorkit.cli import fail, setup_django

    if what not in WHATS:
        fail(f"unknown report {what!r}; choose {', '.join(WHATS)}.")
    if fmt not in FORMATS_OF[what]:
        fail(f"{what} comes as {' or '.join(FORMATS_OF[what])}, not {fmt!r}.")
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
    if what in ("progress", "common-metric"):
        from mentorkit.grants.progress import rendered

        content = rendered(found, what, fmt)
        if out is None:
            sys.stdout.write(content.decode("utf-8"))
            return
        out.write_bytes(content)
        typer.echo(f"Wrote the {what} report of {found} to {out}.")
        return
    built = tables.build(found, what, grant_ids=[grant] if grant else None)
    content = tables.to_csv(built) if fmt == "csv" else tables.to_pdf(built, found)
    if out is None:
        sys.stdout.write(content.decode("utf-8"))
        return
    out.write_bytes(content)
    typer.echo(f"Wrote Table {built.table} of {found} to {out}.")
