"""Personal access tokens: `Authorization: Bearer <token>` on every request."""

from __future__ import annotations

import zoneinfo

from django.utils import timezone
from ninja.security import HttpBearer

from mentorkit.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    """The user a live token belongs to becomes `request.auth`; anything else is a 401."""

    def authenticate(self, request, token: str):
        user = ApiToken.authenticate(token.strip())
        if user is None:
            return None
        # Dates such as "ended today" are the user's dates, as in the web pages.
        try:
            timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return user
