"""The bench's records: a long plan, an evaluation of many mentors, many outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from .world import World

DOCUMENT_REQUESTS = 5


@dataclass
class PlansWorld:
    plan: object  # the mentee's plan: 40 goals, 200 milestones, reviews and revisions
    counts: dict[str, int]


def seed_plans(world: World, goals: int = 40, milestones_per_goal: int = 5) -> PlansWorld:
    """The mentee's five-year plan at the size of a long K award, in bulk inserts."""
    from datetime import date

    from django.db import transaction
    from django.utils import timezone

    from mentorkit.plans.models import (
        Goal,
        GoalCategory,
        GoalReview,
        GoalRevision,
        GoalStatus,
        Milestone,
        Plan,
    )
    from mentorkit.teams.models import Mentorship

    categories = [value for value, _ in GoalCategory.choices]
    statuses = [value for value, _ in GoalStatus.choices]
    today = timezone.localdate()
    start = date(today.year - 2, 7, 1)
    with transaction.atomic():
        plan = Plan.objects.create(
            mentee=world.mentee,
            title="K23: a five-year plan",
            starts_on=start,
            ends_on=date(start.year + 5, 6, 30),
            mechanism="K23",
        )
        team = list(Mentorship.objects.active().filter(mentee=world.mentee))
        rows = []
        for i in range(goals):
            goal = Goal(
                plan=plan,
                mentee=world.mentee,
                category=categories[i % len(categories)],
                statement=f"Goal {i + 1}: a specific, measurable aim of the plan",
                measure="How it will be known to be done",
                target="The bar to reach",
                rationale="Why it matters for independence.",
                due_on=start + timedelta(days=200 + 40 * i),
                status=statuses[i % len(statuses)],
                confidence=(37 * i) % 101,
                milestones_total=milestones_per_goal,
                milestones_done=i % (milestones_per_goal + 1),
                created_at=timezone.now() - timedelta(days=600),
                last_reviewed_on=today - timedelta(days=(11 * i) % 150),
            )
            goal.schedule_review()
            rows.append(goal)
        rows = Goal.objects.bulk_create(rows)
        Goal.mentors.through.objects.bulk_create(
            Goal.mentors.through(goal_id=goal.pk, mentorship_id=m.pk)
            for goal in rows
            for m in team[:2]
        )
        Milestone.objects.bulk_create(
            Milestone(
                goal=goal,
                title=f"Milestone {j + 1} of goal {i + 1}",
                due_on=goal.due_on - timedelta(days=30 * (milestones_per_goal - j)),
                done_on=goal.due_on if j < goal.milestones_done else None,
            )
            for i, goal in enumerate(rows)
            for j in range(milestones_per_goal)
        )
        GoalReview.objects.bulk_create(
            GoalReview(
                goal=goal,
                reviewed_on=today - timedelta(days=90 * k),
                progress=20 * k,
                status=goal.status,
                confidence=goal.confidence,
                note="Reviewed at the co-primary meeting.",
            )
            for goal in rows
            for k in range(1, 5)
        )
        GoalRevision.objects.bulk_create(
            GoalRevision(
                goal=goal,
                kind="redefined",
                before={**goal.definition(), "target": "An earlier bar"},
                after=goal.definition(),
                reason="The first grant was not funded; the plan moved a year.",
                changed_by=world.mentee,
            )
            for goal in rows[::3]
        )
    return PlansWorld(
        plan=plan,
        counts={"plan goals": goals, "plan milestones": goals * milestones_per_goal},
    )


@dataclass
class EvaluationsWorld:
    window: object  # closed, over a program of every mentee, with responses for every mentor
    counts: dict[str, int]


def seed_evaluations(world: World, extra_mentors: int = 200) -> EvaluationsWorld:
    """A program of every mentee (2,000 at full scale) whose window closed with an anonymous
    response from each mentee for each active mentor (800 mentors with the extra ones)."""
    from django.db import transaction
    from django.utils import timezone

    from mentorkit.accounts.models import User
    from mentorkit.feedback import instruments
    from mentorkit.feedback.models import EvaluationRating, EvaluationResponse, EvaluationWindow
    from mentorkit.programs.models import Enrollment, Program
    from mentorkit.teams.models import Mentorship, MentorshipStatus

    today = timezone.localdate()
    items = list(instruments.get(instruments.DEFAULT).items.values())
    with transaction.atomic():
        program = Program.objects.create(name="Institution-wide mentoring evaluation")
        program.directors.add(world.director)
        mentee_ids = list(
            User.objects.filter(email__startswith="mentee").values_list("pk", flat=True)
        )
        Enrollment.objects.bulk_create(
            (Enrollment(program=program, mentee_id=pk, cohort_year=2025) for pk in mentee_ids),
            batch_size=2000,
        )
        extra = User.objects.bulk_create(
            User(email=f"extra{i}@bench.example.org", name=f"Extra {i:04d}", password="!")
            for i in range(extra_mentors)
        )
        Mentorship.objects.bulk_create(
            Mentorship(
                mentee_id=mentee_ids[i % len(mentee_ids)],
                mentor=mentor,
                invited_email=mentor.email,
                status=MentorshipStatus.ACTIVE,
            )
            for i, mentor in enumerate(extra)
        )
        window = EvaluationWindow.objects.create(
            program=program,
            title="Annual evaluation",
            instrument=instruments.DEFAULT,
            opens_on=today - timedelta(days=60),
            closes_on=today - timedelta(days=30),
            threshold=5,
        )
        pairs = Mentorship.objects.filter(
            mentee_id__in=mentee_ids, status=MentorshipStatus.ACTIVE
        ).values_list("mentor_id", flat=True)
        responses = EvaluationResponse.objects.bulk_create(
            (
                EvaluationResponse(
                    window=window, mentor_id=mentor_id, comment="Kind and clear." if n % 3 else ""
                )
                for n, mentor_id in enumerate(pairs)
            ),
            batch_size=2000,
        )
        EvaluationRating.objects.bulk_create(
            (
                EvaluationRating(
                    response=response, item=item.key, domain=item.domain, value=1 + (n + k) % 7
                )
                for n, response in enumerate(responses)
                for k, item in enumerate(items)
            ),
            batch_size=5000,
        )
    mentors = window.mentors().count()
    return EvaluationsWorld(
        window=window,
        counts={
            "evaluated mentees": len(mentee_ids),
            "evaluated mentors": mentors,
            "anonymous responses": len(responses),
        },
    )


@dataclass
class OutcomesWorld:
    mentee: object  # a mid-career record: 300 outcomes over 12 years, chains, reflections
    counts: dict[str, int]


def seed_outcomes(world: World, outcomes: int = 300) -> OutcomesWorld:
    """A researcher a decade on, mentored by the busy mentor: papers, grants, abstracts and
    talks, a third of them failures, most failures reflected on and chained to a later try."""
    from datetime import timedelta

    from django.db import transaction
    from django.utils import timezone

    from mentorkit.accounts.models import User
    from mentorkit.outcomes.models import Outcome, Reflection, normalise_title
    from mentorkit.teams.models import Mentorship, MentorshipStatus

    kinds = ["paper", "paper", "paper", "grant", "abstract", "presentation", "award"]
    today = timezone.localdate()
    with transaction.atomic():
        mentee = User.objects.create(
            email="record@bench.example.org", name="Dr. Record Holder", password="!"
        )
        Mentorship.objects.create(
            mentee=mentee,
            mentor=world.busy_mentor,
            invited_email=world.busy_mentor.email,
            status=MentorshipStatus.ACTIVE,
            started_on=today - timedelta(days=4000),
        )
        rows = []
        for i in range(outcomes):
            decided = today - timedelta(days=12 * 365 * (outcomes - i) // outcomes)
            result = "failure" if i % 3 == 0 else ("pending" if i % 29 == 0 else "success")
            title = f"{kinds[i % len(kinds)].title()} {i}: remote monitoring in cohort {i}"
            rows.append(
                Outcome(
                    mentee=mentee,
                    kind=kinds[i % len(kinds)],
                    title=title,
                    title_key=normalise_title(title),
                    venue=f"Journal {i % 40}",
                    submitted_on=decided - timedelta(days=120),
                    decided_on=None if result == "pending" else decided,
                    result=result,
                    details="Impact score 35" if result == "failure" else "",
                    authors="Holder R, Okafor AN, Lindqvist E",
                    year=decided.year,
                    celebrated_on=decided if result == "success" and i % 4 == 1 else None,
                )
            )
        created = Outcome.objects.bulk_create(rows)
        failures = [o for o in created if o.result == "failure"]
        for failure, later in zip(failures, created[1:], strict=False):
            if later.result != "failure" and later.kind == failure.kind:
                later.previous = failure
        Outcome.objects.bulk_update([o for o in created if o.previous_id], ["previous"])
        reflections = Reflection.objects.bulk_create(
            Reflection(outcome=o, what_happened="Not funded", learned="Sharper aims")
            for o in failures[: len(failures) * 3 // 4]
        )
        Reflection.shared_with.through.objects.bulk_create(
            Reflection.shared_with.through(reflection_id=r.pk, user_id=world.busy_mentor.pk)
            for r in reflections
        )
    return OutcomesWorld(
        mentee, {"outcomes": outcomes, "failures": len(failures), "reflections": len(reflections)}
    )
