"""A program's matching: the directory a mentee searches and asks from, and a director's round
— proposed exactly, explained, reviewed (pin, remove, solve again), then published once."""

from __future__ import annotations

import pytest

from mentorkit.matching.models import MatchRound
from mentorkit.programs.models import Enrollment
from mentorkit.teams.models import Mentorship, MentorshipStatus, Need, Priority
from mentorkit.visibility import Visibility
from tests.conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort(program, mentee_a, mentor_a):
    """Three new scholars without mentors, with needs marked for the program, and three
    mentors of the program (each mentoring mentee_a): a biostatistician with one free slot,
    a trialist with two, and one who is away."""
    people = {}
    for key, discipline, need in [
        ("ines", "Oncology", "Biostatistics"),
        ("omar", "Psychiatry", "Trial design"),
        ("li", "Cardiology", "Biostatistics"),
    ]:
        person = make_user(f"{key}@example.org", name=key.title(), discipline=discipline)
        Enrollment.objects.create(program=program, mentee=person, cohort_year=2026)
        Need.objects.create(
            mentee=person, name=need, priority=Priority.HIGH, visibility=Visibility.PROGRAM
        )
        people[key] = person
    Need.objects.create(mentee=people["li"], name="Grant writing", priority=Priority.LOW)  # team
    for key, discipline, expertise, capacity in [
        ("stats", "Biostatistics", "biostatistics, causal inference", 2),
        ("trials", "Cardiology", "trial design, adaptive designs", 3),
        ("away", "Biostatistics", "biostatistics", 5),
    ]:
        mentor = make_user(
            f"{key}@example.org",
            name=f"Dr. {key.title()}",
            discipline=discipline,
            expertise=expertise,
            mentee_capacity=capacity,
        )
        make_mentorship(mentee_a, mentor)
        people[key] = mentor
    from datetime import timedelta

    from django.utils import timezone

    people["away"].away_until = timezone.localdate() + timedelta(days=30)
    people["away"].save()
    mentor_a.mentee_capacity = 1  # full: mentee_a
    mentor_a.save()
    return people


def start_round(client, program, **data):
    values = {"name": "Spring", "who": "no_mentor", "objective": "max_score", **data}
    return client.post(f"/programs/{program.pk}/rounds/", values)


def test_a_round_proposes_the_best_total_with_its_reasons(client, director, program, cohort):
    client.force_login(director)
    response = start_round(client, program)
    assert response.status_code == 302
    round_ = MatchRound.objects.get()
    pairs = {(e, m) for e, m, _ in round_.result["pairs"]}
    stats, trials = cohort["stats"].pk, cohort["trials"].pk
    # Ines and Li both need biostatistics; the statistician has one free slot left.
    assert (cohort["omar"].pk, trials) in pairs
    assert sum(1 for e, m in pairs if m == stats) == 1
    assert round_.result["optimal"] is True
    page = client.get(response["Location"]).content.decode()
    assert "covers Biostatistics (high priority) +0.40" in page
    assert "another discipline +0.10" in page
    assert "Grant writing" not in page  # marked for the team, not the program
    assert "Dr. Away" not in page  # away: not a candidate
    assert "proven optimal" in page
    assert not Mentorship.objects.filter(status=MentorshipStatus.INVITED).exists()


def test_the_director_removes_a_pair_and_pins_another_then_publishes_once(
    client, director, program, cohort, django_capture_on_commit_callbacks, mailoutbox
):
    client.force_login(director)
    start_round(client, program)
    round_ = MatchRound.objects.get()
    ines, stats = cohort["ines"].pk, cohort["stats"].pk
    url = f"/programs/{program.pk}/rounds/{round_.pk}/"
    client.post(url + "pair/", {"mentee": ines, "mentor": stats, "do": "pin"})
    round_.refresh_from_db()
    assert [ines, stats] in [p[:2] for p in round_.result["pairs"]]
    client.post(url + "pair/", {"mentee": ines, "mentor": stats, "do": "forbid"})
    round_.refresh_from_db()
    assert [ines, stats] not in [p[:2] for p in round_.result["pairs"]]
    assert round_.inputs["forbidden"] == [[ines, stats]] and round_.inputs["pinned"] == []
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url + "publish/").status_code == 302
    round_.refresh_from_db()
    assert round_.status == "published" and len(round_.published) == len(round_.result["pairs"])
    invited = Mentorship.objects.filter(status=MentorshipStatus.INVITED)
    assert invited.count() == len(round_.result["pairs"])
    assert len(mailoutbox) == invited.count()
    since = client.get(url).content.decode()
    assert "How these matches went" in since and "Invited" in since
    client.post(url + "publish/")  # again: nobody is invited twice
    assert Mentorship.objects.filter(status=MentorshipStatus.INVITED).count() == invited.count()
    refused = client.post(url + "pair/", {"mentee": ines, "mentor": stats, "do": "pin"})
    assert refused.status_code == 302
    round_.refresh_from_db()
    assert round_.inputs["pinned"] == []  # a published round does not change


def test_a_pair_that_is_not_a_candidate_cannot_be_pinned(client, director, program, cohort):
    client.force_login(director)
    start_round(client, program)
    round_ = MatchRound.objects.get()
    url = f"/programs/{program.pk}/rounds/{round_.pk}/pair/"
    response = client.post(
        url, {"mentee": cohort["ines"].pk, "mentor": cohort["away"].pk, "do": "pin"}, follow=True
    )
    assert "That pair is not a candidate of this round." in response.content.decode()


def test_a_round_with_nobody_in_its_group_is_refused(client, director, program, cohort):
    client.force_login(director)
    response = start_round(client, program, who="cohort", cohort="2001")
    assert response.status_code == 400
    assert "No mentee is in that group now" in response.content.decode()
    assert start_round(client, program, who="cohort").status_code == 400  # no year given
    assert not MatchRound.objects.exists()


def test_rounds_are_for_the_programs_directors_only(client, program, cohort, mentee_a):
    coordinator = make_user("coord@example.org")
    program.administrators.add(coordinator)
    for person in (coordinator, mentee_a, cohort["stats"]):
        client.force_login(person)
        assert client.get(f"/programs/{program.pk}/rounds/").status_code == 404


def test_a_mentee_searches_the_directory_by_need_and_asks_a_mentor(client, program, cohort):
    ines = cohort["ines"]
    client.force_login(ines)
    page = client.get(f"/programs/{program.pk}/directory/").content.decode()
    assert "search “Biostatistics”" in page
    found = client.get(f"/programs/{program.pk}/directory/?q=biostatistics").content.decode()
    assert "Dr. Stats" in found and "Dr. Trials" not in found
    assert "covers Biostatistics (high priority) +0.40" in found
    assert "Away until" in found  # listed, but no request possible
    response = client.post(
        f"/programs/{program.pk}/directory/{cohort['stats'].pk}/request/", {"role": "methods"}
    )
    assert response.status_code == 302
    asked = Mentorship.objects.get(mentee=ines, invited_email="stats@example.org")
    assert asked.status == MentorshipStatus.INVITED and asked.role == "methods"


def test_a_mentor_with_no_free_slot_or_away_cannot_be_asked(client, program, cohort, mentor_a):
    client.force_login(cohort["ines"])
    for mentor in (cohort["away"], mentor_a):
        response = client.post(
            f"/programs/{program.pk}/directory/{mentor.pk}/request/",
            {"role": "research"},
            follow=True,
        )
        assert "takes no new mentees now" in response.content.decode()
    assert not Mentorship.objects.filter(mentee=cohort["ines"]).exists()


def test_the_directory_is_for_the_programs_mentees_and_those_who_run_it(
    client, program, cohort, mentee_b, director
):
    client.force_login(mentee_b)
    assert client.get(f"/programs/{program.pk}/directory/").status_code == 404
    response = client.post(
        f"/programs/{program.pk}/directory/{cohort['stats'].pk}/request/", {"role": "research"}
    )
    assert response.status_code == 404
    client.force_login(director)
    assert client.get(f"/programs/{program.pk}/directory/").status_code == 200


def test_a_director_sets_the_programs_weights_and_new_rounds_use_them(
    client, director, program, cohort
):
    client.force_login(director)
    weights = {
        "step": "weights",
        "high_need": "0.9",
        "medium_need": "0.2",
        "low_need": "0.1",
        "other_discipline": "0",
        "per_free_slot": "0",
        "free_slots_counted": "3",
        "first_choice": "0",
    }
    refused = client.post(f"/programs/{program.pk}/rounds/", {**weights, "high_need": "2"})
    assert refused.status_code == 400
    assert "less than or equal to 1" in refused.content.decode()
    program.refresh_from_db()
    assert program.match_weights == {}
    assert client.post(f"/programs/{program.pk}/rounds/", weights).status_code == 302
    page = client.get(f"/programs/{program.pk}/rounds/").content.decode()
    assert "covers a high-priority need +0.90" in page
    start_round(client, program)
    round_ = MatchRound.objects.get()
    ines = {tuple(p[:2]): p[2] for p in round_.result["pairs"]}
    assert round_.weights["high_need"] == 0.9
    scores = {c["score"] for c in round_.inputs["candidates"] if c["mentee"] == cohort["ines"].pk}
    assert 0.9 in scores and ines  # the statistician covers her need: 0.9, nothing else counts
