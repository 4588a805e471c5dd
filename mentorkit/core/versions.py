"""A version for each mentee's workspace, raised by every write to it.

What is computed from a workspace and kept — the health indicators, a PDF, a calendar
feed's ETag — is keyed on the version, so nothing kept is served after a change.

Which writes: a save or delete of any record kind of a workspace (the kinds of the
workspace archive, whose `scope` is the path from a record to its mentee), a change to
their many-to-many links, and a person's profile for every workspace that shows their
name or expertise (their own and their mentees'). Writes that send no signals
(`QuerySet.update`, `bulk_create`) call `bump()` themselves.

The version lives in the database, raised in the writer's transaction: a reader sees the
new version exactly when it sees the new data, so a reader in between can only keep a
result under the old version, which nobody asks for again.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ObjectDoesNotExist
from django.db.models.signals import m2m_changed, post_delete, post_save

# model label -> the attribute path from a record to its mentee's id
SCOPES: dict[str, tuple[str, ...]] = {}


def bump(mentee_ids: Iterable[int | None]) -> None:
    """Raise the version of each workspace in `mentee_ids`: one statement, an upsert."""
    from django.db import connection

    from .models import WorkspaceVersion

    ids = sorted({i for i in mentee_ids if i})
    if not ids:
        return
    table = connection.ops.quote_name(WorkspaceVersion._meta.db_table)
    rows = ", ".join(["(%s, 1)"] * len(ids))
    with connection.cursor() as cursor:
        # SQLite (3.24 and later) and PostgreSQL both read this upsert.
        cursor.execute(
            f"INSERT INTO {table} (mentee_id, version) VALUES {rows} "
            f"ON CONFLICT (mentee_id) DO UPDATE SET version = {table}.version + 1",
            ids,
        )


def versions(mentee_ids: Iterable[int]) -> dict[int, int]:
    """The current version of each workspace (0 for one never written since versions began)."""
    from .models import WorkspaceVersion

    ids = list(mentee_ids)
    found = dict(
        WorkspaceVersion.objects.filter(mentee_id__in=ids).values_list("mentee_id", "version")
    )
    return {i: found.get(i, 0) for i in ids}


def current_version():
    """The version now of the outer row's mentee's workspace (its `mentee_id`), as an
    expression for a query (0 before its first write): what a kept result is compared with."""
    from django.db.models import OuterRef, Subquery, Value
    from django.db.models.functions import Coalesce

    from .models import WorkspaceVersion

    return Coalesce(
        Subquery(
            WorkspaceVersion.objects.filter(mentee_id=OuterRef("mentee_id")).values("version")[:1]
        ),
        Value(0),
    )


def mentee_of(instance) -> int | None:
    path = SCOPES.get(instance._meta.label)
    if path is None:
        return None
    obj = instance
    try:
        for step in path[:-1]:
            obj = getattr(obj, step)
            if obj is None:
                return None
    except ObjectDoesNotExist:  # deleted with what it hangs on, which raises the version
        return None
    return getattr(obj, f"{path[-1]}_id", None)


def _changed(sender, instance, **kwargs) -> None:
    if kwargs.get("raw"):  # loading a fixture
        return
    bump([mentee_of(instance)])


def _links_changed(sender, instance, action, model, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    ids = [mentee_of(instance)]
    label = model._meta.label
    if label in SCOPES and pk_set:
        lookup = "__".join(SCOPES[label])
        ids += model._default_manager.filter(pk__in=pk_set).values_list(lookup, flat=True)
    bump(ids)


def _profile_changed(sender, instance, created, raw=False, update_fields=None, **kwargs) -> None:
    """A person's name and expertise show in their own workspace and their mentees'."""
    if raw or created or (update_fields and set(update_fields) <= QUIET_USER_FIELDS):
        return
    from mentorkit.teams.models import Mentorship

    mentees = Mentorship.objects.filter(mentor=instance).values_list("mentee_id", flat=True)
    bump([instance.pk, *mentees])


# Fields of an account that no workspace shows.
QUIET_USER_FIELDS = {"last_login", "password", "calendar_token"}


def connect() -> None:
    """Follow every record kind of a workspace (from the app registry, at start-up)."""
    from django.contrib.auth import get_user_model

    from mentorkit.workspace.kinds import KINDS

    for kind in KINDS:
        model = kind.model
        SCOPES[model._meta.label] = tuple(kind.scope.split("__"))
        post_save.connect(_changed, sender=model, dispatch_uid=f"version-save-{model._meta.label}")
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"version-delete-{model._meta.label}"
        )
        for m2m in model._meta.many_to_many:
            m2m_changed.connect(
                _links_changed,
                sender=m2m.remote_field.through,
                dispatch_uid=f"version-links-{model._meta.label}-{m2m.name}",
            )
    post_save.connect(_profile_changed, sender=get_user_model(), dispatch_uid="version-profile")
    # Not a workspace's records, but shown on pages kept at its version (core.kept_pages):
    # a mentor's own notes on the mentee, and the programs the mentee is enrolled in.
    for label, scope in ALSO_SHOWN.items():
        SCOPES[label] = scope
        post_save.connect(_changed, sender=label, dispatch_uid=f"version-save-{label}")
        post_delete.connect(_changed, sender=label, dispatch_uid=f"version-delete-{label}")
    post_save.connect(_program_changed, sender="programs.Program", dispatch_uid="version-program")
    connect_roles()


ALSO_SHOWN = {
    "teams.MentorNote": ("mentorship", "mentee"),
    "programs.Enrollment": ("mentee",),
}


def _program_changed(sender, instance, created, raw=False, **kwargs) -> None:
    """A program's name shows in the workspace of each mentee enrolled in it."""
    if raw or created:
        return
    bump(instance.enrollments.values_list("mentee_id", flat=True))


# A person's roles (`mentorkit.roles`) show on every page they see, which is kept at their
# own version (core.kept_pages): what changes them raises it. Mentorships and enrolments
# are workspace records already; these are the rest.
PROGRAM_PEOPLE = ("directors", "administrators", "mentor_pool")


def connect_roles() -> None:
    from django.db.models.signals import pre_delete, pre_save

    from mentorkit.grants.models import CommitteeMember
    from mentorkit.programs.models import Program

    for name in PROGRAM_PEOPLE:
        m2m_changed.connect(
            _program_people_changed,
            sender=getattr(Program, name).through,
            dispatch_uid=f"version-roles-{name}",
        )
    pre_save.connect(_neutral_contact_changes, sender=Program, dispatch_uid="version-roles-neutral")
    pre_delete.connect(_program_goes, sender=Program, dispatch_uid="version-roles-program")
    for signal in (post_save, post_delete):
        signal.connect(
            _seat_changed, sender=CommitteeMember, dispatch_uid=f"version-roles-{signal}"
        )


def _program_people_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """Someone added to or taken from a program's directors, administrators or mentor pool
    (from either side; before a `clear()`, everyone it will take)."""
    if reverse:  # from the person's side: `user.directed_programs.add(program)`
        if action in ("post_add", "post_remove", "pre_clear"):
            bump([instance.pk])
        return
    if action in ("post_add", "post_remove"):
        bump(pk_set or ())
    elif action == "pre_clear":
        bump(sender.objects.filter(program=instance).values_list("user_id", flat=True))


def _neutral_contact_changes(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    before = (
        sender.objects.filter(pk=instance.pk).values_list("neutral_contact_id", flat=True).first()
        if instance.pk
        else None
    )
    if before != instance.neutral_contact_id:
        bump([before, instance.neutral_contact_id])


def _program_goes(sender, instance, **kwargs) -> None:
    people = [instance.neutral_contact_id]
    for name in PROGRAM_PEOPLE:
        people += getattr(instance, name).values_list("pk", flat=True)
    bump(people)


def _seat_changed(sender, instance, raw=False, **kwargs) -> None:
    if not raw:
        bump([instance.person_id])
