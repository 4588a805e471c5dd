"""The demo program's exports, byte for byte, against files written by hand from the demo's
story (mentorkit/demo/grants.py, roster.py, committees.py): Tables 5 and 8, the CTSA common
metric and the progress report's section, as the director downloads them on 2 November 2026
at 10:00 in Boston, the moment the demo is loaded here.

A change to an export, or to the demo, shows as a diff against tests/grants/expected/: read
it, and edit the expected file by hand if the change is meant.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine

from mentorkit.accounts.models import User
from mentorkit.programs.models import Program
from tests.conftest import once_per_module
from tests.demo_world import demo_world

pytestmark = pytest.mark.django_db
EXPECTED = Path(__file__).parent / "expected"
LOADED_AT = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)  # 10:00 in Boston


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with time_machine.travel(LOADED_AT, tick=False):
        yield from once_per_module(django_db_blocker, lambda: (demo_world(), None)[1])


@pytest.fixture(autouse=True)
def at_the_moment_it_was_loaded(demo):
    with time_machine.travel(LOADED_AT, tick=False):
        yield


def download(client, path: str) -> bytes:
    client.force_login(User.objects.get(email="director@example.org"))
    program = Program.objects.get()
    response = client.get(f"/programs/{program.pk}/reports/{path}")
    assert response.status_code == 200
    return response.content


@pytest.mark.parametrize("path", ["table5.csv", "table8.csv", "common-metric.csv", "progress.md"])
def test_the_export_is_the_one_written_by_hand(client, path):
    expected = (EXPECTED / path).read_bytes()
    assert download(client, path).decode() == expected.decode()
