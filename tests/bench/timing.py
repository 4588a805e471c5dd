"""Timing pages and imports through the test client, and the report."""

from __future__ import annotations

import math
import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass

# --- Timing ------------------------------------------------------------------------
from .meetings import MeetingsWorld
from .records import DOCUMENT_REQUESTS, EvaluationsWorld, OutcomesWorld, PlansWorld
from .world import World, peak_rss_mb

# The floor: the cheapest signed-in page through the base layout, a page that does not exist.
FLOOR = "/bench-floor-no-such-page/"


@dataclass(frozen=True)
class Limit:
    """A page's target: at most `floor` × the floor (`floor_pg` on PostgreSQL), at most `ms`,
    or at most `times` × the median of the row named `of`."""

    floor: float | None = None
    floor_pg: float | None = None
    ms: float | None = None
    of: str = ""
    times: float | None = None

    def describe(self, vendor: str) -> str:
        if self.ms is not None:
            return f"≤ {self.ms:,.0f} ms"
        parts = [f"≤ {self.times:g}× {self.of}"] if self.of else []
        if self.floor is not None:
            parts.append(f"≤ {self.bound(vendor):g}× floor")
        return ", ".join(parts)

    def bound(self, vendor: str) -> float:
        assert self.floor is not None
        return self.floor_pg if vendor == "postgresql" and self.floor_pg else self.floor


KEY_PAGE = Limit(floor=3, floor_pg=4)
FLOOR_COST = Limit(floor=2)  # a repeat answered from a cache or with a 304


@dataclass
class Result:
    page: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    size_kb: float
    peak_rss_mb: float
    floor_ms: float = 0.0  # the floor's median, timed alternately with this page
    limit: Limit | None = None

    @property
    def times_floor(self) -> float:
        return self.median_ms / self.floor_ms if self.floor_ms else math.nan

    def meets(self, vendor: str, by_name: dict[str, Result]) -> bool | None:
        if self.limit is None:
            return None
        if self.limit.ms is not None:
            return self.median_ms <= self.limit.ms
        met = True
        if self.limit.of:
            other = by_name.get(self.limit.of)
            met = other is not None and self.median_ms <= self.limit.times * other.median_ms
        if self.limit.floor is not None:
            met = met and self.times_floor <= self.limit.bound(vendor)
        return met


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


class Floor:
    """A signed-in client for the floor page, requested after each timed request."""

    def __init__(self, user):
        from django.test import Client

        self.client = Client()
        self.client.force_login(user)
        for _ in range(3):
            self.client.get(FLOOR)

    def sample(self) -> float:
        start = time.perf_counter()
        response = self.client.get(FLOOR)
        elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 404, response.status_code
        return elapsed


def time_page(
    name: str,
    path: str,
    user,
    floor: Floor,
    *,
    requests: int,
    warmup: int,
    limit: Limit | None = None,
    before_each=None,
    headers=None,
) -> Result:
    """Median of `requests` GETs of `path`, each followed by one of the floor.

    `before_each()` runs untimed before every request (to change what a cached page shows);
    `headers(first_response)` gives the headers of the timed requests (e.g. If-None-Match).
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if user is not None:
        client.force_login(user)
    for _ in range(warmup):
        if before_each:
            before_each()
        first = client.get(path)
    if warmup == 0:
        first = client.get(path)
    extra = headers(first) if headers else {}
    if before_each:
        before_each()
    # Count queries on one request, then time the others without the capture's overhead.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, headers=extra)
    # Read the count now: the next request clears the connection's query log.
    queries = len(captured.captured_queries)
    wanted = [w for w in os.environ.get("MENTORKIT_BENCH_PROFILE", "").split(",") if w]
    if any(w in name for w in wanted):
        _profile(name, lambda: client.get(path, headers=extra), before_each)
    samples, floors = [], []
    for _ in range(requests):
        if before_each:
            before_each()
        start = time.perf_counter()
        client.get(path, headers=extra)
        samples.append((time.perf_counter() - start) * 1000)
        floors.append(floor.sample())
    return Result(
        page=name,
        status=response.status_code,
        queries=queries,
        median_ms=statistics.median(samples),
        p95_ms=percentile(samples, 0.95),
        size_kb=len(response.content) / 1024,
        peak_rss_mb=peak_rss_mb(),
        floor_ms=statistics.median(floors),
        limit=limit,
    )


def _profile(name: str, request, before_each) -> None:
    """One request under cProfile, its 30 costliest functions (own time) and the project's
    30 costliest (with what they call) on stderr: for a
    developer finding where a page's time goes (`MENTORKIT_BENCH_PROFILE=<part of a name>`)."""
    import cProfile
    import pstats

    if before_each:
        before_each()
    profile = cProfile.Profile()
    profile.runcall(request)
    print(f"\n--- profile of {name} ---", file=sys.stderr)
    stats = pstats.Stats(profile, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats("mentorkit/(?!.*middleware)", 30)  # our code


IMPORT_ENTRIES = 2000


def bibtex_export(entries: int = IMPORT_ENTRIES) -> str:
    """A reference manager's export: accents, protected capitals, months, DOIs, PMIDs."""
    months = ["jan", "mar", "may", "jul", "sep", "nov"]
    return "\n".join(
        f"@article{{okafor{i},\n"
        f"  title = {{Early rhythm control in {{AF}} cohort {i}: a caf\\'e-style M{{\\\"u}}nchen study}},\n"
        f'  author = {{Okafor, Adaeze N. and M{{\\"u}}ller, Hans and Lindqvist, Erik and others}},\n'
        f"  journal = {{Circulation}}, year = {2000 + i % 25}, month = {months[i % 6]},\n"
        f"  volume = {{{i % 200}}}, number = {{{i % 12}}}, pages = {{{i}--{i + 9}}},\n"
        f"  doi = {{10.1161/CIRC.{i:06d}}}, pmid = {{{30000000 + i}}}\n}}"
        for i in range(entries)
    )


def time_import(mentee, floor: Floor, *, requests: int, warmup: int) -> list[Result]:
    """POST a 2,000-entry BibTeX file to the import preview, then confirm it once.

    The mentee already has 500 outcomes, 100 of them in the file (found as duplicates).
    """
    import re
    from datetime import date

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from mentorkit.outcomes.models import Outcome, normalise_title

    existing = [
        Outcome(
            mentee=mentee,
            title=f"Earlier paper {i}",
            title_key=normalise_title(f"Earlier paper {i}"),
            doi=f"10.1161/circ.{i * 20:06d}" if i < 100 else "",
            result="success",
            decided_on=date(2000 + i % 25, 1, 1),
        )
        for i in range(500)
    ]
    Outcome.objects.bulk_create(existing)
    client = Client()
    client.force_login(mentee)
    url, data = reverse("outcomes:import"), {"format": "bibtex", "text": bibtex_export()}
    for _ in range(warmup):
        client.post(url, data)
    with CaptureQueriesContext(connection) as captured:
        response = client.post(url, data)
    queries = len(captured.captured_queries)
    samples, floors = [], []
    for _ in range(requests):
        start = time.perf_counter()
        client.post(url, data)
        samples.append((time.perf_counter() - start) * 1000)
        floors.append(floor.sample())
    name = f"import preview ({IMPORT_ENTRIES:,} BibTeX entries, 500 outcomes)"
    results = [
        Result(
            page=name,
            status=response.status_code,
            queries=queries,
            median_ms=statistics.median(samples),
            p95_ms=percentile(samples, 0.95),
            size_kb=len(response.content) / 1024,
            peak_rss_mb=peak_rss_mb(),
            floor_ms=statistics.median(floors),
        )
    ]
    match = re.search(r'name="token" value="([^"]+)"', response.content.decode())
    token = match.group(1) if match else ""
    with CaptureQueriesContext(connection) as captured:
        start = time.perf_counter()
        confirmed = client.post(reverse("outcomes:import_confirm"), {"token": token})
        elapsed = (time.perf_counter() - start) * 1000
    results.append(
        Result(
            page=f"import confirm ({IMPORT_ENTRIES - 100:,} saved; 1 request)",
            status=confirmed.status_code,
            queries=len(captured.captured_queries),
            median_ms=elapsed,
            p95_ms=elapsed,
            size_kb=len(confirmed.content) / 1024,
            peak_rss_mb=peak_rss_mb(),
            floor_ms=floor.sample(),
        )
    )
    return results


@dataclass
class Page:
    name: str
    path: str
    user: object
    limit: Limit | None = None
    document: bool = False
    before_each: object = None
    headers: object = None


def pages(
    world: World,
    meetings: MeetingsWorld,
    plans: PlansWorld,
    evaluations: EvaluationsWorld,
    outcomes: OutcomesWorld,
) -> list[Page]:
    from django.urls import reverse

    from mentorkit.meetings.calendar import feed_url

    n = world.counts
    meeting = meetings.meeting.get_absolute_url()
    feed_url(meetings.feed_user)  # creates the secret address
    feed = reverse("meetings:feed", args=[meetings.feed_user.calendar_token])
    feed_name = f"calendar feed ({meetings.feed_series} series, {meetings.feed_past:,} past)"
    small = f"program ({world.small_program.enrollments.count()} mentees)"
    idp = reverse("plans:plan_export", args=[plans.plan.pk, "pdf"])
    cv = reverse("outcomes:cv", args=["pdf"])
    return [
        Page("home (mentee)", reverse("home"), world.mentee, KEY_PAGE),
        Page(
            "home (mentee), after a change (drawn again)",
            reverse("home"),
            world.mentee,
            before_each=lambda: touch_need(world.mentee.pk),
        ),
        Page(
            f"home (mentor of {world.busy_mentees})", reverse("home"), world.busy_mentor, KEY_PAGE
        ),
        Page(
            f"home (mentor of {world.busy_mentees}), after a change to one mentee",
            reverse("home"),
            world.busy_mentor,
            before_each=lambda: touch_need(world.busy_mentorship.mentee_id),
        ),
        Page("home (director)", reverse("home"), world.director, KEY_PAGE),
        Page("team (mentee)", reverse("teams:team"), world.mentee, KEY_PAGE),
        Page(
            "mentor's view",
            reverse("teams:mentoring", args=[world.busy_mentorship.pk]),
            world.busy_mentor,
            KEY_PAGE,
        ),
        Page(
            "mentor's view, after a change (drawn again)",
            reverse("teams:mentoring", args=[world.busy_mentorship.pk]),
            world.busy_mentor,
            before_each=lambda: touch_need(world.busy_mentorship.mentee_id),
        ),
        Page(small, world.small_program.get_absolute_url(), world.small_director),
        Page(
            f"program ({n['enrolled']} mentees), first page",
            world.program.get_absolute_url(),
            world.director,
            Limit(of=small, times=1.5, floor=KEY_PAGE.floor, floor_pg=KEY_PAGE.floor_pg),
        ),
        Page("meeting page (mentee)", meeting, world.mentee, KEY_PAGE),
        Page("meeting page (mentor)", meeting, world.busy_mentor, KEY_PAGE),
        Page(
            "meeting page (mentor), after a change (drawn again)",
            meeting,
            world.busy_mentor,
            before_each=lambda: touch_need(world.mentee.pk),
        ),
        Page("my open actions (mentee)", reverse("meetings:actions"), world.mentee),
        Page("meetings (mentee)", reverse("meetings:list"), world.mentee),
        Page(
            f"{feed_name}, changed",
            feed,
            None,
            Limit(floor=5),
            before_each=lambda: touch_series(meetings.feed_user),
        ),
        Page(
            f"{feed_name}, repeat (304)",
            feed,
            None,
            FLOOR_COST,
            headers=conditional_headers,
        ),
        Page(
            "plan page (40 goals, 200 milestones)",
            plans.plan.get_absolute_url(),
            world.mentee,
            KEY_PAGE,
        ),
        Page(
            "plan page, after a change (drawn again)",
            plans.plan.get_absolute_url(),
            world.mentee,
            before_each=lambda: touch_goal(plans.plan),
        ),
        Page(
            "IDP PDF, rendered by the download after a change (no loop pass; reference)",
            idp,
            world.mentee,
            document=True,
            before_each=lambda: touch_goal(plans.plan),
        ),
        Page(
            "IDP PDF, download after a change once a loop pass ran",
            idp,
            world.mentee,
            Limit(ms=1500),
            document=True,
            before_each=LoopPass(lambda: touch_goal(plans.plan)),
        ),
        Page("IDP PDF, repeat download", idp, world.mentee, FLOOR_COST, document=True),
        Page(
            f"evaluation results ({evaluations.counts['evaluated mentees']:,} mentees, "
            f"{evaluations.counts['evaluated mentors']:,} mentors)",
            evaluations.window.get_absolute_url(),
            world.director,
        ),
        Page(
            "evaluation results as CSV",
            reverse("feedback:window_csv", args=[evaluations.window.pk]),
            world.director,
        ),
        Page(
            "outcomes page (300 outcomes, charts)",
            reverse("outcomes:index"),
            outcomes.mentee,
            KEY_PAGE,
        ),
        Page(
            "outcomes page, after a change (drawn again)",
            reverse("outcomes:index"),
            outcomes.mentee,
            before_each=lambda: touch_outcome(outcomes.mentee),
        ),
        Page(
            f"outcomes feed (mentor of {world.busy_mentees + 1})",
            reverse("outcomes:index"),
            world.busy_mentor,
        ),
        Page(
            "CV PDF, rendered by the download after a change (no loop pass; reference)",
            cv,
            outcomes.mentee,
            document=True,
            before_each=lambda: touch_outcome(outcomes.mentee),
        ),
        Page(
            "CV PDF, download after a change once a loop pass ran",
            cv,
            outcomes.mentee,
            Limit(ms=1500),
            document=True,
            before_each=LoopPass(lambda: touch_outcome(outcomes.mentee)),
        ),
        Page("CV PDF, repeat download", cv, outcomes.mentee, FLOOR_COST, document=True),
        Page(
            "matching round (200 mentees × 80 mentors)",
            match_round(world).get_absolute_url(),
            world.director,
            KEY_PAGE,
        ),
        Page("autonomy page (mentee)", reverse("growth:autonomy"), world.mentee, KEY_PAGE),
        Page("feedback page (mentee)", reverse("feedback:index"), world.mentee, KEY_PAGE),
        Page(
            "feedback page (mentee), after a change (drawn again)",
            reverse("feedback:index"),
            world.mentee,
            before_each=lambda: touch_need(world.mentee.pk),
        ),
        Page("/api/v1/me (token)", "/api/v1/me", None, headers=token_headers(world.mentee)),
        Page("/healthz", reverse("healthz"), None),
    ]


def match_round(world: World):
    """A round of the big program's first 200 mentees against 80 of its mentors (dense,
    seeded scores, each pair with three criteria), solved as a director's round is."""
    import random

    from mentorkit.accounts.models import User
    from mentorkit.matching import rounds
    from mentorkit.matching.models import MatchRound

    rng = random.Random(16)
    mentees = list(
        world.program.enrollments.order_by("pk").values_list("mentee_id", flat=True)[:200]
    )
    mentors = list(
        User.objects.filter(mentorships_as_mentor__status="active")
        .exclude(pk__in=mentees)
        .distinct()
        .order_by("pk")
        .values_list("pk", flat=True)[:80]
    )
    candidates = []
    for e in mentees:
        for m in mentors:
            need, other, free = rng.choice((0, 0.1, 0.2, 0.4)), rng.choice((0, 0.1)), 0.04
            candidates.append(
                {
                    "mentee": e,
                    "mentor": m,
                    "score": round(need + other + free, 4),
                    "criteria": [
                        ["covers Biostatistics (high priority)", need],
                        ["another discipline", other],
                        ["2 free slots", free],
                    ],
                }
            )
    round_ = MatchRound.objects.create(
        program=world.program,
        name="Bench round",
        created_by=world.director,
        inputs={
            "mentees": mentees,
            "mentors": {str(m): rng.randint(1, 4) for m in mentors},
            "candidates": candidates,
            "pinned": [],
            "forbidden": [],
        },
    )
    return rounds.run(round_)


# --- Changes between timed requests, as a user would make them ----------------------


class LoopPass:
    """Before a timed download: `change()`, then one pass of the background loop's document
    step (`prerender.take_due`), timed on its own: the download after it should be ready."""

    def __init__(self, change):
        self.change = change
        self.samples: list[float] = []  # ms per pass
        self.rendered: list[int] = []  # documents rendered per pass
        self.queries = 0  # in the last pass

    def __call__(self) -> None:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext
        from django.utils import timezone

        from mentorkit.reports.prerender import take_due

        self.change()
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            self.rendered.append(take_due(timezone.now(), run_id="bench"))
            self.samples.append((time.perf_counter() - start) * 1000)
        self.queries = len(captured.captured_queries)

    def result(self, download: Result) -> Result:
        """The loop's render time as a row of its own, below the download it prepared."""
        rendered = " or ".join(str(n) for n in sorted(set(self.rendered)))
        return Result(
            page=f"{download.page.split(',')[0]}, the loop's render after a change (one pass, "
            f"{rendered} rendered; no request waits for it)",
            status=0,  # not a request
            queries=self.queries,
            median_ms=statistics.median(self.samples),
            p95_ms=percentile(self.samples, 0.95),
            size_kb=0.0,
            peak_rss_mb=peak_rss_mb(),
            floor_ms=download.floor_ms,
        )


def touch_series(user) -> None:
    """Rename one of the feed user's series (and back, on the next call)."""
    from mentorkit.meetings.models import Series

    series = Series.objects.filter(mentee=user).order_by("id").first()
    series.title = series.title[:-1] if series.title.endswith("·") else series.title + "·"
    series.save()


def touch_need(mentee_id) -> None:
    """Edit one of a mentee's needs, as the team page does: their indicators are recomputed."""
    from mentorkit.teams.models import Need

    need = Need.objects.filter(mentee_id=mentee_id).order_by("id").first()
    need.notes = "" if need.notes else "Asked about in the last meeting."
    need.save()


def touch_goal(plan) -> None:
    goal = plan.goals.order_by("id").first()
    goal.statement = goal.statement[:-1] if goal.statement.endswith("·") else goal.statement + "·"
    goal.save()


def touch_outcome(mentee) -> None:
    outcome = mentee.outcomes.order_by("id").first()
    outcome.title = outcome.title[:-1] if outcome.title.endswith("·") else outcome.title + "·"
    outcome.save()


def conditional_headers(first) -> dict[str, str]:
    """What a calendar application sends again: the validators of the last answer."""
    headers = {}
    if first.has_header("ETag"):
        headers["If-None-Match"] = first["ETag"]
    if first.has_header("Last-Modified"):
        headers["If-Modified-Since"] = first["Last-Modified"]
    return headers


def token_headers(user):
    def headers(_first) -> dict[str, str]:
        return {"Authorization": f"Bearer {plain}"}

    from mentorkit.accounts.models import ApiToken

    plain = ApiToken.issue(user, "bench")[1]
    return headers


def describe(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    major, minor = divmod(connection.pg_version, 10000)
    return f"PostgreSQL {major}.{minor} (database {connection.settings_dict['NAME']})"


def print_report(
    results: list[Result],
    *,
    setup: dict,
    counts: dict[str, int],
    requests: int,
    vendor: str,
    served: list[tuple[str, str, str, bool | None]] = (),
) -> int:
    """Print the table; return how many targets were missed."""
    from rich.console import Console
    from rich.table import Table

    # Piped to a file or CI log, rich would wrap the table at 80 columns.
    console = Console(width=None if sys.stdout.isatty() else 150)
    console.print(
        f"[bold]mentorkit bench[/bold] · {setup['database']} · Python {platform.python_version()} · "
        f"{os.cpu_count()} CPU(s)"
    )
    console.print(
        "Seeded "
        + ", ".join(f"{value:,} {key}" for key, value in counts.items())
        + f" in {setup['seed_s']:.1f} s (setup and migrations {setup['migrate_s']:.1f} s);"
        f" peak RSS after seeding {setup['seed_rss_mb']:.0f} MB."
    )
    console.print(
        "The floor: a signed-in GET of a page that does not exist (the 404 page, with the "
        "navigation), requested after every timed request; × floor is the page's median over "
        "the floor's median in the same stretch."
    )
    table = Table(
        title=f"{requests} requests per page after warm-up ({DOCUMENT_REQUESTS} for documents)"
    )
    for column in ("page", "status", "queries", "median ms", "p95 ms", "floor ms", "× floor"):
        table.add_column(column, justify="left" if column == "page" else "right")
    table.add_column("target")
    table.add_column("met", justify="center")
    table.add_column("KB", justify="right")
    table.add_column("peak RSS MB", justify="right")
    by_name = {r.page: r for r in results}
    missed = 0
    for r in results:
        meets = r.meets(vendor, by_name)
        missed += meets is False
        table.add_row(
            r.page,
            str(r.status or "—"),
            str(r.queries),
            f"{r.median_ms:.1f}",
            f"{r.p95_ms:.1f}",
            f"{r.floor_ms:.1f}",
            f"{r.times_floor:,.1f}",
            r.limit.describe(vendor) if r.limit else "",
            {True: "yes", False: "[bold red]NO[/bold red]", None: ""}[meets],
            f"{r.size_kb:,.1f}" if r.status else "—",
            f"{r.peak_rss_mb:.0f}",
        )
    console.print(table)
    if served:
        served_table = Table(title="Served by `mentorkit serve` (gunicorn, 2 workers)")
        for column in ("measure", "figure", "target", "met"):
            served_table.add_column(column)
        for measure, figure, target, meets in served:
            missed += meets is False
            served_table.add_row(
                measure, figure, target, {True: "yes", False: "NO", None: ""}[meets]
            )
        console.print(served_table)
    console.print(
        f"Total {setup['total_s']:.1f} s. "
        + (f"{missed} target(s) missed." if missed else "Every target met.")
    )
    return missed
