"""The agreement (practice 1, first half): written, acknowledged, revised with history, reviewed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from mentorkit.health import health_for
from mentorkit.teams.models import Agreement, Mentorship

from .conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db


def terms(**overrides):
    data = {
        "mentorship": "",
        "cadence": 7,
        "meeting_minutes": 60,
        "channels": ["email", "video"],
        "response_hours": 48,
        "feedback_rhythm": "quarterly",
        "authorship": "First authorship for the mentee on work they lead.",
        "confidentiality": "What we discuss stays between us unless agreed.",
        "disagreements": "Either of us names it early; we decide by data where we can.",
        "next_review_on": (timezone.localdate() + timedelta(days=180)).isoformat(),
    }
    data.update(overrides)
    return data


def practice_1(mentee):
    return health_for([mentee])[mentee.pk][0]


def test_the_mentee_writes_a_team_agreement_and_is_counted_as_acknowledging_it(
    client, mentee_a, mentor_a
):
    client.force_login(mentee_a)
    response = client.post("/agreements/new/", terms())
    agreement = Agreement.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/agreements/{agreement.pk}/"
    assert agreement.mentorship is None and agreement.version == 1
    assert agreement.channels == ["email", "video"]
    page = client.get(response["Location"]).content.decode()
    assert "Weekly, 60 minutes" in page
    assert "waiting</span> Mentor A" in page
    assert practice_1(mentee_a).value == "1 acknowledgement pending"


def test_once_everyone_acknowledged_the_indicator_turns_to_the_meetings(client, mentee_a, mentor_a):
    client.force_login(mentee_a)
    client.post("/agreements/new/", terms())
    agreement = Agreement.objects.get()
    client.force_login(mentor_a)
    assert (
        f"/agreements/{agreement.pk}/" in client.get("/").content.decode()
    )  # waiting on the mentor's home
    client.post(f"/agreements/{agreement.pk}/acknowledge/")
    indicator = practice_1(mentee_a)
    assert indicator.value == "0 meetings in 8 weeks (8 agreed)"  # weekly: eight expected
    assert indicator.detail.startswith("Agreement in place")


def test_a_change_is_kept_with_who_what_and_why_and_asks_everyone_again(client, mentee_a, mentor_a):
    client.force_login(mentee_a)
    client.post("/agreements/new/", terms())
    agreement = Agreement.objects.get()
    client.force_login(mentor_a)
    client.post(f"/agreements/{agreement.pk}/acknowledge/")
    data = terms(cadence=14, note="Clinic months make weekly meetings impossible.")
    del data["mentorship"]
    client.post(f"/agreements/{agreement.pk}/edit/", data)
    agreement.refresh_from_db()
    assert agreement.version == 2 and agreement.cadence == 14
    revision = agreement.revisions.get(version=2)
    assert revision.changed_by == mentor_a
    assert revision.changes == {"We meet": ["Weekly", "Every two weeks"]}
    assert revision.note == "Clinic months make weekly meetings impossible."
    page = client.get(f"/agreements/{agreement.pk}/").content.decode()
    assert "Clinic months" in page and "<del>Weekly</del>" in page
    assert practice_1(mentee_a).value == "2 acknowledgements pending"


def test_saving_without_a_change_makes_no_new_version(client, mentee_a, mentor_a):
    client.force_login(mentee_a)
    client.post("/agreements/new/", terms())
    agreement = Agreement.objects.get()
    data = terms()
    del data["mentorship"]
    client.post(f"/agreements/{agreement.pk}/edit/", data)
    agreement.refresh_from_db()
    assert agreement.version == 1 and agreement.revisions.count() == 1


def test_an_overdue_review_shows_on_the_home_page(client, mentee_a, mentor_a):
    client.force_login(mentee_a)
    client.post(
        "/agreements/new/",
        terms(next_review_on=(timezone.localdate() - timedelta(days=3)).isoformat()),
    )
    home = client.get("/").content.decode()
    assert "was due for review on" in home
    assert practice_1(mentee_a).value == "Review overdue"


def test_a_one_to_one_agreement_binds_only_that_mentor(client, mentee_a, mentor_a):
    other = make_user("other@example.org")
    make_mentorship(mentee_a, other)
    mentorship = Mentorship.objects.get(mentor=mentor_a)
    client.force_login(mentee_a)
    client.post("/agreements/new/", terms(mentorship=mentorship.pk))
    agreement = Agreement.objects.get()
    assert [p.email for p in agreement.parties()] == [mentee_a.email, mentor_a.email]
    client.force_login(other)
    assert client.get(f"/agreements/{agreement.pk}/").status_code == 404
    assert practice_1(mentee_a).value == "1 mentor without an agreement"


def test_only_one_team_agreement_per_mentee(client, mentee_a, mentor_a):
    client.force_login(mentee_a)
    client.post("/agreements/new/", terms())
    response = client.post("/agreements/new/", terms())
    assert "already have an agreement with the whole team" in response.content.decode()
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("meeting_minutes", "0", "between 5 minutes and 8 hours"),
        ("next_review_on", "someday", "Enter a valid date"),
        ("channels", ["carrier pigeon"], "not one of the available choices"),
    ],
)
def test_bad_terms_re_render_the_form_and_save_nothing(
    client, mentee_a, mentor_a, field, value, message
):
    client.force_login(mentee_a)
    response = client.post("/agreements/new/", terms(**{field: value}))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Agreement.objects.exists()


def test_a_mentee_with_no_mentors_is_told_to_invite_one(mentee_a):
    assert practice_1(mentee_a).value == "No active mentors"
    assert practice_1(mentee_a).url == "/team/invite/"


def test_a_former_mentor_can_no_longer_open_the_agreement(
    client, mentee_a, mentor_a, former_mentor
):
    client.force_login(mentee_a)
    client.post("/agreements/new/", terms())
    agreement = Agreement.objects.get()
    client.force_login(former_mentor)
    assert client.get(f"/agreements/{agreement.pk}/").status_code == 404
    assert client.post(f"/agreements/{agreement.pk}/acknowledge/").status_code == 404
