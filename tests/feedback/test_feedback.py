"""Two-way feedback (practice 3): requests and answers in both directions, ratings of the
mentoring style beside the mentor's self-rating, and what was done with each piece."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from mentorkit.feedback import actions, instruments
from mentorkit.feedback.models import Direction, Feedback, FeedbackRequest, Rating
from mentorkit.health import State, health_for
from mentorkit.meetings.models import ActionItem
from mentorkit.plans.models import Goal, Plan
from mentorkit.teams.models import Mentorship

from ..conftest import proposed_for_next_meeting

pytestmark = pytest.mark.django_db

TODAY = date(2026, 11, 24)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(date(2026, 11, 24), tick=False) as traveller:
        yield traveller


@pytest.fixture
def mine(mentee_a, mentor_a):
    return Mentorship.objects.get(mentee=mentee_a, mentor=mentor_a)


def ask_data(mentorship, **overrides):
    return {
        "mentorship": mentorship.pk,
        "topic": "aims",
        "title": "Specific aims, draft 3",
        "details": "Is Aim 2 too ambitious?",
        "link": "https://docs.example.org/aims-v3",
        "due_on": "2026-12-05",
        **overrides,
    }


def all_ratings(value=5):
    return {key: value for key in instruments.get("mentoring-style").items}


def rating_data(value=5):
    return {f"r_{key}": str(v) for key, v in all_ratings(value).items()}


class TestRequests:
    def test_a_mentee_asks_a_mentor_and_both_see_it_open(self, client, mentee_a, mentor_a, mine):
        client.force_login(mentee_a)
        response = client.post(reverse("feedback:request_create"), ask_data(mine))
        assert response.status_code == 302
        asked = FeedbackRequest.objects.get()
        assert (asked.requested_by, asked.asked_of, asked.mentee) == (mentee_a, mentor_a, mentee_a)
        assert asked.direction == Direction.TO_MENTEE
        assert "Specific aims, draft 3" in client.get("/").content.decode()
        client.force_login(mentor_a)
        home = client.get("/").content.decode()
        assert "Feedback asked of you" in home and "Specific aims, draft 3" in home

    def test_a_mentor_asks_the_mentee_about_their_mentoring(self, client, mentee_a, mentor_a, mine):
        client.force_login(mentor_a)
        client.post(
            reverse("feedback:request_create"),
            ask_data(mine, topic="relationship", title="How am I doing as your mentor?"),
        )
        asked = FeedbackRequest.objects.get()
        assert asked.asked_of == mentee_a and asked.direction == Direction.TO_MENTOR
        client.force_login(mentee_a)
        page = client.get(asked.get_absolute_url()).content.decode()
        assert "Also rate the mentoring style" in page

    def test_a_request_to_oneself_is_refused(self, client, mentee_a):
        own = Mentorship.objects.create(
            mentee=mentee_a, mentor=mentee_a, invited_email=mentee_a.email, status="active"
        )
        client.force_login(mentee_a)
        response = client.post(reverse("feedback:request_create"), ask_data(own))
        assert "cannot ask yourself" in " ".join(response.context["form"].errors["mentorship"])
        assert not FeedbackRequest.objects.exists()

    @pytest.mark.parametrize(
        "overrides, field",
        [
            ({"due_on": "2026-11-01"}, "due_on"),
            ({"link": "javascript:alert(1)"}, "link"),
            ({"title": ""}, "title"),
        ],
    )
    def test_bad_requests_are_refused(self, client, mentee_a, mine, overrides, field):
        client.force_login(mentee_a)
        response = client.post(reverse("feedback:request_create"), ask_data(mine, **overrides))
        assert field in response.context["form"].errors
        assert not FeedbackRequest.objects.exists()

    def test_one_cannot_ask_someone_outside_the_team(self, client, mentee_a, unrelated_mentor):
        theirs = Mentorship.objects.get(mentor=unrelated_mentor)
        client.force_login(mentee_a)
        response = client.post(reverse("feedback:request_create"), ask_data(theirs))
        assert "active mentorship" in " ".join(response.context["form"].errors["mentorship"])

    def test_only_the_person_asked_answers_and_the_request_closes(
        self, client, mentee_a, mentor_a, mine
    ):
        asked = FeedbackRequest.objects.create(
            mentorship=mine,
            mentee=mentee_a,
            requested_by=mentee_a,
            asked_of=mentor_a,
            title="Talk slides",
            due_on=TODAY,
        )
        client.force_login(mentee_a)
        assert client.post(asked.get_absolute_url(), {"text": "self"}).status_code == 404
        client.force_login(mentor_a)
        response = client.post(
            asked.get_absolute_url(),
            {"topic": "talk", "text": "Cut slide 12; lead with the result."},
        )
        feedback = Feedback.objects.get()
        assert response.url == feedback.get_absolute_url()
        assert feedback.direction == Direction.TO_MENTEE and feedback.request == asked
        asked.refresh_from_db()
        assert asked.status == "answered"

    def test_the_requester_can_withdraw(self, client, mentee_a, mentor_a, mine):
        asked = FeedbackRequest.objects.create(
            mentorship=mine,
            mentee=mentee_a,
            requested_by=mentee_a,
            asked_of=mentor_a,
            title="Talk",
            due_on=TODAY,
        )
        client.force_login(mentor_a)
        assert client.post(reverse("feedback:request_withdraw", args=[asked.pk])).status_code == 404
        client.force_login(mentee_a)
        client.post(reverse("feedback:request_withdraw", args=[asked.pk]))
        asked.refresh_from_db()
        assert asked.status == "withdrawn"

    def test_open_requests_are_proposed_on_the_agenda(self, mentee_a, mentor_a, mine):

        FeedbackRequest.objects.create(
            mentorship=mine,
            mentee=mentee_a,
            requested_by=mentee_a,
            asked_of=mentor_a,
            title="Aims page",
            due_on=TODAY + timedelta(days=3),
        )
        sources = proposed_for_next_meeting(mentee_a, mentor_a, days_ahead=1)
        assert [s.title for s in sources["Feedback asked for"]] == ["Aims page"]


class TestRatingTheMentoringStyle:
    def test_the_mentee_rates_the_mentor_with_words_and_the_instrument(
        self, client, mentee_a, mine
    ):
        client.force_login(mentee_a)
        response = client.post(
            reverse("feedback:give", args=[mine.pk]),
            {
                "topic": "relationship",
                "text": "More time on the analysis plan, please.",
                "rate": "on",
                **rating_data(6),
            },
        )
        assert response.status_code == 302
        feedback = Feedback.objects.get()
        assert feedback.direction == Direction.TO_MENTOR
        assert feedback.instrument == "mentoring-style" and feedback.instrument_version == 1
        assert Rating.objects.filter(feedback=feedback).count() == len(all_ratings())
        assert {r.domain for r in feedback.ratings.all()} == {
            "communication",
            "expectations",
            "understanding",
            "diversity",
            "independence",
            "development",
        }

    def test_a_rating_off_the_scale_or_missing_is_refused_and_nothing_saved(
        self, client, mentee_a, mine
    ):
        client.force_login(mentee_a)
        data = {"topic": "relationship", "text": "", "rate": "on", **rating_data(5)}
        data["r_listens"] = "9"
        del data["r_credit"]
        response = client.post(reverse("feedback:give", args=[mine.pk]), data)
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert "r_listens" in errors and "r_credit" in errors
        assert not Feedback.objects.exists() and not Rating.objects.exists()

    def test_an_answer_to_an_item_the_instrument_does_not_have_is_refused(self, mentee_a, mine):
        ratings = {**all_ratings(4), "charisma": 7}
        with pytest.raises(actions.FeedbackError, match="has no item 'charisma'"):
            actions.give_feedback(mine, mentee_a, text="", topic="relationship", ratings=ratings)
        assert not Feedback.objects.exists()

    def test_the_mentor_sees_the_gap_with_their_self_rating_and_the_trend(
        self, client, mentee_a, mentor_a, mine, frozen
    ):
        for value in (3, 4, 5):
            actions.give_feedback(
                mine, mentee_a, text="", topic="relationship", ratings=all_ratings(value)
            )
            frozen.shift(timedelta(days=91))
        client.force_login(mentor_a)
        response = client.post(reverse("feedback:self_rating", args=[mine.pk]), rating_data(7))
        assert response.status_code == 302
        page = client.get(reverse("feedback:style", args=[mine.pk]))
        rows = {row.key: row for row in page.context["table"]}
        assert rows["communication"].mentee == 5.0 and rows["communication"].self == 7.0
        assert rows["communication"].gap == 2.0
        html = page.content.decode()
        assert "+2.0" in html and "<polyline" in html
        assert page.context["rounds"] == 3
        assert len(page.context["trend"].lines) == 6

    def test_the_trend_is_told_in_words_and_as_a_table_and_each_domain_has_its_own_dash(
        self, client, mentee_a, mine, frozen
    ):
        for value in (3, 5):
            actions.give_feedback(
                mine, mentee_a, text="", topic="relationship", ratings=all_ratings(value)
            )
            frozen.shift(timedelta(days=91))
        client.force_login(mentee_a)
        html = client.get(reverse("feedback:style", args=[mine.pk])).content.decode()
        svg = html.split('<svg class="chart"', 1)[1].split("</svg>", 1)[0]
        assert 'aria-labelledby="trend-title trend-desc"' in svg
        desc = svg.split('<desc id="trend-desc">', 1)[1].split("</desc>", 1)[0]
        assert desc.startswith("2 rounds from ") and "3.0 to 5.0" in desc
        dashes = svg.split('stroke-dasharray="')[1:]
        assert len({d.split('"')[0] for d in dashes}) == 5  # and one solid line
        assert "Promoting professional development</text>" in svg  # the whole name
        table = html.split("<summary>Show the trend as a table</summary>", 1)[1]
        assert table.count("<td>3.0</td>") == 6 and table.count("<td>5.0</td>") == 6

    def test_the_style_page_is_for_the_two_of_them(
        self, client, mine, mentee_b, former_mentor, director
    ):
        for user in (mentee_b, former_mentor, director):
            client.force_login(user)
            assert client.get(reverse("feedback:style", args=[mine.pk])).status_code == 404


class TestActingOnFeedback:
    def test_the_receiver_turns_feedback_into_an_action_and_a_goal_change(
        self, client, mentee_a, mentor_a, mine
    ):
        feedback = actions.give_feedback(
            mine, mentor_a, text="Your Aim 2 needs a power calculation.", topic="aims"
        )
        plan = Plan.objects.create(
            mentee=mentee_a, title="Plan", starts_on=date(2025, 1, 1), ends_on=date(2029, 1, 1)
        )
        goal = Goal.objects.create(
            plan=plan,
            mentee=mentee_a,
            category="funding",
            statement="K23",
            measure="Submitted",
            due_on=date(2027, 3, 1),
        )
        client.force_login(mentor_a)  # the giver cannot record what the receiver did
        assert (
            client.post(reverse("feedback:act", args=[feedback.pk]), {"note": "x"}).status_code
            == 404
        )
        client.force_login(mentee_a)
        response = client.post(
            reverse("feedback:act", args=[feedback.pk]),
            {
                "note": "Added the calculation with Priya.",
                "action_title": "Power calculation",
                "action_due_on": "2026-12-10",
                "goal": goal.pk,
            },
        )
        assert response.status_code == 302
        feedback.refresh_from_db()
        assert feedback.acted_at is not None and feedback.acted_note.startswith("Added")
        item = ActionItem.objects.get()
        assert item.title == "Power calculation" and item.owner == mentee_a
        assert list(feedback.action_items.all()) == [item] and list(feedback.goals.all()) == [goal]
        client.force_login(mentor_a)
        page = client.get(feedback.get_absolute_url()).content.decode()
        assert "Added the calculation with Priya." in page and "Power calculation" in page
        # Both sides' lists say when, with the year: feedback is kept for years.
        acted = f"acted on {timezone.localtime(feedback.acted_at):%-d %b %Y}"
        assert acted in client.get(reverse("feedback:index")).content.decode()
        client.force_login(mentee_a)
        assert acted in client.get(reverse("feedback:index")).content.decode()

    def test_saying_what_was_done_is_required(self, client, mentee_a, mentor_a, mine):
        feedback = actions.give_feedback(mine, mentor_a, text="Slow down.", topic="talk")
        client.force_login(mentee_a)
        response = client.post(reverse("feedback:act", args=[feedback.pk]), {"note": ""})
        assert response.status_code == 400
        feedback.refresh_from_db()
        assert feedback.acted_at is None

    def test_feedback_left_30_days_is_listed_for_the_receiver(
        self, client, mentee_a, mentor_a, mine, frozen
    ):
        old = actions.give_feedback(mine, mentor_a, text="Old advice", topic="talk")
        frozen.shift(timedelta(days=31))
        actions.give_feedback(mine, mentor_a, text="Fresh advice", topic="talk")
        client.force_login(mentee_a)
        page = client.get(reverse("feedback:index"))
        assert list(page.context["waiting"]) == [old]
        client.force_login(mentor_a)
        assert list(client.get(reverse("feedback:index")).context["waiting"]) == []

    def test_feedback_stays_between_the_two_people(
        self, client, mentee_a, mentor_a, mine, former_mentor, director, unrelated_mentor
    ):
        feedback = actions.give_feedback(mine, mentee_a, text="Thank you", topic="other")
        for user in (former_mentor, director, unrelated_mentor):
            client.force_login(user)
            assert client.get(feedback.get_absolute_url()).status_code == 404


class TestTheFeedbackPage:
    def test_received_and_given_feedback_are_listed_by_what_they_are_about(
        self, client, mentee_a, mentor_a, mine
    ):
        # The words: "received feedback is listed by date and sender only".
        actions.give_feedback(mine, mentor_a, text="Slow down on slide 4", topic="talk")
        actions.give_feedback(mine, mentee_a, text="The intro helped", topic="relationship")
        client.force_login(mentee_a)
        html = client.get(reverse("feedback:index")).content.decode()
        received = html.split('id="received-h"', 1)[1].split("<h2>Feedback you gave", 1)[0]
        assert re.search(
            r'<a href="/feedback/\d+/">A talk or presentation · from Mentor A</a>', received
        )
        given = html.split("<h2>Feedback you gave</h2>", 1)[1]
        assert re.search(
            r'<a href="/feedback/\d+/">Our mentoring relationship · to Mentor A</a>', given
        )


class TestHealth:
    def test_both_directions_this_quarter_and_the_share_acted_on(self, mentee_a, mentor_a, mine):
        given = actions.give_feedback(mine, mentor_a, text="Good talk", topic="talk")
        actions.give_feedback(mine, mentee_a, text="Thanks for the intro", topic="other")
        actions.act_on(given, mentee_a, note="Used it")
        indicator = health_for([mentee_a], TODAY)[mentee_a.pk][2]
        assert indicator.value == "Both directions this quarter"
        assert indicator.detail == "1 of 2 acted on this year."
        assert indicator.state == State.GOOD

    def test_one_direction_only_asks_for_attention(self, mentee_a, mentor_a, mine):
        actions.give_feedback(mine, mentor_a, text="Good talk", topic="talk")
        indicator = health_for([mentee_a], TODAY)[mentee_a.pk][2]
        assert indicator.value == "Only to the mentee this quarter"
        assert indicator.state == State.ATTENTION

    def test_no_feedback_is_missing(self, mentee_a):
        assert health_for([mentee_a], TODAY)[mentee_a.pk][2].state == State.MISSING
