"""Outcomes, successes and failures (practice 7): recorded with dates and results, chained
across attempts, reflected on with chosen mentors, celebrated with the team, counted in the
practice 7 indicator and exported as a CV with the failures beside the successes."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.urls import reverse

from mentorkit.health import State, health_for
from mentorkit.outcomes import charts
from mentorkit.outcomes.models import Outcome, Reflection
from mentorkit.teams.models import Role

from ..conftest import make_mentorship, make_user, proposed_for_next_meeting
from ..pdf import page_sizes

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def outcome(mentee, **fields):
    fields.setdefault("title", "Remote monitoring after discharge: a pragmatic trial")
    fields.setdefault("kind", "paper")
    return Outcome.objects.create(mentee=mentee, **fields)


def form_data(**fields):
    data = {
        "kind": "grant",
        "title": "K23: Remote monitoring in heart failure",
        "venue": "NHLBI",
        "submitted_on": "2025-02-12",
        "decided_on": "2025-07-01",
        "result": "failure",
        "details": "Impact score 38, not discussed",
        "authors": "",
        "year": "",
        "doi": "",
        "pmid": "",
        "url": "",
        "previous": "",
        "visibility": "team",
    }
    data.update(fields)
    return data


@pytest.fixture
def second_mentor(mentee_a):
    mentor = make_user("second@example.org", expertise="health services research")
    make_mentorship(mentee_a, mentor, role=Role.CAREER)
    return mentor


# --- recording outcomes ---------------------------------------------------------------


def test_the_mentee_records_an_unfunded_grant_and_sees_it(client, mentee_a):
    client.force_login(mentee_a)
    response = client.post(reverse("outcomes:create"), form_data())
    k23 = Outcome.objects.get()
    assert response.status_code == 302 and response.url == k23.get_absolute_url()
    assert (k23.kind, k23.result, k23.decided_on) == ("grant", "failure", date(2025, 7, 1))
    page = client.get(k23.get_absolute_url()).content.decode()
    assert "Impact score 38" in page and "Reflect on it" in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"decided_on": "2025-01-01"}, "decided_on", "cannot come before the submission"),
        ({"result": "success", "decided_on": ""}, "decided_on", "needs the date it was decided"),
        ({"result": "failure", "decided_on": ""}, "decided_on", "needs the date it was decided"),
        ({"result": "pending"}, "result", "A decision date is set"),
        ({"decided_on": "2027-01-01"}, "decided_on", "in the future"),
        ({"kind": "patent"}, "kind", "Choose a kind"),
        ({"result": "maybe"}, "result", "Choose a result"),
        ({"title": ""}, "title", "This field is required"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_saved(
    client, mentee_a, change, field, message
):
    client.force_login(mentee_a)
    response = client.post(reverse("outcomes:create"), form_data(**change))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not Outcome.objects.exists()


def test_the_database_refuses_what_the_form_refuses(mentee_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        outcome(mentee_a, submitted_on=date(2025, 3, 1), decided_on=date(2025, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        outcome(mentee_a, result="success")
    with pytest.raises(IntegrityError), transaction.atomic():
        outcome(mentee_a, result="failure", decided_on=TODAY, celebrated_on=TODAY)


def test_a_resubmission_follows_the_first_attempt_and_both_show_the_chain(client, mentee_a):
    k23 = outcome(
        mentee_a, kind="grant", title="K23 A0", result="failure", decided_on=date(2025, 7, 1)
    )
    client.force_login(mentee_a)
    client.post(
        reverse("outcomes:create"),
        form_data(
            title="K23 A1",
            submitted_on="2025-11-12",
            decided_on="2026-06-30",
            result="success",
            details="Impact score 22, 8th percentile",
            previous=k23.pk,
        ),
    )
    a1 = Outcome.objects.get(title="K23 A1")
    assert a1.previous == k23
    assert [o.title for o in k23.chain()] == ["K23 A0", "K23 A1"]
    page = client.get(k23.get_absolute_url()).content.decode()
    assert page.index("K23 A0") < page.index("K23 A1") and "8th percentile" in page


def test_a_failure_offers_to_record_its_resubmission_filled_in_from_it(client, mentee_a, mentee_b):
    # The words: "a failed outcome has no 'record the resubmission' button".
    a0 = outcome(
        mentee_a,
        kind="grant",
        title="K23 A0",
        venue="NHLBI",
        result="failure",
        decided_on=date(2025, 7, 1),
    )
    client.force_login(mentee_a)
    page = client.get(a0.get_absolute_url()).content.decode()
    link = f'<a class="button" href="/outcomes/new/?follows={a0.pk}">Record the resubmission</a>'
    assert link in page
    form = client.get(f"/outcomes/new/?follows={a0.pk}").content.decode()
    assert 'name="title" value="K23 A0"' in form and 'name="venue" value="NHLBI"' in form
    assert f'<option value="{a0.pk}" selected>' in form
    assert '<option value="pending" selected>' in form
    # Once resubmitted, the button is gone; someone else's outcome starts nothing.
    outcome(mentee_a, kind="grant", title="K23 A1", previous=a0)
    assert "Record the resubmission" not in client.get(a0.get_absolute_url()).content.decode()
    client.force_login(mentee_b)
    assert "K23 A0" not in client.get(f"/outcomes/new/?follows={a0.pk}").content.decode()


def test_a_success_offers_no_resubmission(client, mentee_a):
    paper = outcome(mentee_a, result="success", decided_on=date(2025, 7, 1))
    client.force_login(mentee_a)
    assert "Record the resubmission" not in client.get(paper.get_absolute_url()).content.decode()


def test_a_chain_that_would_loop_is_refused(client, mentee_a):
    first = outcome(mentee_a, title="First journal", result="failure", decided_on=date(2025, 1, 5))
    second = outcome(
        mentee_a,
        title="Second journal",
        previous=first,
        result="failure",
        decided_on=date(2025, 4, 1),
    )
    third = outcome(mentee_a, title="Third journal", previous=second)
    client.force_login(mentee_a)
    response = client.post(
        reverse("outcomes:edit", args=[first.pk]),
        form_data(
            kind="paper",
            title="First journal",
            submitted_on="",
            decided_on="2025-01-05",
            previous=third.pk,
        ),
    )
    assert response.status_code == 400
    assert "would loop" in " ".join(response.context["form"].errors["previous"])
    first.refresh_from_db()
    assert first.previous is None


def test_an_attempt_of_another_mentee_cannot_be_followed(client, mentee_a, mentee_b):
    theirs = outcome(mentee_b, result="failure", decided_on=date(2025, 1, 5))
    client.force_login(mentee_a)
    response = client.post(reverse("outcomes:create"), form_data(previous=theirs.pk))
    assert response.status_code == 400
    assert "your own outcomes" in " ".join(response.context["form"].errors["previous"])


# --- who sees what ------------------------------------------------------------------


def test_outcomes_follow_their_visibility_and_others_get_404(
    client, mentee_a, mentor_a, former_mentor, unrelated_mentor, director
):
    team = outcome(mentee_a, title="Shared with the team")
    private = outcome(mentee_a, title="Kept private", visibility="private")
    program = outcome(mentee_a, title="For the program", visibility="program")
    expected = {
        mentor_a: {team: 200, private: 404, program: 200},
        former_mentor: {team: 404, private: 404, program: 404},
        unrelated_mentor: {team: 404, private: 404, program: 404},
        director: {team: 404, private: 404, program: 200},
    }
    for user, answers in expected.items():
        client.force_login(user)
        for o, status in answers.items():
            assert client.get(o.get_absolute_url()).status_code == status, (user, o)
    client.force_login(mentor_a)
    for name in ("edit", "reflection"):
        assert client.get(reverse(f"outcomes:{name}", args=[team.pk])).status_code == 404
    assert client.post(reverse("outcomes:delete", args=[team.pk])).status_code == 404
    assert Outcome.objects.filter(pk=team.pk).exists()


def test_a_reflection_is_read_only_by_the_mentors_it_is_shared_with(
    client, mentee_a, mentor_a, second_mentor, director
):
    k23 = outcome(
        mentee_a,
        kind="grant",
        title="K23 A0",
        result="failure",
        decided_on=date(2026, 7, 1),
        visibility="program",
    )
    client.force_login(mentee_a)
    response = client.post(
        reverse("outcomes:reflection", args=[k23.pk]),
        {
            "what_happened": "Not discussed; reviewers doubted the pilot data.",
            "learned": "Pilot data first, then the aims.",
            "next_steps": "Resubmit in November with the feasibility study.",
            "shared_with": [mentor_a.pk],
        },
    )
    assert response.status_code == 302
    reflection = Reflection.objects.get()
    assert list(reflection.shared_with.all()) == [mentor_a]
    for user, sees in ((mentor_a, True), (second_mentor, False), (director, False)):
        client.force_login(user)
        page = client.get(k23.get_absolute_url()).content.decode()
        assert ("Pilot data first" in page) is sees, user


def test_a_reflection_cannot_be_shared_beyond_the_active_team(
    client, mentee_a, mentor_a, former_mentor, unrelated_mentor
):
    k23 = outcome(mentee_a, result="failure", decided_on=date(2026, 7, 1))
    client.force_login(mentee_a)
    for outsider in (former_mentor, unrelated_mentor):
        response = client.post(
            reverse("outcomes:reflection", args=[k23.pk]),
            {"what_happened": "Rejected", "shared_with": [outsider.pk]},
        )
        assert response.status_code == 400
        assert "active mentors" in " ".join(response.context["form"].errors["shared_with"])
    assert not Reflection.objects.exists()


# --- celebrations and the team's feed -----------------------------------------------


def test_a_success_is_celebrated_and_shows_in_the_team_feed(client, mentee_a, mentor_a):
    paper = outcome(mentee_a, result="success", decided_on=date(2026, 10, 2), venue="JACC")
    client.force_login(mentee_a)
    client.post(reverse("outcomes:celebrate", args=[paper.pk]), {"note": "Cake at lab meeting"})
    paper.refresh_from_db()
    assert paper.celebrated_on == TODAY and paper.celebration_note == "Cake at lab meeting"
    client.force_login(mentor_a)
    page = client.get(reverse("outcomes:index")).content.decode()
    assert "Remote monitoring after discharge" in page and "celebrated" in page


def test_a_failure_cannot_be_celebrated(client, mentee_a):
    rejected = outcome(mentee_a, result="failure", decided_on=date(2026, 10, 2))
    client.force_login(mentee_a)
    response = client.post(reverse("outcomes:celebrate", args=[rejected.pk]), follow=True)
    assert "Only a success can be celebrated" in response.content.decode()
    rejected.refresh_from_db()
    assert rejected.celebrated_on is None


def test_the_feed_holds_successes_and_failures_reflected_on_with_the_viewer(
    mentee_a, mentor_a, second_mentor
):
    success = outcome(mentee_a, title="Accepted", result="success", decided_on=date(2026, 9, 1))
    shared = outcome(
        mentee_a, title="Rejected, shared", result="failure", decided_on=date(2026, 8, 1)
    )
    kept = outcome(
        mentee_a, title="Rejected, unshared", result="failure", decided_on=date(2026, 7, 1)
    )
    outcome(
        mentee_a, title="Rejected, no reflection", result="failure", decided_on=date(2026, 6, 1)
    )
    outcome(
        mentee_a,
        title="Private win",
        result="success",
        decided_on=date(2026, 5, 1),
        visibility="private",
    )
    Reflection.objects.create(outcome=shared, what_happened="x").shared_with.add(mentor_a)
    Reflection.objects.create(outcome=kept, what_happened="y")
    assert list(Outcome.objects.feed_for(mentor_a)) == [success, shared]
    assert list(Outcome.objects.feed_for(second_mentor)) == [success]
    assert set(Outcome.objects.feed_for(mentee_a)) == {
        success,
        shared,
        kept,
        Outcome.objects.get(title="Private win"),
    }


# --- the indicator and the agenda ---------------------------------------------------


def test_the_indicator_counts_reflections_on_decided_outcomes_and_celebrations(mentee_a, mentee_b):
    indicator = health_for([mentee_a])[mentee_a.pk][6]
    assert indicator.state == State.MISSING
    win = outcome(mentee_a, result="success", decided_on=date(2026, 3, 1))
    loss = outcome(mentee_a, result="failure", decided_on=date(2026, 4, 1))
    outcome(mentee_a, result="failure", decided_on=date(2024, 4, 1))  # more than a year ago
    outcome(mentee_a, result="pending")
    Reflection.objects.create(outcome=loss, what_happened="Rejected")
    indicator = health_for([mentee_a])[mentee_a.pk][6]
    assert indicator.value == "50% of decided outcomes reflected on"
    assert "0 celebrations" in indicator.detail and indicator.state == State.ATTENTION
    win.celebrated_on = TODAY
    win.save()
    indicator = health_for([mentee_a])[mentee_a.pk][6]
    assert indicator.state == State.GOOD and "1 celebration in the last year" in indicator.detail


def test_the_indicator_costs_the_same_for_one_mentee_or_many(django_assert_num_queries, mentee_a):
    from mentorkit.outcomes.health import outcomes_health

    mentees = [mentee_a] + [make_user(f"m{i}@example.org") for i in range(5)]
    for m in mentees:
        outcome(m, result="failure", decided_on=date(2026, 4, 1))
    with django_assert_num_queries(2):
        outcomes_health([mentee_a], TODAY)
    with django_assert_num_queries(2):
        outcomes_health(mentees, TODAY)


def test_recent_outcomes_are_proposed_for_the_next_meeting(mentee_a, mentor_a):
    outcome(
        mentee_a, title="Accepted at JACC", result="success", decided_on=TODAY - timedelta(days=10)
    )
    outcome(
        mentee_a,
        title="K23 not funded",
        kind="grant",
        result="failure",
        decided_on=TODAY - timedelta(days=20),
    )
    done = outcome(
        mentee_a,
        title="Rejected, reflected",
        result="failure",
        decided_on=TODAY - timedelta(days=5),
    )
    Reflection.objects.create(outcome=done, what_happened="x")
    outcome(mentee_a, title="Long ago", result="success", decided_on=TODAY - timedelta(days=400))
    titles = [
        s.title
        for s in proposed_for_next_meeting(mentee_a, mentor_a)[
            "Outcomes to celebrate or reflect on"
        ]
    ]
    assert titles == ["Reflect on: K23 not funded", "Celebrate: Accepted at JACC"]


# --- charts --------------------------------------------------------------------------


def test_the_charts_count_by_kind_year_and_result():
    rows = [
        ("paper", "success", None, date(2024, 5, 1)),
        ("paper", "failure", None, date(2024, 2, 1)),
        ("paper", "pending", date(2026, 1, 1), None),
        ("grant", "failure", date(2025, 2, 1), date(2025, 7, 1)),
        ("grant", "success", date(2025, 11, 1), date(2026, 6, 1)),
        ("award", "success", None, None),  # no date: counted in the funnel only
    ]
    chart = charts.over_time(rows)
    assert [year for _x, year in chart.years] == [2024, 2025, 2026]
    assert [row.label for row in chart.rows] == ["Paper", "Grant"]
    assert [bar.total for bar in chart.rows[0].bars] == [2, 0, 1]
    assert chart.total == 5
    funnel = charts.funnel(rows)
    assert [(r.label, [s.count for s in r.stages]) for r in funnel.rows] == [
        ("Paper", [3, 2, 1]),
        ("Grant", [2, 2, 1]),
        ("Award", [1, 1, 1]),
    ]
    assert funnel.rows[1].stages[2].share == 50
    assert charts.over_time([]).empty and charts.funnel([]).empty


def test_kinds_over_time_share_one_scale_so_one_promotion_is_not_as_tall_as_six_papers():
    # The words: "Outcomes-over-time gives each kind its own scale".
    rows = [("paper", "success", None, date(2025, m, 1)) for m in range(1, 7)]
    rows.append(("promotion", "success", None, date(2025, 7, 1)))
    chart = charts.over_time(rows)
    paper, promotion = (row.bars[0].segments[0].height for row in chart.rows)
    assert chart.peak == 6 and paper == pytest.approx(6 * promotion, abs=0.3)
    assert chart.description().startswith("Every row on one scale; the tallest bar is 6. ")


def test_outcomes_over_time_is_an_image_in_words_with_a_table_and_hatched_failures(
    client, mentee_a
):
    outcome(mentee_a, title="A0", kind="grant", result="failure", decided_on=date(2025, 7, 1))
    outcome(mentee_a, title="A1", kind="grant", result="success", decided_on=date(2026, 6, 1))
    client.force_login(mentee_a)
    html = client.get(reverse("outcomes:index")).content.decode()
    svg = re.search(r'<svg class="chart"[^>]*over-time-title.*?</svg>', html, re.S).group(0)
    assert 'aria-labelledby="over-time-title over-time-desc"' in svg
    assert (
        '<desc id="over-time-desc">Every row on one scale; the tallest bar is 1. '
        "Grant 2 (1 success, 1 failure). The table after the chart gives each year.</desc>"
    ) in svg
    assert 'fill="url(#over-time-failure)"><title>Grant 2025: 1 failure</title>' in svg
    table = re.search(
        r"<summary>Show outcomes over time as a table</summary>(.*?)</details>", html, re.S
    )
    lines = re.findall(r"<tr><th scope=\"row\">(\w+)</th>((?:<td>\d+</td>)+)</tr>", table.group(1))
    assert lines == [
        ("Grant", "<td>2025</td><td>0</td><td>1</td><td>0</td><td>0</td><td>1</td>"),
        ("Grant", "<td>2026</td><td>1</td><td>0</td><td>0</td><td>0</td><td>1</td>"),
    ]
    assert '<desc id="funnel-desc">Grant: 2 submitted, 2 decided, 1 succeeded.</desc>' in html
    assert "<summary>Show the funnel as a table</summary>" in html


# --- the CV and the outputs list ----------------------------------------------------


@pytest.fixture
def record(mentee_a):
    a0 = outcome(
        mentee_a,
        kind="grant",
        title="K23 A0",
        venue="NHLBI",
        result="failure",
        submitted_on=date(2025, 2, 1),
        decided_on=date(2025, 7, 1),
        details="Impact score 38",
    )
    outcome(
        mentee_a,
        kind="grant",
        title="K23 A1",
        venue="NHLBI",
        result="success",
        previous=a0,
        submitted_on=date(2025, 11, 1),
        decided_on=date(2026, 6, 30),
    )
    outcome(
        mentee_a,
        title="Trial paper",
        venue="JACC",
        result="success",
        decided_on=date(2026, 2, 1),
        authors="Okafor AN, Lindqvist E",
        year=2026,
        doi="10.1000/jacc.1",
    )
    outcome(
        mentee_a,
        title="Trial paper at NEJM",
        venue="NEJM",
        result="failure",
        decided_on=date(2025, 10, 1),
    )
    outcome(mentee_a, title="Private note", venue="Nowhere", result="pending", visibility="private")


def test_the_cv_sets_failures_beside_successes(client, mentee_a, record):
    client.force_login(mentee_a)
    page = client.get(reverse("outcomes:cv", args=["html"])).content.decode()
    assert "Successes (1)" in page and "Failures and withdrawals (1)" in page
    assert page.index("K23 A1") < page.index("K23 A0")  # successes column first
    assert "Impact score 38" in page and "follows “K23 A0”" in page and "<svg" in page
    markdown = client.get(reverse("outcomes:cv", args=["md"])).content.decode()
    assert "### Failures and withdrawals" in markdown and "**Trial paper at NEJM**" in markdown


def test_the_cv_prints_on_a4_and_letter(client, mentee_a, record):
    client.force_login(mentee_a)
    a4 = client.get(reverse("outcomes:cv", args=["pdf"]))
    letter = client.get(reverse("outcomes:cv", args=["pdf"]) + "?paper=letter")
    assert a4["Content-Type"] == "application/pdf"
    assert page_sizes(a4.content)[0] == pytest.approx((595.3, 841.9), abs=1)
    assert page_sizes(letter.content)[0] == pytest.approx((612, 792), abs=1)


def test_the_outputs_list_holds_published_papers_and_funded_grants_only(client, mentee_a, record):
    client.force_login(mentee_a)
    text = client.get(reverse("outcomes:biosketch", args=["md"])).content.decode()
    assert "1. Okafor AN, Lindqvist E. Trial paper. JACC. 2026. doi:10.1000/jacc.1." in text
    assert "NHLBI. K23 A1." in text
    assert "NEJM" not in text and "K23 A0" not in text
    assert client.get(reverse("outcomes:biosketch", args=["pdfx"])).status_code == 404


def test_a_mentor_cannot_export_a_mentees_cv_only_their_own(client, mentee_a, mentor_a, record):
    client.force_login(mentor_a)
    page = client.get(reverse("outcomes:cv", args=["html"])).content.decode()
    assert "K23" not in page and "No outcomes recorded" in page


# --- a long list ------------------------------------------------------------------------


def test_a_long_list_of_outcomes_is_shown_fifty_at_a_time_and_charted_in_full(client, mentee_a):
    Outcome.objects.bulk_create(
        Outcome(
            mentee=mentee_a,
            title=f"Paper {i:03d}",
            kind="paper",
            result="success" if i % 3 else "failure",
            decided_on=date(2020, 1, 1) + timedelta(days=i),
        )
        for i in range(120)
    )
    client.force_login(mentee_a)
    first = client.get("/outcomes/").content.decode()
    listed = re.findall(r">Paper (\d{3})</a>", first)
    assert listed == [f"{i:03d}" for i in range(119, 69, -1)]  # newest first
    assert "Outcomes 1–50 of 120" in first and 'href="?page=2" rel="next"' in first
    assert "120" in first.split('id="charts-h"')[1].split('id="list-h"')[0]  # every one charted

    last = client.get("/outcomes/?result=failure&page=1").content.decode()
    assert "Outcomes 1–" not in last  # 40 failures fit on one page
    assert len(re.findall(r">Paper \d{3}</a>", last)) == 40

    third = client.get("/outcomes/?page=3").content.decode()
    assert re.findall(r">Paper (\d{3})</a>", third) == [f"{i:03d}" for i in range(19, -1, -1)]
    assert 'href="?page=2" rel="prev"' in third
    assert client.get("/outcomes/?page=4").status_code == 404
    assert client.get("/outcomes/?page=x").status_code == 404


def test_the_next_page_keeps_the_filters(client, mentee_a):
    for i in range(60):
        outcome(mentee_a, title=f"Grant {i}", kind="grant", result="failure", decided_on=TODAY)
    client.force_login(mentee_a)
    page = client.get("/outcomes/?kind=grant&result=failure").content.decode()
    assert 'href="?kind=grant&amp;result=failure&amp;page=2" rel="next"' in page
