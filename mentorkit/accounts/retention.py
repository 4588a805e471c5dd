"""What deleting an account removes and what stays: read from the same Collector that deletes.

The preview is not a second description of the cascade: Django's deletion Collector is run
without deleting, so the page lists exactly what `User.delete()` will do.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import cast

from django.apps import apps
from django.db import router, transaction
from django.db.models import Model, QuerySet
from django.db.models.deletion import Collector

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind

PARTICIPATION = "feedback.EvaluationParticipation"
# Kept for speed or for retries, never shown: gone with the account, not worth a line.
INTERNAL = {"core.HealthSnapshot", "api.IdempotentRequest", "reports.KeptDocument"}
ANONYMOUS = "anonymous evaluations you gave stay: they never named you"


@dataclass
class Line:
    label: str
    count: int


@dataclass
class DeletionPreview:
    removed: list[Line] = field(default_factory=list)
    kept: list[Line] = field(default_factory=list)


def _owner_of(through) -> tuple:
    """For an automatic many-to-many table: its foreign key to the owning model, and the
    many-to-many field."""
    for model in apps.get_models():
        for m2m in model._meta.many_to_many:
            if m2m.remote_field.through is through:
                return through._meta.get_field(m2m.m2m_field_name()), m2m  # type: ignore[union-attr]
    raise LookupError(through)


def accounts_of(user) -> list:
    """The account, and the stand-ins an imported workspace made for the people it names
    (accounts that cannot sign in, there only for this person's records)."""
    user_model = user._meta.model  # request.user is a lazy object: not type(user)
    return [user, *user_model.objects.filter(stand_in__mentee=user)]


def collect(accounts: list) -> Collector:
    collector = Collector(using=router.db_for_write(accounts[0]._meta.model))
    collector.collect(accounts)
    return collector


def deletion_preview(user) -> DeletionPreview:
    """What the deletion removes, and the records of others that stay with a blank where
    this person was (a field set to null, a place in a list)."""
    user_model = user._meta.model
    accounts = accounts_of(user)
    account_ids = [a.pk for a in accounts]
    collector = collect(accounts)
    # What goes: instances collected one by one, and querysets deleted in one statement.
    gone: dict[type[Model], set] = defaultdict(set)
    for model, objs in collector.data.items():
        gone[model].update(o.pk for o in objs)
    links = []
    for queryset in collector.fast_deletes:
        if queryset.model._meta.auto_created:
            links.append(queryset)  # places in the lists of many-to-many fields
        else:
            gone[queryset.model].update(queryset.values_list("pk", flat=True))
    removed: dict[type[Model], int] = {}
    # (model, "list" or "field", its name), or (None, "line", a whole line)
    kept: dict[tuple[type[Model] | None, str, str], int] = defaultdict(int)
    for model, pks in gone.items():
        if model is user_model or model._meta.label in INTERNAL or not pks:
            continue
        if model._meta.label == PARTICIPATION:
            # Who took part is removed; what they said was never linked to them and stays.
            manager = model._default_manager
            if given := manager.filter(pk__in=pks, evaluator_id__in=account_ids).count():
                kept[None, "line", ANONYMOUS] += given
            continue
        removed[model] = len(pks)
    for queryset in links:
        owner_key, m2m = _owner_of(queryset.model)
        owners = set(queryset.values_list(owner_key.attname, flat=True))
        if owners := owners - gone[owner_key.related_model]:
            kept[owner_key.related_model, "list", str(m2m.verbose_name)] += len(owners)
    for (fk, _value), updates in collector.field_updates.items():
        pks = {o.pk for batch in updates for o in cast(QuerySet, batch)} - gone[fk.model]
        if pks:
            kept[fk.model, "field", str(fk.verbose_name)] += len(pks)
    lines = [Line(_noun(model, n), n) for model, n in removed.items()]
    if len(accounts) > 1:
        lines.append(Line("stand-ins for people named by an imported workspace", len(accounts) - 1))
    stays = [
        Line(name if model is None else _stays(model, n, where, name), n)
        for (model, where, name), n in kept.items()
    ]
    return DeletionPreview(
        removed=sorted(lines, key=lambda line: line.label),
        kept=sorted(stays, key=lambda line: line.label),
    )


def _noun(model, n: int) -> str:
    return str(model._meta.verbose_name if n == 1 else model._meta.verbose_name_plural)


def _stays(model, n: int, where: str, name: str) -> str:
    """'3 goals stay, without you among their mentors who help' or '1 series stays, with
    “created by” left blank'."""
    stay = "stays" if n == 1 else "stay"
    if where == "list":
        return f"{_noun(model, n)} {stay}, without you among {'its' if n == 1 else 'their'} {name}"
    return f"{_noun(model, n)} {stay}, with “{name}” left blank"


@transaction.atomic
def delete_account(user) -> None:
    """Delete the account and everything the preview lists as removed, in one transaction."""
    # Recorded first: the event concerns nobody, and its actor is unlinked by the deletion.
    record(
        EventKind.ACCOUNT_DELETED, f"Account #{user.pk} deleted by its owner.", [], user_id=user.pk
    )
    collect(accounts_of(user)).delete()
