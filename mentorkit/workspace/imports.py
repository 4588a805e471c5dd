"""Recreating a workspace archive on this instance: `import_workspace(file)`.

Everything is checked before it is believed: the archive is a zip of the files a workspace
has and no others, within size limits; `manifest.json` names the format and version 1; every
file's SHA-256 matches the manifest, and every file holds as many records as it counts; each
record has exactly the fields of its kind, each value of the right type and passing the
model's own validation, each reference pointing to a record of the archive. All of it is
written in one transaction: an archive refused halfway leaves nothing behind.

The mentee gets an account (with no usable password: they choose one through the normal
password reset) unless one exists with no records yet. Their mentors become invitations
(`Mentorship` with status "invited" and no link yet: the mentee sends each again from the
team page); ended and declined mentorships stay so. A record that needs a person other than
the mentee (feedback from a mentor, an action item a mentor owns) names a stand-in
(`models.StandIn`), an account that cannot sign in and keeps the person's name.
"""

from __future__ import annotations

import hashlib
import json
import uuid
import zipfile
from datetime import date, datetime
from typing import IO, Any, cast

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import DataError, IntegrityError, models, transaction

from mentorkit.accounts.models import User
from mentorkit.audit import actions as audit
from mentorkit.audit.models import EventKind
from mentorkit.core.versions import bump
from mentorkit.meetings.models import Series
from mentorkit.plans.actions import recount
from mentorkit.plans.models import Goal
from mentorkit.teams.models import MentorshipStatus

from .kinds import FORMAT, KINDS, MANIFEST, PROFILE, PROFILE_FIELDS, README, VERSION, Kind, counts
from .models import STAND_IN_DOMAIN, StandIn

# A mentee's workspace is a few megabytes; these keep a hostile archive from filling memory.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_TOTAL_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 100

# What an imported mentorship becomes: a mentor is invited again; the past stays the past.
IMPORTED_STATUS = {
    MentorshipStatus.INVITED: MentorshipStatus.INVITED,
    MentorshipStatus.ACTIVE: MentorshipStatus.INVITED,
    MentorshipStatus.PAUSED: MentorshipStatus.INVITED,
    MentorshipStatus.ENDED: MentorshipStatus.ENDED,
    MentorshipStatus.DECLINED: MentorshipStatus.DECLINED,
}
OPEN = MentorshipStatus.INVITED


class WorkspaceError(Exception):
    """An archive that cannot be imported; the message says why, in one line."""


def import_workspace(file: str | IO[bytes]) -> User:
    """Recreate the workspace in the archive `file` (a path or a binary file) on this instance.

    Returns the mentee's account. Raises WorkspaceError, having written nothing, for an
    archive that is not a workspace, is of another version, was changed since its export,
    holds a record that does not hold together, or is for an account that has records here.
    """
    manifest, files = read_archive(file)
    try:
        with transaction.atomic():
            mentee = _Import(manifest, files).run()
            bump([mentee.pk])  # its rows were written in bulk, without signals
            total = sum(manifest["counts"].values())
            audit.record(
                EventKind.IMPORTED,
                f"Workspace imported: {total:,} records, exported {manifest['exported_at'][:10]}.",
                [mentee],
                records=total,
            )
            return mentee
    except (IntegrityError, DataError) as error:  # what the checks above could not see
        raise WorkspaceError(f"the database refused the archive ({_first_line(error)}).") from None


def read_archive(file: str | IO[bytes]) -> tuple[dict, dict[str, Any]]:
    """The manifest and every file of the archive, parsed, once each has passed its checks."""
    try:
        archive = zipfile.ZipFile(file)
    except (zipfile.BadZipFile, OSError, EOFError):
        raise WorkspaceError(
            "this is not a zip archive; a workspace is the .zip `mentorkit workspace export` writes."
        ) from None
    with archive:
        members = archive.infolist()
        names = [member.filename for member in members]
        expected = {MANIFEST, README, PROFILE} | {kind.filename for kind in KINDS}
        if MANIFEST not in names:
            raise WorkspaceError(f"the archive holds no {MANIFEST}; is it a mentorkit workspace?")
        if len(members) > MAX_MEMBERS or len(set(names)) != len(names):
            raise WorkspaceError("the archive holds files twice or too many files.")
        if unknown := sorted(set(names) - expected):
            raise WorkspaceError(
                f"the archive holds a file a workspace does not have: {unknown[0]}."
            )
        if sum(member.file_size for member in members) > MAX_TOTAL_BYTES:
            raise WorkspaceError("the archive is larger than a workspace can be.")
        manifest = _json(MANIFEST, _read(archive, MANIFEST))
        _check_manifest(manifest)
        files = {}
        for name in sorted(expected - {MANIFEST}):
            if name not in names:
                raise WorkspaceError(f"the archive lacks {name}.")
            content = _read(archive, name)
            if hashlib.sha256(content).hexdigest() != manifest["checksums"].get(name):
                raise WorkspaceError(
                    f"{name} has changed since the export (its SHA-256 differs from the manifest's)."
                )
            if name != README:
                files[name] = _json(name, content)
    for kind in KINDS:
        records, counted = files[kind.filename], manifest["counts"].get(kind.name)
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise WorkspaceError(f"{kind.filename} is not a list of records.")
        if len(records) != counted:
            raise WorkspaceError(
                f"{kind.filename} holds {len(records)} records; the manifest counts {counted}."
            )
    if not isinstance(files[PROFILE], dict):
        raise WorkspaceError(f"{PROFILE} is not a profile.")
    return manifest, files


def _read(archive: zipfile.ZipFile, name: str) -> bytes:
    try:
        with archive.open(name) as member:
            content = member.read(MAX_FILE_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        raise WorkspaceError(f"{name} cannot be read: the archive is damaged.") from None
    if len(content) > MAX_FILE_BYTES:
        raise WorkspaceError(f"{name} is larger than a workspace's file can be.")
    return content


def _json(name: str, content: bytes):
    try:
        return json.loads(content)
    except RecursionError:
        raise WorkspaceError(f"{name} is nested too deeply to be part of a workspace.") from None
    except ValueError as error:
        raise WorkspaceError(f"{name} is not valid JSON ({error}).") from None


def _check_manifest(manifest) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise WorkspaceError(f"{MANIFEST} is not that of a mentorkit workspace.")
    version = manifest.get("version")
    if version != VERSION or isinstance(version, bool):
        raise WorkspaceError(
            f"this archive is version {version!r} of the workspace format; "
            f"this mentorkit reads version {VERSION}."
        )
    for key, shape in (("mentee", str), ("counts", dict), ("checksums", dict)):
        if not isinstance(manifest.get(key), shape):
            raise WorkspaceError(f"{MANIFEST} has no valid '{key}'.")


class _Import:
    """One import: the mentee's account, then every kind in the order of `KINDS`."""

    def __init__(self, manifest: dict, files: dict[str, Any]) -> None:
        self.manifest, self.files = manifest, files
        self.made: dict[str, dict[int, int]] = {}  # kind -> archive id -> pk here
        self.people: dict[str, User] = {}  # e-mail -> the mentee or a stand-in
        self.names: dict[str, str] = {}  # e-mail -> name, the team's first
        self.invited: set[str] = set()  # the addresses of the team's open invitations

    def run(self) -> User:
        self.mentee = self._account()
        self.people[self.mentee.email] = self.mentee
        for kind in KINDS:
            self._create(kind)
        for goal in Goal.objects.filter(mentee=self.mentee):
            recount(goal)
        for series in Series.objects.filter(mentee=self.mentee):
            series.mark_occurrences()  # derived, as the counts are: not in the archive
        return self.mentee

    # --- the account ---

    def _account(self) -> User:
        profile = self.files[PROFILE]
        email = _email(self.manifest["mentee"], MANIFEST)
        if _email(profile.get("email"), PROFILE) != email:
            raise WorkspaceError(
                f"{PROFILE} is not the profile of {email}, whom the manifest names."
            )
        if email.endswith("@" + STAND_IN_DOMAIN):
            raise WorkspaceError(f"{email} is the address of a stand-in, not of a mentee.")
        _exact_keys(profile, {"email", *PROFILE_FIELDS}, PROFILE)
        user = User.objects.filter(email=email).first()
        if user is not None:
            if not user.is_active:
                raise WorkspaceError(f"the account {email} is deactivated here.")
            if any(counts(user).values()):
                raise WorkspaceError(
                    f"the account {email} already has records here; a workspace is imported "
                    "only for a new account or one with no records yet."
                )
            # What they have not filled in here yet comes from the profile they bring.
            blank = [name for name in PROFILE_FIELDS if getattr(user, name) in ("", None)]
            self._profile(user, blank, profile)
            user.save(update_fields=blank)
            return user
        user = User(email=email)
        self._profile(user, PROFILE_FIELDS, profile)
        user.set_unusable_password()  # they choose one through "Forgot your password?"
        user.save()
        return user

    @staticmethod
    def _profile(user: User, fields, profile: dict) -> None:
        for name in fields:
            field = cast(models.Field, User._meta.get_field(name))
            setattr(user, name, _value(field, profile[name], f"{PROFILE}, {name}"))
        _clean(user, fields, PROFILE)

    # --- the records ---

    def _create(self, kind: Kind) -> None:
        """Every record of one kind, then the links among them and to other kinds."""
        made = self.made.setdefault(kind.name, {})
        links: dict[str, list[tuple[int, list[int]]]] = {}
        later: dict[int, tuple[str, int, str]] = {}  # references to records of the same file
        for position, record in enumerate(self.files[kind.filename], 1):
            where = f"{kind.filename}, record {position}"
            obj = self._fill(kind, record, where, later)
            try:
                obj.save()  # a refusal here ends the import's transaction
            except (IntegrityError, DataError) as error:
                raise WorkspaceError(
                    f"{where}: the database refused it ({_first_line(error)})."
                ) from None
            made[record["id"]] = obj.pk
            for name, target in kind.many.items():
                ids = _ids(record[name], f"{where}, {name}")
                others = [self._target(target, o, where, name) for o in ids]
                links.setdefault(name, []).append((obj.pk, others))
            for name in kind.many_people:
                if not isinstance(record[name], list):
                    raise WorkspaceError(f"{where}: '{name}' must be a list of people.")
                people = [self._person(p, f"{where}, {name}", nullable=False) for p in record[name]]
                links.setdefault(name, []).append((obj.pk, [p.pk for p in people if p]))
        for local, (name, follows, where) in later.items():
            pk = self._target(kind.name, follows, where, name)
            kind.model._default_manager.filter(pk=made[local]).update(**{f"{name}_id": pk})
        _refuse_loops(kind, {local: follows for local, (_name, follows, _where) in later.items()})
        for name, pairs in links.items():
            _link(kind.model, name, pairs)

    def _fill(self, kind: Kind, record, where: str, later: dict) -> models.Model:
        """A new, unsaved record from the archive's, every value checked."""
        _exact_keys(record, _keys(kind), where)
        local = record["id"]
        if not _is_int(local) or local < 1 or local in self.made[kind.name]:
            raise WorkspaceError(f"{where}: its id must be a whole number seen once.")
        obj = kind.model()
        if any(f.name == "mentee" for f in kind.model._meta.concrete_fields):
            obj.mentee = self.mentee  # type: ignore[attr-defined]
        for name in kind.fields:
            field = kind.field(name)
            setattr(obj, field.attname, _value(field, record[name], f"{where}, {name}"))
        if kind.name == "mentorships":
            self._invitation(obj, record, where)
        for name, target in kind.refs.items():
            value = record[name]
            if value is None and not kind.field(name).null:
                raise WorkspaceError(f"{where}: '{name}' is required.")
            if value is not None and target == kind.name:
                later[local] = (name, value, where)  # once every record of the file exists
            elif value is not None:
                setattr(obj, f"{name}_id", self._target(target, value, where, name))
        for name in kind.people:
            person = self._person(record[name], f"{where}, {name}", nullable=kind.field(name).null)
            setattr(obj, f"{name}_id", person.pk if person else None)
        _clean(obj, kind.fields, where)
        return obj

    def _invitation(self, mentorship, record: dict, where: str) -> None:
        """A mentor of the archive as this instance's invitation: no account, no link yet."""
        person = record["person"]
        email, name = self._name_and_email(person, f"{where}, person")
        if email == self.mentee.email:
            raise WorkspaceError(f"{where}: the mentee cannot be their own mentor.")
        status = IMPORTED_STATUS.get(mentorship.status)
        if status is None:
            raise WorkspaceError(f"{where}: '{mentorship.status}' is not a mentorship's status.")
        if status == OPEN and email in self.invited:
            raise WorkspaceError(f"{where}: {email} is on the team twice; one invitation each.")
        if status == OPEN:
            self.invited.add(email)
        mentorship.status, mentorship.invited_email, mentorship.invited_name = status, email, name
        self.names.setdefault(email, name)

    def _target(self, kind: str, value, where: str, name: str) -> int:
        """The pk here of the record `value` of `kind` in the archive, which must exist."""
        if not _is_int(value) or value not in self.made.get(kind, {}):
            raise WorkspaceError(
                f"{where}: '{name}' refers to record {value!r} of {kind}.json, "
                "which the archive does not hold."
            )
        return self.made[kind][value]

    def _person(self, value, where: str, *, nullable: bool) -> User | None:
        """The mentee, or the stand-in of someone else (one per address in an import)."""
        if value is None:
            if nullable:
                return None
            raise WorkspaceError(f"{where}: a person is required.")
        email, name = self._name_and_email(value, where)
        if email not in self.people:
            name = self.names.get(email) or name
            stand_in = User(email=f"{uuid.uuid4().hex}@{STAND_IN_DOMAIN}", is_active=False)
            stand_in.name = (name or email)[:200]
            stand_in.set_unusable_password()
            stand_in.save()
            StandIn.objects.create(user=stand_in, mentee=self.mentee, name=name, email=email)
            self.people[email] = stand_in
        return self.people[email]

    @staticmethod
    def _name_and_email(value, where: str) -> tuple[str, str]:
        if not isinstance(value, dict) or set(value) != {"name", "email"}:
            raise WorkspaceError(f'{where}: a person is written as {{"name", "email"}}.')
        name = value["name"]
        if not isinstance(name, str) or len(name) > 200:
            raise WorkspaceError(f"{where}: a person's name is text of at most 200 characters.")
        return _email(value["email"], where), name.strip()


# --- values -------------------------------------------------------------------------------


def _value(field: models.Field, value, where: str):
    """A value of the archive for `field`, refused unless it has the field's JSON type."""
    if value is None:
        if field.null:
            return None
        raise WorkspaceError(f"{where}: may not be null.")
    if isinstance(field, models.DateTimeField):
        moment = _parse(datetime.fromisoformat, value, where, "a time in ISO 8601")
        if moment.tzinfo is None:
            raise WorkspaceError(f"{where}: a time needs its offset from UTC.")
        return moment
    if isinstance(field, models.DateField):
        return _parse(date.fromisoformat, value, where, "a date in ISO 8601")
    if isinstance(field, models.BooleanField):
        if not isinstance(value, bool):
            raise WorkspaceError(f"{where}: must be true or false.")
        return value
    if isinstance(field, models.IntegerField):
        if not _is_int(value):
            raise WorkspaceError(f"{where}: must be a whole number.")
        return value
    if isinstance(field, models.JSONField):
        shape = list if field.default is list else dict
        if not isinstance(value, shape):
            raise WorkspaceError(f"{where}: must be a JSON {shape.__name__}.")
        return value
    if isinstance(field, models.CharField | models.TextField):
        if not isinstance(value, str):
            raise WorkspaceError(f"{where}: must be text.")
        return value
    raise WorkspaceError(f"{where}: this version cannot read a {type(field).__name__}.")


def _parse(parse, value, where: str, what: str):
    if not isinstance(value, str):
        raise WorkspaceError(f"{where}: must be {what}.")
    try:
        return parse(value)
    except ValueError:
        raise WorkspaceError(f"{where}: {value!r} is not {what}.") from None


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _keys(kind: Kind) -> set[str]:
    keys = {"id", *kind.fields, *kind.refs, *kind.people, *kind.many, *kind.many_people}
    return keys | {"person"} if kind.name == "mentorships" else keys


def _ids(value, where: str) -> list[int]:
    if not isinstance(value, list) or not all(_is_int(v) for v in value):
        raise WorkspaceError(f"{where}: must be a list of record ids.")
    return list(dict.fromkeys(value))


def _email(value, where: str) -> str:
    if not isinstance(value, str):
        raise WorkspaceError(f"{where}: an e-mail address is required.")
    email = value.strip().lower()
    try:
        if len(email) > 254:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise WorkspaceError(f"{where}: {value!r} is not an e-mail address.") from None
    return email


def _exact_keys(record: dict, keys: set[str], where: str) -> None:
    if missing := sorted(keys - set(record)):
        raise WorkspaceError(f"{where}: '{missing[0]}' is missing.")
    if unknown := sorted(set(record) - keys):
        raise WorkspaceError(f"{where}: '{unknown[0]}' is not a field of version {VERSION}.")


def _clean(obj: models.Model, fields, where: str) -> None:
    """The model's own checks (choices, lengths, validators) on the fields the archive set."""
    # JSON values were checked for their shape; an empty {} is a value the app itself writes.
    others = [
        f.name for f in obj._meta.fields if f.name not in fields or isinstance(f, models.JSONField)
    ]
    try:
        obj.clean_fields(exclude=others)
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise WorkspaceError(f"{where}, {name}: {' '.join(messages)}") from None


def _first_line(error: Exception) -> str:
    lines = str(error).strip().splitlines()
    return lines[0] if lines else type(error).__name__


def _link(model, name: str, pairs: list[tuple[int, list[int]]]) -> None:
    relation = model._meta.get_field(name)
    through = relation.remote_field.through
    source, target = relation.m2m_field_name(), relation.m2m_reverse_field_name()
    through._default_manager.bulk_create(
        [
            through(**{f"{source}_id": pk, f"{target}_id": other})
            for pk, others in pairs
            for other in others
        ]
    )


def _refuse_loops(kind: Kind, following: dict[int, int]) -> None:
    """A record that follows another (a resubmission) must not lead back to itself."""
    for start in following:
        seen, node = {start}, following.get(start)
        while node is not None:
            if node in seen:
                raise WorkspaceError(f"{kind.filename}: record {start} leads back to itself.")
            seen.add(node)
            node = following.get(node)
