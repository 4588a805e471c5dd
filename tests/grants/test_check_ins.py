"""Alumni check-ins: the background loop asks each former trainee once on leaving and once
a year after, exactly once per cycle; they answer on their own page (still theirs after
training), which confirms their current position; the reports page says whose is overdue.

In the grants world (tests/grants/world.py): Ana completed on 31 May 2024 (her cycle 0
began then), Chen left on 31 March 2023 (his cycle 1 began 31 March 2024); Ben is in
training and is never asked.
"""

from __future__ import annotations

import html
from datetime import UTC, date, datetime

import pytest
import time_machine

from mentorkit.grants.models import AlumniCheckIn, Position
from mentorkit.meetings.models import Reminder, ReminderKind
from mentorkit.meetings.reminders import run_pass
from tests.conftest import once_per_module

from .world import build

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    yield from once_per_module(django_db_blocker, build)


def on(day: date):
    return time_machine.travel(datetime(day.year, day.month, day.day, 12, tzinfo=UTC), tick=False)


MARCH = date(2025, 3, 1)


def check_in_mail(mailoutbox) -> dict[str, list]:
    found: dict[str, list] = {}
    for message in mailoutbox:
        if message.subject.endswith(("where are you headed?", "a one-minute check-in")):
            found.setdefault(message.to[0], []).append(message)
    return found


def test_the_loop_asks_each_alumnus_once_per_cycle(world, mailoutbox):
    with on(MARCH):
        run_pass()
        run_pass()
    sent = check_in_mail(mailoutbox)
    assert set(sent) == {"ana@example.org", "chen@example.org"}  # not Ben, in training
    assert [len(m) for m in sent.values()] == [1, 1]
    ana = sent["ana@example.org"][0]
    assert ana.subject == "Heart Scholars: where are you headed?"  # on leaving
    assert f"/me/training-record/check-in/{world['ana_record'].pk}/" in ana.body
    assert sent["chen@example.org"][0].subject == "Heart Scholars: a one-minute check-in"
    with on(date(2025, 6, 2)):  # a year after Ana completed, two after Chen left
        run_pass()
        run_pass()
    assert [len(m) for m in check_in_mail(mailoutbox).values()] == [2, 2]


def test_an_answer_before_the_loop_runs_stops_the_mail(client, world, mailoutbox):
    client.force_login(world["chen"])
    with on(MARCH):
        url = f"/me/training-record/check-in/{world['chen_record'].pk}/"
        assert client.post(url, {"still_current": "yes", "update": ""}).status_code == 302
        run_pass()
    assert "chen@example.org" not in check_in_mail(mailoutbox)
    assert AlumniCheckIn.objects.get(record=world["chen_record"]).cycle == 1


def test_an_answered_cycle_planned_earlier_is_dropped_unsent(client, world, mailoutbox):
    from mentorkit.grants.checkins import plan_rows

    with on(MARCH):
        Reminder.objects.bulk_create(plan_rows(datetime(2025, 3, 1, 12, tzinfo=UTC)))
        client.force_login(world["ana"])
        client.post(f"/me/training-record/check-in/{world['ana_record'].pk}/",
                    {"still_current": "yes"})  # fmt: skip
        run_pass()
    assert "ana@example.org" not in check_in_mail(mailoutbox)
    assert not Reminder.objects.filter(kind=ReminderKind.ALUMNI_CHECK_IN,
                                       user=world["ana"]).exists()  # fmt: skip


def test_an_alumna_confirms_her_position_and_says_what_is_new(client, world):
    client.force_login(world["ana"])
    url = f"/me/training-record/check-in/{world['ana_record'].pk}/"
    with on(MARCH):
        page = html.unescape(client.get(url).content.decode())
        assert "Is Postdoctoral Fellow, Stanford University still your position?" in page
        # New papers and awards are suggested from ORCID, PubMed and RePORTER, to confirm.
        assert 'href="/outcomes/import/"' in page and 'href="/me/training-record/reporter/"' in page
        response = client.post(url, {"still_current": "yes", "update": "An F32 started."})
    assert response.status_code == 302 and response["Location"] == "/me/training-record/"
    position = Position.objects.get(trainee=world["ana"])
    assert (position.confirmed_on, position.source) == (MARCH, "check_in")
    answer = AlumniCheckIn.objects.get(record=world["ana_record"])
    assert (answer.cycle, answer.update, answer.confirmed_position) == (0, "An F32 started.",
                                                                       position)  # fmt: skip


def test_a_changed_position_is_not_confirmed_and_the_answer_is_required(client, world):
    client.force_login(world["ana"])
    url = f"/me/training-record/check-in/{world['ana_record'].pk}/"
    with on(MARCH):
        refused = client.post(url, {"update": "Hm"})
        assert refused.status_code == 400
        assert "Say whether it is still your position." in html.unescape(refused.content.decode())
        client.post(url, {"still_current": "changed", "update": "Moved to industry."})
    assert Position.objects.get(trainee=world["ana"]).confirmed_on == date(2025, 1, 15)
    assert AlumniCheckIn.objects.get(record=world["ana_record"]).confirmed_position is None


@pytest.mark.parametrize("who", ["ben", "liu", "director", "other_director"])
def test_nobody_answers_someone_elses_check_in(client, world, who):
    client.force_login(world[who])
    response = client.get(f"/me/training-record/check-in/{world['ana_record'].pk}/")
    assert response.status_code == 404


def test_a_former_trainee_keeps_her_own_record(client, world):
    client.force_login(world["ana"])
    with on(MARCH):
        page = html.unescape(client.get("/me/training-record/").content.decode())
    assert "Postdoctoral Fellow, Stanford University" in page and "PhD 2024" in page
    assert "Check in with Heart Scholars" in page


def test_the_reports_page_shows_whose_check_in_is_overdue(client, world):
    client.force_login(world["coordinator"])
    with on(MARCH):
        client.force_login(world["ana"])
        client.post(f"/me/training-record/check-in/{world['ana_record'].pk}/",
                    {"still_current": "yes"})  # fmt: skip
        client.force_login(world["coordinator"])
        page = html.unescape(
            client.get(f"/programs/{world['program'].pk}/reports/").content.decode()
        )
    section = page[page.index("Alumni check-ins") :]
    chen = section[section.index("Chen Wei") :].split("</li>")[0]
    assert "year 1 after leaving, asked 31 Mar 2024" in chen and "overdue" in chen
    ana = section[section.index("Ana Ortiz") :].split("</li>")[0]
    assert "on leaving" in ana and "answered 1 Mar 2025" in ana
    assert "Ben Carter" not in section.split("</section>")[0]
