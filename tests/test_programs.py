"""Programs: directors invite mentees and see what was marked for the program, and the health."""

import re

import pytest

from mentorkit.programs.models import Enrollment, ProgramInvitation
from mentorkit.teams.models import Need

from .conftest import make_user

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
    return re.findall(r'<th scope="row">([^<]+)</th>', page)


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
