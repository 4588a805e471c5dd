"""A preview's signed token: what a preview read, handed to its confirmation, for one owner.

The outcomes import, a program's roster import and the RePORTER import each preview what a
file would add, then confirm it in a second request (a page's form, or the API's confirm
call). What was read travels in the token, signed and bound to its owner (the person, or the
program and person), so the confirmation saves exactly what was shown — and nothing read by
or for someone else. Each import words its own refusals from `PreviewTokenError.reason`.
"""

from __future__ import annotations

from django.core import signing

EXPIRED, INVALID, NOT_YOURS = "expired", "invalid", "not_yours"


class PreviewTokenError(ValueError):
    """The token is older than its import allows (`EXPIRED`), not a token of that import
    (`INVALID`), or made for another owner (`NOT_YOURS`)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def sign(salt: str, owner: dict, payload) -> str:
    """`payload` (JSON) for `owner`, signed under the import's `salt`."""
    return signing.dumps({"owner": owner, "payload": payload}, salt=salt, compress=True)


def unsign(salt: str, token: str, owner: dict, *, max_age: int):
    """The payload of a token made under `salt` for `owner` at most `max_age` seconds ago."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired:
        raise PreviewTokenError(EXPIRED) from None
    except signing.BadSignature:
        raise PreviewTokenError(INVALID) from None
    if not isinstance(data, dict) or "payload" not in data:
        raise PreviewTokenError(INVALID)
    if data.get("owner") != owner:
        raise PreviewTokenError(NOT_YOURS)
    return data["payload"]
