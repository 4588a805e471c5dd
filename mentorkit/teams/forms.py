from django import forms

from .models import (
    PUBLIC_END_REASONS,
    Agreement,
    Channel,
    Insight,
    MentorNote,
    Mentorship,
    MentorshipStatus,
    Need,
)


class DateInput(forms.DateInput):
    input_type = "date"


class InviteMentorForm(forms.ModelForm):
    class Meta:
        model = Mentorship
        fields = ["invited_name", "invited_email", "role", "discipline", "focus", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 3})}
        error_messages = {
            "invited_email": {"invalid": "Enter a valid e-mail address, like name@example.org."}
        }


class ReplaceMentorForm(InviteMentorForm):
    """An invitation to a new mentor in the place of an ended mentorship, with what the mentee
    consents to hand over."""

    class Meta(InviteMentorForm.Meta):
        fields = [*InviteMentorForm.Meta.fields, "inherit_agreement", "inherit_actions"]

    def __init__(self, *args, earlier, has_agreement: bool, open_actions: int, **kwargs):
        initial = {
            "role": earlier.role,
            "discipline": earlier.discipline,
            "focus": earlier.focus,
            "inherit_agreement": has_agreement,
            "inherit_actions": bool(open_actions),
        }
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        name = earlier.mentor_name
        agreement = self.fields["inherit_agreement"]
        agreement.label = f"Start our agreement from the one with {name}"
        agreement.help_text = (
            "Copied as a first version for you both to acknowledge; change it any time."
        )
        actions = self.fields["inherit_actions"]
        actions.label = f"Hand {name}'s open action items ({open_actions}) to the new mentor"
        actions.help_text = "They see them once they accept."
        if not has_agreement:
            del self.fields["inherit_agreement"]
        if not open_actions:
            del self.fields["inherit_actions"]


class MentorshipForm(forms.ModelForm):
    """What the mentee may change about a mentorship once it exists."""

    status = forms.ChoiceField(
        choices=[
            (MentorshipStatus.ACTIVE, "Active"),
            (MentorshipStatus.PAUSED, "Paused"),
            (MentorshipStatus.ENDED, "Ended"),
        ]
    )

    class Meta:
        model = Mentorship
        fields = ["role", "discipline", "focus", "status", "started_on", "ended_on"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}

    def clean(self):
        data = super().clean()
        start, end = data.get("started_on"), data.get("ended_on")
        if start and end and end < start:
            self.add_error("ended_on", "The end date is before the start date.")
        return data


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["name", "priority", "notes", "visibility"]
        help_texts = {"visibility": "Needs are shared with your team unless you choose otherwise."}

    def __init__(self, *args, mentee, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentee = mentee

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        duplicates = Need.objects.filter(mentee=self.mentee, name__iexact=name).exclude(
            pk=self.instance.pk
        )
        if duplicates.exists():
            raise forms.ValidationError("You already list this need.")
        return name


class InsightForm(forms.ModelForm):
    class Meta:
        model = Insight
        fields = ["source", "text", "recorded_on", "visibility"]
        widgets = {"recorded_on": DateInput(), "text": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"visibility": "Insights are private unless you choose otherwise."}

    def __init__(self, *args, mentee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].queryset = Mentorship.objects.filter(
            mentee=mentee, mentor__isnull=False
        ).select_related("mentor")
        self.fields["source"].label_from_instance = lambda m: (
            f"{m.mentor_name} ({m.get_role_display()})"
        )
        self.fields["source"].required = True


class MentorNoteForm(forms.ModelForm):
    class Meta:
        model = MentorNote
        fields = ["body"]
        labels = {"body": "Private note"}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


class AgreementForm(forms.ModelForm):
    channels = forms.MultipleChoiceField(
        choices=Channel.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    note = forms.CharField(
        label="Why this change?",
        max_length=300,
        required=False,
        help_text="Kept in the history with the change.",
    )

    class Meta:
        model = Agreement
        fields = [
            "mentorship",
            "cadence",
            "meeting_minutes",
            "channels",
            "response_hours",
            "feedback_rhythm",
            "authorship",
            "confidentiality",
            "disagreements",
            "next_review_on",
        ]
        widgets = {
            "next_review_on": DateInput(),
            "authorship": forms.Textarea(attrs={"rows": 3}),
            "confidentiality": forms.Textarea(attrs={"rows": 3}),
            "disagreements": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, mentee, **kwargs):
        super().__init__(*args, **kwargs)
        self.mentee = mentee
        if self.instance.pk:
            del self.fields["mentorship"]  # who an agreement binds does not change
        else:
            del self.fields["note"]
            field = self.fields["mentorship"]
            field.queryset = (
                Mentorship.objects.open()
                .filter(mentee=mentee, agreement__isnull=True)
                .exclude(mentor=None)
            )
            field.empty_label = "The whole team"
            field.label = "Agreement with"
            field.label_from_instance = lambda m: f"{m.mentor_name} only"

    def clean_meeting_minutes(self):
        minutes = self.cleaned_data["meeting_minutes"]
        if not 5 <= minutes <= 480:
            raise forms.ValidationError("A meeting lasts between 5 minutes and 8 hours.")
        return minutes

    def clean(self):
        data = super().clean()
        creating_team_agreement = (
            not self.instance.pk
            and data.get("mentorship") is None
            and "mentorship" not in self.errors
        )
        if (
            creating_team_agreement
            and Agreement.objects.filter(mentee=self.mentee, mentorship__isnull=True).exists()
        ):
            self.add_error(
                "mentorship", "You already have an agreement with the whole team; edit that one."
            )
        return data


class EndMentorshipForm(forms.Form):
    """Why a mentorship ends, told to the other person, and an optional note to them."""

    reason = forms.ChoiceField(
        choices=PUBLIC_END_REASONS,
        widget=forms.RadioSelect,
        label="Why it ends",
        error_messages={"required": "Choose why the mentorship ends."},
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        required=False,
        label="A note to them (optional)",
        help_text="Sent with the reason; a word of thanks goes a long way.",
    )
