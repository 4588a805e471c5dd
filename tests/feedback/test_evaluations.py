"""Anonymous program evaluations: stored with no link to the evaluator, shown only as
aggregates of at least the threshold, only once the window has closed."""

import re
from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentorkit.feedback import actions, instruments, results
from mentorkit.feedback.models import (
    EvaluationParticipation,
    EvaluationRating,
    EvaluationResponse,
    EvaluationWindow,
)
from mentorkit.programs.models import Enrollment

from ..conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db

OPENS, CLOSES = date(2026, 11, 1), date(2026, 11, 30)
ITEMS = list(instruments.get("mentoring-style").items)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(date(2026, 11, 15), tick=False) as traveller:
        yield traveller


@pytest.fixture
def window(program, director):
    return EvaluationWindow.objects.create(
        program=program,
        title="Autumn 2026",
        instrument="mentoring-style",
        opens_on=OPENS,
        closes_on=CLOSES,
        threshold=5,
        opened_by=director,
    )


def scholars(program, mentor, n):
    """`n` mentees of the program, each mentored by `mentor`: their mentorships."""
    mentorships = []
    for _ in range(n):
        mentee = make_user(f"scholar{next(_serial)}@example.org")
        Enrollment.objects.create(program=program, mentee=mentee, cohort_year=2025)
        mentorships.append(make_mentorship(mentee, mentor))
    return mentorships


_serial = iter(range(1, 10**9))


def ratings(value=5):
    return {key: value for key in ITEMS}


def evaluate_all(window, mentorships, value=5, comment=""):
    for i, mentorship in enumerate(mentorships):
        actions.submit_evaluation(
            window, mentorship.mentee, mentorship, ratings(value), comment and f"{comment} {i}"
        )


class TestWindows:
    def test_a_director_opens_a_window_for_their_program(self, client, director, program):
        client.force_login(director)
        response = client.post(
            reverse("feedback:window_create"),
            {
                "program": program.pk,
                "title": "Spring",
                "instrument": "mentoring-style",
                "opens_on": "2026-11-16",
                "closes_on": "2026-12-15",
                "threshold": "5",
            },
        )
        assert response.status_code == 302
        assert EvaluationWindow.objects.get().opened_by == director

    @pytest.mark.parametrize(
        "overrides, field",
        [
            ({"threshold": "2"}, "threshold"),
            ({"closes_on": "2026-11-01"}, "closes_on"),
            ({"instrument": "made-up"}, "instrument"),
        ],
    )
    def test_bad_windows_are_refused(self, client, director, program, overrides, field):
        client.force_login(director)
        data = {
            "program": program.pk,
            "title": "Spring",
            "instrument": "mentoring-style",
            "opens_on": "2026-11-16",
            "closes_on": "2026-12-15",
            "threshold": "5",
            **overrides,
        }
        response = client.post(reverse("feedback:window_create"), data)
        assert response.status_code == 400 and field in response.context["form"].errors
        assert not EvaluationWindow.objects.exists()

    def test_only_directors_open_windows(self, client, mentor_a, mentee_a):
        for user in (mentor_a, mentee_a):
            client.force_login(user)
            assert client.get(reverse("feedback:window_create")).status_code == 404


class TestSubmitting:
    def test_a_mentee_evaluates_a_mentor_anonymously(self, client, window, mentee_a, mentor_a):
        mentorship = mentee_a.mentorships_as_mentee.get(mentor=mentor_a)
        client.force_login(mentee_a)
        page = client.get(window.get_absolute_url()).content.decode()
        assert f"Evaluate {mentorship.mentor_name}" in page
        data = {f"r_{key}": "6" for key in ITEMS} | {"comment": "Always makes time."}
        response = client.post(reverse("feedback:evaluate", args=[window.pk, mentorship.pk]), data)
        assert response.status_code == 302
        stored = EvaluationResponse.objects.get()
        assert stored.mentor == mentor_a and stored.comment == "Always makes time."
        # Nothing in what was said points back to who said it, or when.
        fields = {f.name for f in EvaluationResponse._meta.get_fields()}
        assert fields == {"id", "window", "mentor", "comment", "ratings"}
        assert {f.name for f in EvaluationRating._meta.get_fields()} == {
            "id",
            "response",
            "item",
            "domain",
            "value",
        }
        participation = EvaluationParticipation.objects.get()
        assert participation.evaluator == mentee_a
        assert not hasattr(participation, "response")

    def test_a_second_submission_in_the_window_is_refused(self, client, window, mentee_a, mentor_a):
        mentorship = mentee_a.mentorships_as_mentee.get(mentor=mentor_a)
        data = {f"r_{key}": "6" for key in ITEMS}
        client.force_login(mentee_a)
        url = reverse("feedback:evaluate", args=[window.pk, mentorship.pk])
        client.post(url, data)
        response = client.post(url, data)
        assert response.status_code == 400
        assert "already evaluated this mentor" in response.content.decode()
        assert EvaluationResponse.objects.count() == 1 and EvaluationRating.objects.count() == len(
            ITEMS
        )

    def test_a_rating_off_the_scale_or_an_unknown_item_is_refused(self, window, mentee_a, mentor_a):
        mentorship = mentee_a.mentorships_as_mentee.get(mentor=mentor_a)
        with pytest.raises(actions.FeedbackError, match="not on the scale 1–7"):
            actions.submit_evaluation(window, mentee_a, mentorship, ratings(8), "")
        with pytest.raises(actions.FeedbackError, match="has no item 'x'"):
            actions.submit_evaluation(window, mentee_a, mentorship, ratings() | {"x": 3}, "")
        assert not EvaluationResponse.objects.exists()
        assert not EvaluationParticipation.objects.exists()

    def test_outside_its_dates_a_window_takes_nothing(
        self, client, window, mentee_a, mentor_a, frozen
    ):
        mentorship = mentee_a.mentorships_as_mentee.get(mentor=mentor_a)
        frozen.move_to(date(2026, 12, 1))
        client.force_login(mentee_a)
        url = reverse("feedback:evaluate", args=[window.pk, mentorship.pk])
        assert client.post(url, {f"r_{k}": "5" for k in ITEMS}).status_code == 404
        with pytest.raises(actions.FeedbackError, match="not open"):
            actions.submit_evaluation(window, mentee_a, mentorship, ratings(), "")


class TestResults:
    def test_nothing_is_shown_while_the_window_is_open(self, client, window, director, mentor_a):
        evaluate_all(window, scholars(window.program, mentor_a, 6))
        for user in (director, mentor_a):
            client.force_login(user)
            page = client.get(window.get_absolute_url())
            assert page.context["results"] is None
            assert "released when the window closes" in page.content.decode()
        client.force_login(director)
        assert client.get(reverse("feedback:window_csv", args=[window.pk])).status_code == 404

    def test_after_closing_aggregates_show_where_there_are_enough(
        self, client, window, director, mentor_a, frozen
    ):
        few = make_user("few@example.org", name="Dr. Few")
        evaluate_all(window, scholars(window.program, mentor_a, 5), value=6, comment="Kind")
        evaluate_all(window, scholars(window.program, few, 4), value=2, comment="Absent")
        frozen.move_to(date(2026, 12, 1))
        client.force_login(director)
        page = client.get(window.get_absolute_url())
        by_name = {r.name: r for r in page.context["results"]}
        shown, hidden = by_name[mentor_a.display_name], by_name["Dr. Few"]
        assert shown.shown and shown.responses == 5
        assert dict(shown.domains)["Maintaining effective communication"] == 6.0
        assert sorted(shown.comments) == [f"Kind {i}" for i in range(5)]
        assert not hidden.shown and hidden.responses is None and hidden.comments == ()
        html = page.content.decode()
        assert "Not enough responses to show results." in html and "Absent" not in html
        csv_text = client.get(reverse("feedback:window_csv", args=[window.pk])).content.decode()
        assert "Dr. Few,not enough responses" in csv_text
        assert f"{mentor_a.display_name},5,6.0" in csv_text

    def test_a_director_reads_the_results_a_page_of_mentors_at_a_time(
        self, client, window, director, frozen
    ):
        from mentorkit.feedback.views import MENTORS_PER_PAGE

        mentors = [make_user(f"m{i:02d}@example.org", name=f"Dr. M{i:02d}") for i in range(30)]
        for mentor in mentors:
            scholars(window.program, mentor, 1)
        frozen.move_to(date(2026, 12, 1))
        client.force_login(director)
        first = client.get(window.get_absolute_url())
        names = [r.name for r in first.context["results"]]
        assert names == [m.display_name for m in mentors[:MENTORS_PER_PAGE]]
        html = first.content.decode()
        assert f"Mentors 1–{MENTORS_PER_PAGE} of 30" in html and 'rel="next"' in html
        rest = client.get(window.get_absolute_url(), {"page": 2}).context["results"]
        assert [r.name for r in rest] == [m.display_name for m in mentors[MENTORS_PER_PAGE:]]
        for page in (3, "x"):
            assert client.get(window.get_absolute_url(), {"page": page}).status_code == 404

    def test_a_mentor_sees_only_their_own_results(
        self, client, window, mentor_a, unrelated_mentor, frozen
    ):
        evaluate_all(window, scholars(window.program, mentor_a, 5))
        evaluate_all(window, scholars(window.program, unrelated_mentor, 5))
        frozen.move_to(date(2026, 12, 1))
        client.force_login(mentor_a)
        names = [r.name for r in client.get(window.get_absolute_url()).context["results"]]
        assert names == [mentor_a.display_name]
        assert client.get(reverse("feedback:window_csv", args=[window.pk])).status_code == 404

    def test_closing_early_releases_the_results(self, client, window, director, mentor_a):
        evaluate_all(window, scholars(window.program, mentor_a, 5))
        client.force_login(director)
        client.post(reverse("feedback:window_close", args=[window.pk]))
        window.refresh_from_db()
        assert window.closed_early_on == date(2026, 11, 15)
        with time_machine.travel(date(2026, 11, 16), tick=False):
            assert results.window_results(window, [mentor_a])[0].shown

    def test_comments_come_in_an_order_unrelated_to_submission(self, window, mentor_a, frozen):
        evaluate_all(window, scholars(window.program, mentor_a, 8), comment="Note")
        frozen.move_to(date(2026, 12, 1))
        comments = results.window_results(window, [mentor_a])[0].comments
        assert sorted(comments) == sorted(f"Note {i}" for i in range(8))
        assert list(comments) == results.shuffled(window, [f"Note {i}" for i in reversed(range(8))])

    def test_the_threshold_is_never_below_three(self, window):
        from django.db import IntegrityError, transaction

        window.threshold = 2
        with pytest.raises(IntegrityError), transaction.atomic():
            window.save()


# --- Properties -----------------------------------------------------------------------------

PROPERTY = settings(
    max_examples=10,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def fresh_program(director):
    """A program of its own for each example: the database is not reset between them."""
    from mentorkit.programs.models import Program

    program = Program.objects.create(name=f"Program {next(_serial)}", kind="k12")
    program.directors.add(director)
    return program


def mentor_facing(client, window, mentor, director) -> tuple[str, str]:
    """What the mentor and the director are shown of a window: both pages, as text (without
    the CSRF token, which changes at each sign-in)."""
    pages = []
    for user in (mentor, director):
        client.force_login(user)
        response = client.get(window.get_absolute_url())
        assert response.status_code == 200
        html = re.sub(r'"X-CSRFToken": "[^"]+"', "", response.content.decode())
        pages.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html))
    return pages[0], pages[1]


@PROPERTY
@given(
    threshold=st.integers(min_value=3, max_value=7),
    values=st.lists(st.integers(min_value=1, max_value=7), max_size=6),
    comment=st.text(alphabet="abcdefghij", min_size=3, max_size=12),
)
def test_below_the_threshold_nothing_is_shown(client, director, threshold, values, comment):
    program = fresh_program(director)
    values = values[: threshold - 1]  # always fewer responses than the threshold
    comment = f"SAID-{comment}"
    window = EvaluationWindow.objects.create(
        program=program,
        title="W",
        instrument="mentoring-style",
        opens_on=OPENS,
        closes_on=CLOSES,
        threshold=threshold,
    )
    mentor = make_user(f"m{next(_serial)}@example.org", name="Dr. Measured")
    # The mentor mentors enough scholars to reach the threshold; fewer of them answer.
    team = scholars(program, mentor, threshold)
    for mentorship, value in zip(team, values, strict=False):
        actions.submit_evaluation(window, mentorship.mentee, mentorship, ratings(value), comment)
    with time_machine.travel(date(2026, 12, 5), tick=False):
        [result] = results.window_results(window, [mentor])
        assert not result.shown and result.responses is None
        assert result.domains == () and result.comments == ()
        for page in mentor_facing(client, window, mentor, director):
            assert "Not enough responses to show results." in page
            assert comment not in page
            assert "responses ·" not in page
        client.force_login(director)
        csv_text = client.get(reverse("feedback:window_csv", args=[window.pk])).content.decode()
        assert csv_text.splitlines()[1:] == ["Dr. Measured,not enough responses" + "," * 6]


@PROPERTY
@given(
    values=st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=8),
    comments=st.lists(st.sampled_from(["", "Kind", "Busy", "Sharp"]), min_size=8, max_size=8),
)
def test_nothing_mentor_facing_changes_while_the_window_is_open(client, director, values, comments):
    program = fresh_program(director)
    window = EvaluationWindow.objects.create(
        program=program,
        title="W",
        instrument="mentoring-style",
        opens_on=OPENS,
        closes_on=CLOSES,
        threshold=3,
    )
    mentor = make_user(f"m{next(_serial)}@example.org", name="Dr. Watched")
    team = scholars(program, mentor, len(values))
    before = mentor_facing(client, window, mentor, director)
    for mentorship, value, comment in zip(team, values, comments, strict=False):
        actions.submit_evaluation(window, mentorship.mentee, mentorship, ratings(value), comment)
        assert mentor_facing(client, window, mentor, director) == before
        assert results.window_results(window, [mentor]) is None


def test_windows_move_to_released_only_on_closing(window, mentor_a, frozen):
    evaluate_all(window, scholars(window.program, mentor_a, 5))
    frozen.move_to(CLOSES)
    assert results.window_results(window, [mentor_a]) is None  # the last day is still open
    frozen.move_to(CLOSES + timedelta(days=1))
    assert results.window_results(window, [mentor_a])[0].shown
