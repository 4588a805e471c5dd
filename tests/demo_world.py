"""The demo for transactional tests (`live_server`): loaded once per process, then restored.

A browser test flushes every table after it runs, so each one that tours the demo would
load it again: some 800 forms and actions, 10–15 s a time. `demo_world()` loads it with
`load_demo()` the first time in a process, takes a copy of every table's rows, and after
that writes the copy back in one transaction (bulk inserts, a second or two), which leaves
the database as `load_demo()` left it: the same rows with the same keys, content types and
permissions included. `load_demo()` itself is tested in tests/test_demo.py.

The copy is kept per database engine and date (the demo's dates are relative to today),
and used only on a database with no users: a test that made people of its own first gets
`load_demo()`.
"""

from __future__ import annotations

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.core.statistics import refresh_statistics
from mentorkit.demo import load_demo, sign_ins

_copies: dict[tuple[str, object], list[tuple[type, list[str], list[tuple]]]] = {}


def _tables() -> list[type]:
    """Every table Django manages, many-to-many ones included."""
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _take() -> list[tuple[type, list[str], list[tuple]]]:
    copy = []
    for model in _tables():
        columns = [field.attname for field in model._meta.concrete_fields]
        copy.append((model, columns, list(model._base_manager.values_list(*columns))))
    return copy


def _restore(copy: list[tuple[type, list[str], list[tuple]]]) -> None:
    # Foreign keys are checked when the transaction commits (Django creates them deferred
    # on SQLite and PostgreSQL), so the order of the tables does not matter.
    with transaction.atomic():
        for model, columns, rows in copy:
            model._base_manager.all()._raw_delete(connection.alias)
            model._base_manager.bulk_create(
                [model(**dict(zip(columns, row, strict=True))) for row in rows], batch_size=500
            )
        statements = connection.ops.sequence_reset_sql(no_style(), [m for m, _, _ in copy])
        if statements:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()  # its keys are the copy's now
    refresh_statistics()


def demo_world() -> list[tuple[str, str]]:
    """The demo workspace, as `load_demo()` makes it; its sign-ins."""
    key = (connection.vendor, timezone.localdate())
    if User.objects.exists():
        return load_demo()
    if key in _copies:
        _restore(_copies[key])
        return sign_ins()
    loaded = load_demo()
    _copies[key] = _take()
    return loaded
