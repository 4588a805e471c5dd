from django import forms
from django.utils import timezone

from mentorkit.teams.choices import TAKEN_ROLES
from mentorkit.teams.models import Role

from .models import Objective
from .rounds import WHO


class DirectorySearchForm(forms.Form):
    q = forms.CharField(
        label="Expertise or need",
        max_length=120,
        required=False,
        help_text='For example "biostatistics" or "trial design".',
    )


class RequestMentorForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices, initial=Role.RESEARCH, label="As my")
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        label="A note with the request (optional)",
    )


class RoundForm(forms.Form):
    name = forms.CharField(max_length=120, label="Name of the round")
    who = forms.ChoiceField(choices=list(WHO.items()), widget=forms.RadioSelect, label="Match")
    cohort = forms.IntegerField(
        required=False, min_value=1990, max_value=2100, label="Cohort (for one cohort)"
    )
    objective = forms.ChoiceField(choices=Objective.choices, initial=Objective.MAX_SCORE)
    spread = forms.BooleanField(
        required=False, label="Spread the load (a small cost for each extra mentee of a mentor)"
    )
    roles = forms.MultipleChoiceField(
        choices=TAKEN_ROLES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label="Mentors by role",
        help_text="Each mentee gets one mentor for each role ticked, from the mentors who take "
        "it (their profile); none ticked: one mentor each.",
    )
    division_share = forms.TypedChoiceField(
        coerce=float,
        choices=[(0.0, "No limit"), (0.5, "Half"), (1 / 3, "A third"), (0.25, "A quarter")],
        initial=0.0,
        required=False,
        empty_value=0.0,  # type: ignore[arg-type]  # a float, as `coerce` gives
        label="At most this share of the round's pairs with mentors of one department",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].initial = f"Matching of {timezone.localdate():%B %Y}"

    def clean(self):
        data = super().clean()
        if data.get("who") == "cohort" and not data.get("cohort"):
            self.add_error("cohort", "Give the cohort's year.")
        if data.get("objective") == "stable":
            if data.get("roles"):
                self.add_error("roles", "The stable objective does not ask for roles.")
            if data.get("division_share"):
                self.add_error("division_share", "The stable objective takes no such limit.")
        return data


class MentorChoicesForm(forms.Form):
    """A mentor's 1st, 2nd and 3rd choice among a stable round's mentees."""

    mentor = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    first = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    second = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    third = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)

    def ranked(self) -> list[int]:
        data = self.cleaned_data
        return [data[k] for k in ("first", "second", "third") if data.get(k)]


class PairForm(forms.Form):
    """A change to one pair: `mentee`, `mentor` and `do`, or the review table's one button
    `change` = "do:mentee:mentor" (one form for the whole table)."""

    mentee = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    mentor = forms.IntegerField(min_value=1, max_value=2**31 - 1)
    do = forms.ChoiceField(choices=[("pin", "pin"), ("forbid", "forbid"), ("release", "release")])

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and "change" in data:
            do, _, rest = str(data["change"]).partition(":")
            mentee, _, mentor = rest.partition(":")
            data = {"do": do, "mentee": mentee, "mentor": mentor}
        super().__init__(data, *args, **kwargs)


class WeightsForm(forms.Form):
    """A program's weights for matching; each criterion's points, 0 to switch it off."""

    high_need = forms.FloatField(min_value=0, max_value=1, label="Covers a high-priority need")
    medium_need = forms.FloatField(min_value=0, max_value=1, label="Covers a medium-priority need")
    low_need = forms.FloatField(min_value=0, max_value=1, label="Covers a low-priority need")
    other_discipline = forms.FloatField(
        min_value=0, max_value=1, label="Another discipline than the mentee's"
    )
    per_free_slot = forms.FloatField(min_value=0, max_value=1, label="Per free slot")
    free_slots_counted = forms.IntegerField(
        min_value=0, max_value=10, label="Free slots counted, at most"
    )
    first_choice = forms.FloatField(
        min_value=0,
        max_value=1,
        label="The mentee's 1st choice (2nd: two thirds of it, 3rd: a third)",
    )


class PreferenceForm(forms.Form):
    rank = forms.TypedChoiceField(
        coerce=int,
        choices=[
            (1, "my 1st choice"),
            (2, "my 2nd choice"),
            (3, "my 3rd choice"),
            (0, "no choice"),
        ],
        label="Rank as",
    )
