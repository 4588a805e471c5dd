"""A program's mentors before they mentor anyone in it: invited or imported to mentor, they
join its mentor pool, so its directory, its matching and its training list include them."""

from __future__ import annotations

import pytest

from mentorkit.programs import actions
from mentorkit.programs.models import Enrollment, ProgramInvitation
from tests.conftest import make_user

pytestmark = pytest.mark.django_db


def upload(client, program, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/programs/{program.pk}/import/", {"file": SimpleUploadedFile("people.csv", content)}
    )


def test_a_file_invites_mentees_and_mentors_and_mentors_join_the_pool(
    client, director, program, django_capture_on_commit_callbacks, mailoutbox
):
    make_user("known.mentor@example.org", name="Dr. Known", expertise="biostatistics")
    content = (
        b"email,name,joins_as\n"
        b"new.scholar@example.org,New Scholar,\n"
        b"known.mentor@example.org,Dr. Known,mentor\n"
        b"new.mentor@example.org,Dr. New,Mentor\n"
        b"odd@example.org,Odd,sponsor\n"
    )
    client.force_login(director)
    page = upload(client, program, content).content.decode()
    assert "joins_as “sponsor” is neither mentee nor mentor" in page
    assert page.count("<td>mentor</td>") == 2 and page.count("<td>mentee</td>") == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/programs/{program.pk}/import/", {"step": "confirm"})
    invited = {i.invited_email: i.as_mentor for i in ProgramInvitation.objects.all()}
    assert invited == {
        "new.scholar@example.org": False,
        "known.mentor@example.org": True,
        "new.mentor@example.org": True,
    }
    to_mentor = next(m for m in mailoutbox if m.to == ["known.mentor@example.org"])
    assert "invites you to mentor in Clinical Scholars K12" in to_mentor.body


def test_accepting_to_mentor_adds_to_the_pool_not_the_roster(client, director, program):
    mentor = make_user("pool@example.org", name="Dr. Pool", expertise="trial design")
    invitation, url = actions.invite_mentee(
        program,
        director,
        invited_email=mentor.email,
        invited_name=mentor.name,
        cohort_year=2026,
        as_mentor=True,
    )
    client.force_login(mentor)
    path = url.removeprefix("http://testserver")
    assert "invites you to mentor in" in client.get(path).content.decode()
    assert client.post(path, {"answer": "accept"}).status_code == 302
    assert program.mentor_pool.filter(pk=mentor.pk).exists()
    assert not Enrollment.objects.filter(mentee=mentor).exists()
    client.force_login(director)
    mentors = client.get(f"/programs/{program.pk}/mentors/").content.decode()
    assert "Dr. Pool" in mentors
    with pytest.raises(actions.ActionError, match="already one of the mentors"):
        actions.invite_mentee(
            program,
            director,
            invited_email=mentor.email,
            invited_name="",
            cohort_year=2026,
            as_mentor=True,
        )


def test_a_pool_mentor_is_found_in_the_directory_and_proposed_by_a_round(client, director, program):
    from mentorkit.matching.models import MatchRound
    from mentorkit.teams.models import Need, Priority
    from mentorkit.visibility import Visibility

    mentor = make_user("pool@example.org", name="Dr. Pool", expertise="trial design")
    program.mentor_pool.add(mentor)
    scholar = make_user("ines@example.org", name="Ines")
    Enrollment.objects.create(program=program, mentee=scholar, cohort_year=2026)
    Need.objects.create(
        mentee=scholar, name="Trial design", priority=Priority.HIGH, visibility=Visibility.PROGRAM
    )
    client.force_login(scholar)
    found = client.get(f"/programs/{program.pk}/directory/?q=trial+design").content.decode()
    assert "Dr. Pool" in found and "covers Trial design (high priority)" in found
    client.force_login(director)
    client.post(
        f"/programs/{program.pk}/rounds/",
        {"name": "R", "who": "no_mentor", "objective": "max_score"},
    )
    pairs = MatchRound.objects.get().result["pairs"]
    assert [scholar.pk, mentor.pk] in [p[:2] for p in pairs]


def test_a_mentor_takes_only_so_many_of_a_programs_mentees(client, director, program, mentor_a):
    """mentor_a mentors mentee_a, of the program: with room for one in the program, they are
    full there — the directory cannot ask them, matching does not propose them — though their
    profile leaves room overall."""
    from mentorkit.matching import scores
    from mentorkit.programs.mentors import mentors_of

    mentor_a.mentee_capacity = 5
    mentor_a.save()
    client.force_login(mentor_a)
    mine = client.get("/mentoring/").content.decode()
    assert f"/programs/{program.pk}/my-capacity/" in mine and "no limit of its own" in mine
    refused = client.post(f"/programs/{program.pk}/my-capacity/", {"capacity": "0"})
    assert refused.status_code == 400
    assert "You mentor 1 of its mentees now" in refused.content.decode()
    assert client.post(f"/programs/{program.pk}/my-capacity/", {"capacity": "1"}).status_code == 302
    assert "up to 1 of its mentees" in client.get("/mentoring/").content.decode()
    facts = scores.mentor_facts(mentors_of(program), program)
    assert facts[mentor_a.pk].free == 0
    client.force_login(director)
    row = client.get(f"/programs/{program.pk}/mentors/").content.decode()
    assert "1 of 1 in this program" in row and "full here" in row
    client.force_login(mentor_a)
    client.post(f"/programs/{program.pk}/my-capacity/", {"capacity": ""})
    assert scores.mentor_facts(mentors_of(program), program)[mentor_a.pk].free == 4


def test_only_a_mentor_of_the_program_sets_a_capacity_in_it(client, program, mentee_b):
    client.force_login(mentee_b)
    assert client.get(f"/programs/{program.pk}/my-capacity/").status_code == 404
