"""Links to many rows of one kind for the price of one `reverse()`.

A page listing hundreds of rows would otherwise resolve the same URL pattern once per row.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

_PLACEHOLDER = "2147483647"  # a primary key no row has; only digits, so never quoted


def link_for_each(viewname: str, *after: str, before: tuple = ()) -> Callable[[int], str]:
    """A function from a primary key to the URL of `viewname` for it: the pattern's
    arguments are `before` (if any), then an `<int:pk>`, then `after` (if any).

    The pattern is reversed once, with a placeholder; each link then is a string join.
    """
    url = reverse(viewname, args=[*before, _PLACEHOLDER, *after])
    head, found, tail = url.partition(_PLACEHOLDER)
    if not found:
        raise ValueError(f"{viewname} does not take an integer argument after {before!r}")
    return lambda pk: f"{head}{pk}{tail}"


def with_links(objects, viewname: str, *after: str):
    """`objects`, each given `.link`: its URL of `viewname` (as `link_for_each` makes it)."""
    link = link_for_each(viewname, *after)
    for obj in objects:
        obj.link = link(obj.pk)
    return objects
