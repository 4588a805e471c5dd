"""What deleting an account removes and what stays: read from the same Collector that deletes.

The preview is not a second description of the cascade: Django's deletion Collector is run
without deleting, so the page lists exactly what `User.delete()` will do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

from django.db import router, transaction
from django.db.models import Model, QuerySet
from django.db.models.deletion import Collector

from mentorkit.audit.actions import record
from mentorkit.audit.models import EventKind

PARTICIPATION = "feedback.EvaluationParticipation"
ANONYMOUS = "anonymous evaluations you gave stay: they never named you"


@dataclass
class Line:
    label: str
    count: int


@dataclass
class DeletionPreview:
    removed: list[Line] = field(default_factory=list)
    kept: list[Line] = field(default_factory=list)


def _through_label(model) -> str:
    """An automatic many-to-many table, named by the field that owns it."""
    for relation in model._meta.get_fields():
        if getattr(relation, "remote_field", None) and relation.many_to_one:
            owner = relation.related_model
            for m2m in owner._meta.many_to_many:
                if m2m.remote_field.through is model:
                    return (
                        f"{owner._meta.verbose_name_plural} stay, without you among their "
                        f"{m2m.verbose_name}"
                    )
    return str(model._meta.verbose_name_plural)


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
    user_model = user._meta.model
    accounts = accounts_of(user)
    collector = collect(accounts)
    preview = DeletionPreview()
    removed: dict[str, int] = {}
    kept: dict[str, int] = {}
    # What goes: instances collected one by one, and querysets deleted in one statement.
    batches: list[tuple[type[Model], QuerySet]] = [
        (model, model._default_manager.filter(pk__in=[o.pk for o in objs]))
        for model, objs in collector.data.items()
        if model is not user_model
    ]
    batches += [(qs.model, qs) for qs in collector.fast_deletes]
    for model, objs in batches:
        if model._meta.label == PARTICIPATION:
            # Who took part is removed; what they said was never linked to them and stays.
            if given := objs.filter(evaluator=user).count():
                kept[ANONYMOUS] = kept.get(ANONYMOUS, 0) + given
            continue
        count = objs.count()
        label = (
            _through_label(model)
            if model._meta.auto_created
            else str(model._meta.verbose_name_plural)
        )
        bucket = kept if model._meta.auto_created else removed
        bucket[label] = bucket.get(label, 0) + count
    for (fk, _value), updates in collector.field_updates.items():
        count = sum(len(cast(QuerySet, batch)) for batch in updates)  # querysets, in Django 5.2
        if count:
            label = (
                f"{fk.model._meta.verbose_name_plural} stay, with “{fk.verbose_name}” left blank"
            )
            kept[label] = kept.get(label, 0) + count
    if len(accounts) > 1:
        removed["stand-ins for people named by an imported workspace"] = len(accounts) - 1
    preview.removed = [Line(k, v) for k, v in sorted(removed.items()) if v]
    preview.kept = [Line(k, v) for k, v in sorted(kept.items()) if v]
    return preview


@transaction.atomic
def delete_account(user) -> None:
    """Delete the account and everything the preview lists as removed, in one transaction."""
    # Recorded first: the event concerns nobody, and its actor is unlinked by the deletion.
    record(
        EventKind.ACCOUNT_DELETED, f"Account #{user.pk} deleted by its owner.", [], user_id=user.pk
    )
    collect(accounts_of(user)).delete()
