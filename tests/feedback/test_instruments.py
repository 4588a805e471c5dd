"""Rating instruments are data files shipped with the app or added by a program; each is
validated on load, and a bad one is refused with the file and the problem named."""

from pathlib import Path

import pytest
from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from mentorkit.feedback import instruments
from mentorkit.feedback.instruments import InstrumentError, load, parse

GOOD = """
key: program-pulse
version: 2
name: Program pulse
scale: {min: 1, max: 5, anchors: {1: Never, 5: Always}}
domains:
  - key: communication
    name: Communication
    items:
      - {key: clear, text: Explains clearly.}
"""


def write(tmp_path: Path, text: str, name="instrument.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_shipped_instrument_has_six_domains_on_a_seven_point_scale():
    style = instruments.get("mentoring-style")
    assert [d.key for d in style.domains] == [
        "communication",
        "expectations",
        "understanding",
        "diversity",
        "independence",
        "development",
    ]
    assert (style.low, style.high) == (1, 7)
    assert all(2 <= len(d.items) <= 4 for d in style.domains)


def test_a_program_adds_its_own_instrument_in_yaml_or_json(tmp_path):
    write(tmp_path, GOOD)
    write(
        tmp_path,
        '{"key": "json-one", "version": 1, "name": "J", "scale": {"min": 0, "max": 10},'
        ' "domains": [{"key": "d", "name": "D", "items": [{"key": "i", "text": "T"}]}]}',
        "other.json",
    )
    found = load([instruments.HERE, tmp_path])
    assert set(found) == {"mentoring-style", "program-pulse", "json-one"}
    assert found["program-pulse"].anchors == {1: "Never", 5: "Always"}
    assert found["json-one"].scale == range(0, 11)


@pytest.mark.parametrize(
    "change, problem",
    [
        (("version: 2", "version: two"), "'version' must be a whole number"),
        (("{min: 1, max: 5", "{min: 5, max: 5"), "'scale' must go from"),
        (("{key: clear,", "{key: 'no spaces',"), "'key' must be a short name"),
        (("Explains clearly.", "''"), "item 'clear' has no text"),
        (("name: Program pulse\n", ""), "'name' is missing"),
        (("5: Always", "9: Always"), "'scale.anchors': 9 is not on the scale 1–5"),
        (
            ("    items:\n      - {key: clear, text: Explains clearly.}", "    items: []"),
            "has no items",
        ),
        (("domains:", "domains: oops\nx:"), "'domains' must be a non-empty list"),
        (("key: program-pulse", "key: program-pulse\n  bad: [indent"), "cannot be read"),
    ],
)
def test_a_bad_file_is_refused_naming_the_file_and_the_problem(tmp_path, change, problem):
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(InstrumentError) as refused:
        parse(path)
    assert str(refused.value).startswith(f"{path}: ")
    assert problem in str(refused.value)


def test_two_files_may_not_claim_the_same_key(tmp_path):
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD, "b.yaml")
    with pytest.raises(InstrumentError, match="already used by"):
        load([tmp_path])


def test_a_bad_file_stops_the_start_up_with_one_line(tmp_path):
    write(tmp_path, GOOD.replace("version: 2", "version: -1"))
    instruments.registry.cache_clear()
    try:
        with (
            override_settings(MENTORKIT_INSTRUMENT_DIRS=[str(tmp_path)]),
            pytest.raises(ImproperlyConfigured) as stopped,
        ):
            apps.get_app_config("feedback").ready()
        message = str(stopped.value)
        assert message.startswith("Rating instrument: ") and str(tmp_path) in message
        assert "\n" not in message
    finally:
        instruments.registry.cache_clear()


def test_a_missing_directory_is_named(tmp_path):
    with pytest.raises(InstrumentError, match="not a directory of instruments"):
        load([tmp_path / "nowhere"])
