"""`mentorkit match solve`: a JSON problem in, the JSON answer out, no database needed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from mentorkit import cli

SCRIPT = Path(sys.executable).with_name("mentorkit")

# The example of the issue, and a second mentee who gets the mentor's other place.
PROBLEM = {
    "mentees": [{"id": "a", "slots": 1}, {"id": "b"}],
    "mentors": [{"id": "m", "capacity": 2}],
    "scores": [
        {"mentee": "a", "mentor": "m", "score": 0.8},
        {"mentee": "b", "mentor": "m", "score": 0.5},
    ],
    "pinned": [{"mentee": "a", "mentor": "m"}],
    "forbidden": [],
    "objective": "max_score",
}


def run(*args: str):
    return CliRunner().invoke(cli.app, ["match", "solve", *args], catch_exceptions=False)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


@pytest.fixture
def problem_file(tmp_path):
    path = tmp_path / "problem.json"
    path.write_text(json.dumps(PROBLEM))
    return path


def test_it_prints_the_answer_as_json(problem_file):
    result = run("--input", str(problem_file))

    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["assignments"] == [
        {"mentee": "a", "mentor": "m", "score": 0.8},
        {"mentee": "b", "mentor": "m", "score": 0.5},
    ]
    assert answer["unmatched"] == []
    assert answer["total"] == pytest.approx(1.3)
    assert answer["optimal"] is True
    assert answer["solver"].startswith("scipy ")
    assert answer["seconds"] >= 0
    assert list(answer) == ["assignments", "unmatched", "total", "optimal", "solver", "seconds"]


def test_it_writes_the_answer_to_a_new_file_with_output(problem_file, tmp_path):
    out = tmp_path / "answer.json"

    result = run("--input", str(problem_file), "--output", str(out))

    assert result.exit_code == 0, result.output
    assert one_line(result.stdout) == (
        f"Wrote 2 pair(s), 0 unmatched, total 1.3, optimal: yes, to {out}."
    )
    assert json.loads(out.read_text())["total"] == pytest.approx(1.3)


def test_it_refuses_to_overwrite_a_file(problem_file, tmp_path):
    out = tmp_path / "answer.json"
    out.write_text("keep me")

    result = run("--input", str(problem_file), "--output", str(out))

    assert result.exit_code == 1
    assert one_line(result.stderr) == f"mentorkit: {out} exists; give a new file."
    assert out.read_text() == "keep me"


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"mentees": [', "{path} is not JSON: Expecting value: line 1 column 14 (char 13)."),
        ("[]", "{path}: the problem must be a JSON object, not []."),
        (
            json.dumps({**PROBLEM, "mentors": [{"id": "m", "capacity": -1}]}),
            "{path}: mentor m: capacity must be a whole number ≥ 0, not -1.",
        ),
        (
            json.dumps({**PROBLEM, "forbidden": [{"mentee": "a", "mentor": "m"}]}),
            "{path}: pinned: the pair (a, m) is also forbidden.",
        ),
        (
            json.dumps({**PROBLEM, "scores": [*PROBLEM["scores"], PROBLEM["scores"][0]]}),
            "{path}: scores: the pair (a, m) appears twice.",
        ),
    ],
)
def test_malformed_input_exits_1_with_one_line_naming_the_problem(tmp_path, content, message):
    path = tmp_path / "problem.json"
    path.write_text(content)

    result = run("--input", str(path))

    assert result.exit_code == 1
    assert result.stdout == ""
    assert one_line(result.stderr) == "mentorkit: " + message.format(path=path)


def test_an_unreadable_file_is_named_in_one_line(tmp_path):
    missing = tmp_path / "nowhere.json"
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe{}")

    assert one_line(run("--input", str(missing)).stderr) == (
        f"mentorkit: cannot read {missing}: No such file or directory."
    )
    assert one_line(run("--input", str(binary)).stderr) == (
        f"mentorkit: cannot read {binary}: not UTF-8."
    )


def test_the_installed_command_solves_without_a_database_or_settings(problem_file, tmp_path):
    # A fresh folder: no database, no migrations, no secret key, DEBUG off.
    unset = ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY", "DEBUG")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env["MENTORKIT_VAR_DIR"] = str(tmp_path / "var")

    result = subprocess.run(
        [str(SCRIPT), "match", "solve", "--input", str(problem_file)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["optimal"] is True
    assert not (tmp_path / "var").exists()
