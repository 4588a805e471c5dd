"""Outcomes, reflections and celebrations: each form lists its fields and says what is wrong."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import DECIDED, Outcome, OutcomeResult, Reflection


class OutcomeForm(forms.ModelForm):
    previous = forms.ModelChoiceField(
        queryset=Outcome.objects.none(),
        required=False,
        label="Follows an earlier attempt",
        help_text="A grant's resubmission, a paper sent on to another journal.",
        error_messages={"invalid_choice": "Choose one of your own outcomes."},
    )
    url = forms.URLField(required=False, assume_scheme="https", max_length=500, label="Link")

    class Meta:
        model = Outcome
        fields = [
            "kind",
            "title",
            "venue",
            "submitted_on",
            "decided_on",
            "result",
            "details",
            "authors",
            "year",
            "doi",
            "pmid",
            "pmcid",
            "public_access",
            "url",
            "activity_code",
            "award_number",
            "agency",
            "role",
            "project_start",
            "project_end",
            "previous",
            "visibility",
        ]
        widgets = {
            "submitted_on": forms.DateInput(attrs={"type": "date"}),
            "decided_on": forms.DateInput(attrs={"type": "date"}),
            "project_start": forms.DateInput(attrs={"type": "date"}),
            "project_end": forms.DateInput(attrs={"type": "date"}),
            "details": forms.Textarea(attrs={"rows": 2}),
            "authors": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "details": "A grant's impact score or percentile, a journal's decision, reviewers' "
            "main points.",
            "visibility": "Outcomes are shared with your mentoring team unless you choose "
            "otherwise.",
            "pmcid": "For a paper: its PubMed Central id, e.g. PMC1234567.",
            "public_access": "For a paper arising from NIH funds: a paper without a PMCID "
            "holds up the award's progress report.",
        }
        error_messages = {
            "kind": {
                "invalid_choice": "Choose a kind: paper, grant, abstract, presentation, "
                "award, promotion or other."
            },
            "result": {
                "invalid_choice": "Choose a result: pending, success, failure or withdrawn."
            },
        }

    def __init__(self, *args, mentee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.mentee = mentee
        choices = Outcome.objects.owned_by(mentee).order_by("-submitted_on", "-id")
        if self.instance.pk:
            choices = choices.exclude(pk=self.instance.pk)
        self.fields["previous"].queryset = choices
        self.fields["previous"].label_from_instance = lambda o: (
            f"{o.title} — {o.get_result_display().lower()}" + (f", {o.day:%b %Y}" if o.day else "")
        )

    def clean_pmcid(self):
        return self.cleaned_data["pmcid"].strip().upper()

    def clean_activity_code(self):
        return self.cleaned_data["activity_code"].strip().upper()

    def clean(self):
        data = super().clean()
        submitted, decided = data.get("submitted_on"), data.get("decided_on")
        result, previous = data.get("result"), data.get("previous")
        today = timezone.localdate()
        starts, ends = data.get("project_start"), data.get("project_end")
        if starts and ends and ends < starts:
            self.add_error("project_end", "The project period ends before it starts.")
        if submitted and decided and decided < submitted:
            self.add_error("decided_on", "The decision cannot come before the submission.")
        if decided and decided > today:
            self.add_error("decided_on", "The decision date is in the future.")
        if result in DECIDED and not decided:
            label = OutcomeResult(result).label.lower()
            self.add_error("decided_on", f"A {label} needs the date it was decided.")
        if result == OutcomeResult.PENDING and decided:
            self.add_error(
                "result", "A decision date is set: choose success, failure or withdrawn."
            )
        if self.instance.celebrated_on and result and result != OutcomeResult.SUCCESS:
            self.add_error("result", "This outcome was celebrated; un-celebrate it first.")
        if previous is not None and self.instance.loops_with(previous):
            self.add_error(
                "previous",
                f"“{previous.title}” already follows this outcome; the chain would loop.",
            )
        return data


class ReflectionForm(forms.ModelForm):
    shared_with = forms.ModelMultipleChoiceField(
        queryset=get_user_model().objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Share with",
        help_text="Only the mentors you tick can read it; nobody else, not the program.",
        error_messages={"invalid_choice": "Choose among your active mentors."},
    )

    class Meta:
        model = Reflection
        fields = ["what_happened", "learned", "next_steps", "shared_with"]
        widgets = {
            "what_happened": forms.Textarea(attrs={"rows": 3}),
            "learned": forms.Textarea(attrs={"rows": 3}),
            "next_steps": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, mentee, **kwargs):
        super().__init__(*args, **kwargs)
        from mentorkit.teams.models import Mentorship

        field = self.fields["shared_with"]
        field.queryset = (
            get_user_model()
            .objects.filter(
                pk__in=Mentorship.objects.active().filter(mentee=mentee).values("mentor")
            )
            .order_by("name", "pk")
        )
        field.label_from_instance = lambda u: u.display_name


class CelebrateForm(forms.Form):
    note = forms.CharField(
        required=False,
        max_length=300,
        label="How you celebrated",
        help_text="Optional: lunch with the team, a toast at lab meeting…",
    )

    def __init__(self, *args, outcome: Outcome, **kwargs):
        super().__init__(*args, **kwargs)
        self.outcome = outcome

    def clean(self):
        data = super().clean()
        if self.outcome.result != OutcomeResult.SUCCESS:
            raise ValidationError("Only a success can be celebrated; reflect on a failure instead.")
        return data
