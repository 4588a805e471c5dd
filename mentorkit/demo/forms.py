"""Filling in the product's forms as a person at the page would."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db import models


class DemoError(Exception):
    """The demo asked for something the product refuses: a story no user could live."""


def fill(form_class: type[forms.BaseForm], values: dict[str, Any] | None = None, **kwargs):
    """A valid, bound `form_class`: what the page shows (initial values), with `values` typed over.

    `kwargs` are the form's own arguments (`instance=`, `mentee=`…). The form's rules apply
    as they do to anyone: a value it refuses stops the demo with the form's own words.
    """
    shown = form_class(**kwargs)
    data = {name: _as_sent(shown[name].value()) for name in shown.fields}
    data.update({name: _as_sent(value) for name, value in (values or {}).items()})
    form = form_class(data, **kwargs)
    if not form.is_valid():
        raise DemoError(f"{form_class.__name__} refused {values}: {form.errors.get_json_data()}")
    return form


def _as_sent(value):
    """A value as a browser sends it: records by their id, nothing for None."""
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple | set | models.QuerySet):
        return [_as_sent(v) for v in value]
    return "" if value is None else value
