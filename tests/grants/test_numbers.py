"""The arithmetic the records share: award numbers, months of support, yearly periods, names."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from mentorkit.grants.numbers import last_first, months_between, parse_award_number, yearly_periods


@pytest.mark.parametrize(
    ("text", "parts", "written"),
    [
        ("5T32HL123456-03", ("5", "T32", "HL", "123456", "03", ""), "5T32HL123456-03"),
        ("T32 HL123456", ("", "T32", "HL", "123456", "", ""), "T32HL123456"),
        ("1 k12 hd 043483-01a1", ("1", "K12", "HD", "043483", "01", "A1"), "1K12HD043483-01A1"),
        ("KL2TR001110", ("", "KL2", "TR", "001110", "", ""), "KL2TR001110"),
        ("3R01CA123456-04S1A1", ("3", "R01", "CA", "123456", "04", "S1A1"), "3R01CA123456-04S1A1"),
    ],
)
def test_an_award_number_reads_as_its_parts(text, parts, written):
    number = parse_award_number(text)

    assert (
        number.application_type,
        number.activity_code,
        number.institute,
        number.serial,
        number.support_year,
        number.suffix,
    ) == parts
    assert str(number) == written
    assert number.core == f"{parts[1]} {parts[2]}{parts[3]}"


@pytest.mark.parametrize(
    "text", ["", "T32", "T32HL12345", "T32-HL-123456", "HL123456", "T32HL1234567"]
)
def test_anything_else_is_refused_with_what_an_award_number_looks_like(text):
    with pytest.raises(ValidationError, match="e.g. 5T32HL123456-03 or T32 HL123456"):
        parse_award_number(text)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2024, 7, 1), date(2025, 6, 30), 12.0),
        (date(2024, 7, 1), date(2024, 7, 15), 0.5),
        (date(2024, 7, 1), date(2024, 6, 30), 0.0),
        (date(2020, 9, 1), date(2025, 8, 31), 60.0),
    ],
)
def test_months_of_support_count_both_days(start, end, months):
    assert months_between(start, end) == months


def test_budget_periods_are_twelve_months_from_the_start_the_last_one_cut():
    assert yearly_periods(date(2021, 7, 1), date(2023, 3, 31)) == [
        (1, date(2021, 7, 1), date(2022, 6, 30)),
        (2, date(2022, 7, 1), date(2023, 3, 31)),
    ]


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Grace Liu", "Liu, Grace"),
        ("Maria T Alvarez", "Alvarez, Maria T."),
        ("Plato", "Plato"),
        ("Dr. Aisha Bello", "Bello, Aisha"),
        ("Prof Drew", "Drew"),
    ],
)
def test_names_are_written_last_first(name, written):
    assert last_first(name) == written
