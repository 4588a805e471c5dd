"""Bulk in, mentorships: a file names a mentor for each enrolled mentee (by e-mail or ORCID
iD); the preview says what will happen row by row; confirming invites each mentor once."""

from __future__ import annotations

import pytest

from mentorkit.programs.models import Enrollment
from mentorkit.teams.models import Mentorship, MentorshipStatus
from tests.conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db


def upload(client, program, content: bytes, name="mentors.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/programs/{program.pk}/import/", {"file": SimpleUploadedFile(name, content)}
    )


@pytest.fixture
def cohort(program, mentee_a, mentor_a):
    """mentee_a (enrolled, with mentor_a) and Ines (enrolled, no mentor); Omar is not enrolled;
    Dr. Lee has an account with an ORCID iD."""
    ines = make_user("ines@example.org", name="Ines Duarte")
    Enrollment.objects.create(program=program, mentee=ines, cohort_year=2026)
    make_user("omar@example.org", name="Omar Said")
    make_user("lee@example.org", name="Dr. Lee", orcid="0000-0002-1825-0097")
    return {"ines": ines}


def test_a_director_previews_mentorships_then_invites_each_mentor_once(
    client,
    director,
    program,
    mentee_a,
    mentor_a,
    cohort,
    django_capture_on_commit_callbacks,
    mailoutbox,
):
    content = (
        "Mentee,Mentor,Mentor name,Role\n"
        "ines@example.org,https://orcid.org/0000-0002-1825-0097,,Methods / statistics\n"
        f"ines@example.org,new.mentor@example.org,Dr. New,career\n"
        f"{mentee_a.email},{mentor_a.email},,research\n"
        "omar@example.org,lee@example.org,,\n"
        "ines@example.org,0000-0001-0000-0000,,\n"
        "ines@example.org,new.mentor@example.org,,\n"
        "ines@example.org,ines@example.org,,\n"
        "ines@example.org,someone@example.org,,astronaut\n"
    ).encode()
    client.force_login(director)
    page = upload(client, program, content).content.decode()
    assert "<strong>2</strong> mentors to invite onto mentees' teams" in page
    assert "Methods / statistics" in page
    assert f"Row 4 ({mentor_a.email}): already on the mentee&#x27;s team or invited." in page
    assert "Row 5 (omar@example.org): the mentee is not enrolled in the program." in page
    assert "no account has the ORCID iD 0000-0001-0000-0000" in page
    assert "Row 7 (ines@example.org): the same pair as row 3." in page
    assert "a mentee cannot be their own mentor" in page
    assert "role “astronaut” is not one of" in page
    assert not Mentorship.objects.filter(mentee=cohort["ines"]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/programs/{program.pk}/import/", {"step": "confirm"})
    assert response.status_code == 302
    invited = {
        m.invited_email: m
        for m in Mentorship.objects.filter(mentee=cohort["ines"], status=MentorshipStatus.INVITED)
    }
    assert set(invited) == {"lee@example.org", "new.mentor@example.org"}
    assert invited["lee@example.org"].role == "methods"
    assert (
        invited["new.mentor@example.org"].role,
        invited["new.mentor@example.org"].invited_name,
    ) == (
        "career",
        "Dr. New",
    )
    assert sorted(m.to[0] for m in mailoutbox) == ["lee@example.org", "new.mentor@example.org"]
    assert "Invited 2 mentors." in client.get(f"/programs/{program.pk}/").content.decode()
    client.post(f"/programs/{program.pk}/import/", {"step": "confirm"})
    assert Mentorship.objects.filter(mentee=cohort["ines"]).count() == 2


def test_a_mentee_who_left_before_confirming_imports_nothing(client, director, program, cohort):
    client.force_login(director)
    content = b"mentee,mentor\nines@example.org,a@example.org\nines@example.org,b@example.org\n"
    upload(client, program, content)
    Enrollment.objects.filter(mentee=cohort["ines"]).delete()
    response = client.post(f"/programs/{program.pk}/import/", {"step": "confirm"}, follow=True)
    assert "Nothing was imported: Ines Duarte is no longer enrolled." in response.content.decode()
    assert not Mentorship.objects.filter(mentee=cohort["ines"]).exists()


def test_a_file_of_mentorships_without_a_mentor_column_is_refused(client, director, program):
    client.force_login(director)
    response = upload(client, program, b"mentee,name\nines@example.org,Ines\n")
    assert response.status_code == 400
    assert "A file of mentorships needs a “mentor” column" in response.content.decode()


def test_the_command_line_imports_mentorships(program, director, cohort, tmp_path):
    from typer.testing import CliRunner

    from mentorkit.cli import app

    path = tmp_path / "mentors.xlsx"
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["mentee", "mentor", "role"])
    book.active.append(["ines@example.org", "lee@example.org", "Clinical"])
    book.save(path)
    runner = CliRunner()
    args = ["program", "import", str(path), "--program", str(program.pk), "--by", director.email]
    preview = runner.invoke(app, args)
    assert preview.exit_code == 0, preview.output
    assert "1 to invite (1 with an account)" in preview.output
    assert not Mentorship.objects.filter(mentee=cohort["ines"]).exists()
    done = runner.invoke(app, [*args, "--confirm"])
    assert done.exit_code == 0 and "Invited 1 mentor(s) onto mentees' teams" in done.output
    assert Mentorship.objects.get(mentee=cohort["ines"]).role == "clinical"


def test_an_existing_mentor_of_the_program_is_matched_by_account(client, director, program, cohort):
    make_mentorship(make_user("other@example.org"), make_user("busy@example.org"))
    client.force_login(director)
    page = upload(client, program, b"mentee,mentor\nines@example.org,busy@example.org\n")
    assert "has an account" in page.content.decode()
