"""Rating instruments: data files (YAML or JSON), validated on load.

An instrument has a key, a version, a name, a scale (integers `min`..`max`, with optional
anchors) and domains, each with items. The app ships `mentoring-style.yaml`; a program
adds its own — a licensed instrument included — by putting files in a directory named by
the `MENTORKIT_INSTRUMENT_DIRS` setting. A file that does not validate stops the start-up
with one line naming the file and the problem.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

HERE = Path(__file__).resolve().parent
SUFFIXES = {".yaml", ".yml", ".json"}
DEFAULT = "mentoring-style"


class InstrumentError(ValueError):
    """A file that is not a valid instrument; the message names the file and the problem."""


@dataclass(frozen=True)
class Item:
    key: str
    text: str
    domain: str


@dataclass(frozen=True)
class Domain:
    key: str
    name: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Instrument:
    key: str
    version: int
    name: str
    description: str
    low: int
    high: int
    anchors: dict[int, str]
    domains: tuple[Domain, ...]
    path: str

    @property
    def items(self) -> dict[str, Item]:
        return {item.key: item for domain in self.domains for item in domain.items}

    @property
    def scale(self) -> range:
        return range(self.low, self.high + 1)

    def domain_of(self, item_key: str) -> str:
        return self.items[item_key].domain

    def check(self, ratings: dict[str, int]) -> list[str]:
        """The problems with a set of ratings: unknown items, values off the scale, gaps."""
        problems = []
        items = self.items
        for key, value in ratings.items():
            if key not in items:
                problems.append(f"the instrument {self.name!r} has no item {key!r}")
            elif not isinstance(value, int) or isinstance(value, bool) or value not in self.scale:
                problems.append(f"{key}: {value!r} is not on the scale {self.low}–{self.high}")
        missing = [key for key in items if key not in ratings]
        if missing:
            problems.append("no rating for " + ", ".join(missing))
        return problems


def _require(condition: object, path: Path, problem: str) -> None:
    if not condition:
        raise InstrumentError(f"{path}: {problem}")


def _key(value, path: Path, where: str) -> str:
    _require(
        isinstance(value, str) and value.replace("-", "_").isidentifier(),
        path,
        f"{where}: 'key' must be a short name of letters, digits, - or _ (got {value!r})",
    )
    return value


def parse(path: Path) -> Instrument:
    """Read and validate one instrument file."""
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as error:
        first = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise InstrumentError(f"{path}: cannot be read ({first})") from error
    _require(
        isinstance(data, dict), path, "must be a mapping with key, version, name, scale, domains"
    )
    for field in ("key", "version", "name", "scale", "domains"):
        _require(field in data, path, f"'{field}' is missing")
    key = _key(data["key"], path, "instrument")
    _require(
        isinstance(data["version"], int) and data["version"] >= 1,
        path,
        "'version' must be a whole number from 1",
    )
    _require(isinstance(data["name"], str) and data["name"].strip(), path, "'name' is empty")
    scale = data["scale"]
    _require(isinstance(scale, dict), path, "'scale' must have 'min' and 'max'")
    low, high = scale.get("min"), scale.get("max")
    _require(
        isinstance(low, int) and isinstance(high, int) and low < high and high - low <= 20,
        path,
        f"'scale' must go from a whole number 'min' to a larger 'max' (got {low!r}–{high!r})",
    )
    anchors = scale.get("anchors") or {}
    _require(isinstance(anchors, dict), path, "'scale.anchors' must map values to words")
    for value in anchors:
        _require(
            isinstance(value, int) and low <= value <= high,
            path,
            f"'scale.anchors': {value!r} is not on the scale {low}–{high}",
        )
    domains = data["domains"]
    _require(isinstance(domains, list) and domains, path, "'domains' must be a non-empty list")
    seen_domains: set[str] = set()
    seen_items: set[str] = set()
    built = []
    for number, domain in enumerate(domains, 1):
        where = f"domain {number}"
        _require(isinstance(domain, dict), path, f"{where} must be a mapping")
        domain_key = _key(domain.get("key"), path, where)
        _require(domain_key not in seen_domains, path, f"domain key {domain_key!r} is used twice")
        seen_domains.add(domain_key)
        _require(
            isinstance(domain.get("name"), str) and domain["name"].strip(),
            path,
            f"{where} ({domain_key}) has no name",
        )
        items = domain.get("items")
        _require(isinstance(items, list) and items, path, f"{where} ({domain_key}) has no items")
        built_items = []
        for item in items:
            _require(isinstance(item, dict), path, f"an item of {domain_key} must be a mapping")
            item_key = _key(item.get("key"), path, f"an item of {domain_key}")
            _require(item_key not in seen_items, path, f"item key {item_key!r} is used twice")
            seen_items.add(item_key)
            _require(
                isinstance(item.get("text"), str) and item["text"].strip(),
                path,
                f"item {item_key!r} has no text",
            )
            built_items.append(Item(item_key, item["text"].strip(), domain_key))
        built.append(Domain(domain_key, domain["name"].strip(), tuple(built_items)))
    return Instrument(
        key=key,
        version=data["version"],
        name=data["name"].strip(),
        description=str(data.get("description") or "").strip(),
        low=low,
        high=high,
        anchors={int(k): str(v) for k, v in anchors.items()},
        domains=tuple(built),
        path=str(path),
    )


def directories() -> list[Path]:
    return [HERE, *(Path(d) for d in getattr(settings, "MENTORKIT_INSTRUMENT_DIRS", []))]


def load(dirs: list[Path] | None = None) -> dict[str, Instrument]:
    """Every instrument in the directories, by key. Raises InstrumentError on a bad file."""
    found: dict[str, Instrument] = {}
    for directory in dirs if dirs is not None else directories():
        if not directory.is_dir():
            raise InstrumentError(f"{directory}: not a directory of instruments")
        for path in sorted(directory.iterdir()):
            if path.suffix not in SUFFIXES:
                continue
            instrument = parse(path)
            if instrument.key in found:
                raise InstrumentError(
                    f"{path}: the key {instrument.key!r} is already used by "
                    f"{found[instrument.key].path}"
                )
            found[instrument.key] = instrument
    return found


@cache
def registry() -> dict[str, Instrument]:
    return load()


def get(key: str) -> Instrument:
    """The instrument with this key; KeyError if there is none."""
    return registry()[key]


def choices() -> list[tuple[str, str]]:
    return [(i.key, i.name) for i in registry().values()]
