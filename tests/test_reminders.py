"""Reminders and nudges (`mentorkit remind`): the right e-mail to the right people, exactly once."""

from __future__ import annotations

import asyncio
import email
import os
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import CommandError, call_command
from django.test import override_settings

from mentorkit.meetings import actions
from mentorkit.meetings.models import (
    ActionItem,
    AgendaItem,
    Meeting,
    MeetingStatus,
    Reminder,
    ReminderKind,
    Series,
)
from mentorkit.teams.models import Agreement, Mentorship

from .conftest import make_mentorship, make_user

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
MENTORKIT = str(Path(sys.executable).with_name("mentorkit"))
UTC = ZoneInfo("UTC")
LONDON = ZoneInfo("Europe/London")
# Monday 2 March 2026: London is on GMT (= UTC), New York on EST (UTC-5).
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TUESDAY_2PM = datetime(2026, 3, 3, 14, 0, tzinfo=LONDON)


@pytest.fixture
def clock():
    """Frozen time, starting on MONDAY; `clock.move_to(...)` to travel."""
    traveller = time_machine.travel(MONDAY, tick=False)
    yield traveller.start()
    traveller.stop()


def make_series(mentee, mentorships, *, first_start=TUESDAY_2PM, rule="FREQ=WEEKLY;BYDAY=TU"):
    series = Series.objects.create(
        mentee=mentee,
        title="Co-primary mentors",
        first_start=first_start,
        time_zone="Europe/London",
        rule=rule,
        location="Cardiology research office",
        video_url="https://video.example.org/okafor",
    )
    series.mentorships.set(mentorships)
    series.materialize()
    return series


@pytest.fixture
def team(clock, mentee_a, mentor_a, former_mentor):
    """mentee_a meets mentor_a (active) and former_mentor (ended) every Tuesday at 14:00 London."""
    mentee_a.time_zone = "Europe/London"
    mentee_a.save()
    mentor_a.time_zone = "America/New_York"
    mentor_a.save()
    series = make_series(mentee_a, Mentorship.objects.filter(mentee=mentee_a))
    return series


@pytest.fixture
def first(team):
    return team.meetings.get(starts_at=TUESDAY_2PM)


def remind(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("remind", *args, stdout=out)
    return out.getvalue()


def recipients(messages=None) -> list[str]:
    return sorted(
        address for m in (mail.outbox if messages is None else messages) for address in m.to
    )


def add_mentors(mentee, n: int) -> list:
    mentors = [make_user(f"mentor{i}@example.org") for i in range(n)]
    for mentor in mentors:
        make_mentorship(mentee, mentor)
    return mentors


# --- Before a meeting ---------------------------------------------------------------------


def test_it_reminds_each_participant_with_the_agenda_in_their_own_time_zone(
    clock, first, mentee_a, mentor_a
):
    AgendaItem.objects.create(meeting=first, title="Power calculation for aim 2")
    ActionItem.objects.create(mentee=mentee_a, owner=mentee_a, title="Draft the specific aims")
    clock.move_to(TUESDAY_2PM - timedelta(hours=24) + timedelta(seconds=30))

    output = remind()

    assert "planned 2, sent 2" in output
    assert recipients() == ["mentee_a@example.org", "mentor_a@example.org"]
    by_address = {m.to[0]: m for m in mail.outbox}
    for message in mail.outbox:
        assert message.subject.startswith("Co-primary mentors, Tue 3 Mar")
        assert "Power calculation for aim 2" in message.body
        assert "Draft the specific aims" in message.body
        assert "Cardiology research office" in message.body
        assert "https://video.example.org/okafor" in message.body
        assert f"http://testserver/meetings/{first.pk}/" in message.body
    assert "Tuesday 3 March 2026, 14:00 (Europe/London)" in by_address["mentee_a@example.org"].body
    assert (
        "Tuesday 3 March 2026, 09:00 (America/New_York)" in by_address["mentor_a@example.org"].body
    )
    assert "with Mentor A" in by_address["mentee_a@example.org"].body


def test_the_reminder_proposes_the_six_soonest_open_items_and_counts_the_rest(
    clock, first, mentee_a
):
    for day in range(1, 10):
        ActionItem.objects.create(
            mentee=mentee_a, owner=mentee_a, title=f"Task {day}", due_on=date(2026, 3, day)
        )
    clock.move_to(TUESDAY_2PM - timedelta(hours=23))
    remind()
    body = next(m.body for m in mail.outbox if m.to == ["mentee_a@example.org"])
    assert [line for line in body.splitlines() if line.startswith("  - Task")] == [
        f"  - Task {day} (Mentee A, due {day} Mar{' · overdue' if day < 2 else ''})"
        for day in range(1, 7)
    ]
    assert "  … and 3 more" in body


def test_a_former_mentor_gets_no_reminder(clock, first, former_mentor):
    clock.move_to(TUESDAY_2PM - timedelta(hours=1))
    remind()
    assert "former_mentor@example.org" not in recipients()
    assert not Reminder.objects.filter(user=former_mentor).exists()


def test_a_mentor_who_left_the_team_after_planning_gets_none(clock, first, mentor_later, mentor_a):
    Mentorship.objects.filter(mentor=mentor_a).update(status="ended")
    clock.move_to(TUESDAY_2PM - timedelta(hours=1))
    remind()
    assert mail.outbox == []


def test_it_waits_for_each_users_own_lead_time(clock, first, mentor_a):
    mentor_a.reminder_lead_hours = 2
    mentor_a.save()

    clock.move_to(TUESDAY_2PM - timedelta(hours=23, minutes=59))
    remind()
    assert recipients() == ["mentee_a@example.org"]

    clock.move_to(TUESDAY_2PM - timedelta(hours=2, minutes=1))
    remind()
    assert recipients() == ["mentee_a@example.org"]

    clock.move_to(TUESDAY_2PM - timedelta(hours=1, minutes=59))
    remind()
    assert recipients() == ["mentee_a@example.org", "mentor_a@example.org"]


def test_a_change_of_lead_time_after_planning_is_followed(clock, first, mentee_a, mentor_a):
    mentee_a.reminder_lead_hours = 48
    mentee_a.save()
    remind()  # the mentee's is sent; the mentor's is planned for Monday 14:00
    assert recipients() == ["mentee_a@example.org"]
    mentor_a.reminder_lead_hours = 1
    mentor_a.save()

    clock.move_to(TUESDAY_2PM - timedelta(hours=23))
    remind()
    assert recipients() == ["mentee_a@example.org"]
    clock.move_to(TUESDAY_2PM - timedelta(minutes=59))
    remind()
    assert recipients() == ["mentee_a@example.org", "mentor_a@example.org"]


def test_a_lead_time_of_zero_means_no_reminder_before_meetings(clock, first, mentor_a):
    mentor_a.reminder_lead_hours = 0
    mentor_a.save()
    clock.move_to(TUESDAY_2PM - timedelta(minutes=1))
    remind()
    assert recipients() == ["mentee_a@example.org"]


def test_a_second_pass_sends_nothing(clock, first):
    clock.move_to(TUESDAY_2PM - timedelta(hours=3))
    assert "sent 2" in remind()
    assert "planned 0, sent 0" in remind()
    clock.move_to(TUESDAY_2PM - timedelta(minutes=5))
    assert "planned 0, sent 0" in remind()
    assert len(mail.outbox) == 2


@pytest.fixture
def mentor_later(clock, first, mentor_a):
    """At 11:00 on Tuesday: the mentee was reminded, the mentor (2 h ahead) is planned, not sent."""
    mentor_a.reminder_lead_hours = 2
    mentor_a.save()
    clock.move_to(TUESDAY_2PM - timedelta(hours=3))
    remind()
    assert recipients() == ["mentee_a@example.org"]
    assert Reminder.objects.filter(user=mentor_a, sent_at=None).count() == 1
    mail.outbox.clear()


def test_a_cancelled_meeting_gets_no_reminder(clock, first, mentor_later):
    actions.skip(first)
    clock.move_to(TUESDAY_2PM - timedelta(hours=1))
    remind()
    assert mail.outbox == []
    assert not Reminder.objects.filter(meeting=first, sent_at=None).exists()


def test_a_restored_meeting_gets_its_reminder_again(clock, first, mentor_later):
    actions.skip(first)
    remind()
    actions.restore(first)
    clock.move_to(TUESDAY_2PM - timedelta(hours=1))
    remind()
    assert recipients() == ["mentor_a@example.org"]


def test_a_moved_meeting_is_reminded_before_its_new_time(clock, first, mentor_later):
    actions.move(first, TUESDAY_2PM + timedelta(days=2))  # to Thursday

    clock.move_to(TUESDAY_2PM - timedelta(hours=1))
    remind()
    assert mail.outbox == []

    clock.move_to(TUESDAY_2PM + timedelta(days=2, hours=-2, minutes=1))
    remind()
    assert recipients() == ["mentor_a@example.org"]
    assert "Thursday 5 March 2026, 09:00 (America/New_York)" in mail.outbox[0].body


def test_a_meeting_that_has_started_gets_no_late_reminder(clock, first, mentor_later):
    clock.move_to(TUESDAY_2PM + timedelta(minutes=10))  # the reminder loop was down meanwhile
    remind()
    assert mail.outbox == []
    assert not Reminder.objects.filter(meeting=first, sent_at=None).exists()


# --- After a meeting: record it -----------------------------------------------------------


def test_the_mentee_is_asked_to_record_a_meeting_an_hour_after_it_ended(clock, first):
    clock.move_to(TUESDAY_2PM + timedelta(minutes=119))  # ended 59 minutes ago
    remind()
    mail.outbox.clear()  # the reminders before the meeting

    remind()
    assert mail.outbox == []

    clock.move_to(TUESDAY_2PM + timedelta(hours=2, minutes=1))
    remind()
    assert recipients() == ["mentee_a@example.org"]
    assert mail.outbox[0].subject == "How did it go? Record Co-primary mentors, Tue 3 Mar"
    assert f"http://testserver/meetings/{first.pk}/" in mail.outbox[0].body

    clock.move_to(TUESDAY_2PM + timedelta(days=1))
    remind()
    assert len(mail.outbox) == 1


def test_a_recorded_meeting_gets_no_nudge(clock, first):
    first.notes = "Agreed on the sample size."
    first.save()
    clock.move_to(TUESDAY_2PM + timedelta(hours=3))
    remind()
    assert [m for m in mail.outbox if m.subject.startswith("How did it go")] == []


class MailServerDown(LocmemBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError(111, "Connection refused")


def test_a_meeting_recorded_while_the_mail_server_was_down_gets_no_nudge(clock, first):
    clock.move_to(TUESDAY_2PM + timedelta(hours=2, minutes=1))
    with (
        override_settings(EMAIL_BACKEND="tests.test_reminders.MailServerDown"),
        pytest.raises(CommandError, match="could not be sent"),
    ):
        remind()
    assert Reminder.objects.filter(kind=ReminderKind.RECORD, sent_at=None).count() == 1
    Meeting.objects.filter(pk=first.pk).update(status=MeetingStatus.HELD)

    clock.move_to(TUESDAY_2PM + timedelta(hours=2, minutes=12))
    output = remind()
    assert [m for m in mail.outbox if m.subject.startswith("How did it go")] == []
    assert "skipped 1" in output
    assert not Reminder.objects.filter(kind=ReminderKind.RECORD).exists()


# --- No meeting for twice the agreed interval ---------------------------------------------


def test_a_gap_of_twice_the_agreed_cadence_nudges_the_mentee_once(clock, first, mentee_a):
    Agreement.objects.create(mentee=mentee_a, cadence=7, next_review_on=date(2027, 1, 1))
    Meeting.objects.filter(pk=first.pk).update(status=MeetingStatus.HELD, summary="Good start")
    team_meetings = Meeting.objects.filter(mentee=mentee_a).exclude(pk=first.pk)
    team_meetings.update(status=MeetingStatus.CANCELLED)  # nobody met after the first one

    def nudges():
        return [m for m in mail.outbox if m.subject.startswith("No mentoring meeting")]

    clock.move_to(TUESDAY_2PM + timedelta(days=13, hours=23))
    remind()
    assert nudges() == []

    clock.move_to(TUESDAY_2PM + timedelta(days=14, minutes=1))
    remind()
    remind()
    assert [m.to for m in nudges()] == [["mentee_a@example.org"]]
    assert "Tuesday 3 March 2026" in nudges()[0].body
    assert "http://testserver/meetings/" in nudges()[0].body

    # A meeting held, then another long gap: a second nudge, about the new gap.
    held = team_meetings.get(starts_at=TUESDAY_2PM + timedelta(days=21))
    Meeting.objects.filter(pk=held.pk).update(status=MeetingStatus.HELD)
    clock.move_to(held.starts_at + timedelta(days=13))
    remind()
    assert len(nudges()) == 1
    clock.move_to(held.starts_at + timedelta(days=14, minutes=1))
    remind()
    assert len(nudges()) == 2


def test_no_agreement_means_no_gap_nudge(clock, first):
    clock.move_to(TUESDAY_2PM + timedelta(days=60))
    remind()
    assert [m for m in mail.outbox if m.subject.startswith("No mentoring meeting")] == []


# --- Exactly once -------------------------------------------------------------------------


class Killed(BaseException):
    """Stands for SIGKILL: nothing in the command may catch it."""


class DiesOnThirdMessage(LocmemBackend):
    sent = 0

    def send_messages(self, messages):
        DiesOnThirdMessage.sent += 1
        if DiesOnThirdMessage.sent == 3:
            raise Killed
        return super().send_messages(messages)


class FailsOnThirdMessage(LocmemBackend):
    sent = 0

    def send_messages(self, messages):
        FailsOnThirdMessage.sent += 1
        if FailsOnThirdMessage.sent == 3:
            raise OSError("Connection refused")
        return super().send_messages(messages)


@pytest.fixture
def five_due(clock, mentee_a):
    """A meeting in an hour with five participants: five reminders due."""
    mentors = add_mentors(mentee_a, 4)
    series = make_series(mentee_a, Mentorship.objects.filter(mentor__in=mentors))
    clock.move_to(TUESDAY_2PM - timedelta(hours=1))
    return series


def assert_each_once(expected: int):
    addresses = recipients()
    assert len(addresses) == expected
    assert len(set(addresses)) == expected, addresses
    sent = Reminder.objects.exclude(sent_at=None)
    assert sorted(sent.values_list("user__email", flat=True)) == addresses


@override_settings(EMAIL_BACKEND="tests.test_reminders.DiesOnThirdMessage")
def test_a_pass_killed_half_way_is_finished_by_the_next_and_nothing_is_sent_twice(clock, five_due):
    DiesOnThirdMessage.sent = 0
    with pytest.raises(Killed):
        remind()
    assert Reminder.objects.exclude(sent_at=None).count() == 2
    assert len(mail.outbox) == 2
    # The row being sent when the copy died stays claimed by it.
    assert Reminder.objects.filter(sent_at=None).exclude(claimed_at=None).count() == 1

    remind()
    assert_each_once(4)

    clock.move_to(TUESDAY_2PM - timedelta(minutes=49))  # the dead copy's claim is stale
    remind()
    assert_each_once(5)
    remind()
    assert_each_once(5)


@override_settings(EMAIL_BACKEND="tests.test_reminders.FailsOnThirdMessage")
def test_a_failed_send_fails_the_command_and_is_retried_ten_minutes_later(clock, five_due):
    FailsOnThirdMessage.sent = 0
    with pytest.raises(CommandError, match="1 reminder.* tried again in 10 minutes"):
        remind()
    assert_each_once(4)  # the failure did not hold up the rest

    clock.move_to(TUESDAY_2PM - timedelta(minutes=51))
    remind()
    assert_each_once(4)
    clock.move_to(TUESDAY_2PM - timedelta(minutes=49))
    remind()
    assert_each_once(5)


@override_settings(EMAIL_BACKEND="tests.test_reminders.MailServerDown")
def test_a_pass_gives_up_early_when_the_mail_server_is_down(clock, five_due):
    with pytest.raises(CommandError, match="3 reminder"):
        remind()
    assert Reminder.objects.filter(sent_at=None).exclude(claimed_at=None).count() == 3
    assert Reminder.objects.filter(sent_at=None, claimed_at=None).count() == 2


class StartsASecondCopy(LocmemBackend):
    """While the first copy sends its first message, a second copy runs a whole pass."""

    depth = 0

    def send_messages(self, messages):
        if StartsASecondCopy.depth == 0:
            StartsASecondCopy.depth += 1
            try:
                remind()
            finally:
                StartsASecondCopy.depth -= 1
        return super().send_messages(messages)


@override_settings(EMAIL_BACKEND="tests.test_reminders.StartsASecondCopy")
def test_a_copy_that_runs_while_another_is_sending_never_sends_the_same_reminder(clock, five_due):
    remind()
    assert_each_once(5)


# --- A real SMTP server on loopback -------------------------------------------------------


class Inbox:
    """An aiosmtpd handler that keeps what it accepts; `hold` makes one message hang."""

    def __init__(self):
        self.messages: list[tuple[list[str], email.message.Message]] = []
        self.delay = 0.0
        self.hold_number: int | None = None
        self.seen = 0

    async def handle_DATA(self, server, session, envelope):
        self.seen += 1
        if self.seen == self.hold_number:
            await asyncio.sleep(600)  # until the client is killed
            return "451 Try again later"
        if self.delay:
            await asyncio.sleep(self.delay)
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"

    @property
    def recipients(self) -> list[str]:
        return sorted(address for rcpt_tos, _ in self.messages for address in rcpt_tos)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    yield inbox
    controller.stop()


def body_of(message) -> str:
    return message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")


def test_a_real_smtp_server_receives_each_reminder_once(clock, first, mentee_a, smtp):
    AgendaItem.objects.create(meeting=first, title="Power calculation for aim 2")
    clock.move_to(TUESDAY_2PM - timedelta(hours=2))
    with override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=smtp.port,
        EMAIL_USE_TLS=False,
        EMAIL_USE_SSL=False,
    ):
        assert "sent 2" in remind()
        assert "sent 0" in remind()

    assert smtp.recipients == ["mentee_a@example.org", "mentor_a@example.org"]
    for rcpt_tos, message in smtp.messages:
        assert message["To"] == rcpt_tos[0]
        assert message["Auto-Submitted"] == "auto-generated"
        assert "Power calculation for aim 2" in body_of(message)


# --- The console script -------------------------------------------------------------------

SETUP = """
from datetime import timedelta
from django.utils import timezone
from mentorkit.accounts.models import User
from mentorkit.meetings.models import AgendaItem, Series
from mentorkit.teams.models import Mentorship

mentee = User.objects.create(email="fellow@example.org", name="Fellow")
start = (timezone.now() + timedelta(hours=2)).replace(microsecond=0)
series = Series.objects.create(
    mentee=mentee, title="Weekly", first_start=start, time_zone="UTC",
    rule="FREQ=WEEKLY;BYDAY=" + ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][start.weekday()],
)
for i in range({mentors}):
    mentor = User.objects.create(email=f"mentor{{i:02}}@example.org")
    series.mentorships.add(Mentorship.objects.create(
        mentee=mentee, mentor=mentor, invited_email=mentor.email, status="active"))
series.materialize()
AgendaItem.objects.create(meeting=series.meetings.first(), title="Aim 2 power")
"""


@pytest.fixture(scope="module")
def migrated(tmp_path_factory, migrated_databases) -> Path:
    """A migrated SQLite database for the console script, copied per test."""
    return migrated_databases.sqlite_into(tmp_path_factory.mktemp("migrated"))


def script_env(var: Path, smtp_port: int | None = None) -> dict:
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(MENTORKIT_VAR_DIR=str(var), SECRET_KEY="remind-tests-" + "x" * 40, DEBUG="1")
    if (var / "database_url").exists():
        env["DATABASE_URL"] = (var / "database_url").read_text()
    if smtp_port:
        env.update(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(smtp_port))
    return env


def run_mentorkit(*args, var: Path, smtp_port: int | None = None, timeout=120):
    return subprocess.run(
        [MENTORKIT, *args],
        cwd=ROOT,
        env=script_env(var, smtp_port),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def start_mentorkit(*args, var: Path, smtp_port: int | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [MENTORKIT, *args],
        cwd=ROOT,
        env=script_env(var, smtp_port),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, migrated) -> Path:
    """The migrated database with a meeting in two hours: fellow and 12 mentors, made once."""
    var = tmp_path_factory.mktemp("seeded")
    shutil.copy(migrated, var / "mentorkit.sqlite3")
    result = run_mentorkit("shell", "-c", SETUP.format(mentors=12), var=var)
    assert result.returncode == 0, result.stderr
    return var / "mentorkit.sqlite3"


@pytest.fixture
def workspace(tmp_path, seeded):
    """A copy of the seeded database, for one test to send from."""
    shutil.copy(seeded, tmp_path / "mentorkit.sqlite3")
    return tmp_path


EVERYONE = sorted(["fellow@example.org"] + [f"mentor{i:02}@example.org" for i in range(12)])


def test_the_console_script_does_one_pass_and_says_what_it_did(workspace, smtp):
    result = run_mentorkit("remind", var=workspace, smtp_port=smtp.port)
    assert result.returncode == 0, result.stderr
    assert "planned 13, sent 13" in result.stdout
    assert smtp.recipients == EVERYONE
    assert "Aim 2 power" in body_of(smtp.messages[0][1])


@pytest.fixture
def race_workspace(tmp_path, seeded, migrated_databases):
    """Where copies race: a SQLite file, or a PostgreSQL database of its own when the suite runs on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        shutil.copy(seeded, tmp_path / "mentorkit.sqlite3")
        yield tmp_path
        return
    import psycopg

    name = f"mentorkit_race_{os.getpid()}"
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
    (tmp_path / "database_url").write_text(migrated_databases.create_postgres(name))
    try:
        result = run_mentorkit("shell", "-c", SETUP.format(mentors=12), var=tmp_path)
        assert result.returncode == 0, result.stderr
        yield tmp_path
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_two_copies_at_once_send_each_reminder_once(race_workspace, smtp):
    """Three copies of `mentorkit remind --loop` race on the suite's kind of database."""
    workspace = race_workspace
    smtp.delay = 0.05
    copies = [
        start_mentorkit("remind", "--batch", "4", "--loop", "--interval", "0.1", var=workspace,
                        smtp_port=smtp.port)
        for _ in range(3)
    ]  # fmt: skip
    # Each copy says it is running once its SIGTERM handler is in place; a copy signalled
    # while still starting up (two copies may have sent everything by then) would just die.
    for copy in copies:
        assert "remind is running as" in copy.stdout.readline(), copy.communicate(timeout=30)
    deadline = time.monotonic() + 60
    while len(smtp.messages) < len(EVERYONE) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(0.5)  # time for a double to arrive, if there were one
    for copy in copies:
        copy.send_signal(signal.SIGTERM)
    for copy in copies:
        out, err = copy.communicate(timeout=30)
        assert copy.returncode == 0, err
        assert "remind stopped" in out
    assert smtp.recipients == EVERYONE


def test_a_console_script_killed_while_sending_leaves_the_rest_to_the_next(workspace, smtp):
    smtp.hold_number = 4  # the fourth message hangs until the copy is killed
    copy = start_mentorkit("remind", var=workspace, smtp_port=smtp.port)
    deadline = time.monotonic() + 60
    while smtp.seen < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    copy.kill()
    copy.communicate(timeout=30)
    assert len(smtp.messages) == 3

    result = run_mentorkit("remind", var=workspace, smtp_port=smtp.port)
    assert result.returncode == 0, result.stderr
    assert "sent 9" in result.stdout  # all but the one the dead copy had claimed
    assert len(smtp.recipients) == len(set(smtp.recipients)) == 12

    # Ten minutes later its claim is stale: the last one goes out.
    with sqlite3.connect(workspace / "mentorkit.sqlite3") as db:
        db.execute(
            "UPDATE meetings_reminder SET claimed_at = datetime(claimed_at, '-11 minutes') "
            "WHERE sent_at IS NULL"
        )
    result = run_mentorkit("remind", var=workspace, smtp_port=smtp.port)
    assert "sent 1" in result.stdout, result.stderr
    assert smtp.recipients == EVERYONE


def test_the_loop_stops_cleanly_on_sigterm(tmp_path, migrated):
    shutil.copy(migrated, tmp_path / "mentorkit.sqlite3")
    copy = start_mentorkit("remind", "--loop", "--interval", "30", var=tmp_path)
    assert copy.stdout.readline().startswith("remind is running as ")
    assert "planned 0, sent 0" in copy.stdout.readline()  # a line per pass, as it happens
    copy.send_signal(signal.SIGTERM)
    out, err = copy.communicate(timeout=30)
    assert copy.returncode == 0, err
    assert out.strip() == "remind stopped"


# --- Materializing the series -------------------------------------------------------------


def test_a_pass_extends_the_series_up_to_the_horizon(clock, team):
    last = team.meetings.last().starts_at
    clock.move_to(MONDAY + timedelta(days=30))
    remind()
    assert team.meetings.last().starts_at >= last + timedelta(days=28)


def test_a_pass_costs_the_same_queries_whatever_the_number_of_series(
    clock, mentee_a, mentor_a, django_assert_max_num_queries
):
    mentorships = Mentorship.objects.filter(mentee=mentee_a)
    make_series(mentee_a, mentorships)
    make_series(mentee_a, mentorships, rule="FREQ=WEEKLY;COUNT=3")
    remind()
    with django_assert_max_num_queries(12) as few:
        remind()
    for _ in range(20):
        make_series(mentee_a, mentorships)
        make_series(mentee_a, mentorships, rule="FREQ=WEEKLY;COUNT=3")
    remind()
    with django_assert_max_num_queries(len(few.captured_queries)):
        remind()
