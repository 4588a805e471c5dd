"""The mentoring team (practice 6): invitations, roles, needs and coverage, insights, the mentor's view."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from mentorkit.teams import actions
from mentorkit.teams.models import Insight, MentorNote, Mentorship, Need, Priority, Role

from .conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db

INVITE = {
    "invited_name": "Noor Haddad",
    "invited_email": "noor@example.org",
    "role": Role.METHODS,
    "discipline": "Biostatistics",
    "focus": "mixed models for the registry study",
    "message": "",
}


def path(url):
    return url.removeprefix("http://testserver")


def test_a_mentee_invites_a_mentor_by_email_with_a_single_use_link(
    client, mentee_a, django_capture_on_commit_callbacks
):
    client.force_login(mentee_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/team/invite/", INVITE)
    mentorship = Mentorship.objects.get(invited_email="noor@example.org")
    assert response.status_code == 302
    assert mentorship.status == "invited" and mentorship.mentee == mentee_a
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["noor@example.org"]
    assert "/invitations/mentorship/" in mail.outbox[0].body
    # The link is shown once to the mentee too, for when no mail server is set up.
    page = client.get(response["Location"]).content.decode()
    assert "/invitations/mentorship/" in page
    assert mentorship.token_hash not in mail.outbox[0].body  # only the hash is stored


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not-an-address", "Enter a valid e-mail address"),
        ("mentee_a@example.org", "cannot invite yourself"),
    ],
)
def test_a_bad_invitation_is_refused_with_a_message_and_saves_nothing(
    client, mentee_a, email, message
):
    client.force_login(mentee_a)
    response = client.post("/team/invite/", {**INVITE, "invited_email": email})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Mentorship.objects.filter(mentee=mentee_a).exists()
    assert mail.outbox == []


def test_inviting_someone_already_on_the_team_is_refused(client, mentee_a, mentor_a):
    client.force_login(mentee_a)
    response = client.post("/team/invite/", {**INVITE, "invited_email": mentor_a.email.upper()})
    assert "already on your team" in response.content.decode()
    response = client.post("/team/invite/", INVITE)
    response = client.post("/team/invite/", INVITE)
    assert "already has an invitation waiting" in response.content.decode()
    assert Mentorship.objects.filter(mentee=mentee_a).count() == 2


def test_the_invitee_accepts_and_joins_the_team(
    client, mentee_a, django_capture_on_commit_callbacks
):
    invitee = make_user("noor@example.org", discipline="Biostatistics")
    _, url = actions.invite_mentor(mentee_a, **INVITE)
    client.force_login(invitee)
    page = client.get(path(url)).content.decode()
    assert "invites you to their mentoring team" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(path(url), {"answer": "accept"})
    mentorship = Mentorship.objects.get(mentee=mentee_a)
    assert response.status_code == 302
    assert response["Location"] == f"/mentoring/{mentorship.pk}/"
    assert mentorship.status == "active" and mentorship.mentor == invitee
    assert mentorship.started_on == timezone.localdate()
    assert mail.outbox[-1].to == [mentee_a.email]
    home = client.get("/").content.decode()
    assert mentee_a.display_name in home


def test_an_invitation_link_works_once(client, mentee_a, mentee_b):
    invitee = make_user("noor@example.org")
    _, url = actions.invite_mentor(mentee_a, **INVITE)
    client.force_login(invitee)
    client.post(path(url), {"answer": "accept"})
    client.force_login(mentee_b)
    response = client.post(path(url), {"answer": "accept"})
    assert response.status_code == 410
    assert "already been answered" in response.content.decode()
    assert Mentorship.objects.get(mentee=mentee_a).mentor == invitee


def test_an_expired_invitation_cannot_be_accepted(client, mentee_a):
    invitee = make_user("noor@example.org")
    _, url = actions.invite_mentor(mentee_a, **INVITE)
    client.force_login(invitee)
    with time_machine.travel(timezone.now() + timedelta(days=15)):
        response = client.post(path(url), {"answer": "accept"})
    assert response.status_code == 410
    assert "expired" in response.content.decode()
    assert Mentorship.objects.get(mentee=mentee_a).status == "invited"


def test_a_made_up_invitation_link_answers_404(client):
    assert client.get("/invitations/mentorship/made-up-token/").status_code == 404
    assert client.get("/invitations/nonsense/made-up-token/").status_code == 404


def test_the_invitee_can_decline_without_an_account(client, mentee_a):
    _, url = actions.invite_mentor(mentee_a, **INVITE)
    response = client.post(path(url), {"answer": "decline"})
    assert "Invitation declined" in response.content.decode()
    assert Mentorship.objects.get(mentee=mentee_a).status == "declined"


def test_a_mentee_cannot_accept_their_own_invitation(client, mentee_a):
    _, url = actions.invite_mentor(mentee_a, **INVITE)
    client.force_login(mentee_a)
    response = client.post(path(url), {"answer": "accept"})
    assert response.status_code == 400
    assert Mentorship.objects.get(mentee=mentee_a).status == "invited"


def test_a_mentee_can_have_several_active_mentors_and_several_primaries(client, mentee_a, mentor_a):
    second = make_user("second@example.org")
    make_mentorship(mentee_a, second, role=Role.CO_PRIMARY)
    client.force_login(mentee_a)
    page = client.get("/team/").content.decode()
    assert page.count("Co-primary") >= 2
    assert Mentorship.objects.active().filter(mentee=mentee_a, role=Role.CO_PRIMARY).count() == 2


def test_the_team_page_draws_the_team_as_svg(client, mentee_a, mentor_a):
    client.force_login(mentee_a)
    page = client.get("/team/").content.decode()
    assert "<svg" in page and 'class="team-picture"' in page
    assert "mentoring team: 1 mentor" in page
    assert "Biostatistics" in page  # the legend, by discipline


def test_the_team_picture_says_in_words_who_is_on_the_team(client, mentee_a, mentor_a):
    make_mentorship(mentee_a, make_user("far@example.org", name="Dr. Far Away"), status="invited")
    client.force_login(mentee_a)
    page = client.get("/team/").content.decode()
    assert 'aria-labelledby="team-title team-desc"' in page
    assert (
        '<desc id="team-desc">Mentor A, Co-primary · Biostatistics; '
        "Dr. Far Away, Research (Invited).</desc>"
    ) in page


def test_the_mentee_changes_a_mentors_role_and_status(client, mentee_a, mentor_a):
    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    client.force_login(mentee_a)
    data = {
        "role": Role.PRIMARY,
        "discipline": "Biostatistics",
        "focus": "",
        "status": "ended",
        "started_on": "",
        "ended_on": "",
    }
    assert client.post(f"/team/mentorships/{mentorship.pk}/edit/", data).status_code == 302
    mentorship.refresh_from_db()
    assert mentorship.role == Role.PRIMARY and mentorship.status == "ended"
    assert mentorship.ended_on == timezone.localdate()


def test_a_mentor_cannot_change_the_mentorship(client, mentee_a, mentor_a):
    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    client.force_login(mentor_a)
    response = client.post(
        f"/team/mentorships/{mentorship.pk}/edit/", {"role": Role.PEER, "status": "ended"}
    )
    assert response.status_code == 404


def test_needs_are_listed_with_priority_and_gaps_are_shown(client, mentee_a, mentor_a):
    client.force_login(mentee_a)
    client.post(
        "/team/needs/new/",
        {"name": "Biostatistics", "priority": Priority.HIGH, "notes": "", "visibility": "team"},
    )
    client.post(
        "/team/needs/new/",
        {"name": "Leadership", "priority": Priority.MEDIUM, "notes": "", "visibility": "team"},
    )
    response = client.post(
        "/team/needs/new/",
        {"name": "leadership", "priority": Priority.LOW, "notes": "", "visibility": "team"},
    )
    assert "You already list this need" in response.content.decode()
    page = client.get("/team/").content.decode()
    assert page.count('class="gap"') == 2


def test_a_mentee_marks_which_mentor_covers_a_need_with_htmx(client, mentee_a, mentor_a):
    need = Need.objects.create(mentee=mentee_a, name="Trial design", priority=Priority.HIGH)
    mentorship = Mentorship.objects.get(mentor=mentor_a)
    client.force_login(mentee_a)
    response = client.post(f"/team/needs/{need.pk}/cover/{mentorship.pk}/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert 'aria-pressed="true"' in response.content.decode()
    assert "<html" not in response.content.decode()  # only the cell is swapped
    assert list(need.covered_by.all()) == [mentorship]
    page = client.get("/team/").content.decode()
    assert page.count('class="gap"') == 0
    # Without JavaScript the same form toggles it back and reloads the page.
    assert client.post(f"/team/needs/{need.pk}/cover/{mentorship.pk}/").status_code == 302
    assert not need.covered_by.exists()


def test_a_need_cannot_be_covered_by_another_mentees_mentor(client, mentee_a, unrelated_mentor):
    need = Need.objects.create(mentee=mentee_a, name="Trial design")
    other = Mentorship.objects.get(mentor=unrelated_mentor)
    client.force_login(mentee_a)
    assert client.post(f"/team/needs/{need.pk}/cover/{other.pk}/").status_code == 404
    assert not need.covered_by.exists()


def test_an_insight_shared_with_the_primaries_reaches_them_only(client, mentee_a, mentor_a):
    peer = make_user("peer@example.org")
    peer_mentorship = make_mentorship(mentee_a, peer, role=Role.PEER)
    client.force_login(mentee_a)
    client.post(
        "/team/insights/",
        {
            "source": peer_mentorship.pk,
            "text": "Submit the abstract before the data are perfect.",
            "recorded_on": "2026-11-01",
            "visibility": "private",
        },
    )
    insight = Insight.objects.get()
    primary_view = f"/mentoring/{Mentorship.objects.get(mentor=mentor_a).pk}/"
    client.force_login(mentor_a)
    assert "Submit the abstract" not in client.get(primary_view).content.decode()
    client.force_login(mentee_a)
    client.post(f"/team/insights/{insight.pk}/share/")
    client.force_login(mentor_a)
    assert "Submit the abstract" in client.get(primary_view).content.decode()
    client.force_login(peer)  # not a primary, and the insight is private
    assert (
        "Submit the abstract"
        not in client.get(f"/mentoring/{peer_mentorship.pk}/").content.decode()
    )


def test_the_mentor_sees_what_was_shared_with_the_team_and_not_the_private(
    client, mentee_a, mentor_a
):
    Need.objects.create(mentee=mentee_a, name="Grant writing", visibility="team")
    Need.objects.create(mentee=mentee_a, name="Work–life integration", visibility="private")
    client.force_login(mentor_a)
    page = client.get(f"/mentoring/{Mentorship.objects.get(mentor=mentor_a).pk}/").content.decode()
    assert "Grant writing" in page
    assert "Work–life integration" not in page


def test_private_notes_are_read_only_by_the_mentor_who_wrote_them(client, mentee_a, mentor_a):
    second = make_user("second@example.org")
    second_mentorship = make_mentorship(mentee_a, second, role=Role.CAREER)
    mentorship = Mentorship.objects.get(mentor=mentor_a)
    client.force_login(mentor_a)
    client.post(
        f"/mentoring/{mentorship.pk}/", {"body": "Seems overcommitted; ask about clinic load."}
    )
    assert MentorNote.objects.get().author == mentor_a
    assert "overcommitted" in client.get(f"/mentoring/{mentorship.pk}/").content.decode()
    client.force_login(second)
    assert "overcommitted" not in client.get(f"/mentoring/{second_mentorship.pk}/").content.decode()
    client.force_login(mentee_a)
    for url in ["/", "/team/", f"/team/mentorships/{mentorship.pk}/"]:
        assert "overcommitted" not in client.get(url).content.decode()


def test_a_former_mentor_loses_access_to_the_mentees_records(client, mentee_a, former_mentor):
    mentorship = Mentorship.objects.get(mentor=former_mentor)
    Need.objects.create(mentee=mentee_a, name="Grant writing", visibility="team")
    client.force_login(former_mentor)
    assert client.get(f"/mentoring/{mentorship.pk}/").status_code == 404
    assert mentee_a.display_name not in client.get("/").content.decode()


def test_a_withdrawn_invitation_link_stops_working(client, mentee_a):
    mentorship, url = actions.invite_mentor(mentee_a, **INVITE)
    client.force_login(mentee_a)
    data = {
        "role": Role.METHODS,
        "discipline": "",
        "focus": "",
        "status": "ended",
        "started_on": "",
        "ended_on": "",
    }
    assert client.post(f"/team/mentorships/{mentorship.pk}/edit/", data).status_code == 302
    client.logout()
    assert client.get(path(url)).status_code == 410


def test_an_invitation_cannot_be_made_active_by_the_mentee(client, mentee_a):
    mentorship, _ = actions.invite_mentor(mentee_a, **INVITE)
    client.force_login(mentee_a)
    data = {
        "role": Role.METHODS,
        "discipline": "",
        "focus": "",
        "status": "active",
        "started_on": "",
        "ended_on": "",
    }
    response = client.post(f"/team/mentorships/{mentorship.pk}/edit/", data)
    assert "can only be withdrawn" in response.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == "invited"


def test_the_team_picture_shows_initials_without_titles(client, mentee_a):
    mentee_a.name = "Dr. Amara N. Okafor"
    mentee_a.save()
    mentor = make_user("reyes@example.org", name="Prof. Daniel Reyes")
    make_mentorship(mentee_a, mentor)
    client.force_login(mentee_a)
    page = client.get("/team/").content.decode()
    assert ">AO</text>" in page and ">DR</text>" in page


# Ending well: either member ends a mentorship with a reason; the other is told.


def test_a_mentee_ends_a_mentorship_with_a_reason_and_the_mentor_is_told(
    client, mentee_a, mentor_a, mailoutbox, django_capture_on_commit_callbacks
):
    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    client.force_login(mentee_a)
    url = f"/team/mentorships/{mentorship.pk}/end/"
    assert "End this mentorship…" in client.get(mentorship.get_absolute_url()).content.decode()
    refused = client.post(url, {"note": "Thank you"})
    assert refused.status_code == 400
    assert "Choose why the mentorship ends." in refused.content.decode()
    mentorship.refresh_from_db()
    assert mentorship.status == "active"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "completed", "note": "Thank you for two years."})
    assert response["Location"] == "/team/"
    mentorship.refresh_from_db()
    assert (mentorship.status, mentorship.end_reason, mentorship.ended_by) == (
        "ended",
        "completed",
        mentee_a,
    )
    assert mentorship.ended_on == timezone.localdate()
    (mail,) = mailoutbox
    assert mail.to == [mentor_a.email]
    assert "with this reason: it completed its purpose." in mail.body
    assert "Thank you for two years." in mail.body
    # The mentor's access ends with it; the mentee's record keeps the reason.
    client.force_login(mentor_a)
    assert client.get(f"/mentoring/{mentorship.pk}/").status_code == 404
    assert client.get(url).status_code == 404
    client.force_login(mentee_a)
    page = client.get(mentorship.get_absolute_url()).content.decode()
    assert "by you: it completed its purpose." in page


def test_a_mentor_ends_a_mentorship_from_their_view_and_the_mentee_is_offered_another(
    client, mentee_a, mentor_a, mailoutbox, django_capture_on_commit_callbacks
):
    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    client.force_login(mentor_a)
    page = client.get(f"/mentoring/{mentorship.pk}/").content.decode()
    assert f"/team/mentorships/{mentorship.pk}/end/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/team/mentorships/{mentorship.pk}/end/", {"reason": "mismatch", "note": ""}
        )
    assert response["Location"] == "/mentoring/"
    (mail,) = mailoutbox
    assert mail.to == [mentee_a.email]
    assert "not the right fit (no fault on either side)" in mail.body
    assert "you can invite one from your team page" in mail.body


def test_an_ended_or_unrelated_mentorship_cannot_be_ended(
    client, mentee_a, mentor_a, unrelated_mentor
):
    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    client.force_login(unrelated_mentor)
    url = f"/team/mentorships/{mentorship.pk}/end/"
    assert client.post(url, {"reason": "other"}).status_code == 404
    client.force_login(mentee_a)
    client.post(url, {"reason": "moved"})
    assert client.post(url, {"reason": "other"}).status_code == 404
    assert Mentorship.objects.get(pk=mentorship.pk).end_reason == "moved"


def test_both_members_see_how_long_since_they_last_met(client, mentee_a, mentor_a):
    from mentorkit.meetings.models import Meeting, Series

    mentorship = Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)
    client.force_login(mentee_a)
    assert "not yet" in client.get("/team/").content.decode()
    series = Series.objects.create(
        mentee=mentee_a, title="Weekly", rule="FREQ=WEEKLY", first_start=timezone.now()
    )
    series.mentorships.add(mentorship)
    for days, status, notes in [(3, "scheduled", "We went over the aims."), (10, "held", "")]:
        start = timezone.now() - timedelta(days=days)
        Meeting.objects.create(
            series=series,
            mentee=mentee_a,
            original_start=start,
            starts_at=start,
            status=status,
            notes=notes,
        )
    skipped = timezone.now() - timedelta(days=1)
    Meeting.objects.create(
        series=series,
        mentee=mentee_a,
        original_start=skipped,
        starts_at=skipped,
        status="cancelled",
    )
    team = client.get("/team/").content.decode()
    assert "3 days ago" in team[team.index(mentor_a.display_name) :].split("</tr>")[0]
    client.force_login(mentor_a)
    mine = client.get("/mentoring/").content.decode()
    row = mine[mine.index('<th scope="row"><a href="/mentoring/') :].split("</tr>")[0]
    assert mentee_a.display_name in row and "3 days ago" in row
