"""The progress report's paragraphs as a director edits them and the trainee's primary mentor
confirms them (as of 1 March 2025): the downloads use the edited text and mark what is not
yet confirmed; editing after the confirmation clears it; nobody else opens either page.

Ben Carter's team: Grace Liu (primary) and Sam Reyes (methods, added here): Liu confirms,
Reyes does not. Dee Evans is appointed with no record: her paragraph cannot be edited.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import time_machine

from mentorkit.grants.models import ProgressDraft
from mentorkit.teams.models import Mentorship, Role
from tests.conftest import make_mentorship, make_user, once_per_module

from .world import build

pytestmark = pytest.mark.django_db


def build_team() -> dict:
    world = build()
    world["reyes"] = make_user("reyes.m@example.org", name="Sam Methods")
    make_mentorship(world["ben"], world["reyes"], role=Role.METHODS)
    return world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, build_team)


@pytest.fixture(autouse=True)
def first_of_march():
    with time_machine.travel(datetime(2025, 3, 1, 12, tzinfo=UTC), tick=False):
        yield


def edit_url(world) -> str:
    return f"/programs/{world['program'].pk}/reports/progress/{world['ben_record'].pk}/"


def edit(client, world, text: str):
    client.force_login(world["director"])
    return client.post(edit_url(world), {"text": text})


def section(client, world) -> str:
    client.force_login(world["director"])
    return client.get(f"/programs/{world['program'].pk}/reports/progress.md").content.decode()


def bens(text: str) -> str:
    return text.split("## Ben Carter")[1].split("\n## ")[0].strip()


def test_the_director_starts_from_the_generated_paragraph(client, world):
    client.force_login(world["director"])
    text = client.get(edit_url(world)).content.decode()
    assert "Ben Carter (post-doctoral trainee, entered 07/2023) works on Machine" in text
    listing = client.get(f"/programs/{world['program'].pk}/reports/progress/").content.decode()
    assert edit_url(world) in listing and "as built from the records" in listing
    assert "Dee Evans" in listing and "no training record" in listing


def test_the_edited_paragraph_goes_into_the_section_marked_unconfirmed(client, world):
    assert edit(client, world, "Ben leads the readmissions study.").status_code == 302
    draft = ProgressDraft.objects.get(record=world["ben_record"])
    assert (draft.edited_by, draft.confirmed_at) == (world["director"], None)
    assert bens(section(client, world)) == (
        "Ben leads the readmissions study.\n\n_Not yet confirmed by the trainee's primary mentor._"
    )
    reports = client.get(f"/programs/{world['program'].pk}/reports/").content.decode()
    assert "1 paragraph awaiting a mentor&#x27;s confirmation" in reports or (
        "1 paragraph awaiting a mentor's confirmation" in reports)  # fmt: skip


def test_the_primary_mentor_confirms_it_and_the_mark_goes(client, world):
    edit(client, world, "Ben leads the readmissions study.")
    draft = ProgressDraft.objects.get(record=world["ben_record"])
    client.force_login(world["liu"])
    listing = client.get("/mentoring/progress-paragraphs/").content.decode()
    assert f"/mentoring/progress-paragraphs/{draft.pk}/" in listing and "awaiting you" in listing
    page = client.get(f"/mentoring/progress-paragraphs/{draft.pk}/").content.decode()
    assert "Ben leads the readmissions study." in page
    assert client.post(f"/mentoring/progress-paragraphs/{draft.pk}/").status_code == 302
    draft.refresh_from_db()
    assert draft.confirmed_by == world["liu"] and draft.confirmed_at is not None
    assert bens(section(client, world)) == "Ben leads the readmissions study."


def test_editing_after_the_confirmation_clears_it(client, world):
    edit(client, world, "First text.")
    ProgressDraft.objects.get(record=world["ben_record"]).confirm(world["liu"])
    edit(client, world, "Second text.")
    draft = ProgressDraft.objects.get(record=world["ben_record"])
    assert (draft.text, draft.confirmed_by, draft.confirmed_at) == ("Second text.", None, None)
    assert "Not yet confirmed" in bens(section(client, world))


@pytest.mark.parametrize("who", ["reyes", "ben", "director", "coordinator", "other_director"])
def test_only_the_primary_mentor_opens_or_confirms_it(client, world, who):
    edit(client, world, "Ben leads the readmissions study.")
    draft = ProgressDraft.objects.get(record=world["ben_record"])
    client.force_login(world[who])
    assert client.get(f"/mentoring/progress-paragraphs/{draft.pk}/").status_code == 404
    assert client.post(f"/mentoring/progress-paragraphs/{draft.pk}/").status_code == 404
    listing = client.get("/mentoring/progress-paragraphs/").content.decode()
    assert f"/mentoring/progress-paragraphs/{draft.pk}/" not in listing
    draft.refresh_from_db()
    assert draft.confirmed_at is None


@pytest.mark.parametrize("who", ["coordinator", "liu", "ben", "other_director"])
def test_only_the_programs_directors_edit(client, world, who):
    client.force_login(world[who])
    assert client.get(edit_url(world)).status_code == 404
    assert client.post(edit_url(world), {"text": "x"}).status_code == 404
    assert not ProgressDraft.objects.exists()


def test_a_trainee_without_a_paragraph_in_this_report_has_no_page(client, world):
    client.force_login(world["director"])
    url = f"/programs/{world['program'].pk}/reports/progress/{world['ana_record'].pk}/"
    assert client.get(url).status_code == 404  # Ana's appointments ended in 2023


def test_an_empty_paragraph_is_refused(client, world):
    assert edit(client, world, "  ").status_code == 400
    assert not ProgressDraft.objects.exists()


def test_the_confirming_mentor_is_the_one_the_paragraph_names_first(world):
    from mentorkit.grants.drafts import primary_mentorship

    team = Mentorship.objects.filter(mentee=world["ben"])
    assert primary_mentorship(list(team)).mentor == world["liu"]
