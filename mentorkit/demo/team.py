"""The fellow's team (practice 6) and their agreements (practice 1).

Amara invites each mentor and each accepts; her residency mentor's mentorship ends when
she moves to the fellowship. She lists what she needs to develop and ticks who covers
it, keeps what mentors said worth keeping, and writes two agreements: one with the whole
team, revised once (everyone but Lena, who joined since, has acknowledged the revision),
and one with her career mentor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorkit.teams import actions
from mentorkit.teams.forms import (
    AgreementForm,
    InsightForm,
    InviteMentorForm,
    MentorNoteForm,
    MentorshipForm,
    NeedForm,
)
from mentorkit.teams.models import (
    Agreement,
    Cadence,
    Channel,
    FeedbackRhythm,
    Mentorship,
    MentorshipStatus,
    Priority,
    ResponseTime,
    Role,
)
from mentorkit.visibility import Visibility

from .forms import fill

if TYPE_CHECKING:
    from . import _Demo

# mentor -> (role, started days ago, focus)
AMARAS_MENTORS = {
    "robert": (Role.RESEARCH, 1900, "Residency research project on heart-failure readmissions"),
    "daniel": (
        Role.CO_PRIMARY,
        870,
        "The K23 trial, grant writing and a clinical research career in cardiology",
    ),
    "priya": (Role.CO_PRIMARY, 870, "Trial design, the statistical analysis plan, sample size"),
    "marcus": (Role.CAREER, 540, "Career planning, leadership, negotiating protected time"),
    "lena": (
        Role.PEER,
        21,
        "What the first K years are really like; juggling clinic and research",
    ),
}
ROBERT_ENDED = 880  # days ago: she left residency research for the fellowship

# (name, priority, visibility, covered by, notes), listed one a day from 500 days ago.
NEEDS = [
    (
        "Biostatistics",
        Priority.HIGH,
        Visibility.TEAM,
        ["priya"],
        "Mixed models and missing data, enough to write the analysis plan myself.",
    ),
    (
        "Grant writing",
        Priority.HIGH,
        Visibility.PROGRAM,
        ["daniel"],
        "K23 resubmission; then the first R-level application.",
    ),
    (
        "Trial design",
        Priority.HIGH,
        Visibility.TEAM,
        ["daniel", "priya"],
        "Pragmatic trial of remote monitoring after heart-failure discharge.",
    ),
    (
        "Leadership",
        Priority.MEDIUM,
        Visibility.TEAM,
        ["marcus"],
        "Running a study team; chairing the fellows' research meeting.",
    ),
    (
        "Work–life integration",
        Priority.MEDIUM,
        Visibility.PRIVATE,
        [],
        "Call schedule, a toddler, and a trial to run.",
    ),
    (
        "Teaching",
        Priority.LOW,
        Visibility.TEAM,
        [],
        "Small-group teaching for residents; a teaching portfolio for promotion.",
    ),
]

# (from, recorded days ago, shared with the primaries days ago, visibility, text)
INSIGHTS = [
    (
        "robert",
        950,
        None,
        Visibility.PRIVATE,
        "The readmissions registry answers a good secondary question; don't let it become "
        "the primary aim of a trial.",
    ),
    (
        "priya",
        70,
        None,
        Visibility.TEAM,
        "Write the statistical analysis plan before the first patient is enrolled and lock it "
        "with a date; reviewers read that as rigour.",
    ),
    (
        "marcus",
        45,
        44,
        Visibility.PRIVATE,
        "Protect one writing morning a week and say no to new committees until the K23 "
        "resubmission is in. Ask the division chief for it in writing.",
    ),
    (
        "lena",
        12,
        11,
        Visibility.PRIVATE,
        "Book the CTSI biostatistics office hours two weeks ahead; a second read of the power "
        "calculation before the study section saw it would have saved me a resubmission.",
    ),
]

DANIELS_NOTES = [
    (
        30,
        "Amara is underselling the pilot data in Aim 1. Push her to lead with the "
        "enrolment numbers next meeting.",
    ),
    (
        9,
        "Resubmission on track. She handled the summary statement calmly; raise the "
        "senior-author question for the secondary analysis before it becomes awkward.",
    ),
]

TEAM_AGREEMENT = {
    "meeting_minutes": 60,
    "channels": [Channel.EMAIL, Channel.CHAT, Channel.IN_PERSON, Channel.VIDEO],
    "feedback_rhythm": FeedbackRhythm.QUARTERLY,
    "authorship": (
        "Amara drafts and is first author on papers from her K23 aims. Daniel is senior "
        "author on papers from the trial; Priya is a co-author on any paper whose analysis "
        "she designed or checked. We agree the author list when a paper is planned, note it "
        "in the project folder, and revisit it openly if someone's part changes."
    ),
    "confidentiality": (
        "Career plans, job offers and personal matters Amara raises stay with the person she "
        "told unless she asks us to pass them on. Drafts and unpublished data stay inside "
        "the team. Mentors may compare notes on how best to help, and tell Amara when they have."
    ),
    "disagreements": (
        'Any of us can say "I see this differently", with reasons, in a meeting or in writing. '
        "When two mentors' advice conflicts, Amara brings both views to the next team meeting "
        "instead of choosing alone; decisions about her career are hers. If something is still "
        "stuck after a month, we ask the program director to help us talk it through."
    ),
}
WRITTEN, REVISED = 330, 60  # days ago


def load(demo: _Demo) -> None:
    clock = demo.clock
    for key, (role, started, focus) in AMARAS_MENTORS.items():
        demo.team[key] = join(demo, "mentee", key, role, started=started, focus=focus)
    with clock.at(clock.ago(ROBERT_ENDED)):
        robert = demo.team["robert"]
        actions.update_mentorship(
            fill(MentorshipForm, {"status": MentorshipStatus.ENDED}, instance=robert)
        )
    amara = demo.people["mentee"]
    for days, (name, priority, visibility, covered_by, notes) in enumerate(NEEDS):
        with clock.at(clock.ago(500 - days)):
            values = {"name": name, "priority": priority, "visibility": visibility}
            need = actions.add_need(fill(NeedForm, {**values, "notes": notes}, mentee=amara), amara)
            for key in covered_by:
                actions.toggle_cover(need, demo.team[key])
    _agreements(demo)
    for key, recorded, shared, visibility, text in INSIGHTS:
        with clock.at(clock.ago(recorded)):
            values = {"source": demo.team[key], "text": text, "visibility": visibility}
            insight = actions.record_insight(fill(InsightForm, values, mentee=amara), amara)
        if shared is not None:
            with clock.at(clock.ago(shared)):
                actions.toggle_insight_shared(insight)
    # Lena, Amara's peer mentor, is a mentee too: junior faculty with a career mentor.
    join(
        demo,
        "lena",
        "marcus",
        Role.CAREER,
        started=420,
        focus="Promotion dossier and a first R01",
    )
    daniel = demo.people["daniel"]
    for days, body in DANIELS_NOTES:
        with clock.at(clock.ago(days, hour=18)):
            form = fill(MentorNoteForm, {"body": body})
            actions.keep_mentor_note(form, demo.team["daniel"], daniel)


def join(demo: _Demo, mentee: str, mentor: str, role: str, *, started: int, focus="") -> Mentorship:
    """`mentee` invites `mentor` onto their team; the mentor accepts `started` days ago."""
    clock, person = demo.clock, demo.people[mentor]
    with clock.at(clock.ago(started + 2)):
        values = {"invited_name": person.name, "invited_email": person.email, "role": role}
        form = fill(InviteMentorForm, {**values, "focus": focus})
        mentorship, _url = actions.invite_mentor(demo.people[mentee], **form.cleaned_data)
    with clock.at(clock.ago(started)):
        return actions.accept_mentorship(mentorship, person)


def write_agreement(
    demo: _Demo, mentee: str, *, written: int, acknowledged: dict[str, int], **terms
) -> Agreement:
    """An agreement `mentee` writes (and so acknowledges) `written` days ago; the others
    acknowledge it as `acknowledged` says (key: days ago)."""
    clock, person = demo.clock, demo.people[mentee]
    with clock.at(clock.ago(written)):
        agreement = actions.create_agreement(person, fill(AgreementForm, terms, mentee=person))
        actions.acknowledge_agreement(agreement, person)  # as the page does on saving
    acknowledge(demo, agreement, acknowledged)
    return agreement


def acknowledge(demo: _Demo, agreement: Agreement, by: dict[str, int]) -> None:
    """Each person (key) acknowledges the agreement's current version, that many days ago."""
    for key, days in by.items():
        with demo.clock.at(demo.clock.ago(days, hour=16)):
            actions.acknowledge_agreement(agreement, demo.people[key])


def _agreements(demo: _Demo) -> None:
    clock, amara = demo.clock, demo.people["mentee"]
    # Every two weeks at first, the review set for the day they revise it.
    agreement = write_agreement(
        demo,
        "mentee",
        written=WRITTEN,
        acknowledged={"daniel": WRITTEN - 2, "priya": WRITTEN - 3, "marcus": WRITTEN - 5},
        cadence=Cadence.FORTNIGHTLY,
        response_hours=ResponseTime.ONE_WEEK,
        next_review_on=clock.day(REVISED),
        **TEAM_AGREEMENT,
    )
    with clock.at(clock.ago(REVISED)):
        note = (
            "Weekly until the K23 resubmission goes in, so Daniel and Priya see each section "
            "as it is drafted; we go back to every two weeks after submission."
        )
        values = {
            "cadence": Cadence.WEEKLY,
            "response_hours": ResponseTime.TWO_DAYS,
            "next_review_on": clock.day(-120),
            "note": note,
        }
        form = fill(AgreementForm, values, instance=agreement, mentee=amara)
        actions.revise_agreement(agreement, form, amara, note)
    acknowledge(
        demo,
        agreement,
        {"mentee": REVISED, "daniel": REVISED - 1, "priya": REVISED - 4, "marcus": REVISED - 6},
    )
    write_agreement(
        demo,
        "mentee",
        written=500,
        acknowledged={"marcus": 497},
        mentorship=demo.team["marcus"],
        cadence=Cadence.MONTHLY,
        meeting_minutes=45,
        channels=[Channel.VIDEO, Channel.EMAIL],
        response_hours=ResponseTime.ONE_WEEK,
        feedback_rhythm=FeedbackRhythm.TWICE_YEARLY,
        authorship="Marcus is not an author on Amara's K23 work; any joint paper is planned separately.",
        confidentiality=(
            "Everything said in these calls stays between us, including anything about the "
            "Cardiology division; Marcus passes nothing on without asking first."
        ),
        disagreements=(
            "Marcus will say plainly when he thinks a plan is a mistake; Amara will say when "
            "advice does not fit her situation. We leave the call with the decision named as hers."
        ),
        next_review_on=clock.day(-25),
    )
