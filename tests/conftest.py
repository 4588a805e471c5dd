"""Named people for every role, as in the access table of the design.

- mentee_a: owns a workspace; mentor_a is their active mentor (co-primary),
  former_mentor once mentored them (ended); mentee_b is another mentee with
  their own mentor (unrelated_mentor); director directs a program in which
  mentee_a is enrolled; staff is a site administrator.

Each person is a fixture for tests that build their own world. A module whose
tests only read a shared world builds it once with `make_everyone()` inside
`once_per_module()` (see there).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from functools import cache
from typing import TypeVar

import pytest
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.programs.models import Enrollment, Program
from mentorkit.teams.models import Mentorship, MentorshipStatus, Role
from tests.migrated import Migrated

PASSWORD = "correct horse battery staple"

T = TypeVar("T")


@cache
def password_hash() -> str:
    # Hash the shared test password once, for every user.
    return make_password(PASSWORD)


def make_user(email: str, **fields) -> User:
    fields.setdefault("name", email.split("@")[0].replace("_", " ").title())
    return User.objects.create(email=email, password=password_hash(), **fields)


def make_mentorship(
    mentee, mentor, *, role=Role.RESEARCH, status=MentorshipStatus.ACTIVE, **fields
):
    return Mentorship.objects.create(
        mentee=mentee,
        mentor=mentor,
        invited_email=mentor.email,
        role=role,
        status=status,
        started_on=fields.pop("started_on", timezone.localdate()),
        **fields,
    )


def proposed_for_next_meeting(mentee, viewer, days_ahead: int = 7) -> dict:
    """The agenda a meeting of `mentee` in `days_ahead` days proposes to `viewer`, by source."""
    from datetime import timedelta

    from mentorkit.meetings.agenda import shortlisted
    from mentorkit.meetings.models import Meeting, Series

    starts = timezone.now() + timedelta(days=days_ahead)
    series = Series.objects.create(
        mentee=mentee, title="Weekly", first_start=starts, rule="FREQ=WEEKLY"
    )
    meeting = Meeting.objects.create(
        series=series, mentee=mentee, original_start=starts, starts_at=starts
    )
    return {s.label: s.suggestions for s in shortlisted(meeting, viewer, shown=None)}


# --- the named people, one maker each: the fixtures below and make_everyone() use them ---


def make_mentee_a() -> User:
    return make_user("mentee_a@example.org", career_stage="fellow", discipline="Cardiology")


def make_mentee_b() -> User:
    return make_user("mentee_b@example.org", career_stage="fellow", discipline="Oncology")


def make_mentor_a(mentee_a) -> User:
    mentor = make_user(
        "mentor_a@example.org", discipline="Biostatistics", expertise="biostatistics, trial design"
    )
    make_mentorship(mentee_a, mentor, role=Role.CO_PRIMARY, discipline="Biostatistics")
    return mentor


def make_former_mentor(mentee_a) -> User:
    mentor = make_user("former_mentor@example.org", discipline="Epidemiology")
    make_mentorship(mentee_a, mentor, status=MentorshipStatus.ENDED, ended_on=timezone.localdate())
    return mentor


def make_unrelated_mentor(mentee_b) -> User:
    mentor = make_user("unrelated_mentor@example.org", discipline="Surgery")
    make_mentorship(mentee_b, mentor, role=Role.PRIMARY)
    return mentor


def make_program(mentee_a) -> Program:
    program = Program.objects.create(name="Clinical Scholars K12", kind="k12")
    Enrollment.objects.create(program=program, mentee=mentee_a, cohort_year=2025)
    return program


def make_director(program) -> User:
    director = make_user("director@example.org", career_stage="senior_faculty")
    program.directors.add(director)
    return director


def make_staff() -> User:
    return make_user("staff@example.org", is_staff=True, is_superuser=True)


def make_everyone() -> tuple[dict[str, User], Program]:
    """All named users (as the `everyone` fixture) and mentee_a's program."""
    # In the order the fixtures make them, so that the rows get the same ids.
    mentee_a, mentee_b = make_mentee_a(), make_mentee_b()
    mentor_a, former_mentor = make_mentor_a(mentee_a), make_former_mentor(mentee_a)
    unrelated_mentor = make_unrelated_mentor(mentee_b)
    program = make_program(mentee_a)
    everyone = {
        "mentee_a": mentee_a,
        "mentee_b": mentee_b,
        "mentor_a": mentor_a,
        "former_mentor": former_mentor,
        "unrelated_mentor": unrelated_mentor,
        "director": make_director(program),
        "staff": make_staff(),
    }
    return everyone, program


# --- a world built once per module --------------------------------------------------------


def once_per_module(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """For a module-scoped fixture: `build()` once, its rows kept until the module ends.

    As Django's `setUpTestData`: the rows are written inside a transaction that is rolled
    back after the module's last test, and each test still runs in a transaction of its own
    (the `db` fixture, or `pytestmark = pytest.mark.django_db`), so what a test writes,
    deletes or changes is rolled back before the next one. Hand each test a copy of the
    model instances (`copy.deepcopy`) if it may change them in memory::

        @pytest.fixture(scope="module")
        def world(django_db_setup, django_db_blocker):
            yield from once_per_module(django_db_blocker, build_world)

    Not for transactional tests (`transactional_db`, `live_server`): they would flush the
    tables from inside this transaction.
    """
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            built = build()
        except BaseException:
            atomic.__exit__(*sys.exc_info())
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
        # Content types the build wrote (a restored demo's, `tests/demo_world.py`) are gone
        # with the transaction: so is the process's cache of them.
        ContentType.objects.clear_cache()


# --- empty migrated databases, for the commands' own -------------------------------------


@pytest.fixture(scope="session")
def migrated_databases(tmp_path_factory) -> Iterator[Migrated]:
    """Empty databases `mentorkit migrate` made once per run, copied (tests/migrated.py)."""
    base = tmp_path_factory.getbasetemp()
    # Under xdist each worker's folder is in the run's: the workers share the run's.
    made = Migrated(base.parent if "PYTEST_XDIST_WORKER" in os.environ else base)
    yield made
    made.close()


# --- the named people as fixtures, for tests that build their own world -------------------


@pytest.fixture(autouse=True)
def _no_kept_pages():
    """Each test starts with no kept page body (core.kept_pages). The database goes back
    after each test, and the workspaces' versions with it, so a body kept in one test
    could otherwise match the same versions in the next."""
    from django.core.cache import caches

    caches["pages"].clear()


@pytest.fixture
def mentee_a(db):
    return make_mentee_a()


@pytest.fixture
def mentee_b(db):
    return make_mentee_b()


@pytest.fixture
def mentor_a(mentee_a):
    return make_mentor_a(mentee_a)


@pytest.fixture
def former_mentor(mentee_a):
    return make_former_mentor(mentee_a)


@pytest.fixture
def unrelated_mentor(mentee_b):
    return make_unrelated_mentor(mentee_b)


@pytest.fixture
def program(mentee_a):
    return make_program(mentee_a)


@pytest.fixture
def director(program):
    return make_director(program)


@pytest.fixture
def staff(db):
    return make_staff()


@pytest.fixture
def everyone(mentee_a, mentee_b, mentor_a, former_mentor, unrelated_mentor, director, staff):
    """All named users, so a test can walk every role."""
    return {
        "mentee_a": mentee_a,
        "mentee_b": mentee_b,
        "mentor_a": mentor_a,
        "former_mentor": former_mentor,
        "unrelated_mentor": unrelated_mentor,
        "director": director,
        "staff": staff,
    }


# The slowest modules first, as measured (seconds on one core, 2 December): `make test` hands
# modules to its two workers in this order (`--no-loadscope-reorder`; by default xdist would
# sort them by their number of tests and start the one-test axe walk last), so none starts a
# long one at the end while the other has finished.
SLOW_FIRST = [
    "tests/browser/test_axe.py",  # 110
    "tests/browser/test_roles.py",  # 86
    "tests/test_access.py",  # 67
    "tests/test_reminders.py",  # 47
    "tests/fuzz/test_edges.py",  # 43
    "tests/test_workspace.py",  # 42
    "tests/fuzz/test_random.py",  # 37
    "tests/test_backups.py",  # 35
    "tests/test_cli.py",  # 32
    "tests/browser/test_invite_flow.py",  # 21
    "tests/browser/test_outcomes_flow.py",  # 15
    "tests/test_query_counts.py",  # 11
    "tests/grants/test_demo_exports.py",  # 10
]


def pytest_collection_modifyitems(config, items):
    rank = {path: i for i, path in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0], len(SLOW_FIRST)))
