"""Forms for plans, goals, milestones and reviews. Every rule of bad input lives here, so the
pages and the API refuse the same things with the same words."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from mentorkit.teams.models import Mentorship

from . import starters
from .models import (
    DEFINITION_FIELDS,
    MAX_PLAN_YEARS,
    Goal,
    GoalReview,
    GoalStatus,
    Milestone,
    Plan,
    PlanStatus,
)

DATE = forms.DateInput(attrs={"type": "date"})


class PlanForm(forms.ModelForm):
    template = forms.ChoiceField(
        label="Start from",
        choices=[("", "An empty plan")] + starters.choices(),
        required=False,
        help_text="A template creates editable goals in the right categories.",
    )

    class Meta:
        model = Plan
        fields = ["title", "starts_on", "ends_on", "mechanism", "status", "visibility"]
        widgets = {"starts_on": DATE, "ends_on": DATE}

    def __init__(self, *args, mentee, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentee = mentee
        if self.instance.pk:
            del self.fields["template"]

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends:
            if ends <= starts:
                self.add_error("ends_on", "The plan must end after it starts.")
            elif ends > Plan.latest_end(starts):
                self.add_error(
                    "ends_on",
                    f"A plan spans at most {MAX_PLAN_YEARS} years: end on "
                    f"{Plan.latest_end(starts):%-d %B %Y} or earlier.",
                )
        if data.get("status") == PlanStatus.ACTIVE:
            others = Plan.objects.filter(mentee=self.mentee, status=PlanStatus.ACTIVE)
            if self.instance.pk:
                others = others.exclude(pk=self.instance.pk)
            other = others.first()
            if other:
                self.add_error(
                    "status",
                    f"“{other.title}” is already your active plan. Complete or archive it first; "
                    "earlier plans stay readable.",
                )
        return data


class GoalForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Why the change",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Needed when you change what success means (goal, measure, target, due date, "
        "category) or drop the goal. Kept in the goal's history.",
    )
    accept_outside_span = forms.BooleanField(
        label="Keep this due date although it is outside the plan's span", required=False
    )

    class Meta:
        model = Goal
        fields = [
            "category",
            "statement",
            "measure",
            "target",
            "rationale",
            "due_on",
            "mentors",
            "visibility",
            "status",
            "confidence",
            "progress_override",
            "alternatives",
            "pivot_signals",
            "review_interval_days",
        ]
        widgets = {
            "due_on": DATE,
            "mentors": forms.CheckboxSelectMultiple,
            "rationale": forms.Textarea(attrs={"rows": 2}),
            "alternatives": forms.Textarea(attrs={"rows": 2}),
            "pivot_signals": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["mentors"].queryset = (
            Mentorship.objects.active().filter(mentee_id=plan.mentee_id).select_related("mentor")
        )
        self.fields["mentors"].label_from_instance = lambda m: (
            f"{m.mentor_name} ({m.get_role_display()})"
        )
        self.fields["mentors"].required = False
        self.fields["version"].initial = self.instance.version
        self.outside_span = False

    @property
    def show_accept(self) -> bool:
        """Offer the "keep it anyway" box once the due date was found outside the span."""
        return self.outside_span or (self.is_bound and bool(self.data.get("accept_outside_span")))

    @property
    def redefines(self) -> bool:
        return bool(self.instance.pk) and any(f in self.changed_data for f in DEFINITION_FIELDS)

    @property
    def drops(self) -> bool:
        return (
            bool(self.instance.pk)
            and "status" in self.changed_data
            and self.cleaned_data.get("status") in (GoalStatus.DROPPED, GoalStatus.REVISED)
        )

    def clean(self):
        data = super().clean()
        due = data.get("due_on")
        if due and not self.plan.covers(due) and not data.get("accept_outside_span"):
            self.outside_span = True
            self.add_error(
                "due_on",
                f"This is outside the plan's span ({self.plan.starts_on:%-d %b %Y} – "
                f"{self.plan.ends_on:%-d %b %Y}). Tick the box below to keep it anyway.",
            )
        if due and self.instance.pk and "due_on" in self.changed_data:
            late = self.instance.milestones.filter(due_on__gt=due).first()
            if late:
                self.add_error(
                    "due_on",
                    f"The milestone “{late.title}” is due {late.due_on:%-d %b %Y}, after this "
                    "date. Move the milestone first.",
                )
        if (self.redefines or self.drops) and not data.get("reason", "").strip():
            self.add_error(
                "reason",
                "Say why: changing what success means or dropping a goal is kept in its history.",
            )
        return data


class MilestoneForm(forms.ModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "done_on"]
        widgets = {"due_on": DATE, "done_on": DATE}
        labels = {"title": "Milestone"}

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due > self.goal.due_on:
            raise ValidationError(
                f"A milestone cannot be due after its goal ({self.goal.due_on:%-d %b %Y}). "
                "Change the goal's due date first if the plan moved."
            )
        return due


class ReviewForm(forms.ModelForm):
    class Meta:
        model = GoalReview
        fields = [
            "reviewed_on",
            "progress",
            "status",
            "confidence",
            "note",
            "mentee_took_part",
            "mentors",
        ]
        widgets = {
            "reviewed_on": DATE,
            "note": forms.Textarea(attrs={"rows": 3}),
            "mentors": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, **kwargs)
        self.goal = goal
        self.fields["mentors"].queryset = (
            Mentorship.objects.active().filter(mentee_id=goal.mentee_id).select_related("mentor")
        )
        self.fields["mentors"].label_from_instance = lambda m: m.mentor_name
        self.fields["mentors"].required = False
        self.fields["status"].choices = [
            c for c in GoalStatus.choices if c[0] not in (GoalStatus.DROPPED, GoalStatus.REVISED)
        ]
        if not self.is_bound:
            self.initial.update(
                progress=goal.progress, status=goal.status, confidence=goal.confidence
            )

    def clean_reviewed_on(self):
        from django.utils import timezone

        day = self.cleaned_data["reviewed_on"]
        if day > timezone.localdate():
            raise ValidationError("A review cannot be dated in the future.")
        return day
