from django import forms
from django.db.models import Q
from django.utils import timezone

from mentorkit.accounts.models import User

from .models import Audience, Enrollment, EnrollmentStatus, Program, ProgramInvitation, Track


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


class RosterFilterForm(forms.Form):
    """The roster's filters, from the query string; an unknown value is refused, not ignored."""

    cohort = forms.IntegerField(required=False, min_value=1990, max_value=2100, label="Cohort")
    status = forms.ChoiceField(
        choices=[("", "Any status"), *EnrollmentStatus.choices], required=False
    )
    track = forms.ChoiceField(choices=[("", "Any track"), *Track.choices], required=False)
    check_in = forms.BooleanField(required=False, label="Needs a check-in")

    def filter(self, enrollments):
        data = self.cleaned_data
        if data.get("cohort"):
            enrollments = enrollments.filter(cohort_year=data["cohort"])
        if data.get("status"):
            enrollments = enrollments.filter(status=data["status"])
        if data.get("track"):
            enrollments = enrollments.filter(track=data["track"])
        if data.get("check_in"):
            enrollments = enrollments.filter(attention__gt=0)
        return enrollments


class EnrollmentForm(forms.ModelForm):
    """A director records where a mentee is in the program: on leave, completed, withdrawn."""

    class Meta:
        model = Enrollment
        fields = ["status", "track", "ended_on", "reporting_line"]
        widgets = {
            "ended_on": forms.DateInput(attrs={"type": "date"}),
            "reporting_line": forms.CheckboxSelectMultiple,
        }
        labels = {"ended_on": "Ended on"}

    def __init__(self, *args, **kwargs):
        from .mentors import mentors_of

        super().__init__(*args, **kwargs)
        # The program's mentors (those matching could propose), and whoever is listed now.
        pool = mentors_of(self.instance.program).values("pk")
        listed = self.instance.reporting_line.values("pk") if self.instance.pk else []
        self.fields["reporting_line"].queryset = (
            User.objects.filter(Q(pk__in=pool) | Q(pk__in=listed))
            .exclude(pk=self.instance.mentee_id)
            .order_by("name", "pk")
        )

    def clean(self):
        data = super().clean()
        status, ended = data.get("status"), data.get("ended_on")
        finished = status in (EnrollmentStatus.COMPLETED, EnrollmentStatus.WITHDRAWN)
        if finished and not ended:
            self.add_error("ended_on", "Give the date the mentee completed or left the program.")
        if not finished and ended:
            self.add_error("ended_on", "Only a completed or withdrawn enrollment has an end date.")
        if ended and ended > timezone.localdate():
            self.add_error("ended_on", "The end date is in the future.")
        if ended and ended < self.instance.enrolled_on:
            self.add_error("ended_on", "The end date is before the mentee enrolled.")
        return data


class NoFaultExitForm(forms.Form):
    """A mentee leaving a mentorship through a program's neutral contact."""

    program: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=Program.objects.none(),
        empty_label=None,
        label="Through the neutral contact of",
        error_messages={"invalid_choice": "Choose one of your programs with a neutral contact."},
    )
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=3000,
        required=False,
        label="A word to the neutral contact (optional)",
        help_text="Only the neutral contact reads it; never your mentor.",
    )

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["program"].label_from_instance = lambda p: (
            f"{p.name} — {p.neutral_contact.display_name}"
        )


class NudgeForm(forms.Form):
    audience = forms.ChoiceField(choices=Audience.choices, label="To", widget=forms.RadioSelect)
    subject = forms.CharField(max_length=150, label="Subject")
    body = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 7}),
        max_length=5000,
        label="Message",
        help_text="Placeholders: {name}, {program}, {reasons} (why a check-in is asked for), "
        "{link} (their own page).",
    )

    def _placeholders(self, name):
        from .nudges import NudgeProblem, check_placeholders

        value = self.cleaned_data[name]
        try:
            check_placeholders(value)
        except NudgeProblem as problem:
            raise forms.ValidationError(str(problem)) from None
        return value

    def clean_subject(self):
        return self._placeholders("subject")

    def clean_body(self):
        return self._placeholders("body")


class CheckInRulesForm(forms.ModelForm):
    """A director's check-in rules: which hold, their thresholds, and automatic nudges."""

    rules_on = forms.MultipleChoiceField(
        label="A mentee needs a check-in when",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Program
        fields = [
            "checkin_missed_intervals",
            "checkin_interval_days",
            "checkin_unrecorded_days",
            "checkin_feedback_rhythms",
            "checkin_silent_weeks",
            "auto_nudges",
            "escalate_after_days",
            "weekly_digest",
        ]

    def __init__(self, *args, **kwargs):
        from .checkins import Policy

        super().__init__(*args, **kwargs)
        rules = Policy.of(self.instance).rules()
        self.fields["rules_on"].choices = [(r.key, r.explanation) for r in rules]
        self.fields["rules_on"].initial = [
            r.key for r in rules if r.key not in (self.instance.checkin_rules_off or ())
        ]

    def save(self, commit=True):
        from .checkins import RULE_KEYS

        on = set(self.cleaned_data["rules_on"])
        self.instance.checkin_rules_off = [key for key in RULE_KEYS if key not in on]
        return super().save(commit)


class ProgramCapacityForm(forms.Form):
    """What a mentor takes of one program's mentees; empty: only their capacity overall."""

    capacity = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=50,
        label="Mentees of this program I can take",
        help_text="Leave empty for no limit here beyond the one on your profile.",
    )

    def __init__(self, *args, load: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.load = load

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity is not None and capacity < self.load:
            raise forms.ValidationError(
                f"You mentor {self.load} of its mentees now; a capacity below that would be "
                f"exceeded at once. Leave it at {self.load} or more."
            )
        return capacity
