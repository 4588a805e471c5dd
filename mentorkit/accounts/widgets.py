"""A `<select>` of hundreds of options (time zones) rendered for the price of one template.

Django renders each option through its own template, about a sixth of a millisecond apiece:
for the 600 time zones, most of the profile page. This widget writes the options' HTML once
per list of choices, in Python, and marks the current value selected; the markup is the
same as Django's `Select` writes, so the field works, looks and validates as before.
"""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe


@lru_cache(maxsize=8)
def _options(choices: tuple) -> tuple[dict[str, int], tuple[str, ...]]:
    """Each option's HTML (as Django's templates write it, unselected), and its position by value."""
    html = tuple(
        f'\n  <option value="{conditional_escape(value)}">{conditional_escape(label)}</option>\n'
        for value, label in choices
    )
    position: dict[str, int] = {}
    for i, (value, _) in enumerate(choices):
        position.setdefault(str(value), i)
    return position, html


class LongSelect(forms.Select):
    """`Select` for a long, flat list of choices (no groups), its options written once."""

    template_name = "accounts/widgets/long_select.html"

    def get_context(self, name, value, attrs):
        # Skip ChoiceWidget.get_context: it builds a dict per option, for the template to render.
        context = forms.Widget.get_context(self, name, value, attrs)
        choices = tuple(self.choices)
        if any(isinstance(label, list | tuple) for _, label in choices):
            raise ValueError("LongSelect takes a flat list of choices, without groups")
        position, html = _options(choices)
        options = list(html)
        for selected in context["widget"]["value"][:1]:  # a single select marks the first match
            if (i := position.get(selected)) is not None:
                options[i] = options[i].replace('">', '" selected>', 1)
        context["widget"]["options"] = mark_safe("".join(options))  # escaped in _options
        return context
