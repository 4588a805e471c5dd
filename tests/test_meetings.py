"""Meetings (practice 1): series by RRULE, skip and move, notes, agendas, actions, disagreements."""

import html
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from mentorkit.health import health_for
from mentorkit.meetings.models import ActionItem, AgendaItem, Disagreement, Meeting, Series
from mentorkit.teams.models import Agreement, Mentorship

from .conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")


def series_data(mentorships, **overrides):
    data = {
        "title": "Co-primary mentors",
        "mentorships": [m.pk for m in mentorships],
        "frequency": "weekly",
        "interval": 1,
        "weekdays": ["TU", "WE"],
        "month_ordinal": "",
        "month_weekday": "",
        "starts_on": "2026-11-02",
        "start_time": "14:00",
        "duration_minutes": 60,
        "time_zone": "America/New_York",
        "ends": "never",
        "until": "",
        "count": "",
        "location": "Cardiology research office",
        "video_url": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def now():
    with time_machine.travel(datetime(2026, 11, 1, 9, 0, tzinfo=NY), tick=False):
        yield


@pytest.fixture
def mentorship(mentor_a):
    return Mentorship.objects.get(mentor=mentor_a)


@pytest.fixture
def series(client, now, mentee_a, mentorship):
    client.force_login(mentee_a)
    client.post("/meetings/series/new/", series_data([mentorship]))
    return Series.objects.get()


def test_a_weekly_series_on_two_weekdays_is_stored_as_an_rrule(client, series):
    assert series.rule == "FREQ=WEEKLY;BYDAY=TU,WE"
    assert series.local_first_start == datetime(2026, 11, 3, 14, 0, tzinfo=NY)  # the first Tuesday
    starts = [timezone.localtime(m.starts_at, NY) for m in series.meetings.all()[:4]]
    assert [s.strftime("%a %d %H:%M") for s in starts] == [
        "Tue 03 14:00",
        "Wed 04 14:00",
        "Tue 10 14:00",
        "Wed 11 14:00",
    ]
    page = client.get(f"/meetings/series/{series.pk}/").content.decode()
    assert "Weekly on Tuesday and Wednesday" in page


def test_the_new_series_message_names_its_weekdays_with_a_capital(client, series, mentee_a):
    # The words: "'thursday' lower-case in a message".
    page = client.get(f"/meetings/series/{series.pk}/").content.decode()
    message = page.split('<li class="message success">', 1)[1].split("</li>", 1)[0]
    assert message == "Co-primary mentors: weekly on Tuesday and Wednesday."


def test_monthly_on_the_nth_weekday_and_every_n_weeks(client, now, mentee_a, mentorship):
    client.force_login(mentee_a)
    client.post(
        "/meetings/series/new/",
        series_data(
            [mentorship],
            title="Career",
            frequency="monthly",
            weekdays=[],
            month_ordinal=1,
            month_weekday="MO",
            ends="count",
            count=3,
        ),
    )
    client.post(
        "/meetings/series/new/",
        series_data(
            [mentorship],
            title="Fortnightly",
            interval=2,
            weekdays=["TH"],
            ends="until",
            until="2026-12-31",
        ),
    )
    career = Series.objects.get(title="Career")
    assert career.rule == "FREQ=MONTHLY;BYDAY=1MO;COUNT=3"
    assert [m.starts_at.astimezone(NY).date() for m in career.meetings.all()] == [
        date(2026, 11, 2),
        date(2026, 12, 7),
        date(2027, 1, 4),
    ]
    fortnightly = Series.objects.get(title="Fortnightly")
    assert fortnightly.rule.startswith("FREQ=WEEKLY;INTERVAL=2;BYDAY=TH;UNTIL=")
    assert [m.starts_at.astimezone(NY).day for m in fortnightly.meetings.all()] == [
        5,
        19,
        3,
        17,
        31,
    ]


def test_a_series_with_several_mentors_at_once(client, now, mentee_a, mentorship):
    other = make_mentorship(mentee_a, make_user("second@example.org"))
    client.force_login(mentee_a)
    client.post("/meetings/series/new/", series_data([mentorship, other]))
    assert Series.objects.get().mentorships.count() == 2


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"weekdays": []}, "Choose at least one weekday."),
        ({"ends": "until", "until": "2026-10-01"}, "The end is before the start."),
        ({"duration_minutes": 0}, "between 5 minutes and 8 hours"),
        ({"time_zone": "Atlantis/Lost"}, "not a time zone we know"),
        ({"frequency": "monthly", "weekdays": []}, "Choose which one of the month"),
        ({"mentorships": []}, "This field is required"),  # with nobody
    ],
)
def test_bad_series_input_gets_a_clear_message_and_saves_nothing(
    client, now, mentee_a, mentorship, overrides, message
):
    client.force_login(mentee_a)
    response = client.post("/meetings/series/new/", {**series_data([mentorship]), **overrides})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Series.objects.exists() and not Meeting.objects.exists()


def test_each_series_error_sits_on_its_field_and_is_summarised_at_the_top(
    client, now, mentee_a, mentorship
):
    client.force_login(mentee_a)
    data = {**series_data([mentorship]), "frequency": "monthly", "month_ordinal": "1"}
    page = client.post("/meetings/series/new/", data).content.decode()
    start = page.index('class="error-summary"')
    summary = page[start : page.index("</ul>", start)]
    assert "One thing to fix" in summary
    assert '<a href="#id_month_weekday">Weekday: Choose the weekday, e.g. Tuesday.</a>' in summary
    field = page[
        page.index('<select name="month_weekday"') - 600 : page.index(
            '<select name="month_weekday"'
        )
    ]
    assert "Choose the weekday, e.g. Tuesday." in field
    assert "Choose which one of the month" not in page


def test_the_series_form_shows_each_rhythms_fields_in_its_own_part(client, now, mentee_a):
    client.force_login(mentee_a)
    page = client.get("/meetings/series/new/").content.decode()
    # mentorkit.js shows only the chosen rhythm's part; without it, every part shows.
    assert (
        '<fieldset class="part" data-reveal-by="frequency:weekly"><legend>Which weekdays</legend>'
        in page
    )
    assert 'data-reveal-by="frequency:monthly"><legend>Which day of the month</legend>' in page
    assert 'data-reveal-by="ends:until"' in page and 'data-reveal-by="ends:count"' in page
    assert " hidden" not in page.split("<form", 1)[1].split("</form>")[0]


def test_the_series_cadence_is_checked_against_the_agreement(client, series, mentee_a):
    Agreement.objects.create(mentee=mentee_a, cadence=30, next_review_on=date(2027, 5, 1))
    page = client.get(f"/meetings/series/{series.pk}/").content.decode()
    assert "Meets more often than agreed (monthly)" in page
    Agreement.objects.update(cadence=3)
    assert "than agreed" not in client.get(f"/meetings/series/{series.pk}/").content.decode()


def test_one_occurrence_is_skipped_or_moved_without_touching_the_rest(client, series):
    first, second, third = series.meetings.all()[:3]
    client.post(f"/meetings/{first.pk}/skip/")
    client.post(f"/meetings/{second.pk}/move/", {"starts_at": "2026-11-06T10:00"})
    first.refresh_from_db()
    second.refresh_from_db()
    third.refresh_from_db()
    assert first.status == "cancelled"
    assert second.starts_at == datetime(2026, 11, 6, 10, 0, tzinfo=NY) and second.is_moved
    assert not third.is_moved and third.status == "scheduled"
    series.refresh_from_db()
    assert series.sequence == 2


def test_a_move_that_collides_with_a_neighbour_is_refused(client, series):
    first, second = series.meetings.all()[:2]
    response = client.post(
        f"/meetings/{first.pk}/move/", {"starts_at": "2026-11-04T14:30"}, follow=True
    )
    assert "collides with the meeting on 4 Nov at 14:00" in response.content.decode()
    first.refresh_from_db()
    assert not first.is_moved


def test_changing_the_rhythm_keeps_what_was_recorded_moved_or_skipped(client, series, mentorship):
    Meeting.objects.filter(pk=series.meetings.first().pk).update(status="held", summary="Aims")
    meetings = list(series.meetings.all()[:3])
    client.post(f"/meetings/{meetings[0].pk}/skip/")
    client.post(f"/meetings/{meetings[1].pk}/move/", {"starts_at": "2026-11-06T10:00"})
    client.post(f"/meetings/series/{series.pk}/edit/", series_data([mentorship], weekdays=["TH"]))
    remaining = set(series.meetings.values_list("pk", flat=True))
    assert {meetings[0].pk, meetings[1].pk} <= remaining
    assert meetings[2].pk not in remaining
    untouched = series.meetings.exclude(pk__in=[meetings[0].pk, meetings[1].pk])
    assert {m.starts_at.astimezone(NY).strftime("%a") for m in untouched} == {"Thu"}


def test_a_new_rhythm_does_not_invent_meetings_in_the_past(client, now, mentee_a, mentorship):
    client.force_login(mentee_a)
    client.post("/meetings/series/new/", series_data([mentorship], starts_on="2026-09-01"))
    series = Series.objects.get()
    client.post(
        f"/meetings/series/{series.pk}/edit/",
        series_data([mentorship], starts_on="2026-09-01", weekdays=["FR"]),
    )
    past = series.meetings.filter(starts_at__lt=timezone.now())
    assert {m.starts_at.astimezone(NY).strftime("%a") for m in past} == {"Tue", "Wed"}


def test_notes_are_markdown_rendered_and_sanitised(client, series, mentee_a):
    meeting = series.meetings.first()
    response = client.post(
        f"/meetings/{meeting.pk}/notes/",
        {
            "status": "held",
            "summary": "Aims page",
            "version": 1,
            "attendees": [mentee_a.pk],
            "notes": '**Aim 2** is too broad.\n\n<script>alert(1)</script><a href="javascript:alert(1)">x</a>',
        },
    )
    assert response.status_code == 302
    page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    assert "<strong>Aim 2</strong>" in page
    assert "<script>alert(1)" not in page and 'href="javascript:' not in page


def test_a_second_save_of_the_same_notes_is_told_and_shown_both_versions(
    client, series, mentee_a, mentor_a
):
    meeting = series.meetings.first()
    first = {"status": "held", "summary": "", "notes": "Mentee's notes", "version": 1}
    second = {"status": "held", "summary": "", "notes": "Mentor's notes", "version": 1}
    assert client.post(f"/meetings/{meeting.pk}/notes/", first).status_code == 302
    client.force_login(mentor_a)
    response = client.post(f"/meetings/{meeting.pk}/notes/", second)
    assert response.status_code == 409
    page = html.unescape(response.content.decode())  # the textarea escapes ' as &#39;
    assert "Mentee's notes" in page  # the version saved meanwhile
    assert "Mentor's notes" in page  # the text being saved, in the form
    meeting.refresh_from_db()
    assert meeting.notes == "Mentee's notes" and meeting.version == 2


def test_a_past_meeting_with_nothing_recorded_prompts_the_mentee(client, series, mentee_a):
    meeting = series.meetings.first()
    with time_machine.travel(datetime(2026, 11, 3, 16, 0, tzinfo=NY)):
        client.force_login(mentee_a)
        assert "Not recorded yet" in client.get("/meetings/").content.decode()
        assert "nothing is recorded yet" in client.get(f"/meetings/{meeting.pk}/").content.decode()


def test_agenda_topics_are_added_reordered_marked_and_moved_with_htmx(client, series):
    meeting, following = series.meetings.all()[:2]
    hx = {"HTTP_HX_REQUEST": "true"}
    client.post(
        f"/meetings/{meeting.pk}/agenda/", {"title": "Specific aims", "agenda_version": 1}, **hx
    )
    response = client.post(
        f"/meetings/{meeting.pk}/agenda/", {"title": "Conference travel", "agenda_version": 2}, **hx
    )
    assert response.status_code == 200 and "<html" not in response.content.decode()
    aims, travel = AgendaItem.objects.order_by("id")
    client.post(f"/meetings/agenda/{travel.pk}/up/", {"agenda_version": 3}, **hx)
    assert list(meeting.agenda_items.values_list("title", flat=True)) == [
        "Conference travel",
        "Specific aims",
    ]
    client.post(f"/meetings/agenda/{aims.pk}/discussed/", {"agenda_version": 4}, **hx)
    client.post(f"/meetings/agenda/{travel.pk}/next/", {"agenda_version": 5}, **hx)
    aims.refresh_from_db()
    travel.refresh_from_db()
    assert aims.discussed
    assert travel.meeting == following and travel.moved_from == meeting


def test_an_agenda_changed_meanwhile_is_not_overwritten(client, series):
    meeting = series.meetings.first()
    client.post(f"/meetings/{meeting.pk}/agenda/", {"title": "A", "agenda_version": 1})
    client.post(f"/meetings/{meeting.pk}/agenda/", {"title": "B", "agenda_version": 2})
    b = AgendaItem.objects.get(title="B")
    response = client.post(
        f"/meetings/agenda/{b.pk}/up/", {"agenda_version": 1}, HTTP_HX_REQUEST="true"
    )
    assert "The agenda changed while you were looking at it" in response.content.decode()
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["A", "B"]


def test_an_open_action_is_carried_on_every_later_agenda_until_closed(client, series, mentor_a):
    first, second, third = series.meetings.all()[:3]
    client.post(
        f"/meetings/{first.pk}/actions/",
        {"title": "Draft the aims page", "owner": mentor_a.pk, "due_on": "2026-11-09"},
    )
    item = ActionItem.objects.get()
    assert item.meeting == first and item.owner == mentor_a
    for meeting in (second, third):
        assert "Draft the aims page" in client.get(f"/meetings/{meeting.pk}/").content.decode()
    item.set_status("done")
    assert "Draft the aims page" not in client.get(f"/meetings/{third.pk}/").content.decode()


def test_a_topic_worth_raising_is_added_to_the_agenda_in_one_click(client, series, mentor_a):
    first, second = series.meetings.all()[:2]
    client.post(
        f"/meetings/{first.pk}/actions/",
        {"title": "Draft the aims page", "owner": mentor_a.pk, "due_on": "2026-11-09"},
    )
    page = client.get(f"/meetings/{second.pk}/").content.decode()
    assert 'aria-label="Add to agenda: Draft the aims page"' in page
    second.refresh_from_db()
    client.post(
        f"/meetings/{second.pk}/agenda/",
        {"title": "Draft the aims page", "agenda_version": second.agenda_version},
        headers={"HX-Request": "true"},
    )
    assert [i.title for i in second.agenda_items.all()] == ["Draft the aims page"]
    page = client.get(f"/meetings/{second.pk}/").content.decode()
    assert "Add to agenda: Draft the aims page" not in page
    assert "on the agenda" in page


def test_a_long_list_of_open_items_proposes_the_six_soonest_due_and_counts_the_rest(
    client, series, mentee_a, mentor_a
):
    for day in range(1, 10):
        ActionItem.objects.create(
            mentee=mentee_a, owner=mentor_a, title=f"Task {day}", due_on=date(2026, 11, day)
        )
    page = client.get(f"/meetings/{series.meetings.first().pk}/").content.decode()
    proposed = page[page.index("Open, and worth raising") :]
    for day in range(1, 7):
        assert f"Add to agenda: Task {day}" in proposed
    for day in range(7, 10):
        assert f"Task {day}" not in proposed
    assert "… and 3 more" in proposed


def test_the_rest_of_a_shortlist_is_linked_where_a_page_lists_them_all(client, series, mentee_a):
    from mentorkit.teams.models import Insight

    mentorship = Mentorship.objects.filter(mentee=mentee_a).first()
    for i in range(8):
        Insight.objects.create(mentee=mentee_a, source=mentorship, text=f"Insight {i}")
    client.force_login(mentee_a)
    page = client.get(f"/meetings/{series.meetings.first().pk}/").content.decode()
    assert '… and <a href="/team/insights/">2 more</a>' in page


def test_a_past_meeting_offers_its_record_at_the_top_of_the_page(client, series, mentee_a):
    meeting = series.meetings.first()
    with time_machine.travel(meeting.starts_at + timedelta(hours=2)):
        client.force_login(mentee_a)
        page = client.get(f"/meetings/{meeting.pk}/").content.decode()
    head = page[page.index("<h1>") : page.index('aria-labelledby="agenda-title"')]
    assert '<a class="button primary" href="#record">Record this meeting</a>' in head
    assert '<details class="card" id="record" open>' in page
    future = client.get(f"/meetings/{series.meetings.last().pk}/").content.decode()
    assert 'href="#record"' not in future


def test_my_open_actions_lists_them_across_meetings_and_mentees(
    client, series, mentee_a, mentor_a, mentee_b
):
    ActionItem.objects.create(mentee=mentee_a, title="Send the power calculation", owner=mentor_a)
    ActionItem.objects.create(mentee=mentee_a, title="Book the statistician", owner=mentee_a)
    make_mentorship(mentee_b, mentor_a)
    ActionItem.objects.create(mentee=mentee_b, title="Review B's abstract", owner=mentor_a)
    client.force_login(mentor_a)
    page = client.get("/actions/").content.decode()
    assert "Send the power calculation" in page and "Review B&#x27;s abstract" in page
    assert "Book the statistician" not in page
    client.force_login(mentee_a)
    page = client.get("/actions/").content.decode()
    assert "Book the statistician" in page and "Send the power calculation" in page
    assert "Review B" not in page


def test_a_former_mentor_cannot_close_or_see_actions(client, series, mentee_a, former_mentor):
    item = ActionItem.objects.create(mentee=mentee_a, title="Secret plan", owner=mentee_a)
    client.force_login(former_mentor)
    assert client.post(f"/actions/{item.pk}/status/", {"status": "done"}).status_code == 404
    assert "Secret plan" not in client.get("/actions/").content.decode()


def test_a_disagreement_is_recorded_with_both_views_and_listed_on_the_mentorship(
    client, series, mentorship
):
    meeting = series.meetings.first()
    client.post(
        f"/meetings/{meeting.pk}/disagreements/",
        {
            "mentorship": mentorship.pk,
            "topic": "Primary outcome",
            "mentee_view": "Readmission at 30 days",
            "mentor_view": "Days alive out of hospital",
            "ending": "settled_by_data",
            "follow_up": "Pilot both on the registry",
        },
    )
    assert Disagreement.objects.get().ending == "settled_by_data"
    page = client.get(f"/team/mentorships/{mentorship.pk}/").content.decode()
    assert "Disagreements (1)" in page and "Settled by an experiment or data" in page


def test_a_disagreement_without_views_is_refused_with_a_message(client, series, mentorship):
    meeting = series.meetings.first()
    response = client.post(
        f"/meetings/{meeting.pk}/disagreements/",
        {"mentorship": mentorship.pk, "topic": "Outcome", "ending": "open"},
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not Disagreement.objects.exists()


def test_practice_1_counts_meetings_held_against_the_agreed_cadence(
    client, series, mentee_a, mentor_a
):
    agreement = Agreement.objects.create(
        mentee=mentee_a, cadence=7, next_review_on=date(2027, 5, 1)
    )
    for user in (mentee_a, mentor_a):
        agreement.acknowledgements.create(user=user, version=1)
    with time_machine.travel(datetime(2026, 12, 1, 9, 0, tzinfo=NY), tick=False):
        series.materialize()
        past = list(Meeting.objects.filter(starts_at__lt=timezone.now()))
        Meeting.objects.filter(pk__in=[m.pk for m in past[:6]]).update(status="held")
        ActionItem.objects.create(
            mentee=mentee_a,
            title="t",
            owner=mentee_a,
            due_on=date(2026, 11, 20),
            status="done",
            closed_on=date(2026, 11, 19),
        )
        indicator = health_for([mentee_a])[mentee_a.pk][0]
    assert indicator.value == "6 meetings in 8 weeks (8 agreed)"
    assert indicator.state == "good"
    assert "1 of 1 actions closed on time" in indicator.detail
    assert "0 disagreements recorded" in indicator.detail


def test_others_cannot_open_the_meetings(
    client, series, mentee_b, former_mentor, unrelated_mentor, director
):
    meeting = series.meetings.first()
    for user in (mentee_b, former_mentor, unrelated_mentor, director):
        client.force_login(user)
        assert client.get(f"/meetings/{meeting.pk}/").status_code == 404
        assert client.get(f"/meetings/series/{series.pk}/").status_code == 404
        assert client.post(f"/meetings/{meeting.pk}/skip/").status_code == 404


def test_a_mentor_on_the_team_schedules_a_series_with_the_mentee(
    client, now, mentee_a, mentor_a, mentorship
):
    client.force_login(mentor_a)
    response = client.post(
        "/meetings/series/new/", {**series_data([mentorship]), "mentee": mentee_a.pk}
    )
    assert response.status_code == 302
    assert Series.objects.get().mentee == mentee_a
    assert (
        client.post("/meetings/series/new/", {**series_data([]), "mentee": 999999}).status_code
        == 404
    )


def test_the_next_meeting_follows_in_time_after_a_skip(client, series):
    first, second = series.meetings.all()[:2]
    client.post(f"/meetings/{second.pk}/skip/")
    assert first.next_meeting() != second
    assert first.next_meeting().starts_at > second.starts_at


def test_past_occurrences_are_materialized_for_the_whole_series(series):
    assert series.meetings.filter(starts_at__lt=timezone.now() + timedelta(days=100)).exists()


def test_cancelling_through_the_notes_tells_calendars(client, series):
    meeting = series.meetings.first()
    client.post(
        f"/meetings/{meeting.pk}/notes/",
        {"status": "cancelled", "summary": "", "notes": "", "version": 1},
    )
    series.refresh_from_db()
    assert series.sequence == 1
