"""Validators for profile fields."""

import re
import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError

ORCID_RE = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")


def orcid_checksum(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def normalise_orcid(value: str) -> str:
    """Accept an iD with or without the https://orcid.org/ prefix; return the bare iD."""
    value = value.strip()
    for prefix in ("https://orcid.org/", "http://orcid.org/", "orcid.org/"):
        if value.lower().startswith(prefix):
            value = value[len(prefix) :]
    return value.upper()


def validate_orcid(value: str) -> None:
    value = normalise_orcid(value)
    if not ORCID_RE.match(value):
        raise ValidationError(
            "An ORCID iD has four groups of four digits, like 0000-0002-1825-0097.",
            code="orcid_format",
        )
    digits = value.replace("-", "")
    if orcid_checksum(digits[:15]) != digits[15]:
        raise ValidationError(
            "This ORCID iD's check digit is wrong; please copy it again from your ORCID record.",
            code="orcid_checksum",
        )


@cache
def time_zone_names() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in time_zone_names():
        raise ValidationError(
            "“%(value)s” is not a time zone we know; pick one like Europe/London or America/New_York.",
            params={"value": value},
            code="time_zone",
        )
