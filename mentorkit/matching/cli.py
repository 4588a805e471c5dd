"""`mentorkit match solve`: the solver on a JSON problem, without a database.

Registered under `mentorkit match` by `mentorkit/cli.py`; it needs no settings, so it never
calls `setup_django()`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

match_app = typer.Typer(
    help="Matching mentees with mentors: the exact solver, on a problem in a JSON file.",
    no_args_is_help=True,
)


@match_app.command("solve")
def match_solve(
    problem_file: Annotated[
        Path, typer.Option("--input", help="The problem as JSON (see the README's Matching).")
    ],
    output: Annotated[
        Path | None, typer.Option("--output", help="A new file for the answer; stdout without it.")
    ] = None,
) -> None:
    """Solve a matching problem exactly: the assignments, the unmatched, the total, if optimal.

    Needs no database: the problem is the file, the answer is JSON.
    """
    import json

    from mentorkit.cli import fail  # the one-line refusal; imported here, as cli.py imports us
    from mentorkit.matching import solver

    try:
        text = problem_file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8"
        fail(f"cannot read {problem_file}: {reason or error}.")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        fail(f"{problem_file} is not JSON: {error}.")
    try:
        problem = solver.parse_problem(data)
    except solver.ProblemError as error:
        fail(f"{problem_file}: {error}.")
    if output is not None and output.exists():
        fail(f"{output} exists; give a new file.")
    try:
        solution = solver.solve(problem)
    except solver.ProblemError as error:  # pins that roles or group limits cannot keep
        fail(f"{problem_file}: {error}.")
    answer = json.dumps(solver.solution_to_dict(solution), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        sys.stdout.write(answer)
        return
    try:
        output.write_text(answer, encoding="utf-8")
    except OSError as error:
        fail(f"cannot write {output}: {error.strerror or error}.")
    typer.echo(
        f"Wrote {len(solution.assignments)} pair(s), {len(solution.unmatched)} unmatched, "
        f"total {solution.total:g}, optimal: {'yes' if solution.optimal else 'no'}, "
        f"to {output}."
    )
