"""What the fellow's meetings were about: a year of notes, the actions agreed in them and
the two disagreements recorded, as the people at the table wrote them."""

from __future__ import annotations

from mentorkit.meetings.models import Ending

# The co-primary meetings of the past year, in order: (share of the meetings, summary,
# points discussed, next step). "{n}" counts drafts within the phase, "{next}" the one after.
CO_PRIMARY_PHASES: list[tuple[int, str, list[str], str]] = [
    (
        10,
        "Specific aims page, draft {n}",
        [
            "Aim 1 still reads as a feasibility study: lead with the hypothesis.",
            "Daniel: name the gap in the first two lines, not the fourth.",
            "Priya: Aim 2 needs one sentence on how clinics are randomised.",
        ],
        "Amara circulates draft {next} of the aims page before we meet again.",
    ),
    (
        8,
        "Pilot data from the remote-monitoring registry",
        [
            "Adherence to daily weights is 71% at 30 days and falls off after week 6.",
            "Enough events for a descriptive table, not for a test.",
            "Figure 1: a CONSORT-style flow diagram from the registry.",
        ],
        "Priya sends table shells; Amara fills them in.",
    ),
    (
        8,
        "Power calculation",
        [
            "Cluster design: 18 clinics per arm at an intraclass correlation of 0.02.",
            "Attrition assumed at 15%; Priya wants 20% as a sensitivity scenario.",
            "Effect size taken from the pilot and shrunk by a third, to be safe.",
        ],
        "Priya reruns the calculation with the pilot's intraclass correlation.",
    ),
    (
        8,
        "Statistical analysis plan",
        [
            "Mixed model with clinic as a random effect; adjust for site.",
            "Missing data: multiple imputation by chained equations, plus a tipping-point analysis.",
            "Pre-specify two subgroups (ejection fraction, age over 75), no more.",
        ],
        "Amara drafts section {next} of the analysis plan.",
    ),
    (
        8,
        "K23 submission: research strategy",
        [
            "The Approach is half a page over the limit.",
            "Daniel: move the alternative strategies into a table.",
            "Timeline figure: one row per aim, with the training milestones beside it.",
        ],
        "Amara sends the full draft to the grants office.",
    ),
    (
        6,
        "Abstract for AHA Scientific Sessions",
        [
            "250 words with the title: the results sentence has to carry the number.",
            "Priya checked every confidence interval against the output.",
            "Daniel: call it a pilot in the title; reviewers like candour.",
        ],
        "Amara submits the abstract before the deadline.",
    ),
    (
        8,
        "Clinic scheduling and protected time",
        [
            "Two clinic half-days move to Mondays from next month.",
            "Research days stay Tuesday and Wednesday, so these meetings stay put.",
            "The division chief agreed in principle; Amara wants it in writing.",
        ],
        "Amara asks the clinic manager for the new template.",
    ),
    (
        8,
        "Second site: IRB amendment and start-up",
        [
            "The reliance agreement with Lakeview is with their IRB.",
            "The site PI wants the data dictionary before signing.",
            "Budget: one coordinator at 50% effort from the second year.",
        ],
        "Daniel calls the Lakeview site PI.",
    ),
    (
        6,
        "K23 summary statement",
        [
            "Impact score 38, not funded: a resubmission is realistic.",
            "Main critiques: power for the primary outcome, and statistics training.",
            "Priya: critique 2 is answerable with the pilot's intraclass correlation.",
        ],
        "Amara drafts a critique-by-critique response table.",
    ),
    (
        10,
        "K23 resubmission: introduction and Approach",
        [
            "The introduction answers each critique in one or two sentences, in the reviewers' order.",
            "The power paragraph now uses the observed intraclass correlation.",
            "Mark changed text with a line in the margin, not bold.",
        ],
        "Amara sends the next section by Monday.",
    ),
    (
        6,
        "K23 resubmission: career development plan and letters",
        [
            "Training table updated with the two new methods courses.",
            "Daniel's and Priya's letters say how often we meet, and that it has held.",
            "Marcus's letter speaks to leadership and the study team.",
        ],
        "Daniel and Priya send their letter drafts.",
    ),
]

# One talk a month with the career mentor, oldest first: (summary, notes in Markdown).
CAREER_TOPICS: list[tuple[str, str]] = [
    (
        "Where she wants to be in five years",
        "- A physician-scientist with an R-funded trial programme, 75% research.\n"
        "- Keep the heart-failure transitions clinic: it is where the questions come from.\n\n"
        "**Next:** Amara writes a one-page five-year plan.",
    ),
    (
        "Saying no to committees",
        "- Three committees, one of which helps promotion (the fellowship research committee).\n"
        '- Script: "I would like to, and I can after the K23 is in."\n\n'
        "**Next:** Amara lists the committees to leave.",
    ),
    (
        "Negotiating protected time",
        "- Ask for the writing morning as part of the K23 commitment, not as a favour.\n"
        "- Bring the award's 75% effort requirement to the meeting with the chief.",
    ),
    (
        "Leading a study team",
        "- Weekly 20-minute huddle with the coordinator; decisions written down the same day.\n"
        "- Delegate the screening log; keep the protocol deviations.",
    ),
    (
        "Conferences and whom to meet",
        "- At AHA: the remote-monitoring trialists' dinner, and the two study-section members "
        "who work on transitions of care.\n"
        "- A two-line introduction, not a pitch.",
    ),
    (
        "Chairing the fellows' research meeting",
        "- Start on time, end five minutes early, one presenter per session.\n"
        "- Ask a quiet fellow to present in month two.",
    ),
    (
        "The faculty job market",
        "- Questions to ask: protected time in writing, start-up, a coordinator, clinic template.\n"
        "- An offer elsewhere is information, not a threat.",
    ),
    (
        "Writing mornings",
        "- Tuesday 7–10 am, phone in another room; 300 words counts as a good morning.\n"
        "- Track words, not hours.",
    ),
    (
        "Mentoring a medical student",
        "- A bounded project: the registry's adherence figure.\n"
        "- Agree authorship at the start, as the team did.",
    ),
    (
        "Reading the summary statement",
        "- A 38 is a resubmission, not a verdict.\n"
        "- Sleep on it for a week before answering any critique.\n\n"
        "**Next:** Amara sends Marcus the summary statement.",
    ),
    (
        "Promotion criteria at Riverside",
        "- The clinician-investigator track counts funded mentored awards and first-author papers.\n"
        "- Start the teaching portfolio now; it is the part people leave to the end.",
    ),
    (
        "What to drop this winter",
        "- One evening talk a month, not three.\n"
        "- Nursery closures are in the shared calendar so the study team plans around them.",
    ),
]


# The meetings where a disagreement was recorded, by days ago: their own summary and notes.
DISAGREEMENT_MEETINGS: dict[int, tuple[str, str]] = {
    300: (
        "Primary outcome: readmission or days alive and out of hospital",
        "- Amara: days alive and out of hospital at 90 days. Priya: 30-day readmission.\n"
        "- Both views recorded below; the pilot registry can tell us which one we can power.\n\n"
        "**Next:** Priya runs both outcomes through the pilot data.",
    ),
    35: (
        "Pilot paper: where to send it first",
        "- The pilot paper is ready for co-authors.\n"
        "- Amara and Daniel see the first journal differently; both views are recorded.\n\n"
        "**Next:** Amara sends the manuscript to the co-authors.",
    ),
}
# (the meeting's days ago, with, recorded days after it: when it ended, what the form says)
DISAGREEMENTS = [
    (
        300,
        "priya",
        15,
        {
            "topic": "The trial's primary outcome",
            "mentee_view": (
                "Days alive and out of hospital at 90 days: it counts deaths and every "
                "day back in hospital, and it is what patients told us matters."
            ),
            "mentor_view": (
                "30-day readmission: reviewers and the hospital know it, and a less "
                "familiar outcome needs a justification we may not have room for."
            ),
            "ending": Ending.SETTLED_BY_DATA,
            "follow_up": (
                "Priya compared both in the pilot registry: readmissions are too rare to "
                "power at 18 clinics per arm. Days alive and out of hospital is primary, "
                "readmission secondary."
            ),
        },
    ),
    (
        35,
        "daniel",
        0,
        {
            "topic": "Whether to send the pilot paper to a higher-impact journal first",
            "mentee_view": (
                "A heart-failure journal first: a faster decision, and the paper is out "
                "before the resubmission is reviewed."
            ),
            "mentor_view": (
                "Try a general cardiology journal with a higher impact first; the pilot is "
                "strong enough, and a rejection costs six weeks at most."
            ),
            "ending": Ending.AGREED_TO_DISAGREE,
            "follow_up": "Amara decides by the end of the month; Daniel backs either choice.",
        },
    ),
]

# Actions done: (series, the meeting's days ago, owner, due days after it, closed days after
# the due date, title). One closed late, the rest on time or early.
DONE = [
    ("co_primary", 350, "mentee", 6, -1, "Send aims page draft 2 to Daniel and Priya"),
    ("co_primary", 315, "priya", 14, -2, "Pull readmission and DAOH rates from the registry"),
    ("co_primary", 285, "priya", 10, 0, "Rerun the power calculation for DAOH"),
    ("co_primary", 255, "mentee", 21, -3, "Draft sections 1–4 of the analysis plan"),
    ("co_primary", 225, "daniel", 14, -5, "Write the letter of support for the K23"),
    ("career", 215, "mentee", 30, -10, "List the committees to leave"),
    ("co_primary", 195, "mentee", 9, -1, "Submit the abstract to AHA Scientific Sessions"),
    ("co_primary", 140, "daniel", 14, -7, "Introduce Amara to the Lakeview site PI"),
    ("career", 120, "marcus", 14, -12, "Share his protected-time memo as an example"),
    ("co_primary", 80, "mentee", 10, -2, "Draft the introduction to the resubmission"),
    ("co_primary", 70, "priya", 7, -1, "Check the answer to reviewer 2 on missing data"),
    ("co_primary", 50, "mentee", 10, -1, "Update the training table and development plan"),
    ("career", 45, "mentee", 14, -4, "Ask the division chief for the writing morning"),
    ("co_primary", 40, "daniel", 5, 4, "Send comments on the revised Approach"),  # late
    ("co_primary", 25, "priya", 7, 0, "Revise the sample-size paragraph"),
]
# Dropped: (series, the meeting's days ago, owner, due days after it, dropped days after it, title)
DROPPED = [("co_primary", 180, "mentee", 30, 12, "Look into a third pilot site in Ohio")]
# Still open: (series, the meeting's days ago, owner, due in days from today, title)
STILL_OPEN = [
    ("co_primary", 20, "mentee", -6, "Send the pilot manuscript to the co-authors"),  # overdue
    ("co_primary", 9, "mentee", 5, "Finish the response to critique 3 (Approach)"),
    ("co_primary", 9, "priya", 14, "Lock the statistical analysis plan with a date"),
    ("co_primary", 7, "daniel", 10, "Read the full resubmission draft"),
    ("career", 20, "mentee", 12, "Draft the note stepping down from the QI committee"),
    ("career", 20, "marcus", 20, "Send two names to ask about the faculty job market"),
]

# Already on the next co-primary meeting's agenda, added two days ago: (who, topic).
NEXT_AGENDA = [
    ("mentee", "Response to critique 3: the primary outcome"),
    ("priya", "Missing data: why multiple imputation as well as the mixed model"),
    ("daniel", "What has to be final by the 1st, and who signs off"),
]
# On the last meeting's agenda, not reached, carried to the next one.
CARRIED = ("mentee", "AHA poster: who stands by it on which day")
