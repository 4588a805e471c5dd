"""Writing a mentee's workspace archive: `export_workspace(user)`.

A zip holding `manifest.json` (format, version, when, whose, how many records of each kind
and the SHA-256 of every other file), `README.md` (what each file holds), `profile.json` and
one JSON file per kind of record (`kinds.py`). Records refer to each other by archive-local
ids and to people by name and e-mail.

The queries do not grow with the workspace: one per kind, one per many-to-many relation and
two for the people named.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.template.loader import render_to_string
from django.utils import timezone

from mentorkit.accounts.models import User
from mentorkit.audit import actions as audit
from mentorkit.audit.models import EventKind

from .kinds import FORMAT, KINDS, MANIFEST, PROFILE, PROFILE_FIELDS, README, VERSION, Kind
from .models import StandIn


@dataclass(frozen=True)
class _Person:
    """A person named by a record, written as {"name", "email"} once everyone is loaded."""

    user_id: int


def export_workspace(user: User) -> bytes:
    """`user`'s workspace as a zip archive: their own records and their team's shared ones.

    Never another person's private records (a mentor's notes or self-rating, anonymous
    evaluations); `kinds.py` says what goes in and why.
    """
    exported_at = timezone.now()
    ids: dict[str, dict[int, int]] = {}
    wanted: set[int] = set()
    data: dict[str, object] = {PROFILE: _profile(user)}
    for kind in KINDS:
        data[kind.filename] = _records(kind, user, ids, wanted)
    encode = _encoder(_people(wanted))
    files = {
        name: (json.dumps(value, default=encode, indent=2, ensure_ascii=False) + "\n").encode()
        for name, value in data.items()
    }
    counts = {kind.name: len(ids[kind.name]) for kind in KINDS}
    files[README] = render_to_string(
        "workspace/README.md",
        {
            "user": user,
            "exported_at": exported_at,
            "version": VERSION,
            "kinds": [(kind, counts[kind.name]) for kind in KINDS],
        },
    ).encode()
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": exported_at.astimezone(UTC).isoformat(),
        "mentee": user.email,
        "counts": counts,
        "checksums": {name: hashlib.sha256(content).hexdigest() for name, content in files.items()},
    }
    files = {MANIFEST: (json.dumps(manifest, indent=2) + "\n").encode(), **files}
    buffer = io.BytesIO()
    stamp = exported_at.astimezone(UTC).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            archive.writestr(zipfile.ZipInfo(name, date_time=stamp), content, zipfile.ZIP_DEFLATED)
    audit.record(
        EventKind.EXPORTED,
        f"Workspace exported: {sum(counts.values()):,} records.",
        [user],
        records=sum(counts.values()),
    )
    return buffer.getvalue()


def _profile(user: User) -> dict:
    return {"email": user.email, **{name: getattr(user, name) for name in PROFILE_FIELDS}}


def _records(kind: Kind, mentee: User, ids: dict[str, dict[int, int]], wanted: set[int]):
    """The rows of one kind, with archive ids; `ids` maps each kind's pks to archive ids."""
    columns = ["pk", *(kind.field(name).attname for name in kind.fields)]
    columns += [f"{name}_id" for name in (*kind.refs, *kind.people)]
    if kind.name == "mentorships":
        columns += ["mentor__name", "mentor__email", "invited_name", "invited_email"]
    rows = list(kind.records_of(mentee).values(*columns))
    local = ids[kind.name] = {row["pk"]: n for n, row in enumerate(rows, 1)}
    many = {name: _links(kind, mentee, name) for name in (*kind.many, *kind.many_people)}
    records = []
    for row in rows:
        record: dict[str, object] = {"id": local[row["pk"]]}
        if kind.name == "mentorships":
            record["person"] = _mentor(row)
        for name in kind.fields:
            record[name] = row[kind.field(name).attname]
        for name, target in kind.refs.items():
            pk = row[f"{name}_id"]
            if pk is not None and pk not in ids[target] and not kind.field(name).null:
                raise ValueError(f"{kind.name} {row['pk']}: its {name} is not in the workspace.")
            record[name] = ids[target].get(pk) if pk is not None else None
        for name in kind.people:
            record[name] = _person(row[f"{name}_id"], wanted)
        for name, target in kind.many.items():
            targets = ids[target]
            record[name] = sorted(
                targets[pk] for pk in many[name].get(row["pk"], ()) if pk in targets
            )
        for name in kind.many_people:
            people = sorted(many[name].get(row["pk"], ()))
            record[name] = [_person(pk, wanted) for pk in people]
        records.append(record)
    return records


def _links(kind: Kind, mentee: User, name: str) -> dict[int, list[int]]:
    """{record pk: [pks it links to]} for one many-to-many relation, in one query."""
    relation = kind.model._meta.get_field(name)
    through = relation.remote_field.through  # type: ignore[union-attr]
    source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()  # type: ignore[union-attr]
    links: dict[int, list[int]] = {}
    pairs = through._default_manager.filter(
        **{f"{source}__in": kind.records_of(mentee).values("pk")}
    ).values_list(f"{source}_id", f"{target}_id")
    for record, other in pairs:
        links.setdefault(record, []).append(other)
    return links


def _mentor(row: dict) -> dict[str, str]:
    """The person of a mentorship: the mentor's account once they accepted, else the invitation."""
    if row["mentor__email"] is not None:
        return {"name": row["mentor__name"] or row["invited_name"], "email": row["mentor__email"]}
    return {"name": row["invited_name"], "email": row["invited_email"]}


def _person(user_id: int | None, wanted: set[int]) -> _Person | None:
    if user_id is None:
        return None
    wanted.add(user_id)
    return _Person(user_id)


def _people(user_ids: set[int]) -> dict[int, dict[str, str]]:
    """Name and e-mail of everyone named; a stand-in is written as the person it stands for."""
    people = {
        pk: {"name": name, "email": email}
        for pk, name, email in User.objects.filter(pk__in=user_ids).values_list(
            "pk", "name", "email"
        )
    }
    for pk, name, email in StandIn.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "name", "email"
    ):
        people[pk] = {"name": name, "email": email}
    return people


def _encoder(people: dict[int, dict[str, str]]):
    def encode(value):
        if isinstance(value, _Person):
            return people[value.user_id]
        if isinstance(value, datetime):
            return value.astimezone(UTC).isoformat()
        if isinstance(value, date):
            return value.isoformat()
        raise TypeError(f"{type(value).__name__} has no place in a workspace archive")

    return encode
