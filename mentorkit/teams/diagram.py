"""The team picture: the mentee in the middle, mentors around, coloured by discipline.

Drawn on the server as SVG so the same picture appears in pages and PDFs.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.template.loader import render_to_string

from mentorkit.accounts.models import initials_of

# Colour-blind-safe palette (Okabe–Ito), one colour per discipline in order of appearance.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999"]


@dataclass
class Node:
    x: float
    y: float
    label: str
    sublabel: str
    initials: str
    colour: str
    dashed: bool
    said: str = ""  # the mentor in words, whole: for the picture's description

    @property
    def label_y(self) -> float:
        return round(self.y + 42, 1)

    @property
    def sublabel_y(self) -> float:
        return round(self.y + 56, 1)


def team_svg(mentee, mentorships, size: int = 480) -> str:
    centre = size / 2
    radius = size / 2 - 80
    colours: dict[str, str] = {}
    nodes = []
    shown = [m for m in mentorships if m.status in ("active", "paused", "invited")]
    for index, mentorship in enumerate(shown):
        discipline = mentorship.effective_discipline
        colour = colours.setdefault(
            (discipline or "discipline not given").lower(), PALETTE[len(colours) % len(PALETTE)]
        )
        sublabel = mentorship.get_role_display() + (f" · {discipline}" if discipline else "")
        angle = -math.pi / 2 + 2 * math.pi * index / max(len(shown), 1)
        name = mentorship.mentor_name
        nodes.append(
            Node(
                x=round(centre + radius * math.cos(angle), 1),
                y=round(centre + radius * math.sin(angle), 1),
                label=name if len(name) <= 22 else name[:21] + "…",
                sublabel=sublabel if len(sublabel) <= 34 else sublabel[:33] + "…",
                initials=initials_of(name),
                colour=colour,
                dashed=mentorship.status != "active",
                said=f"{name}, {sublabel}"
                + (
                    "" if mentorship.status == "active" else f" ({mentorship.get_status_display()})"
                ),
            )
        )
    legend = [
        {"label": label.capitalize(), "colour": colour, "y": size + 8 + 22 * row}
        for row, (label, colour) in enumerate(colours.items())
    ]
    return render_to_string(
        "teams/team.svg",
        {
            "size": size,
            "height": size + 8 + 22 * len(legend),
            "centre": centre,
            "mentee": mentee,
            "mentee_label_y": centre + 58,
            "nodes": nodes,
            "legend": legend,
        },
    )
