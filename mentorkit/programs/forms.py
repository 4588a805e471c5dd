from django import forms
from django.utils import timezone

from .models import ProgramInvitation


class InviteMenteeForm(forms.ModelForm):
    class Meta:
        model = ProgramInvitation
        fields = ["invited_name", "invited_email", "cohort_year"]
        error_messages = {
            "invited_email": {"invalid": "Enter a valid e-mail address, like name@example.org."}
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort_year"].initial = timezone.localdate().year

    def clean_cohort_year(self):
        year = self.cleaned_data["cohort_year"]
        if not 1990 <= year <= timezone.localdate().year + 2:
            raise forms.ValidationError("Enter the year the cohort started, e.g. 2025.")
        return year
