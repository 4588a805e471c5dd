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


@dataclass
class Result:
    page: str
    status: int
    queries: int
    median_ms: float
    p95_ms: float
    size_kb: float
    peak_rss_mb: float


# Documents take a second or so each: fewer timed requests, so the run stays short.
def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def time_page(name: str, path: str, user, *, requests: int, warmup: int) -> Result:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if user is not None:
        client.force_login(user)
    for _ in range(warmup):
        client.get(path)
    # Count queries on one request, then time the others without the capture's overhead.
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    # Read the count now: the next request clears the connection's query log.
    queries = len(captured.captured_queries)
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(path)
        samples.append((time.perf_counter() - start) * 1000)
    return Result(
        page=name,
        status=response.status_code,
        queries=queries,
        median_ms=statistics.median(samples),
        p95_ms=percentile(samples, 0.95),
        size_kb=len(response.content) / 1024,
        peak_rss_mb=peak_rss_mb(),
    )


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


def time_import(mentee, *, requests: int, warmup: int) -> list[Result]:
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
    samples = []
    for _ in range(requests):
        start = time.perf_counter()
        client.post(url, data)
        samples.append((time.perf_counter() - start) * 1000)
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
        )
    )
    return results


def pages(
    world: World,
    meetings: MeetingsWorld,
    plans: PlansWorld,
    evaluations: EvaluationsWorld,
    outcomes: OutcomesWorld,
) -> list[tuple[str, str, object]]:
    from django.urls import reverse

    from mentorkit.meetings.calendar import feed_url

    n = world.counts
    meeting = meetings.meeting.get_absolute_url()
    feed_url(meetings.feed_user)  # creates the secret address
    feed = reverse("meetings:feed", args=[meetings.feed_user.calendar_token])
    return [
        ("home (mentee)", reverse("home"), world.mentee),
        (f"home (mentor of {world.busy_mentees})", reverse("home"), world.busy_mentor),
        ("team (mentee)", reverse("teams:team"), world.mentee),
        (
            "mentor's view",
            reverse("teams:mentoring", args=[world.busy_mentorship.pk]),
            world.busy_mentor,
        ),
        (f"program ({n['enrolled']} mentees)", world.program.get_absolute_url(), world.director),
        ("meeting page (mentee)", meeting, world.mentee),
        ("meeting page (mentor)", meeting, world.busy_mentor),
        ("my open actions (mentee)", reverse("meetings:actions"), world.mentee),
        ("meetings (mentee)", reverse("meetings:list"), world.mentee),
        (f"calendar feed ({meetings.feed_series} series, {meetings.feed_past:,} past)", feed, None),
        ("plan page (40 goals, 200 milestones)", plans.plan.get_absolute_url(), world.mentee),
        (
            "IDP PDF (40 goals, 200 milestones)",
            reverse("plans:plan_export", args=[plans.plan.pk, "pdf"]),
            world.mentee,
        ),
        (
            f"evaluation results ({evaluations.counts['evaluated mentees']:,} mentees, "
            f"{evaluations.counts['evaluated mentors']:,} mentors)",
            evaluations.window.get_absolute_url(),
            world.director,
        ),
        (
            "evaluation results as CSV",
            reverse("feedback:window_csv", args=[evaluations.window.pk]),
            world.director,
        ),
        ("outcomes page (300 outcomes, charts)", reverse("outcomes:index"), outcomes.mentee),
        (
            f"outcomes feed (mentor of {world.busy_mentees + 1})",
            reverse("outcomes:index"),
            world.busy_mentor,
        ),
        ("CV PDF (300 outcomes)", reverse("outcomes:cv", args=["pdf"]), outcomes.mentee),
        ("autonomy page (mentee)", reverse("growth:autonomy"), world.mentee),
        ("/healthz", reverse("healthz"), None),
    ]


def describe(connection) -> str:
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    major, minor = divmod(connection.pg_version, 10000)
    return f"PostgreSQL {major}.{minor} (database {connection.settings_dict['NAME']})"


def print_report(
    results: list[Result], *, setup: dict, counts: dict[str, int], requests: int
) -> None:
    from rich.console import Console
    from rich.table import Table

    # Piped to a file or CI log, rich would wrap the table at 80 columns.
    console = Console(width=None if sys.stdout.isatty() else 120)
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
    # A trivial view timed in the same run: what the framework costs on this machine.
    trivial = next((r for r in results if r.page == "/healthz"), None)
    table = Table(
        title=f"{requests} requests per page after warm-up ({DOCUMENT_REQUESTS} for documents)"
    )
    table.add_column("page")
    table.add_column("status", justify="right")
    table.add_column("queries", justify="right")
    table.add_column("median ms", justify="right")
    table.add_column("p95 ms", justify="right")
    table.add_column("× /healthz", justify="right")
    table.add_column("KB", justify="right")
    table.add_column("peak RSS MB", justify="right")
    for r in results:
        table.add_row(
            r.page,
            str(r.status),
            str(r.queries),
            f"{r.median_ms:.1f}",
            f"{r.p95_ms:.1f}",
            f"{r.median_ms / trivial.median_ms:,.0f}" if trivial and trivial.median_ms else "—",
            f"{r.size_kb:,.1f}",
            f"{r.peak_rss_mb:.0f}",
        )
    console.print(table)
    console.print(f"Total {setup['total_s']:.1f} s. Figures only: nothing here passes or fails.")
