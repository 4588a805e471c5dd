"""A mentee ranks up to three mentors of the directory; matching counts each choice in the
pair's score, with its reason, and the mentors are told nothing."""

from __future__ import annotations

import pytest

from mentorkit.matching.models import MatchPreference, MatchRound

from .test_rounds import cohort  # noqa: F401 (the world of the round tests)

pytestmark = pytest.mark.django_db


def prefer(client, program, mentor, rank):
    return client.post(f"/programs/{program.pk}/directory/{mentor.pk}/prefer/", {"rank": str(rank)})


def test_a_mentee_ranks_mentors_and_a_rank_moves(client, program, cohort):  # noqa: F811
    ines = cohort["ines"]
    client.force_login(ines)
    assert prefer(client, program, cohort["trials"], 1).status_code == 302
    prefer(client, program, cohort["stats"], 2)
    page = client.get(f"/programs/{program.pk}/directory/").content.decode()
    assert "1. Dr. Trials · 2. Dr. Stats" in page
    assert "the mentee&#x27;s 1st choice +0.15" in page
    prefer(client, program, cohort["stats"], 1)  # the 1st choice moves to the statistician
    ranks = dict(MatchPreference.objects.filter(mentee=ines).values_list("mentor__name", "rank"))
    assert ranks == {"Dr. Stats": 1}
    prefer(client, program, cohort["stats"], 0)
    assert not MatchPreference.objects.filter(mentee=ines).exists()
    refused = prefer(client, program, cohort["stats"], 4)
    assert refused.status_code == 302 and not MatchPreference.objects.exists()


def test_a_round_counts_the_choice_with_its_reason(client, director, program, cohort):  # noqa: F811
    omar = cohort["omar"]
    client.force_login(omar)
    prefer(client, program, cohort["trials"], 2)
    client.force_login(director)
    client.post(
        f"/programs/{program.pk}/rounds/",
        {"name": "R", "who": "no_mentor", "objective": "max_score"},
    )
    round_ = MatchRound.objects.get()
    candidate = next(
        c
        for c in round_.inputs["candidates"]
        if c["mentee"] == omar.pk and c["mentor"] == cohort["trials"].pk
    )
    assert ["the mentee's 2nd choice", 0.1] in candidate["criteria"]


def test_only_the_programs_mentees_rank(client, program, cohort, mentee_b, director):  # noqa: F811
    for person in (mentee_b, director):
        client.force_login(person)
        assert prefer(client, program, cohort["stats"], 1).status_code == 404
    assert not MatchPreference.objects.exists()
