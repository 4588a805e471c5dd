from django import forms
from django.utils import timezone

from .models import TrainingRecord


class TrainingRecordForm(forms.ModelForm):
    evidence_url = forms.URLField(
        label="Evidence (link)",
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text="A certificate or the course's page, for your program to verify.",
    )

    class Meta:
        model = TrainingRecord
        fields = ["course", "kind", "hours", "completed_on", "evidence_url"]
        widgets = {"completed_on": forms.DateInput(attrs={"type": "date"})}
        labels = {"completed_on": "Completed on"}

    def clean_completed_on(self):
        day = self.cleaned_data["completed_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(
                "The course is completed in the future; give the day it ended."
            )
        return day
