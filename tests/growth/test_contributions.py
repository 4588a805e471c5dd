"""What the mentee offers (practice 4): a ledger of contributions to each mentor, which the
mentor sees and acknowledges; a prompt for mentors left out; the practice 4 indicator."""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from mentorkit.growth.models import Contribution
from mentorkit.health import State, health_for
from mentorkit.teams.models import Mentorship

from ..conftest import make_mentorship, make_user
from ..test_meetings_api import Api

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def mine(mentee_a, mentor_a):
    return Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)


def record(mentorship, days_ago=3, **fields):
    return Contribution.objects.create(
        mentorship=mentorship,
        mentee=mentorship.mentee,
        contributed_on=TODAY - timedelta(days=days_ago),
        description=fields.pop("description", "Shared the new HFpEF trial paper"),
        **fields,
    )


def test_the_mentee_records_a_contribution_and_the_mentor_acknowledges_it(
    client, mentee_a, mentor_a, mine
):
    client.force_login(mentee_a)
    response = client.post(
        reverse("growth:contribution_create"),
        {
            "mentorship": mine.pk,
            "kind": "talk",
            "contributed_on": "2026-11-20",
            "description": "Rehearsed the grand rounds talk with him",
            "link": "",
        },
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.mentee == mentee_a and contribution.kind == "talk"
    client.force_login(mentor_a)
    page = client.get(reverse("growth:index")).content.decode()
    assert "Rehearsed the grand rounds talk with him" in page and "Acknowledge" in page
    client.post(reverse("growth:contribution_acknowledge", args=[contribution.pk]))
    contribution.refresh_from_db()
    assert contribution.acknowledged_at is not None


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"contributed_on": "2026-12-01"}, "contributed_on"),
        ({"description": ""}, "description"),
        ({"kind": "bribe"}, "kind"),
        ({"link": "ftp:/x"}, "link"),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(client, mentee_a, mine, overrides, field):
    client.force_login(mentee_a)
    data = {
        "mentorship": mine.pk,
        "kind": "resource",
        "contributed_on": "2026-11-20",
        "description": "A paper",
        "link": "",
        **overrides,
    }
    response = client.post(reverse("growth:contribution_create"), data)
    assert response.status_code == 400 and field in response.context["form"].errors
    assert not Contribution.objects.exists()


def test_only_ones_own_mentors_can_be_chosen(client, mentee_a, unrelated_mentor):
    theirs = Mentorship.objects.get(mentor=unrelated_mentor)
    client.force_login(mentee_a)
    response = client.post(
        reverse("growth:contribution_create"),
        {
            "mentorship": theirs.pk,
            "kind": "resource",
            "contributed_on": "2026-11-20",
            "description": "A paper",
        },
    )
    assert "Choose one of your mentors." in response.context["form"].errors["mentorship"]


def test_only_the_mentor_it_was_for_sees_and_acknowledges_it(
    client, mine, mentee_a, former_mentor, director, unrelated_mentor
):
    other = make_user("other_mentor@example.org")
    make_mentorship(mentee_a, other)
    contribution = record(mine)
    for user in (other, former_mentor, director, unrelated_mentor, mentee_a):
        client.force_login(user)
        url = reverse("growth:contribution_acknowledge", args=[contribution.pk])
        assert client.post(url).status_code == 404
        if user is not mentee_a:
            assert (
                contribution.description not in client.get(reverse("growth:index")).content.decode()
            )
    contribution.refresh_from_db()
    assert contribution.acknowledged_at is None


def test_a_mentor_left_out_for_a_quarter_is_named_gently(client, mentee_a, mine):
    quiet = make_mentorship(mentee_a, make_user("quiet@example.org", name="Dr. Quiet"))
    record(mine, days_ago=10)
    record(quiet, days_ago=120)
    client.force_login(mentee_a)
    page = client.get(reverse("growth:index"))
    assert list(page.context["quiet"]) == [quiet]
    assert "Nothing offered this quarter to Dr. Quiet." in page.content.decode()


def test_the_summary_counts_contributions_per_mentor_and_quarter(client, mentee_a, mine):
    for days in (3, 5, 100):
        record(mine, days_ago=days)
    client.force_login(mentee_a)
    page = client.get(reverse("growth:index"))
    assert page.context["quarters"] == ["2026 Q1", "2026 Q2", "2026 Q3", "2026 Q4"]
    assert dict(page.context["summary"])[mine] == [0, 0, 1, 2]


def test_practice_4_counts_the_quarter_and_the_mentors_reached(mentee_a, mine):
    make_mentorship(mentee_a, make_user("second@example.org"))
    assert health_for([mentee_a], TODAY)[mentee_a.pk][3].state == State.MISSING
    record(mine)
    record(mine, days_ago=20)
    record(mine, days_ago=200)  # before the quarter
    indicator = health_for([mentee_a], TODAY)[mentee_a.pk][3]
    assert indicator.value == "2 contributions this quarter"
    assert indicator.detail == "to 1 of 2 active mentors."
    assert indicator.state == State.GOOD


def test_the_api_records_lists_and_acknowledges(client, mentee_a, mentor_a, mine, mentee_b):
    api = Api(client, mentee_a)
    created = api.post(
        "/contributions",
        {"mentorship": mine.pk, "description": "Intro to Dr. X", "kind": "introduction"},
    )
    assert created.status_code == 201 and created.json()["contributed_on"] == "2026-11-24"
    bad = api.post("/contributions", {"mentorship": mine.pk, "description": "X", "kind": "nope"})
    assert bad.status_code == 422 and bad.json()["detail"].startswith("kind: ")
    pk = created.json()["id"]
    assert Api(client, mentee_b).get(f"/contributions/{pk}").status_code == 404
    acknowledged = Api(client, mentor_a).post(f"/contributions/{pk}/acknowledge")
    assert acknowledged.status_code == 200 and acknowledged.json()["acknowledged_at"]
    assert Api(client, mentee_a).post(f"/contributions/{pk}/acknowledge").status_code == 404
