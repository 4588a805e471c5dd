"""What a director asks of a round beyond the best total: mentors by role, a limit per
department, the stable objective with the mentors' choices, and conflicts of interest."""

from __future__ import annotations

from collections import Counter

import pytest

from mentorkit.matching.models import MatchRound
from mentorkit.teams.models import Mentorship, MentorshipStatus
from tests.matching.test_rounds import start_round

pytestmark = pytest.mark.django_db


def _roles(people, **taken):
    for key, roles in taken.items():
        people[key].mentor_roles = roles
        people[key].save(update_fields=["mentor_roles"])


def test_each_mentee_gets_a_methods_and_a_clinical_mentor_each_filling_its_role(
    client, director, program, cohort, django_capture_on_commit_callbacks
):
    _roles(cohort, stats=["methods"], trials=["clinical", "research"])
    cohort["stats"].mentee_capacity, cohort["trials"].mentee_capacity = 5, 5
    for key in ("stats", "trials"):
        cohort[key].save(update_fields=["mentee_capacity"])
    client.force_login(director)
    response = start_round(client, program, roles=["methods", "clinical"])
    assert response.status_code == 302
    round_ = MatchRound.objects.get()
    roles = round_.result["roles"]
    stats, trials = cohort["stats"].pk, cohort["trials"].pk
    for key in ("ines", "omar", "li"):
        mentee = cohort[key].pk
        assert roles.get(f"{mentee}:{stats}") == "methods"
        assert roles.get(f"{mentee}:{trials}") == "clinical"
    assert "mixed-integer" in round_.result["solver"] and round_.result["optimal"]
    page = client.get(response["Location"]).content.decode()
    assert "as Methods / statistics" in page and "as Clinical" in page
    assert "one mentor per role for each mentee (Methods / statistics, Clinical)" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(response["Location"] + "publish/")
    invited = Mentorship.objects.filter(
        status=MentorshipStatus.INVITED, invited_email=cohort["stats"].email
    )
    assert set(invited.values_list("role", flat=True)) == {"methods"}


def test_a_mentor_who_takes_neither_role_is_not_proposed(client, director, program, cohort):
    _roles(cohort, stats=["career"], trials=["clinical"])
    client.force_login(director)
    start_round(client, program, roles=["methods"])
    round_ = MatchRound.objects.get()
    assert round_.result["pairs"] == []
    assert len(round_.result["unmatched"]) == 3


def test_no_more_than_half_of_the_pairs_with_mentors_of_one_department(
    client, director, program, cohort
):
    for key, department in (("stats", "Medicine"), ("trials", "Medicine")):
        cohort[key].department = department
        cohort[key].mentee_capacity = 5
        cohort[key].save(update_fields=["department", "mentee_capacity"])
    client.force_login(director)
    start_round(client, program)
    assert len(MatchRound.objects.get().result["pairs"]) == 3  # without a limit
    start_round(client, program, division_share=0.5, name="Half")
    limited = MatchRound.objects.get(name="Half")
    assert limited.inputs["group_limits"] == {"Medicine": 1}  # half of 3, rounded down
    departments = Counter("Medicine" for _e, _m, _s in limited.result["pairs"])
    assert departments["Medicine"] == 1
    page = client.get(limited.get_absolute_url()).content.decode()
    assert "no more than half of the pairs with mentors of one department" in page


def test_the_supervisor_recorded_on_the_enrollment_is_never_proposed(
    client, director, program, cohort
):
    client.force_login(director)
    enrollment = program.enrollments.get(mentee=cohort["ines"])
    page = client.get(f"/programs/{program.pk}/mentees/{cohort['ines'].pk}/")
    assert "Supervisor and reporting line" in page.content.decode()
    saved = client.post(
        f"/programs/{program.pk}/mentees/{cohort['ines'].pk}/",
        {"status": "active", "track": "", "ended_on": "", "reporting_line": [cohort["stats"].pk]},
    )
    assert saved.status_code == 302
    assert list(enrollment.reporting_line.all()) == [cohort["stats"]]
    start_round(client, program)
    round_ = MatchRound.objects.get()
    ines, stats = cohort["ines"].pk, cohort["stats"].pk
    assert not any(
        c["mentee"] == ines and c["mentor"] == stats for c in round_.inputs["candidates"]
    )
    assert [ines, stats, "supervisor or reporting line"] in round_.inputs["excluded"]
    page = client.get(round_.get_absolute_url()).content.decode()
    assert "Never proposed: supervisor or reporting line" in page
    assert "Ines with Dr. Stats" in page


def test_a_stable_round_reads_the_mentors_choices_and_reports_what_a_pin_breaks(
    client, director, program, cohort
):
    client.force_login(director)
    start_round(client, program, objective="stable")
    round_ = MatchRound.objects.get()
    assert round_.result["blocking"] == [] and round_.result["optimal"] is True
    assert "deferred acceptance" in round_.result["solver"]
    ines, li, stats = cohort["ines"].pk, cohort["li"].pk, cohort["stats"].pk
    url = round_.get_absolute_url()
    # The statistician (one free slot) would rather have Li; Ines and Li both want her most.
    client.post(url + "prefer/", {"mentor": stats, "first": li, "second": ines})
    round_.refresh_from_db()
    assert round_.inputs["mentor_choices"] == {str(stats): [li, ines]}
    assert [li, stats] in [p[:2] for p in round_.result["pairs"]]
    page = client.get(url).content.decode()
    assert "Mentors' preferences" in page and "1. Li, 2. Ines" in page
    # The director pins Ines to her instead: Li and the statistician now block it.
    client.post(url + "pair/", {"mentee": ines, "mentor": stats, "do": "pin"})
    round_.refresh_from_db()
    assert round_.result["blocking"] == [[li, stats]]
    assert round_.result["optimal"] is False
    page = client.get(url).content.decode()
    assert "Not stable: 1 pair would rather be together" in page


def test_a_mentors_choice_of_someone_outside_the_round_is_refused(
    client, director, program, cohort, mentee_b
):
    client.force_login(director)
    start_round(client, program, objective="stable")
    round_ = MatchRound.objects.get()
    response = client.post(
        round_.get_absolute_url() + "prefer/", {"mentor": cohort["stats"].pk, "first": mentee_b.pk}
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert round_.inputs["mentor_choices"] == {}
    followed = client.get(response["Location"]).content.decode()
    assert "is not a candidate of that mentor in this round" in followed


def test_the_stable_objective_with_roles_is_refused_on_the_form(client, director, program, cohort):
    client.force_login(director)
    response = start_round(client, program, objective="stable", roles=["methods"])
    assert response.status_code == 400
    assert "The stable objective does not ask for roles." in response.content.decode()
    assert not MatchRound.objects.exists()


def test_the_api_asks_for_roles_and_limits_and_records_a_mentors_choices(
    client, director, program, cohort
):
    from tests.matching.test_api import bearer

    _roles(cohort, stats=["methods"], trials=["methods"])
    for key, department in (("stats", "Medicine"), ("trials", "Surgery")):
        cohort[key].department = department
        cohort[key].save(update_fields=["department"])
    headers = {"headers": bearer(director)}
    created = client.post(
        f"/api/v1/programs/{program.pk}/rounds",
        {"name": "API", "who": "no_mentor", "roles": ["methods"], "division_share": 0.5},
        content_type="application/json",
        **headers,
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert {p["role"] for p in body["pairs"]} == {"methods"}
    assert body["inputs"]["group_limits"] == {"Medicine": 1, "Surgery": 1}
    assert body["blocking"] == []
    refused = client.post(
        f"/api/v1/programs/{program.pk}/rounds/{body['id']}/preferences",
        {"mentor": cohort["away"].pk, "mentees": [cohort["ines"].pk]},
        content_type="application/json",
        **headers,
    )
    assert refused.status_code == 400
    assert refused.json()["detail"] == "That mentor is not in this round."
    wrong = client.post(
        f"/api/v1/programs/{program.pk}/rounds",
        {"name": "API", "who": "no_mentor", "roles": ["surgeon"]},
        content_type="application/json",
        **headers,
    )
    assert wrong.status_code == 422


def test_a_mentor_says_which_roles_they_take_on_the_profile_and_through_the_api(client, mentor_a):
    from tests.matching.test_api import bearer
    from tests.test_accounts import PROFILE

    client.force_login(mentor_a)
    saved = client.post(
        "/profile/",
        {**PROFILE, "mentor_roles": ["clinical", "methods"], "in_institution_directory": "on"},
    )
    assert saved.status_code == 302
    mentor_a.refresh_from_db()
    assert mentor_a.mentor_roles == ["clinical", "methods"]
    assert mentor_a.in_institution_directory is True
    refused = client.post("/profile/", {**PROFILE, "mentor_roles": ["surgeon"]})
    assert (
        refused.status_code == 200
        and "not one of the available choices" in refused.content.decode()
    )
    headers = bearer(mentor_a)
    changed = client.patch(
        "/api/v1/me/capacity",
        {"mentor_roles": ["career", "methods", "career"]},
        content_type="application/json",
        headers=headers,
    )
    assert changed.status_code == 200
    assert changed.json()["mentor_roles"] == ["methods", "career"]  # the profile's order, once
    wrong = client.patch(
        "/api/v1/me/capacity",
        {"mentor_roles": ["surgeon"]},
        content_type="application/json",
        headers=headers,
    )
    assert wrong.status_code == 422 and "'surgeon' is not one of" in wrong.json()["detail"]
