from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorkit.teams.models import Mentorship, MentorshipStatus

from .models import Contribution


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
