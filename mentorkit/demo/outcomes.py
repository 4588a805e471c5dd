"""The demo's record of what Amara tried and how it ended: about thirty outcomes over three
years. The K23 that was not funded (impact score 38) and its funded resubmission, the pilot
paper rejected twice before a heart-failure journal asked for a major revision, talks,
abstracts won and lost, an award she was a finalist for; reflections on the failures shared
with the mentors who helped, and several successes celebrated."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from mentorkit.outcomes.models import (
    Outcome,
    OutcomeKind,
    OutcomeResult,
    Reflection,
    normalise_title,
)
from mentorkit.visibility import Visibility

if TYPE_CHECKING:
    from . import _Demo

K = OutcomeKind
R = OutcomeResult
PILOT = "Remote monitoring after heart-failure discharge: a pilot randomised trial"
AUTHORS = "Okafor AN, Lindqvist E, Raman P, Whitfield D"


@dataclass
class Demo:
    key: str
    kind: str
    title: str
    venue: str
    submitted: int | None  # days ago
    decided: int | None
    result: str
    details: str = ""
    follows: str = ""  # key of the earlier attempt
    celebrated: int | None = None  # days ago
    celebration: str = ""
    reflection: tuple[str, str, str, tuple[str, ...]] | None = None
    authors: str = ""
    doi: str = ""
    visibility: str = Visibility.TEAM


RECORD = [
    # --- grants ---
    Demo(
        "kl2",
        K.GRANT,
        "KL2 scholar award: remote monitoring after discharge",
        "Clinical and Translational Science Institute",
        1010,
        900,
        R.SUCCESS,
        "Two years of protected time",
        celebrated=895,
        celebration="Lunch with Daniel and Priya",
    ),
    Demo(
        "pilot-grant",
        K.GRANT,
        "Departmental pilot grant: a wearable-weight feasibility study",
        "Department of Medicine",
        820,
        760,
        R.SUCCESS,
        "$25,000 over one year",
        celebrated=755,
        celebration="Cake at lab meeting",
    ),
    Demo(
        "travel",
        K.GRANT,
        "Early-career travel grant",
        "Heart Failure Society of America",
        600,
        540,
        R.SUCCESS,
        "Travel to the annual meeting",
    ),
    Demo(
        "k23-a0",
        K.GRANT,
        "K23: Remote monitoring after heart-failure discharge (A0)",
        "NHLBI",
        416,
        293,
        R.FAILURE,
        "Impact score 38, not discussed",
        reflection=(
            "Not discussed. All three reviewers liked the question; two doubted the pilot "
            "data and one the mentoring plan's statistics training.",
            "Pilot data first, aims second. A mock study section catches what the team is "
            "too close to see. The summary statement is a to-do list, not a verdict.",
            "Resubmit in March with the pilot's 30-day results and a statistics course in "
            "the training plan; Priya reads the approach section.",
            ("daniel", "priya"),
        ),
    ),
    Demo(
        "k23-a1",
        K.GRANT,
        "K23: Remote monitoring after heart-failure discharge (A1)",
        "NHLBI",
        264,
        138,
        R.SUCCESS,
        "Impact score 24, 12th percentile; funded",
        follows="k23-a0",
        celebrated=130,
        celebration="Dinner with the whole team",
        reflection=(
            "Funded on the resubmission.",
            "The introduction answered every critique in the reviewers' own words.",
            "Start date 1 September; launch the trial.",
            ("daniel", "priya", "marcus"),
        ),
    ),
    Demo(
        "aha-cda",
        K.GRANT,
        "Career Development Award: who benefits from remote monitoring",
        "American Heart Association",
        350,
        200,
        R.FAILURE,
        "Scored in the top 30%; not funded",
        reflection=(
            "Not funded, with kind reviews.",
            "Foundation panels want a smaller, sharper question than NIH ones.",
            "Fold Aim 2 into the K23's second year instead of chasing a second award.",
            ("marcus",),
        ),
    ),
    Demo(
        "hfsa-pilot",
        K.GRANT,
        "Pilot award: symptom apps for caregivers",
        "Heart Failure Society of America",
        30,
        None,
        R.PENDING,
        "Decision expected in March",
    ),
    # --- papers: the pilot, three journals ---
    Demo(
        "pilot-1",
        K.PAPER,
        PILOT,
        "Journal of the American College of Cardiology",
        224,
        210,
        R.FAILURE,
        "Rejected without review",
        authors=AUTHORS,
        reflection=(
            "Desk-rejected within two weeks.",
            "A pilot is rarely a fit for a general cardiology journal; aim where the readers are.",
            "Send to Circulation: Heart Failure with a sharper clinical message.",
            ("daniel",),
        ),
    ),
    Demo(
        "pilot-2",
        K.PAPER,
        PILOT,
        "Circulation: Heart Failure",
        200,
        120,
        R.FAILURE,
        "Rejected after review: follow-up too short",
        follows="pilot-1",
        authors=AUTHORS,
        reflection=(
            "Rejected after two rounds; reviewers wanted 90-day follow-up.",
            "The 30-day endpoint undersold the pilot. Report what patients care about.",
            "Add the 90-day data Priya cleaned and send to JACC: Heart Failure.",
            ("daniel", "priya"),
        ),
    ),
    Demo(
        "pilot-3",
        K.PAPER,
        PILOT,
        "JACC: Heart Failure",
        98,
        None,
        R.PENDING,
        "Major revision requested; response due in December",
        follows="pilot-2",
        authors=AUTHORS,
    ),
    Demo(
        "readmissions",
        K.PAPER,
        "Thirty-day readmissions after heart-failure hospitalisation in a safety-net system",
        "Journal of Cardiac Failure",
        820,
        700,
        R.SUCCESS,
        "First-author paper",
        authors="Okafor AN, Haines R, Whitfield D",
        doi="10.1016/j.cardfail.2024.01.012",
        celebrated=690,
        celebration="First first-author paper: the team signed a printed copy",
    ),
    Demo(
        "symptoms-1",
        K.PAPER,
        "Patient-reported symptoms and weight trajectories after discharge",
        "Journal of the American Heart Association",
        640,
        560,
        R.FAILURE,
        "Rejected after review",
        authors="Okafor AN, Raman P, Whitfield D",
    ),
    Demo(
        "symptoms-2",
        K.PAPER,
        "Patient-reported symptoms and weight trajectories after discharge",
        "ESC Heart Failure",
        545,
        450,
        R.SUCCESS,
        "Accepted after minor revision",
        follows="symptoms-1",
        authors="Okafor AN, Raman P, Whitfield D",
        doi="10.1002/ehf2.14501",
    ),
    Demo(
        "sodium",
        K.PAPER,
        "Dietary sodium counselling at discharge: a multicentre cohort",
        "Heart",
        470,
        380,
        R.SUCCESS,
        "Co-author",
        authors="Lindqvist E, Okafor AN, Haines R",
        doi="10.1136/heartjnl-2025-32101",
    ),
    Demo(
        "review",
        K.PAPER,
        "Remote monitoring in heart failure: a narrative review",
        "Current Heart Failure Reports",
        330,
        250,
        R.SUCCESS,
        "Invited review",
        authors="Okafor AN, Whitfield D",
        doi="10.1007/s11897-026-00701-3",
        celebrated=245,
        reflection=(
            "Invited after the HFSA talk; written in six weeks.",
            "Writing the review clarified which gaps the K23 fills.",
            "Use its figure in the trial's introduction.",
            ("daniel",),
        ),
    ),
    Demo(
        "letter",
        K.PAPER,
        "Letter: weight telemonitoring is not enough",
        "NEJM",
        345,
        330,
        R.FAILURE,
        "Not accepted for publication",
    ),
    Demo(
        "missing",
        K.PAPER,
        "Handling missing daily weights in remote-monitoring trials",
        "Statistics in Medicine",
        240,
        60,
        R.SUCCESS,
        "Accepted; senior author Priya Raman",
        authors="Okafor AN, Raman P",
        doi="10.1002/sim.10311",
    ),
    Demo(
        "equity",
        K.PAPER,
        "Equity in access to home monitoring devices",
        "Health Affairs",
        530,
        500,
        R.WITHDRAWN,
        "Withdrawn to add the claims data",
        visibility=Visibility.PRIVATE,
    ),
    # --- abstracts ---
    Demo(
        "esc-abstract",
        K.ABSTRACT,
        "Readmissions in a safety-net system",
        "ESC Congress",
        880,
        820,
        R.SUCCESS,
        "Poster",
    ),
    Demo(
        "aha-abstract-1",
        K.ABSTRACT,
        "Pilot results of remote monitoring after discharge",
        "AHA Scientific Sessions",
        470,
        380,
        R.SUCCESS,
        "Oral presentation",
    ),
    Demo(
        "acc-abstract",
        K.ABSTRACT,
        "Symptom apps and caregiver burden",
        "ACC Scientific Session",
        360,
        300,
        R.FAILURE,
        "Not accepted",
        reflection=(
            "Not accepted.",
            "The abstract promised results the data could not show yet.",
            "Resubmit to HFSA once the caregiver survey closes.",
            ("lena",),
        ),
    ),
    Demo(
        "hfsa-abstract",
        K.ABSTRACT,
        "Caregiver burden with symptom apps",
        "HFSA Annual Meeting",
        120,
        60,
        R.SUCCESS,
        "Moderated poster",
        follows="acc-abstract",
    ),
    Demo(
        "aha-abstract-2",
        K.ABSTRACT,
        "Who benefits most from remote monitoring",
        "AHA Scientific Sessions",
        90,
        20,
        R.SUCCESS,
        "Accepted as a poster",
    ),
    # --- talks ---
    Demo(
        "rip",
        K.PRESENTATION,
        "Research in progress: the remote-monitoring pilot",
        "Division of Cardiology seminar",
        None,
        500,
        R.SUCCESS,
    ),
    Demo(
        "grand-rounds",
        K.PRESENTATION,
        "Grand rounds: life after heart-failure discharge",
        "Department of Medicine",
        None,
        170,
        R.SUCCESS,
        "Invited",
        celebrated=168,
    ),
    Demo(
        "symposium",
        K.PRESENTATION,
        "Remote monitoring that patients keep using",
        "Regional Heart Failure Symposium",
        None,
        90,
        R.SUCCESS,
        "Invited speaker",
    ),
    # --- awards and promotion ---
    Demo(
        "teaching",
        K.AWARD,
        "Fellows' teaching award",
        "Cardiology fellowship",
        None,
        620,
        R.SUCCESS,
    ),
    Demo(
        "early-career",
        K.AWARD,
        "Early Career Research Award",
        "Department of Medicine",
        200,
        150,
        R.SUCCESS,
        celebrated=148,
        celebration="Announced at faculty meeting",
    ),
    Demo(
        "young-investigator",
        K.AWARD,
        "Young Investigator Award",
        "HFSA Annual Meeting",
        120,
        58,
        R.FAILURE,
        "Finalist, one of four; not the winner",
        reflection=(
            "Presented as a finalist; the winner had a mechanistic study.",
            "Judges asked about generalisability twice: have that slide ready.",
            "Apply again next year with the trial's first results.",
            ("daniel", "lena"),
        ),
    ),
    Demo(
        "instructor",
        K.PROMOTION,
        "Appointment as Instructor in Medicine",
        "School of Medicine",
        520,
        450,
        R.SUCCESS,
        "First faculty appointment",
        celebrated=440,
    ),
    Demo(
        "registration",
        K.OTHER,
        "Trial registered on ClinicalTrials.gov",
        "ClinicalTrials.gov",
        None,
        180,
        R.SUCCESS,
        "Own protocol, NCT registration",
    ),
]


def load(demo: _Demo) -> None:
    amara = demo.people["mentee"]
    outcomes = {
        item.key: Outcome(
            mentee=amara,
            kind=item.kind,
            title=item.title,
            venue=item.venue,
            submitted_on=demo.days_ago(item.submitted) if item.submitted is not None else None,
            decided_on=demo.days_ago(item.decided) if item.decided is not None else None,
            result=item.result,
            details=item.details,
            authors=item.authors,
            year=demo.days_ago(item.decided).year if item.decided and item.authors else None,
            doi=item.doi,
            visibility=item.visibility,
            celebrated_on=demo.days_ago(item.celebrated) if item.celebrated else None,
            celebration_note=item.celebration,
            created_at=demo.at(item.submitted or item.decided or 0),
        )
        for item in RECORD
    }
    for outcome in outcomes.values():
        outcome.title_key = normalise_title(outcome.title)  # bulk_create skips save()
    Outcome.objects.bulk_create(outcomes.values())
    chained = []
    for item in RECORD:
        if item.follows:
            outcomes[item.key].previous = outcomes[item.follows]
            chained.append(outcomes[item.key])
    Outcome.objects.bulk_update(chained, ["previous"])
    reflections = Reflection.objects.bulk_create(
        Reflection(
            outcome=outcomes[item.key],
            what_happened=item.reflection[0],
            learned=item.reflection[1],
            next_steps=item.reflection[2],
            created_at=demo.at(max((item.decided or 0) - 10, 0)),
            updated_at=demo.at(max((item.decided or 0) - 10, 0)),
        )
        for item in RECORD
        if item.reflection
    )
    shared = [item.reflection[3] for item in RECORD if item.reflection]
    Reflection.shared_with.through.objects.bulk_create(
        Reflection.shared_with.through(reflection_id=r.pk, user_id=demo.people[key].pk)
        for r, keys in zip(reflections, shared, strict=True)
        for key in keys
    )
