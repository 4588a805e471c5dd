from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

from django import forms
from django.utils import timezone

from mentorkit.accounts.forms import TIME_ZONE_CHOICES
from mentorkit.accounts.widgets import LongSelect
from mentorkit.teams.models import Mentorship

from .models import ActionItem, AgendaItem, Disagreement, Meeting, Series, attending_mentors
from .recurrence import WEEKDAY_NAMES, WEEKDAYS, Rhythm

WEEKDAY_CHOICES = list(zip(WEEKDAYS, WEEKDAY_NAMES, strict=True))
ORDINAL_CHOICES = [(1, "First"), (2, "Second"), (3, "Third"), (4, "Fourth"), (-1, "Last")]


class DateInput(forms.DateInput):
    input_type = "date"


class TimeInput(forms.TimeInput):
    input_type = "time"


class SeriesForm(forms.ModelForm):
    """Builds the RRULE from plain choices: weekly on weekdays, every N weeks, or monthly on the n-th weekday."""

    mentorships = forms.ModelMultipleChoiceField(
        queryset=Mentorship.objects.none(), widget=forms.CheckboxSelectMultiple, label="With"
    )
    starts_on = forms.DateField(widget=DateInput(), label="First meeting on or after")
    start_time = forms.TimeField(widget=TimeInput(), label="Starts at")
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        widget=LongSelect,
        error_messages={
            "invalid_choice": "“%(value)s” is not a time zone we know; pick one like America/New_York."
        },
    )
    frequency = forms.ChoiceField(
        choices=[("weekly", "Weekly"), ("monthly", "Monthly")],
        widget=forms.RadioSelect,
        initial="weekly",
    )
    interval = forms.IntegerField(
        min_value=1, max_value=12, initial=1, label="Every … weeks or months"
    )
    weekdays = forms.MultipleChoiceField(
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="On",
    )
    month_ordinal = forms.TypedChoiceField(
        choices=ORDINAL_CHOICES, coerce=int, required=False, label="On the"
    )
    month_weekday = forms.ChoiceField(
        choices=[("", "—"), *WEEKDAY_CHOICES], required=False, label="Weekday"
    )
    ends = forms.ChoiceField(
        choices=[
            ("never", "No end"),
            ("until", "On a date"),
            ("count", "After a number of meetings"),
        ],
        widget=forms.RadioSelect,
        initial="never",
    )
    until = forms.DateField(widget=DateInput(), required=False, label="Last date")
    count = forms.IntegerField(
        min_value=1, max_value=500, required=False, label="Number of meetings"
    )
    video_url = forms.URLField(required=False, assume_scheme="https", label="Video link")

    class Meta:
        model = Series
        fields = ["title", "mentorships", "duration_minutes", "location", "video_url"]
        labels = {"duration_minutes": "Length (minutes)"}

    field_order = [
        "title",
        "mentorships",
        "frequency",
        "interval",
        "weekdays",
        "month_ordinal",
        "month_weekday",
        "starts_on",
        "start_time",
        "duration_minutes",
        "time_zone",
        "ends",
        "until",
        "count",
        "location",
        "video_url",
    ]

    # The form's parts; a part with `reveal` shows only for that choice (mentorkit.js),
    # and every part shows without JavaScript.
    PARTS = (
        ("What", "", ("title", "mentorships")),
        ("How often", "", ("frequency", "interval")),
        ("Which weekdays", "frequency:weekly", ("weekdays",)),
        ("Which day of the month", "frequency:monthly", ("month_ordinal", "month_weekday")),
        ("When", "", ("starts_on", "start_time", "duration_minutes", "time_zone")),
        ("Until", "", ("ends",)),
        ("Last date", "ends:until", ("until",)),
        ("How many", "ends:count", ("count",)),
        ("Where", "", ("location", "video_url")),
    )

    def parts(self):
        """(legend, reveal, bound fields) for each part of the form, in order."""
        return [(legend, reveal, [self[n] for n in names]) for legend, reveal, names in self.PARTS]

    def __init__(self, *args, mentee, user, **kwargs):
        super().__init__(*args, **kwargs)
        team = Mentorship.objects.active().filter(mentee=mentee).select_related("mentor")
        if user.pk != mentee.pk:
            # A mentor schedules only their own meetings with the mentee.
            team = team.filter(mentor=user)
        self.fields["mentorships"].queryset = team
        self.fields["mentorships"].label_from_instance = lambda m: (
            f"{m.mentor_name} ({m.get_role_display()})"
        )
        self.fields["time_zone"].initial = mentee.time_zone
        if self.instance.pk:
            self._initial_from_rule()

    def _initial_from_rule(self):
        series = self.instance
        local = series.local_first_start
        self.initial.update(
            starts_on=local.date(),
            start_time=local.time(),
            time_zone=series.time_zone,
            **series.rhythm.choices(series.zone),
        )

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if not minutes or minutes < 5 or minutes > 480:
            raise forms.ValidationError("A meeting lasts between 5 minutes and 8 hours.")
        return minutes

    def clean(self):
        data = super().clean()
        frequency = data.get("frequency")
        if frequency == "weekly" and not data.get("weekdays"):
            self.add_error("weekdays", "Choose at least one weekday.")
        if frequency == "monthly":
            # Each error on the field it is about.
            if data.get("month_ordinal") in (None, ""):
                self.add_error("month_ordinal", "Choose which one of the month, e.g. the first.")
            if not data.get("month_weekday"):
                self.add_error("month_weekday", "Choose the weekday, e.g. Tuesday.")
        ends = data.get("ends")
        if ends == "until":
            if not data.get("until"):
                self.add_error("until", "Give the last date.")
            elif data.get("starts_on") and data["until"] < data["starts_on"]:
                self.add_error("until", "The end is before the start.")
        if ends == "count" and not data.get("count"):
            self.add_error("count", "Give the number of meetings.")
        if self.errors:
            return data
        tz = zoneinfo.ZoneInfo(data["time_zone"])
        rhythm = Rhythm.from_choices(
            frequency=frequency,
            weekdays=data.get("weekdays"),
            interval=data["interval"],
            month_ordinal=data.get("month_ordinal"),
            month_weekday=data.get("month_weekday"),
            until=data.get("until") if ends == "until" else None,
            count=data.get("count") if ends == "count" else None,
            tz=data["time_zone"],
            start_time=data["start_time"],
        )
        self.rule = rhythm.rule
        # DTSTART is the first occurrence on or after the chosen date.
        candidate = datetime.combine(data["starts_on"], data["start_time"], tz)
        found = rhythm.every_week_or_month().occurrences(
            candidate, candidate, candidate + timedelta(days=400)
        )
        if not found:
            self.add_error(
                "starts_on", "No meeting falls in the year after this date with these choices."
            )
            return data
        self.first_start = found[0]
        if ends == "until" and found[0].date() > data["until"]:
            self.add_error("until", "No meeting falls between the start and this date.")
        return data

    def save(self, commit=True):
        series = super().save(commit=False)
        series.rule = self.rule
        series.first_start = self.first_start
        series.time_zone = self.cleaned_data["time_zone"]
        if commit:
            series.save()
            self.save_m2m()
        return series


class MoveMeetingForm(forms.Form):
    starts_at = forms.DateTimeField(
        label="New date and time",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting

    def clean_starts_at(self):
        starts = self.cleaned_data["starts_at"]
        # The form's datetime is wall-clock time in the series' zone.
        if timezone.is_aware(starts):
            starts = starts.replace(tzinfo=None)
        starts = starts.replace(tzinfo=self.meeting.series.zone)
        length = timedelta(minutes=self.meeting.duration_minutes)
        neighbours = (
            Meeting.objects.filter(series_id=self.meeting.series_id)
            .exclude(pk=self.meeting.pk)
            .exclude(status="cancelled")
        )
        clash = neighbours.filter(
            starts_at__lt=starts + length, starts_at__gt=starts - length
        ).first()
        if clash:
            raise forms.ValidationError(
                f"This collides with the meeting on {timezone.localtime(clash.starts_at, self.meeting.series.zone):%-d %b at %H:%M}."
            )
        return starts


class NotesForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Meeting
        fields = ["status", "summary", "notes", "attendees"]
        widgets = {
            "notes": forms.Textarea(attrs={"rows": 10}),
            "attendees": forms.CheckboxSelectMultiple,
        }
        help_texts = {"notes": "Markdown: **bold**, lists with -, links."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attendees"].queryset = self.instance.attendee_choices()
        self.fields["attendees"].required = False
        self.fields["version"].initial = self.instance.version


class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["title"]
        labels = {"title": "Add a topic"}


class ActionItemForm(forms.ModelForm):
    class Meta:
        model = ActionItem
        fields = ["title", "owner", "due_on"]
        widgets = {"due_on": DateInput()}

    def __init__(self, *args, participants, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = participants


class DisagreementForm(forms.ModelForm):
    class Meta:
        model = Disagreement
        fields = ["mentorship", "topic", "mentee_view", "mentor_view", "ending", "follow_up"]
        widgets = {
            "mentee_view": forms.Textarea(attrs={"rows": 3}),
            "mentor_view": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, meeting, **kwargs):
        # Its own ids: the meeting page also has the agenda's topic field.
        kwargs.setdefault("auto_id", "id_disagreement_%s")
        super().__init__(*args, **kwargs)
        self.fields["mentorship"].queryset = meeting.series.mentorships.filter(
            pk__in=attending_mentors().filter(series=meeting.series_id).values("mentorship_id")
        ).select_related("mentor")
        self.fields["mentorship"].label_from_instance = lambda m: m.mentor_name
