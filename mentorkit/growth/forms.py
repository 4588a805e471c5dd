from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorkit.teams.models import Mentorship, MentorshipStatus

from .models import Activity, Contribution, IndependenceMarker, MarkerKind

DATE = forms.DateInput(attrs={"type": "date"})


class ContributionForm(forms.ModelForm):
    mentorship = forms.ModelChoiceField(
        queryset=Mentorship.objects.none(),
        label="To",
        error_messages={"invalid_choice": "Choose one of your mentors."},
    )
    link = forms.URLField(required=False, assume_scheme="https", max_length=200)

    class Meta:
        model = Contribution
        fields = ["mentorship", "kind", "contributed_on", "description", "link"]
        widgets = {"contributed_on": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, mentee, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["mentorship"]
        field.queryset = (
            Mentorship.objects.filter(
                mentee=mentee,
                mentor__isnull=False,
                status__in=[
                    MentorshipStatus.ACTIVE,
                    MentorshipStatus.PAUSED,
                    MentorshipStatus.ENDED,
                ],
            )
            .select_related("mentor")
            .order_by("-status", "id")
        )
        field.label_from_instance = lambda m: m.mentor_name

    def clean_contributed_on(self):
        day = self.cleaned_data["contributed_on"]
        if day > timezone.localdate():
            raise ValidationError("Record what you already gave: the date is in the future.")
        return day

    def clean(self):
        data = super().clean()
        mentorship, day = data.get("mentorship"), data.get("contributed_on")
        # An ended mentorship keeps what was given while it lasted, and takes nothing new.
        if (
            mentorship is not None
            and day is not None
            and mentorship.status == MentorshipStatus.ENDED
            and (mentorship.ended_on is None or day > mentorship.ended_on)
        ):
            self.add_error(
                "contributed_on",
                f"Your mentorship with {mentorship.mentor_name} has ended; "
                "record only what you gave before it ended.",
            )
        return data


class ActivityForm(forms.ModelForm):
    beyond_override = forms.TypedChoiceField(
        label="Beyond your mentors' expertise?",
        choices=[
            ("", "Computed from your mentors' expertise"),
            ("True", "Beyond my mentors' expertise"),
            ("False", "Within my mentors' expertise"),
        ],
        coerce=lambda value: value == "True",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        help_text="Keywords are only a guess; you know best what your mentors could have taught.",
    )

    class Meta:
        model = Activity
        fields = [
            "kind",
            "title",
            "topics",
            "starts_on",
            "ends_on",
            "status",
            "outcome",
            "beyond_override",
            "visibility",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "outcome": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "visibility": "Activities are shared with your team unless you choose otherwise."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            # Whether it is beyond is computed first; the mentee may overrule it afterwards.
            del self.fields["beyond_override"]

    def clean_topics(self):
        topics = [t.strip() for t in self.cleaned_data["topics"].split(",") if t.strip()]
        if not topics:
            raise ValidationError("List at least one skill or topic, separated by commas.")
        return ", ".join(topics)

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The activity cannot end before it starts.")
        return data


class MarkerForm(forms.ModelForm):
    class Meta:
        model = IndependenceMarker
        fields = ["kind", "achieved_on", "note", "visibility"]
        widgets = {"achieved_on": DATE}
        help_texts = {
            "visibility": "Markers are shared with your team unless you choose otherwise."
        }

    def __init__(self, *args, mentee, **kwargs):
        # Its own ids: the autonomy page also has the activity form (kind, visibility).
        kwargs.setdefault("auto_id", "id_marker_%s")
        super().__init__(*args, **kwargs)
        self.mentee = mentee

    def clean_kind(self):
        kind = self.cleaned_data["kind"]
        others = IndependenceMarker.objects.filter(mentee=self.mentee, kind=kind)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise ValidationError(self.already_recorded(kind))
        return kind

    @staticmethod
    def already_recorded(kind: str) -> str:
        return f"You already recorded “{MarkerKind(kind).label}”; edit it instead."

    def clean_achieved_on(self):
        day = self.cleaned_data["achieved_on"]
        if day > timezone.localdate():
            raise ValidationError("Record a step you have reached: the date is in the future.")
        return day
