"""Autonomy over prescription (practice 5): the mentee's own development activities, flagged
when they reach beyond every active mentor's expertise; markers on the path to independence;
their timeline; the read-only view of an active mentor; the practice 5 indicator."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mentorkit.growth import independence
from mentorkit.growth.models import Activity, IndependenceMarker
from mentorkit.health import State, health_for
from mentorkit.outcomes.models import Outcome
from mentorkit.plans.models import Plan
from mentorkit.teams.models import MentorshipStatus
from mentorkit.visibility import Visibility

from ..conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)
AUTONOMY = reverse("growth:autonomy")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def activity(mentee, title="Causal inference summer course", **fields):
    fields.setdefault("topics", "causal inference, R")
    fields.setdefault("starts_on", TODAY - timedelta(days=30))
    return Activity.objects.create(mentee=mentee, title=title, **fields)


def marker(mentee, kind="first_first_author", **fields):
    fields.setdefault("achieved_on", TODAY - timedelta(days=100))
    return IndependenceMarker.objects.create(mentee=mentee, kind=kind, **fields)


def activity_data(**overrides):
    return {
        "kind": "course",
        "title": "Causal inference summer course",
        "topics": "Causal inference, R",
        "starts_on": "2026-06-01",
        "ends_on": "2026-06-30",
        "status": "done",
        "outcome": "",
        "visibility": "team",
        **overrides,
    }


def practice_5(mentee):
    return health_for([mentee], TODAY)[mentee.pk][4]


# --- activities -----------------------------------------------------------------------------


def test_the_mentee_adds_an_activity_flagged_beyond_their_mentors_expertise(
    client, mentee_a, mentor_a
):
    client.force_login(mentee_a)
    response = client.post(reverse("growth:activity_create"), activity_data())
    assert response.status_code == 302 and response.url == AUTONOMY
    saved = Activity.objects.get()
    assert saved.mentee == mentee_a and saved.beyond_override is None
    page = client.get(AUTONOMY)
    [shown] = [a for _label, items in page.context["groups"] for a in items]
    assert shown.beyond and shown.beyond_computed
    text = page.content.decode()
    assert '<span class="badge ok">beyond the mentors\' expertise</span>' in text
    assert "biostatistics, trial design" in text  # the keywords compared, by mentor


def test_an_activity_on_a_mentors_keyword_is_within_and_names_the_match(client, mentee_a, mentor_a):
    activity(mentee_a, title="Adaptive designs workshop", topics="Adaptive trial designs")
    client.force_login(mentee_a)
    page = client.get(AUTONOMY)
    [shown] = [a for _label, items in page.context["groups"] for a in items]
    assert not shown.beyond and shown.matched == ["trial design"]
    assert "matches trial design" in page.content.decode()


def test_only_active_mentors_expertise_is_compared(client, mentee_a, mentor_a, former_mentor):
    former_mentor.expertise = "machine learning"
    former_mentor.save()
    activity(mentee_a, title="ML course", topics="machine learning")
    client.force_login(mentee_a)
    page = client.get(AUTONOMY)
    assert page.context["keywords"] == ["biostatistics", "trial design"]
    assert page.context["groups"][0][1][0].beyond


def test_without_mentor_expertise_the_page_says_every_activity_counts_as_beyond(client, mentee_a):
    activity(mentee_a)
    client.force_login(mentee_a)
    page = client.get(AUTONOMY)
    assert "No active mentor lists any expertise yet" in page.content.decode()
    assert page.context["counts"] == {"activities": 1, "beyond": 1}


def test_the_mentee_overrides_the_flag_and_the_page_says_what_was_computed(
    client, mentee_a, mentor_a
):
    course = activity(mentee_a)
    client.force_login(mentee_a)
    url = reverse("growth:activity", args=[course.pk])
    assert "Computed: beyond" in client.get(url).content.decode()
    response = client.post(url, activity_data(beyond_override="False"))
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.beyond_override is False
    text = client.get(AUTONOMY).content.decode()
    assert '<span class="badge">within the mentors\' expertise</span>' in text
    assert "computed: beyond; you overrode it" in text
    client.post(url, activity_data(beyond_override=""))
    course.refresh_from_db()
    assert course.beyond_override is None


def test_the_owner_edits_and_deletes_an_activity(client, mentee_a):
    course = activity(mentee_a)
    client.force_login(mentee_a)
    url = reverse("growth:activity", args=[course.pk])
    assert client.get(url).status_code == 200
    client.post(url, activity_data(title="Causal inference, renamed", status="in_progress"))
    course.refresh_from_db()
    assert course.title == "Causal inference, renamed" and course.status == "in_progress"
    response = client.post(reverse("growth:activity_delete", args=[course.pk]))
    assert response.status_code == 302 and not Activity.objects.exists()


def test_nobody_but_the_owner_opens_edits_or_deletes_an_activity(client, everyone):
    course = activity(everyone["mentee_a"], visibility=Visibility.PROGRAM)
    for name, user in everyone.items():
        if name == "mentee_a":
            continue
        client.force_login(user)
        assert client.get(reverse("growth:activity", args=[course.pk])).status_code == 404
        edit = client.post(reverse("growth:activity", args=[course.pk]), activity_data(title="X"))
        assert edit.status_code == 404
        assert client.post(reverse("growth:activity_delete", args=[course.pk])).status_code == 404
    course.refresh_from_db()
    assert course.title == "Causal inference summer course"


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        (
            {"starts_on": "2026-06-30", "ends_on": "2026-06-01"},
            "ends_on",
            "The activity cannot end before it starts.",
        ),
        ({"kind": "retreat"}, "kind", "Select a valid choice."),
        ({"status": "abandoned"}, "status", "Select a valid choice."),
        ({"topics": ""}, "topics", "This field is required."),
        ({"topics": " , ,"}, "topics", "List at least one skill or topic"),
        ({"title": ""}, "title", "This field is required."),
        ({"visibility": "world"}, "visibility", "Select a valid choice."),
    ],
)
def test_bad_activity_input_is_refused_with_a_message_and_nothing_saved(
    client, mentee_a, overrides, field, message
):
    client.force_login(mentee_a)
    response = client.post(reverse("growth:activity_create"), activity_data(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Activity.objects.exists()


def test_a_bad_override_or_dates_on_edit_are_refused_and_nothing_changes(client, mentee_a):
    course = activity(mentee_a)
    client.force_login(mentee_a)
    url = reverse("growth:activity", args=[course.pk])
    response = client.post(url, activity_data(beyond_override="maybe", title="Changed"))
    assert response.status_code == 400 and "beyond_override" in response.context["form"].errors
    response = client.post(url, activity_data(starts_on="2026-07-01", ends_on="2026-06-01"))
    assert response.status_code == 400
    assert "Causal inference summer course" in response.content.decode()  # the saved title
    course.refresh_from_db()
    assert course.title == "Causal inference summer course" and course.beyond_override is None


def test_the_database_refuses_an_activity_ending_before_it_starts(mentee_a):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        activity(mentee_a, starts_on=TODAY, ends_on=TODAY - timedelta(days=1))


def test_activities_are_grouped_by_status_and_can_be_filtered(client, mentee_a):
    activity(mentee_a, title="Grant writing workshop", status="done")
    activity(mentee_a, title="R package mini-project", kind="mini_project", status="in_progress")
    activity(mentee_a, title="Dropped MOOC", status="dropped")
    client.force_login(mentee_a)
    groups = client.get(AUTONOMY).context["groups"]
    assert [label for label, _items in groups] == ["In progress", "Done", "Dropped"]
    only_done = client.get(AUTONOMY, {"status": "done"}).context["groups"]
    assert [[a.title for a in items] for _label, items in only_done] == [["Grant writing workshop"]]
    assert len(client.get(AUTONOMY, {"status": "bogus"}).context["groups"]) == 3


# --- markers of independence ----------------------------------------------------------------


def test_the_mentee_records_edits_and_deletes_a_marker(client, mentee_a):
    client.force_login(mentee_a)
    assert client.get(reverse("growth:marker_create")).status_code == 200
    response = client.post(
        reverse("growth:marker_create"),
        {
            "kind": "own_protocol",
            "achieved_on": "2026-03-02",
            "note": "IRB 2026-114",
            "visibility": "team",
        },
    )
    assert response.status_code == 302
    saved = IndependenceMarker.objects.get()
    assert saved.mentee == mentee_a and saved.get_kind_display() == "Own protocol"
    assert "Own protocol" in client.get(AUTONOMY).content.decode()
    url = reverse("growth:marker", args=[saved.pk])
    client.post(url, {"kind": "own_protocol", "achieved_on": "2026-03-01", "visibility": "program"})
    saved.refresh_from_db()
    assert saved.achieved_on == date(2026, 3, 1) and saved.visibility == "program"
    client.post(reverse("growth:marker_delete", args=[saved.pk]))
    assert not IndependenceMarker.objects.exists()


@pytest.mark.parametrize(
    "data, field, message",
    [
        (
            {"kind": "first_pi_grant", "achieved_on": "2026-11-25"},
            "achieved_on",
            "the date is in the future",
        ),
        (
            {"kind": "first_first_author", "achieved_on": "2026-01-10"},
            "kind",
            "You already recorded “First first-author paper”; edit it instead.",
        ),
        ({"kind": "tenure", "achieved_on": "2026-01-10"}, "kind", "Select a valid choice."),
        (
            {"kind": "first_mentee", "achieved_on": "yesterday"},
            "achieved_on",
            "Enter a valid date.",
        ),
    ],
)
def test_bad_marker_input_is_refused_with_a_message_and_nothing_saved(
    client, mentee_a, data, field, message
):
    existing = marker(mentee_a)
    client.force_login(mentee_a)
    response = client.post(reverse("growth:marker_create"), {"visibility": "team", **data})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert list(IndependenceMarker.objects.all()) == [existing]


def test_changing_a_marker_to_a_kind_already_recorded_is_refused(client, mentee_a):
    marker(mentee_a, kind="first_first_author")
    second = marker(mentee_a, kind="first_senior_author")
    client.force_login(mentee_a)
    url = reverse("growth:marker", args=[second.pk])
    response = client.post(
        url, {"kind": "first_first_author", "achieved_on": "2026-01-10", "visibility": "team"}
    )
    assert response.status_code == 400 and "edit it instead" in response.content.decode()
    assert "<h1>First senior-author paper</h1>" in response.content.decode()
    second.refresh_from_db()
    assert second.kind == "first_senior_author"


def test_the_same_kind_of_marker_is_fine_for_another_mentee(client, mentee_a, mentee_b):
    marker(mentee_a)
    client.force_login(mentee_b)
    response = client.post(
        reverse("growth:marker_create"),
        {"kind": "first_first_author", "achieved_on": "2026-01-10", "visibility": "team"},
    )
    assert response.status_code == 302 and IndependenceMarker.objects.count() == 2


def test_nobody_but_the_owner_edits_or_deletes_a_marker(client, everyone):
    step = marker(everyone["mentee_a"], visibility=Visibility.PROGRAM)
    for name, user in everyone.items():
        if name == "mentee_a":
            continue
        client.force_login(user)
        assert client.get(reverse("growth:marker", args=[step.pk])).status_code == 404
        assert client.post(reverse("growth:marker_delete", args=[step.pk])).status_code == 404
    assert IndependenceMarker.objects.filter(pk=step.pk).exists()


# --- the mentor's read-only view ------------------------------------------------------------


def test_an_active_mentor_reads_what_was_shared_with_the_team_and_nothing_private(
    client, mentee_a, mentor_a
):
    activity(mentee_a, title="Shared course", visibility=Visibility.TEAM)
    activity(mentee_a, title="Program course", visibility=Visibility.PROGRAM)
    activity(mentee_a, title="Secret course", visibility=Visibility.PRIVATE)
    marker(mentee_a, kind="own_protocol", visibility=Visibility.TEAM)
    marker(mentee_a, kind="faculty_appointment", visibility=Visibility.PRIVATE)
    client.force_login(mentor_a)
    response = client.get(reverse("growth:mentee_autonomy", args=[mentee_a.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Shared course" in text and "Program course" in text and "Own protocol" in text
    assert "Secret course" not in text and "Faculty appointment" not in text
    # Read-only: no forms, no links to edit pages.
    assert "Add an activity" not in text and "Record a marker" not in text
    assert "/growth/activities/" not in text and "/growth/markers/" not in text


@pytest.mark.parametrize(
    "name", ["mentee_b", "former_mentor", "unrelated_mentor", "director", "staff"]
)
def test_anyone_but_an_active_mentor_gets_404_for_a_mentees_page(client, everyone, name):
    activity(everyone["mentee_a"], visibility=Visibility.PROGRAM)
    client.force_login(everyone[name])
    url = reverse("growth:mentee_autonomy", args=[everyone["mentee_a"].pk])
    assert client.get(url).status_code == 404


def test_a_paused_mentorship_shows_nothing(client, mentee_a):
    paused = make_user("paused@example.org")
    make_mentorship(mentee_a, paused, status=MentorshipStatus.PAUSED)
    client.force_login(paused)
    assert client.get(reverse("growth:mentee_autonomy", args=[mentee_a.pk])).status_code == 404


def test_the_mentee_opening_their_own_mentor_view_is_sent_to_their_page(client, mentee_a):
    client.force_login(mentee_a)
    response = client.get(reverse("growth:mentee_autonomy", args=[mentee_a.pk]))
    assert response.status_code == 302 and response.url == AUTONOMY


def test_anonymous_visitors_are_sent_to_sign_in(client, mentee_a):
    for url in (AUTONOMY, reverse("growth:mentee_autonomy", args=[mentee_a.pk])):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url


def test_the_ledger_and_the_autonomy_page_link_to_each_other(client, mentee_a, mentor_a):
    client.force_login(mentee_a)
    assert f'href="{AUTONOMY}"' in client.get(reverse("growth:index")).content.decode()
    assert f'href="{reverse("growth:index")}"' in client.get(AUTONOMY).content.decode()


# --- the timeline ---------------------------------------------------------------------------


def test_the_timeline_spans_the_active_plan_with_year_columns_and_a_today_line(client, mentee_a):
    Plan.objects.create(
        mentee=mentee_a, title="K23", starts_on=date(2025, 7, 1), ends_on=date(2030, 6, 30)
    )
    marker(mentee_a, kind="first_first_author", achieved_on=date(2026, 2, 1))
    activity(
        mentee_a,
        title="Done course",
        status="done",
        starts_on=date(2026, 6, 1),
        ends_on=date(2026, 6, 30),
    )
    activity(mentee_a, title="Planned course", status="planned")
    client.force_login(mentee_a)
    page = client.get(AUTONOMY)
    timeline = page.context["timeline"]
    assert (timeline.start, timeline.end) == (date(2025, 7, 1), date(2030, 6, 30))
    assert [year for _x, _w, year in timeline.years] == list(range(2025, 2031))
    assert timeline.today_x is not None
    assert [m.label for m in timeline.markers] == ["First first-author paper"]
    assert [t.label for t in timeline.ticks] == ["Done course"]  # only done activities
    text = page.content.decode()
    assert "<svg" in text and "First first-author paper" in text and ">today</text>" in text
    assert "style=" not in text.split("<svg", 1)[1].split("</svg>", 1)[0]  # strict CSP


def test_without_an_active_plan_the_timeline_runs_from_the_earliest_record_to_a_year_on(
    mentee_a,
):
    early = marker(mentee_a, achieved_on=date(2023, 5, 4))
    course = activity(mentee_a, starts_on=date(2024, 1, 1), status="done")
    timeline = independence.layout([early], [course], TODAY)
    assert (timeline.start, timeline.end) == (date(2023, 5, 4), TODAY + timedelta(days=365))
    assert [year for _x, _w, year in timeline.years] == [2023, 2024, 2025, 2026, 2027]
    empty = independence.layout([], [], TODAY)
    assert (empty.start, empty.end) == (TODAY, TODAY + timedelta(days=365))


def test_the_timeline_draws_extra_events_with_their_kind_as_css_class(mentee_a):
    events = [
        independence.TimelineEvent(date(2026, 3, 1), "R01 not funded", "failure", "/o/1/"),
        independence.TimelineEvent(date(2026, 9, 1), "K23 funded", "success", "/o/2/"),
    ]
    timeline = independence.layout([], [], TODAY, events=events, events_label="Outcomes")
    assert [(p.label, p.css, p.url) for p in timeline.events] == [
        ("R01 not funded", "event failure", "/o/1/"),
        ("K23 funded", "event success", "/o/2/"),
    ]
    assert timeline.start == date(2026, 3, 1)
    assert [name for _y, name in timeline.lanes] == ["Independence", "Activities done", "Outcomes"]


def test_close_marker_labels_are_staggered_so_they_do_not_overlap(mentee_a):
    steps = [
        marker(mentee_a, kind="first_first_author", achieved_on=date(2026, 1, 1)),
        marker(mentee_a, kind="first_senior_author", achieved_on=date(2026, 1, 20)),
    ]
    timeline = independence.layout(steps, [], TODAY)
    assert timeline.markers[0].label_y != timeline.markers[1].label_y


def test_success_and_failure_on_the_path_differ_in_shape_not_only_in_colour(client, mentee_a):
    # The words: "success and failure differ only by green versus red".
    for title, result in [("K23 funded", "success"), ("R01 not funded", "failure")]:
        Outcome.objects.create(mentee=mentee_a, title=title, result=result, decided_on=TODAY)
    client.force_login(mentee_a)
    html = client.get(AUTONOMY).content.decode()
    svg = html.split('<svg class="timeline independence"', 1)[1].split("</svg>", 1)[0]
    assert re.search(r'<g class="event success"[^>]*><circle r="5" fill="#2e7d32"/>', svg)
    assert re.search(r'<g class="event failure"[^>]*><path d="M-4.5 -4.5 L4.5 4.5 M4.5 -4.5', svg)
    legend = html.split('<p class="legend small">', 1)[1].split("</p>", 1)[0]
    assert re.search(r'<circle r="5" fill="#2e7d32"/></svg> success', legend)
    assert re.search(r'<path d="M-4.5[^>]*/></svg> failure', legend)


def test_the_path_is_an_image_in_words_whose_links_are_in_a_table(client, mentee_a):
    step = marker(mentee_a, kind="first_pi_grant", achieved_on=date(2026, 2, 1))
    activity(mentee_a, title="Done course", status="done", starts_on=date(2026, 6, 1))
    Outcome.objects.create(mentee=mentee_a, title="K23 A0", result="failure", decided_on=TODAY)
    client.force_login(mentee_a)
    html = client.get(AUTONOMY).content.decode()
    svg = html.split('<svg class="timeline independence"', 1)[1].split("</svg>", 1)[0]
    assert 'role="img"' in svg and "<a " not in svg
    assert 'aria-labelledby="independence-title independence-desc"' in svg
    assert (
        '<desc id="independence-desc">1 marker reached, 1 activity done, 1 failure. '
        "The table after the picture lists each, by date.</desc>"
    ) in svg
    assert "First grant as principal investigator</text>" in svg  # whole, not cut at 30
    table = html.split('<details class="chart-table">', 1)[1].split("</details>", 1)[0]
    assert "<summary>Show the path as a table</summary>" in table
    rows = re.findall(r"<tr>\s*<td[^>]*>([^<]*)</td><td>([^<]*)</td>", table)
    assert rows == [
        ("1 Feb 2026", "Independence marker"),
        ("1 Jun 2026", "Activity done, beyond the mentors&#x27; expertise"),  # no mentor
        ("24 Nov 2026", "Outcomes"),
    ]
    assert f'<a href="{step.get_absolute_url()}">First grant as principal investigator</a>' in table
    assert "<td>Failure</td>" in table


# --- the practice 5 indicator ---------------------------------------------------------------


def test_practice_5_is_missing_without_activities_in_six_months(mentee_a, mentor_a):
    activity(mentee_a, starts_on=date(2025, 1, 1), ends_on=date(2025, 5, 1))  # long ago
    activity(mentee_a, starts_on=TODAY - timedelta(days=10), status="dropped")
    activity(mentee_a, starts_on=TODAY + timedelta(days=10), status="planned")  # not begun
    indicator = practice_5(mentee_a)
    assert indicator.state == State.MISSING and indicator.url == AUTONOMY


def test_practice_5_asks_for_attention_when_every_activity_is_within_the_mentors_expertise(
    mentee_a, mentor_a
):
    activity(mentee_a, topics="trial designs", starts_on=TODAY - timedelta(days=300))  # ongoing
    activity(
        mentee_a,
        topics="Biostatistics",
        starts_on=date(2026, 1, 1),
        ends_on=TODAY - timedelta(days=180),
    )
    indicator = practice_5(mentee_a)
    assert indicator.value == "2 activities in six months"
    assert indicator.detail == "0 beyond your mentors' expertise."
    assert indicator.state == State.ATTENTION


def test_practice_5_is_good_with_one_activity_beyond_the_mentors_expertise(mentee_a, mentor_a):
    activity(mentee_a, topics="trial design")
    activity(mentee_a, topics="trial design", beyond_override=True)  # the mentee knows better
    activity(mentee_a, topics="machine learning", beyond_override=False)
    indicator = practice_5(mentee_a)
    assert indicator.value == "3 activities in six months"
    assert indicator.detail == "1 beyond your mentors' expertise."
    assert indicator.state == State.GOOD


def test_practice_5_costs_the_same_queries_for_one_mentee_or_ten(mentee_a, mentor_a):
    def queries_for(mentees):
        with CaptureQueriesContext(connection) as captured:
            health_for(mentees, TODAY)
        return len(captured)

    activity(mentee_a)
    few = [mentee_a]
    alone = queries_for(few)
    many = [mentee_a]
    for i in range(9):
        mentee = make_user(f"mentee{i}@example.org")
        for j in range(2):
            make_mentorship(mentee, make_user(f"m{i}-{j}@example.org", expertise="genomics, R"))
            activity(mentee, topics="genomics" if j else "qualitative methods")
        many.append(mentee)
    assert queries_for(many) == alone

    from mentorkit.growth.health import autonomy_health

    with CaptureQueriesContext(connection) as captured:
        autonomy_health(many, TODAY)
    assert len(captured) == 2


def test_the_autonomy_pages_cost_the_same_queries_whatever_the_amount_of_data(
    client, mentee_a, mentor_a
):
    """Session, user, mentors with their expertise, activities, markers, the active plan, the
    decided outcomes on the timeline and the menu's director check; the mentor's view adds the
    mentorship that lets them in."""

    def queries(user, url):
        client.force_login(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    mentor_view = reverse("growth:mentee_autonomy", args=[mentee_a.pk])
    activity(mentee_a)
    marker(mentee_a)
    small = queries(mentee_a, AUTONOMY), queries(mentor_a, mentor_view)
    for i in range(10):
        activity(mentee_a, title=f"Course {i}", status="done")
        make_mentorship(mentee_a, make_user(f"extra{i}@example.org", expertise="genomics"))
    for kind in ("own_protocol", "first_mentee", "first_pi_grant"):
        marker(mentee_a, kind=kind)
    for i in range(10):
        Outcome.objects.create(
            mentee=mentee_a, title=f"Paper {i}", result="failure", decided_on=date(2026, 1, 1 + i)
        )
    Plan.objects.create(
        mentee=mentee_a, title="K23", starts_on=date(2025, 7, 1), ends_on=date(2030, 6, 30)
    )
    large = queries(mentee_a, AUTONOMY), queries(mentor_a, mentor_view)
    assert small == large == (9, 10)


def test_a_marker_recorded_twice_at_the_same_moment_is_refused_not_a_server_error(
    client, mentee_a, monkeypatch
):
    from mentorkit.growth.forms import MarkerForm

    # The other request saved between this one's check and its insert.
    monkeypatch.setattr(MarkerForm, "clean_kind", lambda form: form.cleaned_data["kind"])
    marker(mentee_a, kind="own_protocol")
    client.force_login(mentee_a)
    response = client.post(
        reverse("growth:marker_create"),
        {"kind": "own_protocol", "achieved_on": "2026-01-10", "visibility": "team"},
    )
    assert response.status_code == 400
    assert "You already recorded “Own protocol”; edit it instead." in response.content.decode()
    assert IndependenceMarker.objects.count() == 1
