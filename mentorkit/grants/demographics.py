"""Reporting demographics: a trainee's own answers (opt-in, self-reported) and a program's
counts of them, the only form in which anyone else sees them.

Each category is counted over the program's trainees (those with a record or an
appointment), so "not answered" includes those who never filled the form or withdrew it.
A cell below the anonymity threshold (`MIN_ANONYMOUS_RESPONSES`, the one anonymous
evaluations use) reads "<N"; when a category has exactly one such cell, the next smallest is
suppressed too, so the hidden one cannot be worked out from the total.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from mentorkit.programs.exports import _safe as spreadsheet_safe

from .choices import PREFER_NOT, Ethnicity, Race, SexGender, YesNo
from .models import Appointment, Demographics, TraineeRecord

NOT_ANSWERED = "Not answered"
MORE_THAN_ONE_RACE = "More than one race"
WHY = (
    "NIH asks training programs to report the sex or gender, race, ethnicity, disability and "
    "background of their trainees as counts (the training tables and the diversity of the "
    "pool a program recruits from). Answering is up to you, and each question can be left "
    "unanswered or answered “Prefer not to say”."
)
WHO_SEES = (
    "Only you see your answers. Your program's directors and administrators see counts of "
    "all trainees' answers, each count below {threshold} hidden; your mentors never see them. "
    "Withdrawing deletes your answers."
)


class DemographicsForm(forms.ModelForm):
    races = forms.MultipleChoiceField(
        label="Race",
        choices=Race.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose all that apply.",
    )

    class Meta:
        model = Demographics
        fields = ["sex_gender", "races", "ethnicity", "disability", "disadvantaged"]
        widgets = {
            "sex_gender": forms.RadioSelect,
            "ethnicity": forms.RadioSelect,
            "disability": forms.RadioSelect,
            "disadvantaged": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("sex_gender", "ethnicity", "disability", "disadvantaged"):
            field = self.fields[name]
            field.choices = [c for c in field.choices if c[0] != ""]  # type: ignore[attr-defined]
            field.required = False

    def clean_races(self):
        races = self.cleaned_data["races"]
        if PREFER_NOT in races and len(races) > 1:
            raise forms.ValidationError("Choose races, or “Prefer not to say”, not both.")
        return races


@transaction.atomic
def save_answers(form: DemographicsForm, person) -> Demographics:
    answers = form.save(commit=False)
    answers.person, answers.updated_at = person, timezone.now()
    answers.save()
    return answers


def withdraw(person) -> bool:
    """Delete one's answers; False when there were none."""
    deleted, _ = Demographics.objects.filter(person=person).delete()
    return bool(deleted)


@dataclass
class Category:
    title: str
    cells: list[tuple[str, str]]  # (answer, the count as shown)


def threshold() -> int:
    return settings.MIN_ANONYMOUS_RESPONSES


def trainee_ids(program) -> set[int]:
    """The people counted: the program's trainees with a record or an appointment."""
    records = TraineeRecord.objects.filter(program=program).values_list("trainee_id", flat=True)
    appointed = Appointment.objects.filter(grant__program=program).values_list(
        "trainee_id", flat=True
    )
    return set(records) | set(appointed)


def counts(program, people: set[int] | None = None) -> tuple[int, list[Category]]:
    """The number of trainees counted and, per category, the counts as they may be shown."""
    people = trainee_ids(program) if people is None else people
    answers = list(Demographics.objects.filter(person_id__in=people))
    total, limit = len(people), threshold()

    def category(title: str, options, answer_of) -> Category:
        tally = {label: 0 for label in options.values()}
        tally[NOT_ANSWERED] = total - len(answers)
        for a in answers:
            tally[answer_of(a)] += 1
        return Category(title, suppressed(tally, limit))

    def single(field: str, choices):
        labels = dict(choices)
        return lambda a: labels.get(getattr(a, field), NOT_ANSWERED)

    race_labels = dict(Race.choices)

    def race(a: Demographics) -> str:
        chosen = a.race_answer()
        if not chosen:
            return NOT_ANSWERED
        return race_labels[chosen[0]] if len(chosen) == 1 else MORE_THAN_ONE_RACE

    races = {k: v for k, v in Race.choices if k != PREFER_NOT}
    races.update({"more": MORE_THAN_ONE_RACE, PREFER_NOT: race_labels[PREFER_NOT]})
    return total, [
        category("Sex or gender", dict(SexGender.choices), single("sex_gender", SexGender.choices)),
        category("Race", races, race),
        category("Ethnicity", dict(Ethnicity.choices), single("ethnicity", Ethnicity.choices)),
        category("Disability", dict(YesNo.choices), single("disability", YesNo.choices)),
        category(
            "Disadvantaged background", dict(YesNo.choices), single("disadvantaged", YesNo.choices)
        ),
    ]


def suppressed(tally: dict[str, int], limit: int) -> list[tuple[str, str]]:
    """Each count, or "<limit" below it; a lone hidden cell takes the next smallest with it
    (the category's cells add up to the number of trainees)."""
    hidden = {label for label, n in tally.items() if n < limit}
    if len(hidden) == 1:
        shown = sorted((n, i) for i, (label, n) in enumerate(tally.items()) if label not in hidden)
        if shown:
            hidden.add(list(tally)[shown[0][1]])
    return [(label, f"<{limit}" if label in hidden else str(n)) for label, n in tally.items()]


def to_csv(program) -> bytes:
    total, categories = counts(program)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(spreadsheet_safe([f"{program.name} · reporting demographics (counts)"]))
    writer.writerow(["Category", "Answer", "Trainees"])
    writer.writerow(["All", "Trainees counted", str(total)])
    for c in categories:
        for answer, shown in c.cells:
            writer.writerow([c.title, answer, shown])
    writer.writerow([])
    writer.writerow(["Notes"])
    writer.writerow(
        [
            "Self-reported and optional: counts of the program's trainees (a record or an "
            f"appointment). A count below {threshold()} is shown as <{threshold()}, and so is "
            "the next smallest when a category would otherwise hide one count alone. "
            "“Not answered” counts those who left the question or the form unanswered; "
            "“Prefer not to say” those who chose it. Never a person's answers."
        ]
    )
    return out.getvalue().encode("utf-8")
