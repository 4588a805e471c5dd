"""Author lists in one style, whatever the source: "Müller H, Smith JR, et al."."""

from __future__ import annotations

import re

from .entries import squash


def initials(given: str) -> str:
    parts = [p for p in re.split(r"[\s.\-]+", given) if p]
    return "".join(p[0].upper() for p in parts if p[0].isalpha())


def person(family: str, given: str = "") -> str:
    family, given = squash(family), squash(given)
    if not family:
        return squash(given)
    letters = initials(given)
    return f"{family} {letters}" if letters else family


def author_list(names: list[str], et_al: bool = False) -> str:
    names = [n for n in names if n]
    text = ", ".join(names)
    if et_al and names:
        text += ", et al."
    return text


def split_bibtex_name(name: str) -> str:
    """`Müller, Hans` or `Hans Müller` → `Müller H`; a braced corporate name stays whole."""
    name = squash(name)
    if name.startswith("{") and name.endswith("}"):
        return name[1:-1]
    name = name.replace("{", "").replace("}", "")
    if "," in name:
        family, given = name.split(",", 1)
        # "von Last, Jr, First": the given names come last
        given = given.split(",")[-1]
        return person(family, given)
    words = name.split()
    if len(words) == 1:
        return words[0]
    # "Ludwig van Beethoven": lower-case particles belong to the family name
    cut = len(words) - 1
    while cut > 1 and words[cut - 1][:1].islower():
        cut -= 1
    return person(" ".join(words[cut:]), " ".join(words[:cut]))
