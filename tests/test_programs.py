"""Programs: directors invite mentees and see what was marked for the program, and the health."""

import re

import pytest

from mentorkit.programs.models import Enrollment, ProgramInvitation
from mentorkit.teams.models import Need

from .conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db


def test_the_director_sees_program_marked_records_and_health_but_not_private_ones(
    client, director, program, mentee_a, mentor_a
):
    Need.objects.create(mentee=mentee_a, name="Grant writing", visibility="program")
    Need.objects.create(mentee=mentee_a, name="Clinic burnout", visibility="private")
    Need.objects.create(mentee=mentee_a, name="Trial design", visibility="team")
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert mentee_a.display_name in page
    assert "Grant writing" in page
    assert "Clinic burnout" not in page and "Trial design" not in page
    assert "1. Communicate openly" in page and "6. A team of mentors" in page


def test_the_directors_home_links_to_their_programs(client, director, program):
    client.force_login(director)
    home = client.get("/").content.decode()
    assert f"/programs/{program.pk}/" in home
    assert (
        "Relationship health" not in home
    )  # a director is not shown a mentee's dashboard of their own


def test_a_director_invites_a_mentee_who_signs_up_and_is_enrolled(
    client, director, program, django_capture_on_commit_callbacks
):
    client.force_login(director)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/programs/{program.pk}/",
            {
                "invited_name": "Tomás Silva",
                "invited_email": "tomas@example.org",
                "cohort_year": 2026,
            },
        )
    assert response.status_code == 302
    invitation = ProgramInvitation.objects.get()
    from django.core import mail

    url = next(
        line for line in mail.outbox[0].body.splitlines() if "/invitations/program/" in line
    ).strip()
    client.logout()
    client.get(url.removeprefix("http://testserver"))
    client.post(
        "/accounts/signup/",
        {
            "name": "Tomás Silva",
            "email": "tomas@example.org",
            "password1": "a long passphrase 42",
            "password2": "a long passphrase 42",
        },
    )
    response = client.post(url.removeprefix("http://testserver"), {"answer": "accept"})
    assert response.status_code == 302
    enrollment = Enrollment.objects.get(program=program, mentee__email="tomas@example.org")
    assert enrollment.cohort_year == 2026
    invitation.refresh_from_db()
    assert invitation.invitation_used_at is not None


def test_inviting_an_enrolled_mentee_again_is_refused(client, director, program, mentee_a):
    client.force_login(director)
    response = client.post(
        f"/programs/{program.pk}/",
        {"invited_name": "", "invited_email": mentee_a.email, "cohort_year": 2026},
    )
    assert "already enrolled" in response.content.decode()
    assert not ProgramInvitation.objects.exists()


def test_a_bad_cohort_year_is_refused(client, director, program):
    client.force_login(director)
    response = client.post(
        f"/programs/{program.pk}/",
        {"invited_name": "", "invited_email": "x@example.org", "cohort_year": 1066},
    )
    assert "Enter the year the cohort started" in response.content.decode()
    assert not ProgramInvitation.objects.exists()


def test_someone_who_does_not_direct_the_program_gets_404(client, program, mentee_a, mentor_a):
    other_director = make_user("other.director@example.org")
    for user in (other_director, mentee_a, mentor_a):
        client.force_login(user)
        assert client.get(f"/programs/{program.pk}/").status_code == 404


# A large program: its dashboard shows a page of mentees at a time.


@pytest.fixture
def scholars(program):
    """Sixty scholars besides mentee_a (if enrolled), Scholar 01 to Scholar 60, cohort 2030."""
    scholars = [
        make_user(f"scholar{i:02}@example.org", name=f"Scholar {i:02}") for i in range(1, 61)
    ]
    Enrollment.objects.bulk_create(
        Enrollment(program=program, mentee=scholar, cohort_year=2030) for scholar in scholars
    )
    return scholars


def listed(page: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', page)


def test_a_large_program_lists_fifty_mentees_a_page_newest_cohort_first(
    client, director, program, scholars
):
    client.force_login(director)
    total = program.enrollments.count()
    first = client.get(f"/programs/{program.pk}/").content.decode()
    assert f"Mentees ({total})" in first
    assert listed(first) == [f"Scholar {i:02}" for i in range(1, 51)]
    assert f"Mentees 1–50 of {total}" in first
    assert 'aria-label="Pages of mentees"' in first
    assert '<a href="?page=1" aria-current="page">1</a>' in first
    assert '<a href="?page=2" rel="next">Next</a>' in first


def test_the_next_page_lists_the_rest_and_links_back(client, director, program, scholars):
    client.force_login(director)
    total = program.enrollments.count()
    second = client.get(f"/programs/{program.pk}/?page=2").content.decode()
    names = listed(second)
    assert names[:10] == [f"Scholar {i:02}" for i in range(51, 61)]
    assert len(names) == total - 50
    assert f"Mentees 51–{total} of {total}" in second
    assert '<a href="?page=1" rel="prev">Previous</a>' in second
    assert 'rel="next"' not in second


def test_a_page_past_the_last_or_not_a_number_is_not_found(client, director, program, scholars):
    client.force_login(director)
    for page in ("3", "0", "-1", "two", ""):
        assert client.get(f"/programs/{program.pk}/?page={page}").status_code == 404, page


def test_a_small_program_shows_no_page_links(client, director, program, mentee_a):
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert mentee_a.display_name in page
    assert "Pages of mentees" not in page


# The roster: who needs a check-in first, and why; filters; one mentee as the program sees them.


@pytest.fixture
def roster(program, mentee_a):
    """mentee_a (with a mentor, cohort of the fixture) and three more scholars."""
    from datetime import date

    from mentorkit.teams.models import Agreement

    people = {
        key: make_user(f"{key}@example.org", name=name)
        for key, name in [("ines", "Ines Duarte"), ("omar", "Omar Said"), ("li", "Li Wei")]
    }
    Enrollment.objects.create(program=program, mentee=people["ines"], cohort_year=2024)
    Enrollment.objects.create(
        program=program, mentee=people["omar"], cohort_year=2025, track="faculty"
    )
    Enrollment.objects.create(
        program=program, mentee=people["li"], cohort_year=2023, status="on_leave"
    )
    # Kai, of the newest cohort, has a mentor and nothing overdue: nothing to check in on.
    people["kai"] = make_user("kai@example.org", name="Kai Nakamura")
    Enrollment.objects.create(program=program, mentee=people["kai"], cohort_year=2026)
    make_mentorship(people["kai"], make_user("kais.mentor@example.org"))
    Agreement.objects.create(mentee=mentee_a, cadence=14, next_review_on=date(2020, 1, 1))
    return people


def test_those_who_need_a_check_in_come_first_with_their_reasons(
    client, director, program, roster, mentee_a, mentor_a
):
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    names = listed(page)
    assert set(names) == {
        mentee_a.display_name,
        "Ines Duarte",
        "Omar Said",
        "Li Wei",
        "Kai Nakamura",
    }
    # Nothing to check in on: Kai (newest cohort) and Li, on leave (the rules hold only for
    # mentees active in the program).
    assert names[-2:] == ["Kai Nakamura", "Li Wei"]
    row_of_a = page[page.index(mentee_a.display_name) :].split("</tr>")[0]
    assert "Agreement review overdue" in row_of_a and "No active mentor" not in row_of_a
    row_of_ines = page[page.index("Ines Duarte") :].split("</tr>")[0]
    assert "No active mentor" in row_of_ines
    assert "an agreement&#x27;s review date has passed" in page  # the rules are on the page
    row_of_kai = page[page.index("Kai Nakamura") :].split("</tr>")[0]
    assert "<td>—</td>" in row_of_kai


def test_the_roster_filters_by_cohort_status_track_and_check_in(
    client, director, program, roster, mentee_a
):
    client.force_login(director)

    def names(query):
        return sorted(listed(client.get(f"/programs/{program.pk}/?{query}").content.decode()))

    assert names("cohort=2024&status=&track=") == ["Ines Duarte"]
    assert names("status=on_leave") == ["Li Wei"]
    assert names("track=faculty") == ["Omar Said"]
    assert mentee_a.display_name in names("check_in=on")
    page = client.get(f"/programs/{program.pk}/?cohort=1850").content.decode()
    assert "Ensure this value is greater than or equal to 1990" in page
    response = client.get(f"/programs/{program.pk}/?status=graduated")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert (
        "No mentee matches these filters"
        in client.get(f"/programs/{program.pk}/?cohort=2001").content.decode()
    )


def test_a_mentee_as_the_program_sees_them_without_private_records(
    client, director, program, roster, mentee_a, mentor_a
):
    Need.objects.create(mentee=mentee_a, name="Grant writing", visibility="program")
    Need.objects.create(mentee=mentee_a, name="Clinic burnout", visibility="private")
    client.force_login(director)
    url = f"/programs/{program.pk}/mentees/{mentee_a.pk}/"
    page = client.get(url).content.decode()
    assert (
        f"/programs/{program.pk}/mentees/{mentee_a.pk}/"
        in client.get(f"/programs/{program.pk}/").content.decode()
    )
    assert "Needs a check-in" in page and "Agreement review overdue" in page
    assert mentor_a.display_name in page  # the team
    assert "Grant writing" in page and "Clinic burnout" not in page
    assert "1. Communicate openly" in page
    other = make_user("other.director@example.org")
    for user in (other, mentee_a, mentor_a):
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.force_login(director)
    stranger = make_user("stranger@example.org")
    assert client.get(f"/programs/{program.pk}/mentees/{stranger.pk}/").status_code == 404


def test_a_director_records_that_a_mentee_completed_the_program(
    client, director, program, roster, mentee_a
):
    client.force_login(director)
    url = f"/programs/{program.pk}/mentees/{mentee_a.pk}/"
    response = client.post(url, {"status": "completed", "track": "scholar", "ended_on": ""})
    assert response.status_code == 400
    assert "Give the date the mentee completed or left the program." in response.content.decode()
    assert Enrollment.objects.get(mentee=mentee_a).status == "active"
    response = client.post(url, {"status": "active", "track": "", "ended_on": "2026-01-01"})
    assert "Only a completed or withdrawn enrollment has an end date." in response.content.decode()
    enrollment = Enrollment.objects.get(mentee=mentee_a)
    day = enrollment.enrolled_on.isoformat()
    assert (
        client.post(url, {"status": "completed", "track": "scholar", "ended_on": day}).status_code
        == 302
    )
    enrollment.refresh_from_db()
    assert (enrollment.status, enrollment.track, enrollment.ended_on.isoformat()) == (
        "completed",
        "scholar",
        day,
    )
    assert "Completed" in client.get(f"/programs/{program.pk}/").content.decode()


def test_the_roster_in_the_api_carries_each_mentees_check_in_and_reasons(
    client, director, program, roster, mentee_a, mentor_a
):
    from mentorkit.accounts.models import ApiToken

    _, token = ApiToken.issue(director, "tests")
    response = client.get(
        f"/api/v1/programs/{program.pk}/enrollments", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200
    rows = {row["mentee"]["name"]: row for row in response.json()["items"]}
    assert rows[mentee_a.display_name]["check_in_reasons"] == ["agreement_overdue"]
    assert rows["Ines Duarte"]["needs_check_in"] is True
    assert rows["Kai Nakamura"] | {"mentee": None, "id": None, "enrolled_on": None} == {
        "mentee": None,
        "id": None,
        "enrolled_on": None,
        "cohort_year": 2026,
        "status": "active",
        "track": "",
        "ended_on": None,
        "needs_check_in": False,
        "check_in_reasons": [],
    }
    assert rows["Li Wei"]["status"] == "on_leave"
    assert list(rows)[-2:] == ["Kai Nakamura", "Li Wei"]  # those who need a check-in first


def test_the_programs_mentors_with_their_load_capacity_and_last_meeting(
    client, director, program, roster, mentee_a, mentor_a
):
    from datetime import timedelta

    from django.utils import timezone

    from mentorkit.meetings.models import Meeting, Series

    mentor_a.mentee_capacity = 1
    mentor_a.save()
    make_mentorship(roster["ines"], mentor_a)  # a second mentee: over capacity
    elsewhere = make_user("elsewhere@example.org")  # a mentee outside the program
    make_mentorship(elsewhere, mentor_a)
    series = Series.objects.create(
        mentee=mentee_a, title="Weekly", rule="FREQ=WEEKLY", first_start=timezone.now()
    )
    series.mentorships.set(mentee_a.mentorships_as_mentee.filter(mentor=mentor_a))
    held = timezone.now() - timedelta(days=3)
    Meeting.objects.create(
        series=series, mentee=mentee_a, original_start=held, starts_at=held, status="held"
    )
    kais_mentor = roster["kai"].mentorships_as_mentee.get().mentor
    kais_mentor.accepting_mentees = False
    kais_mentor.save()
    from mentorkit.feedback.models import Feedback
    from mentorkit.meetings.models import ActionItem

    mentorship = mentee_a.mentorships_as_mentee.get(mentor=mentor_a)
    Feedback.objects.create(
        mentorship=mentorship,
        mentee=mentee_a,
        author=mentee_a,
        direction="to_mentor",
        created_at=timezone.now() - timedelta(days=12),
    )
    ActionItem.objects.create(
        mentee=mentee_a,
        title="Send the draft",
        owner=mentor_a,
        status="done",
        closed_on=timezone.localdate() - timedelta(days=5),
    )
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/mentors/").content.decode()
    assert "Mentors of the program (2)" in page
    row_a = page[page.index(mentor_a.display_name) :].split("</tr>")[0]
    assert "Ines Duarte" in row_a and mentee_a.display_name in row_a
    assert "elsewhere" not in row_a.lower()  # not a mentee of the program…
    assert "3 of 1" in row_a and "over capacity" in row_a  # …but counted in the load
    assert "3 days ago" in row_a and "12 days ago" in row_a and "5 days ago" in row_a
    row_b = page[page.index(kais_mentor.display_name) :].split("</tr>")[0]
    assert "Not taking new mentees" in row_b and "no meeting recorded" in row_b
    for user in (make_user("other.director@example.org"), mentor_a, mentee_a):
        client.force_login(user)
        assert client.get(f"/programs/{program.pk}/mentors/").status_code == 404


# Bulk out: the program's tables as CSV and XLSX, on the page and from the command line.


def test_the_roster_downloads_as_csv_and_xlsx_with_the_check_ins(
    client, director, program, roster, mentee_a, mentor_a
):
    import csv
    import io

    from openpyxl import load_workbook

    roster["omar"].name = "=HYPERLINK(evil)"  # a spreadsheet must not run it
    roster["omar"].save()
    client.force_login(director)
    response = client.get(f"/programs/{program.pk}/export/?what=roster&format=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert f'filename="program-{program.pk}-roster.csv"' in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    by_email = {r["email"]: r for r in rows}
    assert len(rows) == 5
    assert by_email[mentee_a.email]["reasons"] == "Agreement review overdue"
    assert by_email["li@example.org"]["status"] == "On leave"
    assert by_email["omar@example.org"]["mentee"] == "'=HYPERLINK(evil)"
    assert by_email["kai@example.org"]["needs a check-in"] == "no"

    response = client.get(f"/programs/{program.pk}/export/?what=checkins&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.values)
    assert values[0][:3] == ("mentee", "email", "cohort")
    assert {row[1] for row in values[1:]} == {
        mentee_a.email,
        "ines@example.org",
        "omar@example.org",
    }  # not Li, on leave


def test_a_bad_export_is_a_clear_400_and_someone_else_gets_404(client, director, program, mentor_a):
    client.force_login(director)
    response = client.get(f"/programs/{program.pk}/export/?what=salaries&format=csv")
    assert response.status_code == 400
    assert "Unknown export 'salaries'" in response.content.decode()
    response = client.get(f"/programs/{program.pk}/export/?what=roster&format=pdf")
    assert response.status_code == 400 and "choose csv or xlsx" in response.content.decode()
    client.force_login(mentor_a)
    assert client.get(f"/programs/{program.pk}/export/?what=roster").status_code == 404


def test_the_mentors_table_from_the_command_line(program, roster, mentee_a, mentor_a, tmp_path):
    from typer.testing import CliRunner

    from mentorkit import cli

    runner = CliRunner()
    result = runner.invoke(
        cli.app, ["program", "export", "--program", str(program.pk), "--what", "mentors"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].startswith("mentor,email,mentees in the program,load")
    assert mentor_a.email in result.output
    out = tmp_path / "training.xlsx"
    args = ["program", "export", "--program", str(program.pk), "--what", "training"]
    result = runner.invoke(cli.app, [*args, "--format", "xlsx", "--out", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 0
    result = runner.invoke(cli.app, [*args, "--format", "xlsx"])
    assert result.exit_code == 1 and "an XLSX export needs --out FILE." in result.output
    result = runner.invoke(cli.app, ["program", "export", "--program", "999999"])
    assert result.exit_code == 1 and "there is no program with the id 999999." in result.output


def test_the_programs_mentors_in_the_api(client, director, program, roster, mentee_a, mentor_a):
    from mentorkit.accounts.models import ApiToken

    mentor_a.mentee_capacity = 1
    mentor_a.save()
    make_mentorship(roster["ines"], mentor_a)
    headers = {"Authorization": f"Bearer {ApiToken.issue(director, 'tests')[1]}"}
    response = client.get(f"/api/v1/programs/{program.pk}/mentors", headers=headers)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    row = next(r for r in body["items"] if r["mentor"]["id"] == mentor_a.pk)
    assert sorted(m["name"] for m in row["mentees_in_program"]) == sorted(
        [mentee_a.display_name, "Ines Duarte"]
    )
    assert (row["load"], row["capacity"], row["over_capacity"]) == (2, 1, True)
    assert row["days_since_met"] is None
    other = {"Authorization": f"Bearer {ApiToken.issue(mentor_a, 'tests')[1]}"}
    assert client.get(f"/api/v1/programs/{program.pk}/mentors", headers=other).status_code == 404


def test_a_mentor_not_seen_for_six_weeks_asks_for_a_check_in(client, director, program, roster):
    from datetime import timedelta

    from django.utils import timezone

    kais_mentor = roster["kai"].mentorships_as_mentee.get().mentor
    kais_mentor.last_login = timezone.now() - timedelta(weeks=7)
    kais_mentor.save()
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    row_of_kai = page[page.index("Kai Nakamura") :].split("</tr>")[0]
    assert "A mentor not seen for weeks" in row_of_kai
    kais_mentor.last_login = timezone.now() - timedelta(weeks=1)
    kais_mentor.save()
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert "A mentor not seen for weeks" not in page[page.index("Kai Nakamura") :].split("</tr>")[0]


# A no-fault exit: the mentee leaves privately, through the program's neutral contact.


@pytest.fixture
def ombud(program):
    person = make_user("ombud@example.org", name="Dr. Ada Ombud")
    program.neutral_contact = person
    program.save()
    return person


def test_a_mentee_leaves_a_mentorship_through_the_neutral_contact(
    client,
    program,
    ombud,
    mentee_a,
    mentor_a,
    director,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from mentorkit.programs.models import ConfidentialExit
    from mentorkit.teams.models import Mentorship

    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    client.force_login(mentee_a)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert f"/programs/leave/{mentorship.pk}/" in page
    form = client.get(f"/programs/leave/{mentorship.pk}/").content.decode()
    assert "Dr. Ada Ombud" in form
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/programs/leave/{mentorship.pk}/",
            {"program": program.pk, "message": "He keeps taking credit for my analyses."},
        )
    assert response.status_code == 302
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.end_reason, mentorship.ended_by) == (
        "ended",
        "confidential",
        None,
    )
    to_mentor = next(m for m in mailoutbox if m.to == [mentor_a.email])
    assert "has ended." in to_mentor.body
    assert "credit" not in to_mentor.body and "neutral" not in to_mentor.body.lower()
    to_ombud = next(m for m in mailoutbox if m.to == [ombud.email])
    assert "He keeps taking credit for my analyses." in to_ombud.body
    assert ConfidentialExit.objects.get().mentorship == mentorship

    client.force_login(ombud)
    exits = client.get("/programs/exits/").content.decode()
    assert "He keeps taking credit for my analyses." in exits
    assert "Confidential exits" in client.get("/").content.decode()  # in the menu
    for user in (director, mentor_a):
        client.force_login(user)
        assert "credit" not in client.get("/programs/exits/").content.decode()
        assert (
            client.post(f"/programs/exits/{ConfidentialExit.objects.get().pk}/handled/").status_code
            == 404
        )
    client.force_login(mentor_a)
    seen = client.get(mentorship.get_absolute_url()).content.decode()
    assert "credit" not in seen and "confidential" not in seen.lower()


def test_without_a_neutral_contact_there_is_no_confidential_exit(
    client, program, mentee_a, mentor_a
):
    from mentorkit.teams.models import Mentorship

    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    client.force_login(mentee_a)
    assert "/programs/leave/" not in client.get(mentorship.get_absolute_url()).content.decode()
    assert client.get(f"/programs/leave/{mentorship.pk}/").status_code == 404


def test_the_neutral_contact_marks_an_exit_handled(client, program, ombud, mentee_a, mentor_a):
    from mentorkit.programs import actions
    from mentorkit.teams.models import Mentorship

    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    exit_ = actions.no_fault_exit(mentorship, mentee_a, program, "")
    client.force_login(ombud)
    client.post(f"/programs/exits/{exit_.pk}/handled/")
    exit_.refresh_from_db()
    assert exit_.handled_at is not None
    assert "Mark as open again" in client.get("/programs/exits/").content.decode()


# Bulk in: mentees from a file, previewed, then invited all at once.


def upload(client, program, content: bytes, name: str = "scholars.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        f"/programs/{program.pk}/import/", {"file": SimpleUploadedFile(name, content)}
    )


def test_a_director_previews_a_file_then_invites_everyone_in_it(
    client, director, program, mentee_a, django_capture_on_commit_callbacks, mailoutbox
):
    make_user("known@example.org")
    content = (
        "Email;Name;Cohort;Track\n"
        "new.one@example.org;Ines Duarte;2025;scholar\n"
        "Known@Example.org;Known Person;;Faculty\n"
        f"{mentee_a.email};Already Here;2025;\n"
        "not-an-address;Nobody;2025;\n"
        "new.one@example.org;Twice;2025;\n"
        "third@example.org;Third;1850;\n"
        "fourth@example.org;Fourth;2025;astronaut\n"
    ).encode()
    client.force_login(director)
    page = upload(client, program, content).content.decode()
    assert "Preview: nothing is saved yet" in page
    assert "<strong>2</strong> to invite" in page and "<strong>1</strong> of them already" in page
    assert "Row 4 (" + mentee_a.email + "): already enrolled in the program." in page
    assert "Row 5 (not-an-address): not an e-mail address." in page
    assert "Row 6 (new.one@example.org): the same address as row 2." in page
    assert "Row 7 (third@example.org): cohort 1850 is not a year we take." in page
    assert "track “astronaut” is not one of" in page
    assert not ProgramInvitation.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/programs/{program.pk}/import/", {"step": "confirm"})
    assert response.status_code == 302
    invited = {i.invited_email: i for i in ProgramInvitation.objects.all()}
    assert set(invited) == {"new.one@example.org", "known@example.org"}
    assert (invited["new.one@example.org"].cohort_year, invited["new.one@example.org"].track) == (
        2025,
        "scholar",
    )
    assert invited["known@example.org"].track == "faculty"
    assert sorted(m.to[0] for m in mailoutbox) == ["known@example.org", "new.one@example.org"]
    # Confirming twice invites nobody twice.
    client.post(f"/programs/{program.pk}/import/", {"step": "confirm"})
    assert ProgramInvitation.objects.count() == 2


def test_a_file_that_cannot_be_read_is_refused_in_one_line(client, director, program):
    client.force_login(director)
    cases = [
        (
            b"name,cohort\nA,2025\n",
            "scholars.csv",
            "No “email” column (mentees) nor “mentee” and “mentor” columns (mentorships) in the first row",
        ),
        ("email\nzoë@example.org\n".encode("latin-1"), "scholars.csv", "is not UTF-8 text"),
        (b"", "scholars.csv", "The file is empty."),
        (b"PK\x03\x04 not really", "scholars.xlsx", "This is not an XLSX file that can be read"),
    ]
    for content, name, message in cases:
        response = upload(client, program, content, name)
        assert response.status_code == 400, message
        assert message in response.content.decode()
    assert not ProgramInvitation.objects.exists()


def test_an_xlsx_file_is_read_like_a_csv(client, director, program):
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["email", "name", "cohort"])
    book.active.append(["xl@example.org", "Excel Person", 2026])
    out = io.BytesIO()
    book.save(out)
    client.force_login(director)
    page = upload(client, program, out.getvalue(), "scholars.xlsx").content.decode()
    assert "<strong>1</strong> to invite" in page and "xl@example.org" in page


def test_the_command_line_previews_then_invites_from_a_file(
    program, director, mentee_a, tmp_path, django_capture_on_commit_callbacks
):
    from typer.testing import CliRunner

    from mentorkit import cli

    path = tmp_path / "scholars.csv"
    path.write_text(f"email,name\ncli@example.org,Cli Person\n{mentee_a.email},Here\n")
    runner = CliRunner()
    args = ["program", "import", str(path), "--program", str(program.pk), "--by", director.email]
    result = runner.invoke(cli.app, args)
    assert result.exit_code == 0, result.output
    assert "1 to invite (0 with an account), 1 row(s) left out." in result.output
    assert "already enrolled in the program" in result.output
    assert not ProgramInvitation.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        result = runner.invoke(cli.app, [*args, "--confirm"])
    assert result.exit_code == 0 and "Invited 1 person(s)" in result.output
    assert ProgramInvitation.objects.get().invited_email == "cli@example.org"
    result = runner.invoke(cli.app, [*args[:-1], mentee_a.email])
    assert result.exit_code == 1 and f"{mentee_a.email} does not direct" in result.output


# Nudges: a note to part of the program, each recipient once, through the background loop.


def test_a_nudge_goes_once_to_each_mentee_who_needs_a_check_in(
    client, director, program, roster, mentee_a, mentor_a, mailoutbox
):
    from mentorkit.meetings.reminders import run_pass

    client.force_login(director)
    response = client.post(
        f"/programs/{program.pk}/nudges/",
        {
            "audience": "check_in",
            "subject": "A word from {program}",
            "body": "Dear {name},\nWe noticed: {reasons}.\nYour page: {link}",
        },
    )
    assert response.status_code == 302
    run_pass()
    run_pass()  # a second pass sends nothing again
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {mentee_a.email, "ines@example.org", "omar@example.org"}
    # Li is on leave, Kai has nothing to check in on.
    mail = by_address[mentee_a.email]
    assert mail.subject == "A word from Clinical Scholars K12"
    assert f"Dear {mentee_a.display_name}," in mail.body
    assert "We noticed: agreement review overdue." in mail.body
    assert "http://testserver/" in mail.body
    log = client.get(f"/programs/{program.pk}/nudges/").content.decode()
    assert "A word from {program}" in log and "3 recipients" in log and "sent " in log


def test_a_nudge_with_an_unknown_placeholder_or_nobody_to_send_to_is_refused(
    client, director, program, mentee_a, mentor_a
):
    from mentorkit.meetings.models import Reminder

    client.force_login(director)
    url = f"/programs/{program.pk}/nudges/"
    refused = client.post(url, {"audience": "mentors", "subject": "Hi {nmae}", "body": "x"})
    assert refused.status_code == 400
    assert "Unknown placeholder {nmae}; use {name}, {program}, {reasons}, {link}." in (
        refused.content.decode()
    )
    spec = client.post(url, {"audience": "mentors", "subject": "Hi", "body": "{name:>99999}"})
    assert "Write the placeholder plainly, as {name}." in spec.content.decode()
    nobody = client.post(url, {"audience": "agreement", "subject": "Hi", "body": "Hello"})
    assert "Nobody is in that group now; nothing was sent." in nobody.content.decode()
    assert not Reminder.objects.exists()
    client.force_login(mentor_a)
    assert client.get(url).status_code == 404


# An administrator (coordinator) runs the program without reading mentees' records.


def test_an_administrator_runs_the_roster_without_reading_mentees_records(
    client, program, roster, mentee_a, mentor_a
):
    coordinator = make_user("coordinator@example.org", name="Pat Coordinator")
    program.administrators.add(coordinator)
    Need.objects.create(mentee=mentee_a, name="Grant writing", visibility="program")
    client.force_login(coordinator)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    assert mentee_a.display_name in page and "Agreement review overdue" in page
    assert "Grant writing" not in page and "1. Communicate openly" not in page
    assert f"/programs/{program.pk}/mentees/" not in page
    assert program.name in client.get("/").content.decode()  # in the menu and on the home page
    for path in ("mentors/", "training/", "nudges/", "import/", "export/?what=roster"):
        assert client.get(f"/programs/{program.pk}/{path}").status_code == 200, path
    assert client.get(f"/programs/{program.pk}/mentees/{mentee_a.pk}/").status_code == 404


def test_the_dashboard_draws_the_programs_funnel(
    client, director, program, roster, mentee_a, mentor_a
):
    client.force_login(director)
    page = client.get(f"/programs/{program.pk}/").content.decode()
    funnel = page[
        page.index('<ol class="funnel">') : page.index("</ol>", page.index('<ol class="funnel">'))
    ]
    # mentee_a, Ines, Omar and Kai are active (Li is on leave); mentee_a and Kai have a mentor;
    # only mentee_a has an agreement; nobody met in the last 30 days.
    numbers = [int(n) for n in __import__("re").findall(r'<span class="n">(\d+)</span>', funnel)]
    assert numbers == [4, 4, 2, 1, 0]
    assert "With an active mentor" in funnel
