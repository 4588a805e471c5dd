"""The README shows the CLI's real `--help`, so the documentation cannot drift (as datasette does).

Each block in the README between `<!-- help: mentorkit ARGS -->` and `<!-- end help -->`
must equal what `mentorkit ARGS` prints at 80 columns. To refresh them after
changing the CLI: `MENTORKIT_UPDATE_README=1 .venv/bin/pytest tests/test_cli_docs.py`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from typer.testing import CliRunner

from mentorkit.cli import app

README = Path(__file__).resolve().parent.parent / "README.md"
BLOCK = re.compile(
    r"<!-- help: mentorkit (?P<args>[^>]*?) -->\n```\n(?P<text>.*?)```\n<!-- end help -->", re.S
)


def help_text(args: str) -> str:
    result = CliRunner().invoke(
        app,
        args.split(),
        prog_name="mentorkit",
        env={"TERM": "dumb", "NO_COLOR": "1", "COLUMNS": "80", "TERMINAL_WIDTH": "80"},
        terminal_width=80,
    )
    assert result.exit_code == 0, result.output
    lines = [line.rstrip() for line in result.output.splitlines()]
    while lines and not lines[0]:
        lines.pop(0)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def test_the_readme_shows_the_real_help_of_every_command():
    readme = README.read_text()
    blocks = list(BLOCK.finditer(readme))
    assert {b["args"] for b in blocks} >= {"--help", "serve --help", "token create --help"}
    if os.environ.get("MENTORKIT_UPDATE_README"):
        readme = BLOCK.sub(
            lambda b: (
                f"<!-- help: mentorkit {b['args']} -->\n```\n{help_text(b['args'])}```\n<!-- end help -->"
            ),
            readme,
        )
        README.write_text(readme)
        blocks = list(BLOCK.finditer(readme))
    for block in blocks:
        assert block["text"] == help_text(block["args"]), f"README: `mentorkit {block['args']}`"
