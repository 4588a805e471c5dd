"""axe-core on every page each kind of visitor can reach: 0 critical and 0 serious violations.

The issue's words: "axe-core runs in the test suite … over every page of each demo role
and a new account: 0 critical and 0 serious violations, and the test fails on a new one."

Each visitor starts from a few pages and follows every link it is shown, visiting one
page of each kind (one meeting, one goal, one outcome…: a kind is the route the URL
resolves to). A page added later is found as soon as a page links to it; a page no page
links to goes into a visitor's starting list (`START`). Every page visited is checked by
axe-core (vendored in tests/browser/vendor, evaluated by Playwright: no network), and
each violation is reported with its rule, the elements it names, the page and who saw it.
Then every page of the product that answers GET must have been visited by someone.
"""

from __future__ import annotations

import inspect
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from urllib.parse import urldefrag, urlsplit

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone
from playwright.sync_api import Page, expect

from mentorkit.accounts.models import User
from mentorkit.demo import DEMO_PASSWORD, MENTEE_EMAIL
from mentorkit.demo.forms import fill
from mentorkit.feedback import actions as feedback_actions
from mentorkit.feedback import instruments
from mentorkit.feedback.forms import WindowForm
from mentorkit.programs.models import Program
from mentorkit.teams.actions import invite_mentor
from tests.demo_world import demo_world

from .test_invite_flow import sign_in

AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text()
BLOCKING = {"critical", "serious"}
DUPLICATE_ID = "ids must be unique: a label or an aria reference finds only the first"
MENTOR_EMAIL = "daniel@example.org"
DIRECTOR_EMAIL = "director@example.org"
PHONE = {"width": 390, "height": 844}
SCROLLING_BOXES = ".chart-box, .scroll"
NEWCOMER = {"name": "Iris Novak", "email": "iris@example.org", "password": "amber-kettle-93-rune"}

# Where each visitor starts, besides their home page: pages no link leads to (forms that
# are shown inline elsewhere, and whose own page is what a browser without JavaScript,
# or a refused form, gets), and a page that does not exist.
BIBTEX = (Path(__file__).parents[1] / "outcomes" / "data" / "sample.bib").read_text()
REFUSED_FORMS = [
    ("/outcomes/new/", "Save"),
    ("/growth/activities/new/", "Save"),
    ("/growth/markers/new/", "Save"),
    ("/team/invite/", "Send invitation"),
]
# A RePORTER search answer naming the fellow among an award's PIs.
REPORTER_ANSWER = (
    b'{"meta": {"total": 1}, "results": [{"core_project_num": "R01HL199999", '
    b'"activity_code": "R01", "fiscal_year": 2026, "project_title": "Remote monitoring at '
    b'scale", "agency_ic_admin": {"abbreviation": "NHLBI"}, "project_start_date": '
    b'"2026-09-01T00:00:00", "project_end_date": "2031-08-31T00:00:00", '
    b'"principal_investigators": [{"first_name": "Amara", "last_name": "Okafor"}]}]}'
)
NOWHERE = "/no-such-page/"
START = {
    "signed out": [
        "/",
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        NOWHERE,
    ],
    MENTEE_EMAIL: [
        "/",
        "/team/needs/new/",
        "/growth/contributions/new/",
        "/growth/activities/new/",
        "/growth/markers/new/",
        NOWHERE,
    ],
    MENTOR_EMAIL: ["/", NOWHERE],
    DIRECTOR_EMAIL: [
        "/",
        "/programs/",
        "/programs/exits/",
        NOWHERE,
    ],  # the list: linked once there are two
    NEWCOMER["email"]: ["/", NOWHERE],
}

# Routes that are not pages: files to download, a feed, a probe, signing out.
NOT_PAGES = {
    "account_logout",
    "healthz",
    "meetings:feed",
    "meetings:meeting_ics",
    "meetings:series_ics",
    "feedback:window_csv",
    "training:compliance_csv",
    "programs:export",  # CSV and XLSX downloads
    "workspace:download",
    "grants:table5",  # Tables 5 and 8 as CSV and PDF
    "grants:table8",
    "grants:progress",  # Markdown and PDF
    "grants:common_metric",
    "grants:demographics",  # counts as CSV
    # allauth's SAML protocol steps, wrapped by mentorkit.sso.views (tests/sso covers them)
    "saml_finish_acs",
    "saml_sls",
}
DOWNLOADS = (".ics", ".pdf", ".md", ".csv", ".xlsx", ".zip", ".json")
NOT_OURS = ("/admin/", "/api/", "/static/")


@dataclass
class Violation:
    visitor: str
    url: str
    rule: str
    impact: str
    help: str
    targets: list[str]

    def __str__(self) -> str:
        shown = self.targets[:5] + ([f"… {len(self.targets) - 5} more"] if self.targets[5:] else [])
        return f"{self.impact} {self.rule} on {self.url} as {self.visitor}: {self.help}\n" + (
            "\n".join(f"      {target}" for target in shown)
        )


@dataclass
class Walk:
    """What one visitor saw: the pages by kind, and every violation of any impact."""

    visitor: str
    pages: dict[str, str] = field(default_factory=dict)  # kind of page -> the URL visited
    routes: set[str] = field(default_factory=set)
    boxed: set[str] = field(default_factory=set)  # kinds of page with a box that may scroll
    violations: list[Violation] = field(default_factory=list)

    def summary(self) -> str:
        by_impact = Counter(v.impact for v in self.violations)
        by_rule = Counter(f"{v.rule} ({v.impact})" for v in self.violations)
        return (
            f"{self.visitor}: {len(self.pages)} pages, {dict(by_impact) or 'no violations'}"
            f" {dict(by_rule) or ''}\n    {' '.join(sorted(self.pages))}"
        )


def kind_of_page(path: str) -> tuple[str, str] | None:
    """The route a path resolves to, and its kind: the route with its words (`idp.html`).

    None if the path is no page."""
    if path.endswith(DOWNLOADS) or path.startswith(NOT_OURS):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return "404", "404"
    if match.view_name in NOT_PAGES:
        return None
    words = [str(value) for value in match.kwargs.values() if not isinstance(value, int)]
    return match.view_name, " ".join([match.view_name, *words])


def check(page: Page, walk: Walk) -> None:
    """Run axe on the page, its folded parts unfolded, and keep what it found."""
    # What a click would show is checked too: the tables beside the charts, folded sections.
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    found = page.evaluate(
        """() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(
            v => ({id: v.id, impact: v.impact, help: v.help,
                   targets: v.nodes.map(n => n.target.join(' '))})))"""
    )
    walk.violations += [
        Violation(walk.visitor, page.url, v["id"], v["impact"], v["help"], v["targets"])
        for v in found
    ]
    # axe 4.x no longer checks that ids are unique; a label or an aria-* reference finds
    # only the first element of an id, so a second one is as serious as a missing label.
    duplicates = page.evaluate(
        """() => { const seen = new Map();
            for (const e of document.querySelectorAll('[id]')) seen.set(e.id, (seen.get(e.id) || 0) + 1);
            return [...seen].filter(([, n]) => n > 1).map(([id, n]) => `#${id} (${n} times)`); }"""
    )
    if duplicates:
        walk.violations.append(
            Violation(walk.visitor, page.url, "duplicate-id", "serious", DUPLICATE_ID, duplicates)
        )


def axe_page(new_page, **options) -> Page:
    """A page whose every document has axe-core: put in by the DevTools protocol before the
    page's own scripts (a <script> tag would break the page's CSP), once for the context
    rather than sent again to each page visited."""
    page = new_page(**options)
    page.context.add_init_script(AXE_SOURCE)
    return page


def walk_site(page: Page, base_url: str, visitor: str, *more: str) -> Walk:
    """Visit the visitor's starting pages (and `more`) and every page they lead to, one of
    each kind."""
    walk = Walk(visitor)
    queue = [base_url + path for path in [*START[visitor], *more]]
    queued = set(queue)
    while queue:
        url = queue.pop(0)
        route_and_kind = kind_of_page(urlsplit(url).path)
        if route_and_kind is None or route_and_kind[1] in walk.pages:
            continue
        page.goto(url)
        walk.routes.add(route_and_kind[0])
        walk.pages[route_and_kind[1]] = url
        check(page, walk)
        if page.locator(SCROLLING_BOXES).count():
            walk.boxed.add(route_and_kind[1])
        # The attribute, resolved: an SVG link's `href` property is not a string.
        links = page.eval_on_selector_all(
            "a[href]", "links => links.map(a => new URL(a.getAttribute('href'), a.baseURI).href)"
        )
        for link in (urldefrag(link).url for link in links):
            if link.startswith(base_url) and link not in queued:
                queued.add(link)
                queue.append(link)
    return walk


def answers_get(view) -> bool:
    """False for a view behind `require_POST` (an action, not a page)."""
    while view is not None:
        methods = inspect.getclosurevars(view).nonlocals.get("request_method_list")
        if methods is not None:
            return "GET" in methods
        view = getattr(view, "__wrapped__", None)
    return True


def product_pages() -> Iterator[str]:
    """The route names of every page of mentorkit's own (not allauth's, the admin's, the API's)."""

    def routes(resolver: URLResolver, namespace: str = "") -> Iterator[tuple[str, URLPattern]]:
        for entry in resolver.url_patterns:
            if isinstance(entry, URLResolver):
                if getattr(entry.urlconf_module, "__name__", "").startswith("mentorkit."):
                    yield from routes(entry, entry.namespace or namespace)
            elif entry.name and entry.callback.__module__.startswith("mentorkit."):
                yield (f"{namespace}:{entry.name}" if namespace else entry.name), entry

    for name, entry in routes(get_resolver()):
        if name not in NOT_PAGES and answers_get(entry.callback):
            yield name


def after_forms(page: Page, base_url: str) -> Walk:
    """The mentee's pages that answer a form: a preview of an import, forms sent back."""
    walk = Walk(f"{MENTEE_EMAIL} after a form")
    sign_in(page, base_url, MENTEE_EMAIL, DEMO_PASSWORD)
    page.goto(f"{base_url}/outcomes/import/")
    page.locator("[name=text]").fill(BIBTEX)
    page.get_by_role("button", name="Preview").first.click()
    expect(page.get_by_role("heading", name="Could not be read")).to_be_visible()
    walk.pages["outcomes:import preview"] = page.url
    check(page, walk)
    page.goto(f"{base_url}/me/training-record/reporter/")
    page.locator("[name=results]").set_input_files(
        {"name": "search.json", "mimeType": "application/json", "buffer": REPORTER_ANSWER}
    )
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="What would be added")).to_be_visible()
    walk.pages["grants:my_reporter preview"] = page.url
    check(page, walk)
    for path, button in REFUSED_FORMS:  # sent empty: every field's error on show
        page.goto(base_url + path)
        page.locator("main form").get_by_role("button", name=button).click()
        expect(page.locator(".errorlist").first).to_be_visible()
        walk.pages[f"{path} refused"] = page.url
        check(page, walk)
    return walk


def sign_up(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/accounts/signup/")
    page.locator("[name=name]").fill(NEWCOMER["name"])
    page.get_by_label("To be mentored").check()
    page.locator("[name=email]").fill(NEWCOMER["email"])
    page.locator("[name=password1]").fill(NEWCOMER["password"])
    page.locator("[name=password2]").fill(NEWCOMER["password"])
    page.locator("form button[type=submit]").click()
    # Signed in, at any width (on a phone, Sign out is inside the menu).
    expect(page.locator("form[action='/accounts/logout/']").first).to_be_attached()


def open_evaluation_window() -> None:
    """The director opens this season's evaluations: the mentee's evaluation form is a page."""
    director = User.objects.get(email=DIRECTOR_EMAIL)
    programs = Program.objects.directed_by(director)
    # Opened yesterday (in UTC): open already wherever its readers are, the demo's in Boston.
    today = timezone.localdate() - timedelta(days=1)
    values = {
        "program": programs.get(),
        "title": "Mentor evaluations, autumn",
        "instrument": instruments.DEFAULT,
        "opens_on": today,
        "closes_on": today + timedelta(days=14),
    }
    feedback_actions.open_window(fill(WindowForm, values, programs=programs), director)


@pytest.mark.browser
def test_no_page_anyone_can_reach_has_a_serious_violation(
    live_server, settings, new_page, console_errors
):
    settings.OPEN_SIGNUP = True
    settings.BASE_URL = live_server.url
    demo_world()
    open_evaluation_window()
    mentee = User.objects.get(email=MENTEE_EMAIL)
    _, link = invite_mentor(mentee, invited_email="noor@example.org", invited_name="Noor Haddad")
    started = time.process_time()

    walks = [walk_site(axe_page(new_page), live_server.url, "signed out", urlsplit(link).path)]
    for email in [MENTEE_EMAIL, MENTOR_EMAIL, DIRECTOR_EMAIL]:
        page = axe_page(new_page)
        sign_in(page, live_server.url, email, DEMO_PASSWORD)
        walks.append(walk_site(page, live_server.url, email))
    newcomer = axe_page(new_page)
    sign_up(newcomer, live_server.url)
    walks.append(walk_site(newcomer, live_server.url, NEWCOMER["email"]))
    # Pages a link does not lead to but a form does: an import's preview, a refused form.
    walks.append(after_forms(axe_page(new_page), live_server.url))
    # The mentee's pages with charts and wide tables again at a phone's width, where these
    # scroll sideways in boxes of their own (which the keyboard must reach).
    phone = axe_page(new_page, viewport=PHONE)
    sign_in(phone, live_server.url, MENTEE_EMAIL, DEMO_PASSWORD)
    on_phone = Walk(f"{MENTEE_EMAIL} at {PHONE['width']} px")
    for kind, url in walks[1].pages.items():
        if kind not in walks[1].boxed:
            continue
        phone.goto(url)
        on_phone.pages[kind] = url
        check(phone, on_phone)
    walks.append(on_phone)

    # Shown with `pytest -s`: what was visited and found, the minor and moderate included.
    print(*(walk.summary() for walk in walks), sep="\n")
    found = [v for walk in walks for v in walk.violations]
    views = sum(len(walk.pages) for walk in walks)
    clean = views - len({(v.visitor, v.url) for v in found})
    print(f"{views} page views, {clean} clean; {dict(Counter(v.impact for v in found))}")
    print(f"CPU {time.process_time() - started:.1f} s in the test's own process")
    print(*(v for v in found if v.impact not in BLOCKING), sep="\n")
    blocking = [v for v in found if v.impact in BLOCKING]
    assert not blocking, "\n" + "\n".join(map(str, blocking))

    visited = {route for walk in walks for route in walk.routes}
    unvisited = sorted(set(product_pages()) - visited)
    assert not unvisited, f"no visitor reached {unvisited}: link them, or add them to START"
    # A page that does not exist answers 404, a refused form 400, and the console says so;
    # nothing else is in the console.
    assert [e for e in console_errors if NOWHERE not in e and "status of 400" not in e] == []
