"""Going back where a form came from, safely."""

from __future__ import annotations

from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str) -> str:
    """Where `next=` asks to go back to, if it is a page of this site; else `default`.

    Every redirect to a target the request names goes through here, so a crafted
    `next=` can never send a user to another site (or to a `javascript:` URL).
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return resolve_url(default)
