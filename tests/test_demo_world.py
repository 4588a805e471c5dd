"""The browser tours' demo (tests/demo_world.py): a restored copy is the loaded demo."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.meetings.models import Meeting
from tests import demo_world as world

pytestmark = pytest.mark.django_db(transaction=True)


def comparable(copy) -> dict[str, list[str]]:
    """Each table's rows, every column, in a comparable order."""
    return {model._meta.db_table: sorted(map(repr, rows)) for model, _columns, rows in copy}


def test_a_restored_demo_is_the_loaded_demo_row_for_row_and_new_rows_take_new_keys():
    sign_ins = world.demo_world()  # loads the demo, unless a tour of this process did
    loaded = comparable(world._copies[(connection.vendor, timezone.localdate())])
    assert sum(map(len, loaded.values())) > 1000

    call_command("flush", interactive=False, verbosity=0)  # what a transactional test leaves
    assert world.demo_world() == sign_ins
    assert comparable(world._take()) == loaded

    # The sequences follow the restored keys: a new row does not collide with the demo's.
    newest = Meeting.objects.order_by("-pk").first()
    later = newest.original_start + timedelta(days=365)
    meeting = Meeting.objects.create(
        series=newest.series, mentee=newest.mentee, original_start=later, starts_at=later
    )
    assert meeting.pk > newest.pk
    person = User.objects.create_user(email="after-restore@example.org", password="x" * 12)
    assert person.pk > max(User.objects.exclude(pk=person.pk).values_list("pk", flat=True))
