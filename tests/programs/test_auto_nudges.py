"""A program nudges by itself: a relationship flagged long enough gets a note to both members,
then to the directors, once per stretch; each Monday the directors get a digest."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from mentorkit.meetings.models import Reminder, ReminderKind
from mentorkit.meetings.reminders import run_pass
from mentorkit.programs.models import Enrollment
from mentorkit.teams.models import Agreement
from tests.conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db

TUESDAY = datetime(2026, 12, 1, 9, tzinfo=UTC)


@pytest.fixture
def ben(program, mentee_a):
    """Ben, whose agreement review is overdue since 20 days; his mentor signs in often.
    The program's other mentee has a new mentor: nothing to check in on."""
    with time_machine.travel(TUESDAY, tick=False):
        make_mentorship(mentee_a, make_user("new.mentor@example.org"))
        ben = make_user("ben@example.org", name="Ben Okafor")
        mentor = make_user("bens.mentor@example.org", name="Dr. Rui Costa")
        mentor.last_login = TUESDAY
        mentor.save()
        Enrollment.objects.create(program=program, mentee=ben, cohort_year=2025)
        make_mentorship(ben, mentor)
        Agreement.objects.create(mentee=ben, cadence=91, next_review_on=date(2026, 11, 10))
    program.auto_nudges = True
    program.weekly_digest = False
    program.save()
    return ben


def program_mail(outbox, program):
    return [m for m in outbox if program.name in m.subject]


def pass_at(moment):
    with time_machine.travel(moment, tick=False):
        run_pass()


def test_flagged_for_two_weeks_the_mentee_and_mentor_get_a_note_once(
    program, ben, director, mailoutbox
):
    pass_at(TUESDAY)
    pass_at(TUESDAY + timedelta(hours=1))
    sent = program_mail(mailoutbox, program)
    assert sorted(m.to[0] for m in sent) == ["ben@example.org", "bens.mentor@example.org"]
    to_ben = next(m for m in sent if m.to == ["ben@example.org"])
    assert to_ben.subject == "A check-in on your mentoring — Clinical Scholars K12"
    assert "needed attention since 11 November 2026" in to_ben.body
    assert "Agreement review overdue (since 11 Nov)" in to_ben.body
    to_mentor = next(m for m in sent if m.to == ["bens.mentor@example.org"])
    assert "your mentoring of Ben Okafor" in to_mentor.subject
    assert director.email not in [m.to[0] for m in sent]


def test_flagged_twice_as_long_the_directors_hear_of_it(program, ben, director, mailoutbox):
    pass_at(TUESDAY)
    pass_at(TUESDAY + timedelta(days=9))  # 29 days flagged
    to_director = [m for m in program_mail(mailoutbox, program) if m.to == [director.email]]
    assert len(to_director) == 1
    assert to_director[0].subject.startswith("Ben Okafor has needed a check-in for 29 days")
    assert f"/programs/{program.pk}/mentees/{ben.pk}/" in to_director[0].body
    assert len(program_mail(mailoutbox, program)) == 3  # the members were not told again


def test_a_relationship_that_recovered_before_the_note_went_out_gets_none(program, ben, mailoutbox):
    from mentorkit.meetings.reminders import plan

    with time_machine.travel(TUESDAY, tick=False):
        plan(TUESDAY)
    assert Reminder.objects.filter(kind=ReminderKind.PROGRAM_CHECK_IN).count() == 2
    Agreement.objects.filter(mentee=ben).update(next_review_on=date(2027, 6, 1))
    pass_at(TUESDAY)
    assert program_mail(mailoutbox, program) == []
    assert not Reminder.objects.filter(kind=ReminderKind.PROGRAM_CHECK_IN).exists()


def test_a_new_stretch_is_nudged_again(program, ben, mailoutbox):
    pass_at(TUESDAY)
    Agreement.objects.filter(mentee=ben).update(next_review_on=date(2026, 12, 2))
    pass_at(TUESDAY + timedelta(days=10))  # reviewed, then overdue again since 3 December
    assert len(program_mail(mailoutbox, program)) == 2
    pass_at(TUESDAY + timedelta(days=17))  # the new stretch is 15 days old
    assert len(program_mail(mailoutbox, program)) == 4


def test_a_program_that_does_not_nudge_sends_nothing_by_itself(program, ben, mailoutbox):
    program.auto_nudges = False
    program.save()
    pass_at(TUESDAY + timedelta(days=30))
    assert program_mail(mailoutbox, program) == []


def test_each_monday_the_directors_get_a_digest_once(program, ben, director, mailoutbox):
    program.auto_nudges = False
    program.weekly_digest = True
    program.save()
    pass_at(TUESDAY)  # not a Monday
    assert program_mail(mailoutbox, program) == []
    monday = datetime(2026, 12, 7, 7, tzinfo=UTC)
    pass_at(monday)
    pass_at(monday + timedelta(hours=3))
    pass_at(monday + timedelta(days=2))
    digests = program_mail(mailoutbox, program)
    assert [m.to for m in digests] == [[director.email]]
    assert digests[0].subject == "Clinical Scholars K12: 1 mentee needs a check-in this week"
    assert "- Ben Okafor (cohort 2025), since 11 Nov 2026: agreement review overdue" in (
        digests[0].body
    )
    assert f"/programs/{program.pk}/?check_in=on" in digests[0].body
    pass_at(monday + timedelta(days=7))
    assert len(program_mail(mailoutbox, program)) == 2


def test_a_monday_with_nobody_flagged_sends_no_digest(program, ben, mailoutbox):
    program.auto_nudges = False
    program.weekly_digest = True
    program.save()
    Agreement.objects.filter(mentee=ben).update(next_review_on=date(2027, 6, 1))
    pass_at(datetime(2026, 12, 7, 7, tzinfo=UTC))
    assert program_mail(mailoutbox, program) == []
