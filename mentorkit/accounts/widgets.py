"""A `<select>` of hundreds of options (time zones) rendered for the price of one template.

Django renders each option through its own template, about a sixth of a millisecond apiece:
for the 600 time zones, most of the profile page. This widget writes the options' HTML once
per list of choices, in Python, and marks the current value selected; the markup is the
same as Django's `Select` writes, so the field works, looks and validates as before.
"""

from __future__ import annotations

from functools import lru_cache

from django import forms
from django.utils.safestring import mark_safe
from markupsafe import escape  # as the Jinja2 form templates escape: &#34; for a quote


@lru_cache(maxsize=8)
def _options(choices: tuple) -> tuple[dict[str, int], tuple[str, ...]]:
    """Each option's HTML (as Django's Jinja2 form templates write it, unselected: see
    settings.FORM_RENDERER), and its position by value.

    Grouped choices (`(group, [(value, label), ...])`, as Django takes them) are written in
    `<optgroup>`s: the group's opening and closing tags go with its first and last option.
    """
    flat: list[tuple[str, str, str, str]] = []  # value, label, before, after
    for value, label in choices:
        if isinstance(label, list | tuple):
            group = list(label)
            for i, (v, lab) in enumerate(group):
                before = f'\n  <optgroup label="{escape(value)}">' if i == 0 else ""
                after = "\n  </optgroup>" if i == len(group) - 1 else ""
                flat.append((v, lab, before, after))
        else:
            flat.append((value, label, "", ""))
    html = tuple(
        f'{before}\n  <option value="{escape(value)}">{escape(label)}</option>{after}'
        for value, label, before, after in flat
    )
    position: dict[str, int] = {}
    for i, (value, *_) in enumerate(flat):
        position.setdefault(str(value), i)
    return position, html


class LongSelect(forms.Select):
    """`Select` for a long list of choices, flat or grouped, its options written once."""

    template_name = "accounts/widgets/long_select.html"

    def get_context(self, name, value, attrs):
        # Skip ChoiceWidget.get_context: it builds a dict per option, for the template to render.
        context = forms.Widget.get_context(self, name, value, attrs)
        choices = tuple(
            (value, tuple(label) if isinstance(label, list) else label)
            for value, label in self.choices
        )
        position, html = _options(choices)
        options = list(html)
        for selected in context["widget"]["value"][:1]:  # a single select marks the first match
            if (i := position.get(selected)) is not None:
                # The option's own tag, not the <optgroup> that may open before it.
                at = options[i].index("<option ")
                options[i] = options[i][:at] + options[i][at:].replace('">', '" selected>', 1)
        context["widget"]["options"] = mark_safe("".join(options))  # escaped in _options
        return context
