"""The forms of training-grant reporting: each lists its fields; the models say what is wrong."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from mentorkit.teams.models import Mentorship, MentorshipStatus

from .choices import ActivityCode, Level, PositionSource
from .models import (
    Appointment,
    Assessment,
    Committee,
    CommitteeMeeting,
    CommitteeMember,
    Degree,
    Position,
    SupportYear,
    TraineeRecord,
    TrainingGrant,
)

DATE = forms.DateInput(attrs={"type": "date"})


class MonthField(forms.DateField):
    """A month and a year (kept as the first of the month), typed as 2024-09 or 09/2024."""

    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")
    input_formats = ["%Y-%m", "%m/%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": "Give a month and a year, e.g. 2024-09."}


def _people(queryset):
    return queryset.order_by("name", "email", "pk")


def _name(user) -> str:
    return user.display_name


class TrainingGrantForm(forms.ModelForm):
    class Meta:
        model = TrainingGrant
        fields = [
            "activity_code",
            "award_number",
            "title",
            "project_start",
            "project_end",
            "slots_predoc",
            "slots_postdoc",
            "slots_short_term",
            "slots_scholar",
            "pd_pis",
        ]
        widgets = {
            "project_start": DATE,
            "project_end": DATE,
            "pd_pis": forms.CheckboxSelectMultiple,
        }
        help_texts = {"pd_pis": "Among the program's directors and administrators."}

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.program = program
        field = self.fields["pd_pis"]
        current = self.instance.pd_pis.all() if self.instance.pk else []
        field.queryset = _people(
            get_user_model()
            .objects.filter(
                Q(directed_programs=program)
                | Q(administered_programs=program)
                | Q(pk__in=[u.pk for u in current])
            )
            .distinct()
        )
        field.label_from_instance = _name


class AppointmentForm(forms.ModelForm):
    class Meta:
        model = Appointment
        fields = ["trainee", "level", "starts_on", "ends_on", "status", "termination_filed_on"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "termination_filed_on": DATE}
        error_messages = {"trainee": {"invalid_choice": "Choose a mentee of the program."}}

    def __init__(self, *args, grant, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.grant = grant
        field = self.fields["trainee"]
        field.queryset = _people(
            get_user_model().objects.filter(enrollments__program=grant.program_id)
        )
        field.label_from_instance = _name
        if not self.instance.pk and grant.activity_code in (ActivityCode.K12, ActivityCode.KL2):
            self.fields["level"].initial = Level.SCHOLAR


class NewTraineeRecordForm(forms.ModelForm):
    entered_on = MonthField(label="Entry date", help_text=TraineeRecord._meta.get_field(
        "entered_on").help_text)  # fmt: skip

    class Meta:
        model = TraineeRecord
        fields = ["trainee", "entered_on", "research_topic"]
        error_messages = {
            "trainee": {"invalid_choice": "Choose a mentee of the program without a record."}
        }

    def __init__(self, *args, program, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.program = program
        field = self.fields["trainee"]
        field.queryset = _people(
            get_user_model()
            .objects.filter(enrollments__program=program)
            .exclude(trainee_records__program=program)
        )
        field.label_from_instance = _name


class TraineeRecordForm(forms.ModelForm):
    entered_on = MonthField(label="Entry date", help_text=TraineeRecord._meta.get_field(
        "entered_on").help_text)  # fmt: skip
    faculty_mentors = forms.ModelMultipleChoiceField(
        queryset=Mentorship.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Up to two, from the trainee's team (past mentors too).",
        error_messages={"invalid_choice": "Choose among the trainee's mentors."},
    )

    class Meta:
        model = TraineeRecord
        fields = [
            "entered_on",
            "research_topic",
            "faculty_mentors",
            "status",
            "ended_on",
            "leaving_reason",
            "no_publications_reason",
        ]
        widgets = {"ended_on": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["faculty_mentors"]
        field.queryset = self.instance.faculty_mentor_choices()
        field.label_from_instance = lambda m: (
            f"{m.mentor_name} ({m.get_role_display().lower()}"
            + (", ended)" if m.status == MentorshipStatus.ENDED else ")")
        )

    def clean_faculty_mentors(self):
        mentors = self.cleaned_data["faculty_mentors"]
        self.instance.check_faculty_mentors(list(mentors))
        return mentors


class SupportYearForm(forms.ModelForm):
    class Meta:
        model = SupportYear
        fields = ["training_year", "source", "grant_number"]

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.record = record

    def clean_training_year(self):
        year = self.cleaned_data["training_year"]
        taken = SupportYear.objects.filter(record=self.instance.record, training_year=year)
        if taken.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                f"TY{year} already has its source; remove it first to give another."
            )
        return year


class DegreeForm(forms.ModelForm):
    class Meta:
        model = Degree
        fields = ["degree", "year", "institution", "from_training"]

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.record = record


class PositionForm(forms.ModelForm):
    """A position as the program records it, with the day it was confirmed."""

    source = PositionSource.DIRECTOR

    class Meta:
        model = Position
        fields = [
            "title",
            "department",
            "institution",
            "sector",
            "kind_of_work",
            "starts_on",
            "ends_on",
            "is_first_after_training",
            "confirmed_on",
        ]
        widgets = {"starts_on": DATE, "ends_on": DATE, "confirmed_on": DATE}

    def __init__(self, *args, trainee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.trainee = trainee

    def save(self, commit=True):
        # Where the fact came from is who saved it last.
        self.instance.source = self.source
        return super().save(commit)


class OwnPositionForm(PositionForm):
    """A position as the trainee records it: confirmed by them, the day they save it."""

    source = PositionSource.TRAINEE

    class Meta(PositionForm.Meta):
        fields = [f for f in PositionForm.Meta.fields if f != "confirmed_on"]

    def save(self, commit=True):
        self.instance.confirmed_on = timezone.localdate()
        return super().save(commit)


# --- committee meetings -----------------------------------------------------------------


class CommitteeForm(forms.ModelForm):
    class Meta:
        model = Committee
        fields = ["meets_every_months"]

    def __init__(self, *args, record, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.record = record


class CommitteeMemberForm(forms.ModelForm):
    """A member, named by the e-mail address of their account, and their role."""

    person = forms.EmailField(
        label="Member's e-mail address",
        help_text="Of their mentorkit account. The chair is someone who does not mentor the "
        "scholar.",
    )

    class Meta:
        model = CommitteeMember
        fields = ["role"]

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.committee = committee

    def clean_person(self):
        email = self.cleaned_data["person"]
        person = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError(
                f"Nobody has an account with {email}: ask them to sign up first."
            )
        self.instance.person = person
        return email


class CommitteeMeetingForm(forms.ModelForm):
    class Meta:
        model = CommitteeMeeting
        fields = ["held_on"]
        widgets = {"held_on": DATE}

    def __init__(self, *args, committee, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.committee = committee


PROGRESS = forms.RadioSelect


class AssessmentForm(forms.ModelForm):
    class Meta:
        model = Assessment
        fields = [*Assessment.DOMAINS, "comments"]
        widgets = {
            "independence": PROGRESS,
            "scholarship": PROGRESS,
            "research_management": PROGRESS,
            "collaboration": PROGRESS,
            "comments": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, meeting, member, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.meeting, self.instance.member = meeting, member

    def save(self, commit=True):
        self.instance.submitted_at = timezone.now()
        return super().save(commit)


class CommitteeSummaryForm(forms.ModelForm):
    class Meta:
        model = CommitteeMeeting
        fields = ["summary", "recommendations"]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 6}),
            "recommendations": forms.Textarea(attrs={"rows": 3}),
        }

    def save(self, commit=True):
        self.instance.summarized_at = timezone.now()
        return super().save(commit)


# --- alumni check-ins ----------------------------------------------------------------------


class CheckInForm(forms.Form):
    """A one-minute check-in: is the current position still current, and what is new."""

    still_current = forms.ChoiceField(
        choices=[("yes", "Yes, it is"), ("changed", "No, it changed")],
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it is still your position."},
    )
    update = forms.CharField(
        label="What is new",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="A new position, grant or paper, an award: anything your program should know.",
    )

    def __init__(self, *args, current, **kwargs):
        super().__init__(*args, **kwargs)
        self.current = current
        if current is None:
            del self.fields["still_current"]
        else:
            self.fields["still_current"].label = f"Is {current} still your position?"
