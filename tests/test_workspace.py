"""A mentee's portable workspace: `mentorkit workspace export` and the profile's download write
a versioned archive of their records; `mentorkit workspace import` recreates it elsewhere,
with their mentors as invitations to send again, all or nothing.

The demo is loaded once for the module; the round trip imports its fellow's archive into an
empty database of the suite's engine (a new SQLite file, or a PostgreSQL database made and
dropped on the server of DATABASE_URL) with the console script, as an administrator would.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import uuid
import zipfile
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

import psycopg
import pytest
from django.apps import apps
from django.core import mail
from django.db import connection
from django.utils import timezone
from typer.testing import CliRunner

from mentorkit import cli
from mentorkit.accounts.models import User
from mentorkit.audit.models import EventKind, SecurityEvent
from mentorkit.demo import MENTEE_EMAIL
from mentorkit.feedback.models import (
    Direction,
    EvaluationResponse,
    Feedback,
    FeedbackRequest,
    Rating,
)
from mentorkit.growth.models import Activity, Contribution, IndependenceMarker
from mentorkit.meetings.models import ActionItem, AgendaItem, Disagreement, Meeting, Series
from mentorkit.outcomes.models import Outcome, Reflection
from mentorkit.plans.models import Goal, GoalReview, GoalRevision, Milestone, Plan
from mentorkit.teams.models import (
    Acknowledgement,
    Agreement,
    AgreementRevision,
    Insight,
    MentorNote,
    Mentorship,
    Need,
)
from mentorkit.workspace.models import StandIn
from tests.conftest import once_per_module
from tests.demo_world import demo_world
from tests.migrated import MENTORKIT, PG_SERVER, ROOT, environment

pytestmark = pytest.mark.django_db

SNAPSHOT = (
    "import json, sys, django; django.setup(); from tests.test_workspace import snapshot; "
    "print(json.dumps(snapshot(sys.argv[1])))"
)


def snapshot(email: str) -> dict:
    """The mentee's workspace as the models read it, without the workspace app's help."""
    mentee = User.objects.get(email=email)
    feedback = Feedback.objects.filter(mentee=mentee).exclude(direction=Direction.SELF)
    counts = {
        "mentorships": Mentorship.objects.filter(mentee=mentee),
        "needs": Need.objects.filter(mentee=mentee),
        "covered needs": Need.covered_by.through.objects.filter(need__mentee=mentee),
        "insights": Insight.objects.filter(mentee=mentee),
        "agreements": Agreement.objects.filter(mentee=mentee),
        "agreement revisions": AgreementRevision.objects.filter(agreement__mentee=mentee),
        "acknowledgements": Acknowledgement.objects.filter(agreement__mentee=mentee),
        "series": Series.objects.filter(mentee=mentee),
        "meetings": Meeting.objects.filter(mentee=mentee),
        "attendances": Meeting.attendees.through.objects.filter(meeting__mentee=mentee),
        "agenda items": AgendaItem.objects.filter(meeting__mentee=mentee),
        "action items": ActionItem.objects.filter(mentee=mentee),
        "disagreements": Disagreement.objects.filter(mentorship__mentee=mentee),
        "plans": Plan.objects.filter(mentee=mentee),
        "goals": Goal.objects.filter(mentee=mentee),
        "milestones": Milestone.objects.filter(goal__mentee=mentee),
        "goal reviews": GoalReview.objects.filter(goal__mentee=mentee),
        "goal revisions": GoalRevision.objects.filter(goal__mentee=mentee),
        "feedback requests": FeedbackRequest.objects.filter(mentee=mentee),
        "feedback": feedback,
        "ratings": Rating.objects.filter(feedback__in=feedback),
        "contributions": Contribution.objects.filter(mentee=mentee),
        "activities": Activity.objects.filter(mentee=mentee),
        "independence markers": IndependenceMarker.objects.filter(mentee=mentee),
        "outcomes": Outcome.objects.filter(mentee=mentee),
        "resubmissions": Outcome.objects.filter(mentee=mentee, previous__isnull=False),
        "celebrations": Outcome.objects.filter(mentee=mentee, celebrated_on__isnull=False),
        "reflections": Reflection.objects.filter(outcome__mentee=mentee),
    }
    goals = Goal.objects.filter(mentee=mentee).order_by("created_at", "statement")
    return {
        "counts": {kind: records.count() for kind, records in counts.items()},
        "team": sorted(
            [m.invited_email if m.mentor is None else m.mentor.email, m.role, m.status]
            for m in Mentorship.objects.filter(mentee=mentee).select_related("mentor")
        ),
        # Each goal's history in the order the goal's page shows it, newest first.
        "goals": [
            {
                "statement": goal.statement,
                "version": goal.version,
                "milestones": [goal.milestones_total, goal.milestones_done],
                "revisions": [
                    [
                        r.kind,
                        r.before,
                        r.after,
                        r.reason,
                        r.changed_at.isoformat(),
                        r.changed_by.name if r.changed_by else None,
                    ]  # fmt: skip
                    for r in goal.revisions.select_related("changed_by")
                ],
            }
            for goal in goals
        ],
        "feedback from": sorted(
            [f.direction, f.author.name, f.created_at.isoformat()]
            for f in feedback.select_related("author")
        ),
    }


# --- the world, the archive, and how to run the command ----------------------------------


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> User:
    def build() -> User:
        demo_world()
        return User.objects.get(email=MENTEE_EMAIL)

    yield from once_per_module(django_db_blocker, build)


@pytest.fixture(scope="module")
def archive(demo, django_db_blocker, tmp_path_factory) -> Path:
    """The demo fellow's workspace, exported once through the command line."""
    out = tmp_path_factory.mktemp("workspace") / "amara.zip"
    with django_db_blocker.unblock():
        result = run("workspace", "export", "--user", MENTEE_EMAIL, "--out", str(out))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Exported the workspace of {MENTEE_EMAIL} (")
    return out


def run(*args: str):
    """The command in this process, against the test database."""
    return CliRunner().invoke(cli.app, list(args), catch_exceptions=False)


def one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    return lines[0]


def files_of(archive: Path | bytes) -> dict[str, bytes]:
    source = io.BytesIO(archive) if isinstance(archive, bytes) else archive
    with zipfile.ZipFile(source) as opened:
        return {name: opened.read(name) for name in opened.namelist()}


def rewrite(archive: Path, out: Path, change: Callable[[dict], None], *, sign=True) -> Path:
    """A copy of the archive with its JSON changed by `change`, and the checksums of what
    changed made to match unless `sign` is false (a forgery good enough to pass them, or an
    edit that does not)."""
    original = files_of(archive)
    files = {name: json.loads(content) for name, content in original.items()
             if name.endswith(".json")}  # fmt: skip
    change(files)
    written = dict(original)
    for name, value in files.items():
        if value != json.loads(original[name]):
            written[name] = json.dumps(value).encode()
            if sign and name != "manifest.json":
                digest = hashlib.sha256(written[name]).hexdigest()
                files["manifest.json"]["checksums"][name] = digest
    if files["manifest.json"] != json.loads(original["manifest.json"]):
        written["manifest.json"] = json.dumps(files["manifest.json"]).encode()
    with zipfile.ZipFile(out, "w") as zipped:
        for name, content in written.items():
            zipped.writestr(name, content)
    return out


def strings_in(value) -> list[str]:
    """Every string of a JSON value, at any depth."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    return []


def rows_everywhere() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def installed(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [MENTORKIT, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


@pytest.fixture
def empty_database(tmp_path, migrated_databases):
    """An empty, migrated database of the suite's engine, for another instance."""
    if connection.vendor == "sqlite":
        migrated_databases.sqlite_into(tmp_path / "elsewhere")
        env = environment(tmp_path / "elsewhere", None)
        name = None
    else:
        name = f"mentorkit_workspace_{uuid.uuid4().hex[:8]}"
        env = environment(tmp_path / "elsewhere", migrated_databases.create_postgres(name))
    try:
        yield env
    finally:
        if name:
            with psycopg.connect(PG_SERVER + "postgres", autocommit=True) as server:
                server.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- the round trip ----------------------------------------------------------------------


def test_the_demo_fellow_moves_to_an_empty_instance_with_every_record_and_goal_history(
    demo, archive, empty_database, tmp_path
):
    imported = installed("workspace", "import", str(archive), env=empty_database)

    assert imported.returncode == 0, imported.stderr
    records = sum(json.loads(files_of(archive)["manifest.json"])["counts"].values())
    assert imported.stdout.splitlines() == [
        f"Imported the workspace of {MENTEE_EMAIL} ({records:,} records). 4 mentor(s) to invite "
        "again from the team page.",
        f"{MENTEE_EMAIL} signs in after choosing a password: “Forgot your password?”.",
    ]
    here = snapshot(MENTEE_EMAIL)
    read = subprocess.run(
        [sys.executable, "-c", SNAPSHOT, MENTEE_EMAIL],
        env=empty_database, cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert read.returncode == 0, read.stderr
    there = json.loads(read.stdout)
    assert there["counts"] == here["counts"]
    assert min(here["counts"].values()) > 0  # the demo has records of every kind
    assert there["goals"] == here["goals"]  # every revision: same contents, order, time, name
    assert sum(len(goal["revisions"]) for goal in here["goals"]) >= 4
    assert there["feedback from"] == here["feedback from"]  # mentors' names stay on their words
    # The active mentors are invitations to send again; the ended mentorship stays ended.
    invited = {"active": "invited", "paused": "invited"}
    assert there["team"] == sorted([e, r, invited.get(s, s)] for e, r, s in here["team"])

    # Exported again there, the archive is the same, but for the mentors now invited.
    again = installed(
        "workspace", "export", "--user", MENTEE_EMAIL, "--out", str(tmp_path / "again.zip"),
        env=empty_database,
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    first, second = files_of(archive), files_of(tmp_path / "again.zip")
    assert first.keys() == second.keys()
    for name in first.keys() - {"manifest.json", "README.md", "mentorships.json"}:
        assert first[name] == second[name], name
    team = json.loads(first["mentorships.json"])
    for mentorship in team:
        mentorship["status"] = invited.get(mentorship["status"], mentorship["status"])
    assert json.loads(second["mentorships.json"]) == team


# --- what is in the archive, and what is not ---------------------------------------------


def test_the_archive_holds_a_manifest_a_readme_and_one_file_per_kind(archive):
    files = files_of(archive)
    manifest = json.loads(files["manifest.json"])

    assert manifest["format"] == "mentorkit-workspace" and manifest["version"] == 1
    assert manifest["mentee"] == MENTEE_EMAIL
    assert set(files) == {"manifest.json", "README.md", "profile.json"} | {
        f"{kind}.json" for kind in manifest["counts"]
    }
    for name, digest in manifest["checksums"].items():
        assert hashlib.sha256(files[name]).hexdigest() == digest
    for kind, count in manifest["counts"].items():
        assert len(json.loads(files[f"{kind}.json"])) == count
        assert f"| `{kind}.json` | {count} |" in files["README.md"].decode()
    profile = json.loads(files["profile.json"])
    assert profile["name"] == "Dr. Amara Okafor" and "password" not in profile
    # People are names and addresses; records point to each other by archive-local ids.
    team = json.loads(files["mentorships.json"])
    assert {"name": "Dr. Daniel Reyes", "email": "daniel@example.org"} in [
        m["person"] for m in team
    ]
    assert sorted(m["id"] for m in team) == list(range(1, len(team) + 1))


def test_the_archive_holds_no_private_notes_no_self_ratings_and_no_anonymous_evaluations(
    demo, archive
):
    files = files_of(archive)
    text = "\n".join(
        s for n, c in files.items() if n.endswith(".json") for s in strings_in(json.loads(c))
    )
    notes = list(MentorNote.objects.filter(mentorship__mentee=demo).values_list("body", flat=True))
    evaluations = [c for c in EvaluationResponse.objects.values_list("comment", flat=True) if c]
    self_ratings = [f.text for f in Feedback.objects.filter(mentee=demo, direction=Direction.SELF)]
    received = Feedback.objects.filter(mentee=demo, direction=Direction.TO_MENTEE).first()
    assert notes and evaluations and self_ratings  # the demo has all three

    assert received.text in text  # what she received is hers, and the search finds it
    for private in notes + evaluations + [t for t in self_ratings if t]:
        assert private not in text
    assert Direction.SELF.value not in {f["direction"] for f in json.loads(files["feedback.json"])}
    assert demo.password not in text
    # Nobody else's workspace: the other scholars of the fellow's program are not named.
    others = User.objects.filter(enrollments__isnull=False).exclude(pk=demo.pk)
    assert others.exists()
    for scholar in others:
        assert scholar.email not in text


def test_the_export_takes_a_query_per_kind_of_record_not_per_record(
    demo, django_assert_num_queries
):
    from mentorkit.workspace.export import export_workspace

    # One per kind (24), one per many-to-many relation (8), two for the people named: 155
    # meetings with their attendees cost what one would. One more records the export.
    with django_assert_num_queries(35):
        export_workspace(demo)


# --- refused archives --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "sign", "reason"),
    [
        (
            lambda f: f["manifest.json"].update(version=2),
            True,
            "this archive is version 2 of the workspace format; this mentorkit reads version 1.",
        ),
        (
            lambda f: f["goals.json"][0].update(statement="Win a Nobel prize"),
            False,
            "goals.json has changed since the export (its SHA-256 differs from the manifest's).",
        ),
        (
            lambda f: f["manifest.json"]["counts"].update(goals=1000),
            True,
            "goals.json holds {goals} records; the manifest counts 1000.",
        ),
        (
            lambda f: f["goals.json"][0].update(status="won"),
            True,
            "goals.json, record 1, status: Value 'won' is not a valid choice.",
        ),
        (
            lambda f: f["meetings.json"][0].update(starts_at="2025-12-02T19:00:00"),
            True,
            "meetings.json, record 1, starts_at: a time needs its offset from UTC.",
        ),
        (
            lambda f: f["reflections.json"][-1].update(outcome=999),
            True,
            "reflections.json, record 8: 'outcome' refers to record 999 of outcomes.json, "
            "which the archive does not hold.",
        ),
        (
            lambda f: f["feedback.json"][0].update(evaluator="someone"),
            True,
            "feedback.json, record 1: 'evaluator' is not a field of version 1.",
        ),
        (
            lambda f: (
                f["outcomes.json"][0].update(previous=2),
                f["outcomes.json"][1].update(previous=1),
            ),
            True,
            "outcomes.json: record 1 leads back to itself.",
        ),
        (
            lambda f: f["action_items.json"][0].update(owner={"name": "Eve", "email": "eve"}),
            True,
            "action_items.json, record 1, owner: 'eve' is not an e-mail address.",
        ),
    ],
    ids=[
        "version",
        "tampered",
        "count",
        "choice",
        "naive-time",
        "dangling",
        "unknown-field",
        "loop",
        "person",
    ],
)
def test_an_archive_that_does_not_hold_together_is_refused_in_one_line_and_writes_nothing(
    archive, tmp_path, change, sign, reason
):
    def moved(files):  # to an address that is new here, so everything would be created
        files["manifest.json"]["mentee"] = files["profile.json"]["email"] = "amara@elsewhere.org"
        change(files)

    forged = rewrite(archive, tmp_path / "forged.zip", moved, sign=sign)
    before = rows_everywhere()

    result = run("workspace", "import", str(forged))

    assert result.exit_code == 1
    counts = json.loads(files_of(archive)["manifest.json"])["counts"]
    assert one_line(result.stderr) == f"mentorkit: {forged}: {reason.format(**counts)}"
    assert rows_everywhere() == before
    assert not User.objects.filter(email="amara@elsewhere.org").exists()


def test_a_file_that_is_not_a_workspace_is_refused(tmp_path):
    not_zip = tmp_path / "notes.zip"
    not_zip.write_text("Dear Amara,")
    other_zip = tmp_path / "photos.zip"
    with zipfile.ZipFile(other_zip, "w") as written:
        written.writestr("holiday.jpg", b"\xff\xd8")

    for path, reason in (
        (
            not_zip,
            "this is not a zip archive; a workspace is the .zip `mentorkit workspace "
            "export` writes.",
        ),  # fmt: skip
        (other_zip, "the archive holds no manifest.json; is it a mentorkit workspace?"),
        (tmp_path / "missing.zip", "cannot read"),
    ):
        result = run("workspace", "import", str(path))
        assert result.exit_code == 1
        assert reason in one_line(result.stderr)


def test_importing_for_an_account_that_has_records_here_is_refused(archive):
    before = rows_everywhere()

    result = run("workspace", "import", str(archive))

    assert result.exit_code == 1
    assert one_line(result.stderr) == (
        f"mentorkit: {archive}: the account {MENTEE_EMAIL} already has records here; a workspace "
        "is imported only for a new account or one with no records yet."
    )
    assert rows_everywhere() == before


def test_an_account_with_no_records_yet_receives_the_workspace(archive, tmp_path):
    director = User.objects.get(email="director@example.org")  # she directs; she has no plan

    def to_her(files):
        files["manifest.json"]["mentee"] = files["profile.json"]["email"] = director.email

    result = run("workspace", "import", str(rewrite(archive, tmp_path / "hers.zip", to_her)))

    assert result.exit_code == 0, result.stderr
    assert one_line(result.stdout).startswith(f"Imported the workspace of {director.email} (")
    director.refresh_from_db()
    assert director.has_usable_password() and director.name == "Dr. Helen Park"
    event = SecurityEvent.objects.get(user=director, kind=EventKind.IMPORTED)
    assert event.via == "command line" and event.summary.startswith("Workspace imported: ")
    assert (
        Goal.objects.filter(mentee=director).count()
        == Goal.objects.filter(mentee__email=MENTEE_EMAIL).count()
    )


def test_a_meeting_made_under_an_earlier_rhythm_is_marked_so_when_imported(archive, tmp_path):
    director = User.objects.get(email="director@example.org")
    moved_rhythm: list[str] = []

    def to_her_with_one_meeting_an_hour_off_the_rule(files):
        files["manifest.json"]["mentee"] = files["profile.json"]["email"] = director.email
        meeting = files["meetings.json"][0]
        meeting["original_start"] = meeting["starts_at"] = (
            datetime.fromisoformat(meeting["original_start"]) + timedelta(hours=1)
        ).isoformat()
        moved_rhythm.append(meeting["original_start"])

    result = run(
        "workspace",
        "import",
        str(rewrite(archive, tmp_path / "hers.zip", to_her_with_one_meeting_an_hour_off_the_rule)),
    )

    assert result.exit_code == 0, result.stderr
    off_rule = Meeting.objects.filter(mentee=director, in_rule=False)
    assert [m.original_start for m in off_rule] == [datetime.fromisoformat(moved_rhythm[0])]
    assert Meeting.objects.filter(mentee=director, in_rule=True).count() == (
        Meeting.objects.filter(mentee__email=MENTEE_EMAIL).count() - 1
    )


def test_the_export_writes_a_new_file_for_a_known_user_only(archive, tmp_path):
    over = run("workspace", "export", "--user", MENTEE_EMAIL, "--out", str(archive))
    nobody = run(
        "workspace", "export", "--user", "nobody@example.org", "--out", str(tmp_path / "x")
    )

    assert over.exit_code == 1 and "exists; choose a new file" in one_line(over.stderr)
    assert nobody.exit_code == 1 and "no user with the e-mail" in one_line(nobody.stderr)


# --- after the import: a password, and the team invited again ----------------------------


def test_the_imported_fellow_chooses_a_password_and_invites_her_mentors_again(
    archive, tmp_path, client, django_capture_on_commit_callbacks
):
    def moved(files):
        files["manifest.json"]["mentee"] = files["profile.json"]["email"] = "amara@elsewhere.org"

    result = run("workspace", "import", str(rewrite(archive, tmp_path / "moved.zip", moved)))
    assert result.exit_code == 0, result.stderr
    amara = User.objects.get(email="amara@elsewhere.org")
    assert not amara.has_usable_password()

    with django_capture_on_commit_callbacks(execute=True):
        reset = client.post("/accounts/password/reset/", {"email": amara.email})
    assert reset.status_code == 302
    assert mail.outbox[-1].to == [amara.email]
    assert "/accounts/password/reset/key/" in mail.outbox[-1].body

    # Her mentors are invitations with no link yet; the people records name are stand-ins
    # that cannot sign in, with the mentors' names.
    daniel = Mentorship.objects.get(mentee=amara, invited_email="daniel@example.org")
    assert daniel.status == "invited" and daniel.mentor is None and daniel.token_hash is None
    stand_in = StandIn.objects.get(mentee=amara, email="daniel@example.org").user
    assert not stand_in.is_active and not stand_in.has_usable_password()
    assert Feedback.objects.filter(mentee=amara, author=stand_in).exists()
    client.force_login(amara)
    team = client.get("/team/").content.decode()
    assert team.count("Send again") == 4
    feedback = client.get("/feedback/").content.decode()
    assert "from Dr. Daniel Reyes" in feedback
    goal = GoalRevision.objects.filter(goal__mentee=amara).first().goal
    meeting = Meeting.objects.filter(mentee=amara, status="held").last()
    outcome = Reflection.objects.filter(outcome__mentee=amara).first().outcome
    pages = ["/", "/team/", "/agreements/", "/meetings/", f"/meetings/{meeting.pk}/", f"/plan/{goal.plan_id}/",
             f"/plan/goals/{goal.pk}/", "/growth/", "/outcomes/", f"/outcomes/{outcome.pk}/"]  # fmt: skip
    assert {page: client.get(page).status_code for page in pages} == dict.fromkeys(pages, 200)

    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(f"/team/mentorships/{daniel.pk}/resend/")
    assert sent.status_code == 302
    assert mail.outbox[-1].to == ["daniel@example.org"]
    link = next(w for w in mail.outbox[-1].body.split() if "/invitations/mentorship/" in w)
    client.force_login(User.objects.get(email="daniel@example.org"))
    accepted = client.post(link.removeprefix("http://testserver"), {"answer": "accept"})
    assert accepted.status_code == 302
    daniel.refresh_from_db()
    assert daniel.status == "active" and daniel.mentor.email == "daniel@example.org"
    # The team's history goes on: the date he started with her at the first institution.
    first = Mentorship.objects.get(mentee__email=MENTEE_EMAIL, mentor=daniel.mentor)
    assert daniel.started_on == first.started_on < timezone.localdate()


def test_deleting_an_imported_fellow_takes_her_stand_ins_with_her(archive, tmp_path, client):
    def moved(files):
        files["manifest.json"]["mentee"] = files["profile.json"]["email"] = "kofi@elsewhere.org"

    assert (
        run("workspace", "import", str(rewrite(archive, tmp_path / "k.zip", moved))).exit_code == 0
    )
    kofi = User.objects.get(email="kofi@elsewhere.org")
    kofi.set_password("a long new passphrase")
    kofi.save()
    stand_ins = list(StandIn.objects.filter(mentee=kofi).values_list("user_id", flat=True))
    assert stand_ins
    client.post("/accounts/login/", {"login": kofi.email, "password": "a long new passphrase"})
    preview = client.get("/profile/delete/").content.decode()
    assert f"{len(stand_ins)} stand-ins for people named by an imported workspace" in preview

    asked = client.post("/profile/delete/", {"email": kofi.email})
    client.post(asked["Location"], {"password": "a long new passphrase"})

    assert not User.objects.filter(pk__in=[kofi.pk, *stand_ins]).exists()
    assert User.objects.filter(email="daniel@example.org").exists()  # the real one stays


def test_only_an_unanswered_invitation_is_sent_again(demo, client):
    active = Mentorship.objects.filter(mentee=demo, status="active").first()
    client.force_login(demo)

    response = client.post(f"/team/mentorships/{active.pk}/resend/", follow=True)

    assert "Only an invitation not yet answered can be sent again." in response.content.decode()
    assert len(mail.outbox) == 0


# --- the download on the profile page ----------------------------------------------------


def test_the_profile_page_offers_the_download(demo, client):
    client.force_login(demo)

    page = client.get("/profile/").content.decode()

    assert 'action="/profile/workspace/"' in page
    assert "Download your workspace (.zip)" in page


def test_the_signed_in_mentee_downloads_her_own_workspace(demo, client):
    client.force_login(demo)

    response = client.post("/profile/workspace/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="mentorkit-workspace-')
    assert "no-store" in response["Cache-Control"]
    manifest = json.loads(files_of(response.content)["manifest.json"])
    assert manifest["mentee"] == MENTEE_EMAIL
    assert manifest["counts"]["goals"] == Goal.objects.filter(mentee=demo).count() > 0
    # A security event on her profile, naming how much went out and from where.
    event = SecurityEvent.objects.filter(user=demo, kind=EventKind.EXPORTED).latest("at")
    assert event.via == "web" and event.detail["records"] == sum(manifest["counts"].values())


def test_a_mentor_downloads_only_their_own_workspace(demo, client):
    daniel = User.objects.get(email="daniel@example.org")
    client.force_login(daniel)

    files = files_of(client.post("/profile/workspace/").content)

    assert json.loads(files["manifest.json"])["mentee"] == "daniel@example.org"
    assert set(json.loads(files["manifest.json"])["counts"].values()) == {0}
    assert b"Amara" not in b"".join(files.values())


def test_someone_signed_out_is_sent_to_sign_in(client):
    response = client.post("/profile/workspace/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
