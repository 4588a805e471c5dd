"""Time the main pages on an institution-sized database: `make bench`.

Run as `python -m tests.bench [--scale 0.5] [--requests 20]`. It creates a
throw-away database (SQLite in a temporary directory; or, when DATABASE_URL is
set, a dedicated PostgreSQL database `mentorkit_bench` on that server, dropped
afterwards), seeds it with bulk inserts, then requests each page through
Django's test client and prints, per page, the queries per request, the median
and 95th-percentile time, the response size and the process's peak memory, and
each median as a multiple of a trivial view's (/healthz) in the same run.

Meetings: every mentee has a weekly series with a few dozen meetings; one mentee
takes part in 10 series with 2,000 past meetings between them (some skipped,
some moved), whose calendar feed and meeting page are timed. Then the matching
solver beside its independent checks (`tests/bench/matching.py`; alone:
`python -m tests.bench.matching`). It reports; it asserts nothing about timings.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time

from . import serve
from .meetings import seed_meetings
from .records import DOCUMENT_REQUESTS, seed_evaluations, seed_outcomes, seed_plans
from .timing import Floor, LoopPass, describe, pages, print_report, time_import, time_page
from .world import (
    Scale,
    analyze,
    create_database,
    drop_database,
    parse_args,
    peak_rss_mb,
    seed,
)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    scale = Scale().times(args.scale)
    only = [word for word in args.only.split(",") if word]
    started = time.perf_counter()

    # Before Django reads its settings: the test settings (quiet mail, fixed secret key),
    # and a fresh directory for the SQLite file so no existing database is touched.
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
    var_dir = tempfile.mkdtemp(prefix="mentorkit-bench-")
    os.environ["MENTORKIT_VAR_DIR"] = var_dir
    if os.environ.get("DATABASE_URL", "").startswith("sqlite"):
        del os.environ["DATABASE_URL"]  # an SQLite file named there is not throw-away

    import django

    django.setup()
    import logging

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the floor is a 404, by design
    from django.conf import settings
    from django.db import connection

    # The test client's host. Not setup_test_environment(): it instruments template
    # rendering so tests can inspect contexts, which would inflate the timings.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    original = None
    try:
        original = create_database()
        migrated = time.perf_counter()
        world = seed(scale)
        meetings = seed_meetings(world, scale)
        plans = seed_plans(world)
        evaluations = seed_evaluations(world)
        outcomes = seed_outcomes(world)
        analyze()
        seeded = time.perf_counter()
        seed_rss_mb = peak_rss_mb()
        floor = Floor(world.mentee)
        results = []
        for page in pages(world, meetings, plans, evaluations, outcomes):
            if only and not any(word in page.name for word in only):
                continue
            results.append(
                time_page(
                    page.name,
                    page.path,
                    page.user,
                    floor,
                    requests=min(args.requests, DOCUMENT_REQUESTS)
                    if page.document
                    else args.requests,
                    warmup=min(args.warmup, 1) if page.document else args.warmup,
                    limit=page.limit,
                    before_each=page.before_each,
                    headers=page.headers,
                )
            )
            if isinstance(page.before_each, LoopPass):
                results.append(page.before_each.result(results[-1]))
        if not only or any(word in "import" for word in only):
            results[-2:-2] = time_import(
                world.mentee,
                floor,
                requests=min(args.requests, DOCUMENT_REQUESTS),
                warmup=min(args.warmup, 1),
            )
        served = (
            [] if args.no_serve else serve.measure(world, plans, outcomes, seconds=args.seconds)
        )
        database = describe(connection)
        missed = print_report(
            results,
            setup={
                "database": database,
                "migrate_s": migrated - started,
                "seed_s": seeded - migrated,
                "seed_rss_mb": seed_rss_mb,
                "total_s": time.perf_counter() - started,
            },
            counts={**world.counts, **meetings.counts, **plans.counts, **evaluations.counts},
            requests=args.requests,
            vendor=connection.vendor,
            served=served,
        )
    finally:
        drop_database(original)
        shutil.rmtree(var_dir, ignore_errors=True)
    if not args.no_matching:
        from . import matching  # here: `python -m tests.bench.matching` runs it alone

        missed += matching.print_section(matching.measure_all())
    return 1 if missed and args.strict else 0
