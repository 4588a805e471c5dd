"""Awards from NIH RePORTER into a trainee's outcomes: a `projects/search` answer (API v2)
uploaded or fetched, previewed, then confirmed all at once.

An award is the trainee's when their name is among its principal investigators (family
name and first given name, accents, case and titles aside), or when its number is one the
program already recorded for them (a support year's grant number). One award appears once
per fiscal year in RePORTER: the years are folded into one outcome per core number, with
the project period of the latest. An award already among the trainee's grants is skipped.

The preview hands a signed token (bound to the trainee, valid for an hour) to the
confirmation, which adds every new award or none.
"""

from __future__ import annotations

import json
import unicodedata
import urllib.request
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any
from urllib.error import HTTPError, URLError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from mentorkit.core import previews
from mentorkit.outcomes.models import GrantRole, Outcome, OutcomeKind, OutcomeResult, OutcomeSource
from mentorkit.visibility import Visibility

from .numbers import HONORIFICS, parse_award_number

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 8  # seconds: the page waits for it
TOKEN_SALT, TOKEN_MAX_AGE = "grants.reporter", 3600
ADD, RECORDED, NOT_THEIRS = "add", "recorded", "not_theirs"


class ReporterError(ValueError):
    """The file or the answer cannot be read, or RePORTER could not be reached."""


@dataclass
class Award:
    core: str  # "R01 AI187345"
    award_number: str  # as RePORTER writes the core number: R01AI187345
    activity_code: str
    agency: str  # the administering institute: NIAID
    title: str
    project_start: str  # ISO dates (the token carries them as text)
    project_end: str
    fiscal_year: int
    pis: list[str]
    status: str = ADD
    role: str = GrantRole.PI
    matched_by: str = ""  # "name" or "award number"
    trainee: Any = field(default=None, repr=False, compare=False)

    @property
    def role_label(self) -> str:
        return dict(GrantRole.choices).get(self.role, self.role)

    @property
    def starts_on(self) -> date | None:
        return date.fromisoformat(self.project_start) if self.project_start else None

    @property
    def ends_on(self) -> date | None:
        return date.fromisoformat(self.project_end) if self.project_end else None


def _day(value) -> str:
    return str(value)[:10] if value else ""


def parse(text: str | bytes) -> list[Award]:
    """The awards of a `projects/search` answer, one per core number; ReporterError if it is
    not one."""
    try:
        data = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ReporterError(f"This is not JSON ({exc}).") from exc
    results = data.get("results") if isinstance(data, dict) else None
    if not isinstance(results, list):
        raise ReporterError(
            "This is not a RePORTER projects/search answer: it has no list of “results”."
        )
    awards: dict[str, Award] = {}
    for n, item in enumerate(results, 1):
        if not isinstance(item, dict):
            raise ReporterError(f"Result {n} is not a project.")
        number = item.get("core_project_num") or item.get("project_num") or ""
        try:
            parsed = parse_award_number(str(number))
        except ValidationError as exc:
            raise ReporterError(f"Result {n}: “{number}” is not an NIH award number.") from exc
        ic = item.get("agency_ic_admin") or {}
        pis = [
            " ".join(filter(None, [p.get("first_name"), p.get("last_name")])).strip()
            for p in item.get("principal_investigators") or []
            if isinstance(p, dict)
        ]
        award = Award(
            core=parsed.core,
            award_number=f"{parsed.activity_code}{parsed.institute}{parsed.serial}",
            activity_code=str(item.get("activity_code") or parsed.activity_code),
            agency=str(ic.get("abbreviation") or ic.get("code") or "")
            if isinstance(ic, dict)
            else "",
            title=str(item.get("project_title") or "").strip() or str(number),
            project_start=_day(item.get("project_start_date")),
            project_end=_day(item.get("project_end_date")),
            fiscal_year=int(item.get("fiscal_year") or 0),
            pis=[p for p in pis if p],
        )
        known = awards.get(award.core)
        if known is None or award.fiscal_year > known.fiscal_year:
            awards[award.core] = award
    return sorted(awards.values(), key=lambda a: (a.project_start, a.core))


def _words(name: str) -> list[str]:
    bare = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    words = bare.casefold().replace(",", " ").split()
    while len(words) > 1 and words[0] in HONORIFICS:
        words = words[1:]
    return words


def same_person(trainee_name: str, pi_name: str) -> bool:
    """The same family name (the last word) and first given name."""
    mine, theirs = _words(trainee_name), _words(pi_name)
    return len(mine) > 1 and len(theirs) > 1 and (mine[0], mine[-1]) == (theirs[0], theirs[-1])


def _core(number: str) -> str:
    try:
        return parse_award_number(number).core
    except ValidationError:
        return ""


def match(awards: list[Award], trainee, known_numbers=(), *, by_program=False) -> list[Award]:
    """Each award with its status for `trainee`: to add, already recorded, or not theirs.
    `by_program`: for the program's directors, only grants the trainee marked for the
    program count as recorded — a private grant is never hinted at, not even by a skip."""
    grants = Outcome.objects.filter(mentee=trainee, kind=OutcomeKind.GRANT)
    if by_program:
        grants = grants.filter(visibility=Visibility.PROGRAM)
    recorded = {_core(n) for n in grants.values_list("award_number", flat=True)}
    numbers = {_core(n) for n in known_numbers} - {""}
    for award in awards:
        award.trainee = trainee
        named = [p for p in award.pis if same_person(trainee.display_name, p)]
        if named:
            award.matched_by = "name"
            award.role = GrantRole.MPI if len(award.pis) > 1 else GrantRole.PI
        elif award.core in numbers:
            award.matched_by, award.role = "award number", GrantRole.OTHER
        award.status = (
            NOT_THEIRS if not award.matched_by else RECORDED if award.core in recorded else ADD
        )
    return awards


def token_for(trainee, awards: list[Award]) -> str:
    adding = [{**asdict(a), "trainee": None} for a in awards if a.status == ADD]
    return previews.sign(TOKEN_SALT, {"trainee": trainee.pk}, adding)


def read_token(trainee, token: str) -> list[Award]:
    try:
        adding = previews.unsign(TOKEN_SALT, token, {"trainee": trainee.pk}, max_age=TOKEN_MAX_AGE)
    except previews.PreviewTokenError as error:
        raise ReporterError(
            {
                previews.EXPIRED: "This preview is more than an hour old: upload the file again.",
                previews.INVALID: "This preview cannot be read: upload the file again.",
                previews.NOT_YOURS: "This preview is of someone else's awards.",
            }[error.reason]
        ) from None
    return [Award(**a) for a in adding]


def confirm(trainee, token: str, *, by_program=False) -> list[Outcome]:
    """Add every award of the preview not recorded since, as an awarded grant marked for the
    program; all or none (ReporterError naming the award that could not be added)."""
    try:
        with transaction.atomic():
            return _add(match(read_token(trainee, token), trainee, by_program=by_program))
    except ValidationError as exc:
        raise ReporterError(f"Nothing was added: {exc.messages[0]}") from exc


def _add(awards: list[Award]) -> list[Outcome]:
    added = []
    for a in awards:
        if a.status != ADD:
            continue  # recorded since the preview
        day = a.starts_on or timezone.localdate()
        outcome = Outcome(
            mentee=a.trainee,
            kind=OutcomeKind.GRANT,
            title=a.title[:500],
            venue=a.agency,
            result=OutcomeResult.SUCCESS,
            decided_on=day,
            year=day.year,
            activity_code=a.activity_code[:5],
            award_number=a.award_number,
            agency="NIH",
            role=a.role,
            project_start=a.starts_on,
            project_end=a.ends_on,
            visibility=Visibility.PROGRAM,
            source=OutcomeSource.REPORTER,
        )
        try:
            outcome.full_clean(exclude=["previous"])
        except ValidationError as exc:
            raise ValidationError(f"{a.award_number}: {'; '.join(exc.messages)}") from exc
        outcome.save()
        added.append(outcome)
    return added


def search_url() -> str:
    return getattr(settings, "MENTORKIT_REPORTER_URL", "") or DEFAULT_URL


DEFAULT_URL = "https://api.reporter.nih.gov/v2/projects/search"


def search_online(trainee) -> bytes:
    """RePORTER's answer for projects whose PI bears the trainee's name."""
    words = _words(trainee.display_name)
    if len(words) < 2:
        raise ReporterError("Searching needs a first and a family name on the profile.")
    criteria = {"pi_names": [{"first_name": words[0], "last_name": words[-1]}]}
    body = json.dumps({"criteria": criteria, "offset": 0, "limit": 100}).encode()
    request = urllib.request.Request(
        search_url(),
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": f"mentorkit ({settings.BASE_URL})",
        },
    )
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            answer = response.read(MAX_BYTES + 1)
    except HTTPError as exc:
        raise ReporterError(f"NIH RePORTER answered {exc.code} {exc.reason}; try later.") from exc
    except (URLError, TimeoutError, OSError) as exc:
        raise ReporterError(
            "Could not reach NIH RePORTER — is this machine offline? Download the search "
            "results from reporter.nih.gov (or the API) and upload the file instead."
        ) from exc
    if len(answer) > MAX_BYTES:
        raise ReporterError("RePORTER's answer is larger than 5 MB; narrow the search.")
    return answer
