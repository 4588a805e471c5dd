"""The demo workspace: the people and roles it promises, sign-ins that work, and a safe re-run."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.demo import DEMO_PASSWORD, MENTEE_EMAIL, load_demo
from mentorkit.health import health_for
from mentorkit.programs.models import Program
from mentorkit.teams.models import (
    Acknowledgement,
    Agreement,
    Insight,
    MentorNote,
    Mentorship,
    MentorshipStatus,
    Need,
    Role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sign_ins():
    return load_demo()


@pytest.fixture
def fellow(sign_ins):
    return User.objects.get(email=MENTEE_EMAIL)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


def test_it_returns_the_fellow_first_and_every_account_once(sign_ins):
    emails = [email for email, _ in sign_ins]
    assert emails[0] == MENTEE_EMAIL
    assert len(emails) == len(set(emails))
    assert set(emails) == set(User.objects.values_list("email", flat=True))
    assert all(who for _, who in sign_ins)


def test_the_fellow_has_two_co_primaries_a_career_and_a_peer_mentor_and_a_former_one(fellow):
    active = Mentorship.objects.active().filter(mentee=fellow)
    roles = sorted(active.values_list("role", flat=True))
    assert roles == sorted([Role.CO_PRIMARY, Role.CO_PRIMARY, Role.CAREER, Role.PEER])
    assert {m.mentor.email for m in active.filter(role=Role.CO_PRIMARY)} == {
        "daniel@example.org",
        "priya@example.org",
    }
    ended = Mentorship.objects.get(mentee=fellow, status=MentorshipStatus.ENDED)
    assert ended.mentor.email == "robert@example.org"
    assert ended.started_on < ended.ended_on < timezone.localdate()


def test_the_director_directs_the_program_the_fellow_is_enrolled_in(fellow):
    director = User.objects.get(email="director@example.org")
    program = Program.objects.directed_by(director).get()
    assert program.kind == "kl2"
    assert program.enrollments.get(mentee=fellow).cohort_year == 2024
    assert program.enrollments.exclude(mentee=fellow).count() >= 3


def test_every_sign_in_works_with_the_demo_password(sign_ins):
    for email, _ in sign_ins:
        user = User.objects.get(email=email)
        assert user.is_active
        assert user.check_password(DEMO_PASSWORD), email


def test_every_demo_profile_validates(sign_ins):
    users = User.objects.filter(email__in=[email for email, _ in sign_ins])
    for user in users:
        user.full_clean()  # ORCID check digit, time zone, choices
    assert all(user.orcid for user in users)


def test_running_it_twice_changes_nothing(sign_ins):
    before = row_counts()
    assert load_demo() == sign_ins
    assert row_counts() == before


def test_the_fellow_has_needs_with_a_gap_and_mixed_visibility(fellow):
    needs = {need.name: need for need in Need.objects.filter(mentee=fellow)}
    assert {m.mentor.email for m in needs["Trial design"].covered_by.all()} == {
        "daniel@example.org",
        "priya@example.org",
    }
    assert not needs["Work–life integration"].covered_by.exists()
    assert {n.visibility for n in needs.values()} == {"team", "program", "private"}


def test_the_team_agreement_is_at_version_two_with_its_history(fellow):
    agreement = Agreement.objects.get(mentee=fellow, mentorship=None)
    assert agreement.version == 2
    revisions = list(agreement.revisions.order_by("version"))
    assert [r.version for r in revisions] == [1, 2]
    assert revisions[1].changes["We meet"] == ["Every two weeks", "Weekly"]
    acknowledged = set(
        Acknowledgement.objects.filter(agreement=agreement, version=2).values_list(
            "user__email", flat=True
        )
    )
    parties = {user.email for user in agreement.parties()}
    assert parties - acknowledged == {"lena@example.org"}


def test_insights_come_from_several_mentors_and_two_are_shared(fellow):
    insights = Insight.objects.filter(mentee=fellow)
    assert insights.values("source").distinct().count() >= 3
    assert insights.filter(shared_with_primary_at__isnull=False).count() == 2
    assert MentorNote.objects.filter(author__email="daniel@example.org").count() >= 2


def test_health_shows_what_the_demo_is_meant_to_show(fellow):
    tomas = User.objects.get(email="tomas@example.org")
    health = health_for([fellow, tomas])
    assert health[fellow.pk][0].value == "1 acknowledgement pending"
    assert health[fellow.pk][5].value == "3 of 3 high-priority needs covered"
    assert health[tomas.pk][0].value == "Review overdue"
