"""Relationship health on the home pages: the framework and the indicators for practices 1 and 6."""

import pytest

from mentorkit.health import PRACTICES, health_for
from mentorkit.teams.models import Mentorship, Need, Priority, Role

from .conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db


def practice_6(mentee):
    return health_for([mentee])[mentee.pk][5]


def test_the_mentee_home_shows_one_indicator_per_practice_each_linking_to_where_it_improves(
    client, mentee_a, mentor_a
):
    client.force_login(mentee_a)
    page = client.get("/").content.decode()
    for number, title in PRACTICES.items():
        assert f"{number}. {title}" in page
    assert 'href="/team/"' in page and ('href="/agreements/"' in page)


def test_practice_6_counts_high_priority_needs_covered_by_active_mentors(
    mentee_a, mentor_a, former_mentor
):
    active = Mentorship.objects.get(mentor=mentor_a)
    ended = Mentorship.objects.get(mentor=former_mentor)
    covered = Need.objects.create(mentee=mentee_a, name="Biostatistics", priority=Priority.HIGH)
    covered.covered_by.add(active)
    only_former = Need.objects.create(mentee=mentee_a, name="Grant writing", priority=Priority.HIGH)
    only_former.covered_by.add(ended)
    Need.objects.create(mentee=mentee_a, name="Teaching", priority=Priority.LOW)
    indicator = practice_6(mentee_a)
    assert indicator.value == "1 of 2 high-priority needs covered"
    assert indicator.detail == "1 discipline on the team."
    assert indicator.state == "attention"


def test_practice_6_is_good_when_every_high_need_is_covered_by_a_team_of_several_disciplines(
    mentee_a, mentor_a
):
    clinician = make_user("clinician@example.org", discipline="Cardiology")
    clinical = make_mentorship(mentee_a, clinician, role=Role.CLINICAL)
    need = Need.objects.create(mentee=mentee_a, name="Trial design", priority=Priority.HIGH)
    need.covered_by.add(clinical)
    indicator = practice_6(mentee_a)
    assert indicator.value == "1 of 1 high-priority needs covered"
    assert indicator.detail == "2 disciplines on the team."
    assert indicator.state == "good"


def test_every_practice_is_computed_from_the_data_and_links_where_it_improves(mentee_a):
    indicators = health_for([mentee_a])[mentee_a.pk]
    assert [i.practice for i in indicators] == [1, 2, 3, 4, 5, 6, 7]
    assert all(i.state != "not-tracked" and i.url for i in indicators)


def test_the_mentors_home_lists_their_mentees_with_the_same_indicators(
    client, mentee_a, mentor_a, mentee_b
):
    make_mentorship(mentee_b, mentor_a, role=Role.METHODS)
    client.force_login(mentor_a)
    page = client.get("/").content.decode()
    assert "Your mentees" in page
    assert mentee_a.display_name in page and mentee_b.display_name in page
    assert page.count("No high-priority needs shared") == 2


def test_private_needs_do_not_show_in_the_indicator_even_as_a_number(mentee_a, mentor_a):
    Need.objects.create(
        mentee=mentee_a, name="Burnout", priority=Priority.HIGH, visibility="private"
    )
    assert practice_6(mentee_a).value == "No high-priority needs shared"
    Need.objects.create(
        mentee=mentee_a, name="Grant writing", priority=Priority.HIGH, visibility="program"
    )
    assert practice_6(mentee_a).value == "0 of 1 high-priority needs covered"
