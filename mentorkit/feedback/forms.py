"""Forms for feedback: the rules of bad input live here, for the pages and the API alike."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentorkit.teams.models import Mentorship

from . import instruments
from .models import EvaluationWindow, FeedbackRequest, Topic

DATE = forms.DateInput(attrs={"type": "date"})
NOT_YOURSELF = "You cannot ask yourself for feedback: choose someone on your team."


def counterparts(user):
    """Active mentorships where `user` is one side, with the other side loaded."""
    from django.db.models import Q

    return (
        Mentorship.objects.active()
        .filter(Q(mentee=user) | Q(mentor=user))
        .select_related("mentee", "mentor")
        .order_by("id")
    )


def other_side(mentorship, user):
    return mentorship.mentor if mentorship.mentee_id == user.pk else mentorship.mentee


class RequestForm(forms.ModelForm):
    mentorship = forms.ModelChoiceField(queryset=Mentorship.objects.none(), label="Ask")
    link = forms.URLField(
        label="Link to the document", required=False, assume_scheme="https", max_length=200
    )

    class Meta:
        model = FeedbackRequest
        fields = ["mentorship", "topic", "title", "details", "link", "due_on"]
        widgets = {"due_on": DATE, "details": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        field = self.fields["mentorship"]
        field.queryset = counterparts(user)
        field.label_from_instance = lambda m: other_side(m, user).display_name
        field.error_messages["invalid_choice"] = (
            "Choose someone you have an active mentorship with."
        )

    def clean_mentorship(self):
        mentorship = self.cleaned_data["mentorship"]
        if other_side(mentorship, self.user) == self.user:
            raise ValidationError(NOT_YOURSELF)
        return mentorship

    def clean_due_on(self):
        due = self.cleaned_data["due_on"]
        if due < timezone.localdate():
            raise ValidationError("The date has passed: give a date from today.")
        return due


def rating_field(instrument, item) -> forms.TypedChoiceField:
    anchors = instrument.anchors
    return forms.TypedChoiceField(
        label=item.text,
        choices=[
            (v, f"{v}" + (f" — {anchors[v]}" if v in anchors else "")) for v in instrument.scale
        ],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Give a rating for this item.",
            "invalid_choice": (f"Choose a value from {instrument.low} to {instrument.high}."),
        },
    )


class RatingsMixin:
    """Adds one field per item of an instrument, named `r_<item>`, and collects them."""

    fields: dict
    cleaned_data: dict

    def add_ratings(self, instrument, required=True) -> None:
        self.instrument = instrument
        for item in instrument.items.values():
            field = rating_field(instrument, item)
            field.required = required
            self.fields[f"r_{item.key}"] = field

    def rating_fields_by_domain(self):
        return [
            (domain, [self[f"r_{item.key}"] for item in domain.items])  # type: ignore[index]
            for domain in self.instrument.domains
        ]

    def ratings(self) -> dict[str, int]:
        return {
            name[2:]: value
            for name, value in self.cleaned_data.items()
            if name.startswith("r_") and value not in (None, "")
        }


class FeedbackForm(RatingsMixin, forms.Form):
    """Feedback in words; about the mentoring, also ratings on the mentoring-style instrument."""

    topic = forms.ChoiceField(choices=Topic.choices, initial=Topic.OTHER)
    text = forms.CharField(
        label="Feedback", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    rate = forms.BooleanField(label="Also rate the mentoring style", required=False, initial=False)

    def __init__(self, *args, can_rate: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_rate = can_rate
        if can_rate:
            self.add_ratings(instruments.get(instruments.DEFAULT), required=False)
        else:
            del self.fields["rate"]

    def clean(self):
        data = super().clean()
        rating = self.can_rate and data.get("rate")
        if rating:
            missing = [
                name
                for name in self.fields
                if name.startswith("r_") and data.get(name) in (None, "")
            ]
            for name in missing:
                self.add_error(name, "Give a rating for this item.")
        elif not (data.get("text") or "").strip():
            self.add_error("text", "Write your feedback (or rate the mentoring style).")
        if not rating:
            for name in [n for n in data if n.startswith("r_")]:
                data[name] = None
        return data


class SelfRatingForm(RatingsMixin, forms.Form):
    text = forms.CharField(
        label="A note to yourself (optional)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_ratings(instruments.get(instruments.DEFAULT))


class ActForm(forms.Form):
    note = forms.CharField(
        label="What was done",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to both of you with the date.",
    )
    action_title = forms.CharField(
        label="Also make it an action item", max_length=300, required=False
    )
    action_due_on = forms.DateField(label="Action due", required=False, widget=DATE)
    goal: forms.ModelChoiceField = forms.ModelChoiceField(
        queryset=None,  # type: ignore[arg-type]
        required=False,
        label="It changed this goal",
        help_text="Link the goal you changed because of this feedback.",
    )

    def __init__(self, *args, goals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["goal"].queryset = goals


class WindowForm(forms.ModelForm):
    class Meta:
        model = EvaluationWindow
        fields = ["program", "title", "instrument", "opens_on", "closes_on", "threshold"]
        widgets = {"opens_on": DATE, "closes_on": DATE, "instrument": forms.Select}

    def __init__(self, *args, programs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs
        self.fields["instrument"].widget.choices = instruments.choices()
        self.fields["threshold"].initial = settings.MIN_ANONYMOUS_RESPONSES
        self.fields["threshold"].min_value = 3

    def clean_instrument(self):
        key = self.cleaned_data["instrument"]
        if key not in instruments.registry():
            raise ValidationError("There is no such instrument.")
        return key

    def clean_threshold(self):
        threshold = self.cleaned_data["threshold"]
        if threshold < 3:
            raise ValidationError(
                "Results need at least 3 responses, so no one can be recognised by their answers."
            )
        return threshold

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", "The window must close on or after the day it opens.")
        return data


class EvaluationForm(RatingsMixin, forms.Form):
    comment = forms.CharField(
        label="Comments (optional)",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Shown to the mentor and the director only with at least the minimum number "
        "of responses, in a shuffled order, after the window closes. Do not name yourself.",
    )

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_ratings(instrument)
