"""The progress report's section on trainees (RPPR, training awards): a paragraph per trainee
appointed in the last twelve months, and the statement on how Individual Development Plans
are used (NOT-OD-14-113); and the CTSA common metric on careers in clinical and
translational research.

Built from what trainees marked for the program (visibility `program`), never from what they
shared with their team alone or kept private, and from the program's own records (team,
appointments, committee meetings, positions). The section is a draft: the director edits the
Markdown before it goes into the report.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from mentorkit.growth.models import Activity, ActivityStatus
from mentorkit.outcomes.models import Outcome, OutcomeResult
from mentorkit.plans.models import Goal, GoalReview, GoalStatus
from mentorkit.programs.exports import _safe as spreadsheet_safe
from mentorkit.teams.models import Mentorship
from mentorkit.visibility import Visibility

from .choices import KindOfWork, Level
from .drafts import team_order
from .models import CommitteeMeeting, ProgressDraft
from .roster import Trainee, trainees_of

PERIOD_DAYS = 365
RESEARCH_WORK = (
    KindOfWork.RESEARCH_INTENSIVE,
    KindOfWork.RESEARCH_RELATED,
    KindOfWork.FURTHER_TRAINING,  # a postdoctoral fellowship in research
)


@dataclass
class Paragraph:
    """What the paragraph on one trainee says, from the records."""

    trainee: Trainee
    team: list[str] = field(default_factory=list)  # "Dr. X (primary)"
    successes: list[Outcome] = field(default_factory=list)
    activities: list[Activity] = field(default_factory=list)
    goals_achieved: list[Goal] = field(default_factory=list)
    goals_open: int = 0
    reviews: int = 0
    committee_meetings: list[date] = field(default_factory=list)
    draft: ProgressDraft | None = None  # as the director edited it, for this report

    @property
    def final_text(self) -> str:
        """The director's edited paragraph where there is one, else the generated one."""
        return self.draft.text if self.draft is not None else self.text()

    @property
    def confirmed(self) -> bool:
        return self.draft is not None and self.draft.confirmed

    @property
    def status(self) -> str:
        """Where the paragraph stands: as generated, edited awaiting its mentor, confirmed."""
        if self.draft is None:
            return "generated"
        return "confirmed" if self.draft.confirmed else "awaiting"

    def text(self) -> str:
        t, record = self.trainee, self.trainee.record
        level: dict[str, str] = {
            Level.PREDOC: "pre-doctoral trainee",
            Level.POSTDOC: "post-doctoral trainee",
        }
        role = "scholar" if any(a.level == Level.SCHOLAR for a in t.appointments) else (
            level.get(t.level, "trainee"))  # fmt: skip
        parts = [f"{t.name} ({role}"]
        if record is not None:
            parts[0] += f", entered {record.entered_on:%m/%Y}"
        parts[0] += ")"
        if record is not None and record.research_topic:
            parts.append(f"works on {record.research_topic.rstrip('.')}")
        sentence = " ".join(parts)
        if self.team:
            sentence += f", mentored by {_joined(self.team)}"
        out = [sentence + "."]
        if self.successes:
            out.append("In the period: " + "; ".join(_outcome(o) for o in self.successes) + ".")
        if self.activities:
            out.append(
                "Development activities: "
                + "; ".join(f"{a.title} ({a.get_kind_display().lower()})" for a in self.activities)
                + "."
            )
        plan = []
        if self.goals_achieved:
            plan.append(f"achieved {_count(len(self.goals_achieved), 'goal')} of their plan")
        if self.goals_open:
            plan.append(f"have {_count(self.goals_open, 'goal')} under way")
        if self.reviews:
            plan.append(f"reviewed their plan with a mentor {_times(self.reviews)}")
        if plan:
            out.append("They " + _joined(plan) + ".")
        if self.committee_meetings:
            days = _joined([f"{d:%B %Y}" for d in self.committee_meetings])
            out.append(f"Their mentoring committee met in {days}.")
        return " ".join(out)


@dataclass
class ProgressSection:
    since: date
    until: date
    paragraphs: list[Paragraph]

    @property
    def awaiting(self) -> int:
        """Edited paragraphs still awaiting their mentor's confirmation."""
        return sum(1 for p in self.paragraphs if p.status == "awaiting")

    @property
    def reviewed(self) -> int:
        return sum(1 for p in self.paragraphs if p.reviews)

    def idp_statement(self) -> str:
        """How IDPs are used, from the plan reviews actually recorded in the period."""
        n = len(self.paragraphs)
        if not n:
            return "No trainee was appointed in the period."
        return (
            "Every trainee keeps an Individual Development Plan in mentorkit: goals for research, "
            "skills, career and funding, each with a measure and a due date, reviewed with "
            "their mentors, who record each review. In the period "
            f"({self.since:%m/%d/%Y} to {self.until:%m/%d/%Y}), {self.reviewed} of {n} "
            f"appointed trainees reviewed their plan with a mentor "
            f"({_count(sum(p.reviews for p in self.paragraphs), 'review')} in all). "
            "Counted from the plans trainees marked for the program."
        )


def build(program, today: date | None = None) -> ProgressSection:
    """The section for the twelve months to `today`, in a fixed number of queries."""
    today = today or timezone.localdate()
    since = today - timedelta(days=PERIOD_DAYS)
    trainees = [
        t
        for t in trainees_of(program, with_outcomes=False, today=today)
        if any(a.ends_on >= since and a.starts_on <= today for a in t.appointments)
    ]
    ids = [t.user.pk for t in trainees]  # type: ignore[attr-defined]
    paragraphs = {i: Paragraph(t) for i, t in zip(ids, trainees, strict=True)}
    marked = Q(mentee_id__in=ids, visibility=Visibility.PROGRAM)
    team = Mentorship.objects.active().filter(mentee_id__in=ids).select_related("mentor")
    for m in sorted(team, key=team_order):  # primary first
        paragraphs[m.mentee_id].team.append(f"{m.mentor_name} ({m.get_role_display().lower()})")
    successes = Outcome.objects.filter(
        marked, result=OutcomeResult.SUCCESS, decided_on__gt=since, decided_on__lte=today
    ).order_by("decided_on", "pk")
    for outcome in successes:
        paragraphs[outcome.mentee_id].successes.append(outcome)
    activities = (
        Activity.objects.filter(marked, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=since))
        .exclude(status=ActivityStatus.DROPPED)
        .order_by("starts_on", "pk")
    )
    for activity in activities:
        paragraphs[activity.mentee_id].activities.append(activity)
    for goal in Goal.objects.filter(marked):
        if goal.status == GoalStatus.ACHIEVED and goal.updated_at.date() > since:
            paragraphs[goal.mentee_id].goals_achieved.append(goal)
        elif goal.is_open:
            paragraphs[goal.mentee_id].goals_open += 1
    reviews = (
        GoalReview.objects.filter(
            goal__mentee_id__in=ids,
            goal__visibility=Visibility.PROGRAM,
            reviewed_on__gt=since,
            reviewed_on__lte=today,
            mentors__isnull=False,
        )
        .values_list("goal__mentee_id", "pk")
        .distinct()
    )
    for mentee_id, _pk in reviews:
        paragraphs[mentee_id].reviews += 1
    meetings: dict[int, list[date]] = defaultdict(list)
    for mentee_id, held in (
        CommitteeMeeting.objects.filter(
            committee__record__program=program,
            committee__record__trainee_id__in=ids,
            held_on__gt=since,
            held_on__lte=today,
        )
        .order_by("held_on")
        .values_list("committee__record__trainee_id", "held_on")
    ):
        meetings[mentee_id].append(held)
    for mentee_id, days in meetings.items():
        paragraphs[mentee_id].committee_meetings = days
    drafts = ProgressDraft.objects.current(today).filter(
        record__program=program, record__trainee_id__in=ids, period_ends_on__lte=today
    )
    of_record = {t.record.pk: i for i, t in zip(ids, trainees, strict=True) if t.record}
    for draft in drafts.select_related("confirmed_by").order_by("period_ends_on"):
        paragraphs[of_record[draft.record_id]].draft = draft  # the latest wins
    return ProgressSection(since, today, list(paragraphs.values()))


def _outcome(o: Outcome) -> str:
    words = f"{o.get_kind_display().lower()} “{o.title}”"
    return f"{words} ({o.venue})" if o.venue else words


def _joined(items: list[str]) -> str:
    return " and ".join([", ".join(items[:-1]), items[-1]] if len(items) > 1 else items)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


# --- the CTSA common metric -----------------------------------------------------------------

COMMON_METRIC_COLUMNS = [
    "Scholar or Trainee",
    "Role",
    "Funding Start",
    "Funding End",
    "Engaged in Clinical and Translational Research",
    "Sources (not a CTSA column)",
]
COMMON_METRIC_NOTE = (
    "Careers in Clinical and Translational Research (CTSA Common Metrics): each KL2 scholar or "
    "TL1 trainee ever appointed to the program's grants, the first and last day of that "
    "support, and whether they remain engaged in clinical and translational research: yes "
    "while in training or in a current position whose kind of work is research-intensive, "
    "research-related or further training, no in any other current position, unknown without one. The metric's "
    "own definition of engagement (each hub's) could not be confirmed: check it."
)


def common_metric_rows(program, today: date | None = None) -> list[list[str]]:
    """One row per trainee appointed to the program's grants, in entry order."""
    rows = []
    for t in trainees_of(program, with_outcomes=False, today=today):
        if not t.appointments:
            continue
        starts = min(a.starts_on for a in t.appointments)
        ends = max(a.ends_on for a in t.appointments)
        role = "Scholar" if any(a.level == Level.SCHOLAR for a in t.appointments) else "Trainee"
        current = t.current_position
        if t.in_training:
            engaged, source = "Yes", "in training (trainee record)"
        elif current is None:
            engaged, source = "Unknown", "no current position recorded"
        else:
            engaged = "Yes" if current.kind_of_work in RESEARCH_WORK else "No"
            confirmed = (
                f", confirmed {current.confirmed_on:%m/%d/%Y}" if current.confirmed_on else ""
            )
            source = f"current position: {current.get_kind_of_work_display()}{confirmed}"
        rows.append(
            [t.name, role, f"{starts:%m/%d/%Y}", f"{ends:%m/%d/%Y}", engaged,
             f"Funding: {_count(len(t.appointments), 'appointment')}; engaged: {source}"]
        )  # fmt: skip
    return rows


def common_metric_csv(program, today: date | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(spreadsheet_safe([f"{program.name} · CTSA common metric: careers in CTR"]))
    writer.writerow(COMMON_METRIC_COLUMNS)
    for row in common_metric_rows(program, today):
        writer.writerow(spreadsheet_safe(row))
    writer.writerow([])
    writer.writerow(["Notes"])
    writer.writerow([COMMON_METRIC_NOTE])
    return out.getvalue().encode("utf-8")


def rendered(program, what: str, fmt: str) -> bytes:
    """The progress section (`progress`, Markdown or PDF) or the common metric
    (`common-metric`, CSV) of `program`, as the CLI and the API hand them out."""
    from django.template.loader import render_to_string

    from mentorkit.reports.render import pdf_bytes

    if what == "common-metric":
        return common_metric_csv(program)
    values = {
        "program": program,
        "section": build(program),
        "paper": "a4",
        "generated_on": timezone.localdate(),
        "printing": fmt == "pdf",
        "title": f"Progress report, trainees · {program.name}",
    }
    if fmt == "md":
        return render_to_string("grants/progress.md", values).encode("utf-8")
    return pdf_bytes(render_to_string("grants/progress.html", values))
