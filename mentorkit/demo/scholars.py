"""The other KL2 scholars, so the director's dashboard has a cohort to read.

Tomás has a complete team agreement whose review is now overdue; Sofia has a mentor and
a need but no agreement yet; Kwame has an agreement and one of his two high-priority
needs uncovered.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mentorkit.teams import actions
from mentorkit.teams.forms import NeedForm
from mentorkit.teams.models import Cadence, Channel, Priority, ResponseTime, Role
from mentorkit.visibility import Visibility

from .forms import fill
from .team import join, write_agreement

if TYPE_CHECKING:
    from . import _Demo


def load(demo: _Demo) -> None:
    tomas_primary = join(
        demo,
        "tomas",
        "marcus",
        Role.PRIMARY,
        started=1100,
        focus="Health-services questions in dialysis access",
    )
    tomas_methods = join(
        demo, "tomas", "priya", Role.METHODS, started=1000, focus="Claims-data methods"
    )
    _needs(
        demo,
        "tomas",
        900,
        [("Health economics", [tomas_primary]), ("Causal inference", [tomas_methods])],
        Visibility.PROGRAM,
    )
    write_agreement(
        demo,
        "tomas",
        written=950,
        acknowledged={"marcus": 945, "priya": 945},
        cadence=Cadence.FORTNIGHTLY,
        channels=[Channel.VIDEO, Channel.EMAIL],
        authorship="Tomás is first author on papers from his KL2 project.",
        next_review_on=demo.clock.day(20),
    )

    sofias = join(
        demo,
        "sofia",
        "daniel",
        Role.RESEARCH,
        started=300,
        focus="Cardiotoxicity surveillance trial",
    )
    _needs(demo, "sofia", 290, [("Trial design", [sofias])], Visibility.TEAM)

    # Daniel took Kwame on before the spring evaluations, so three scholars could rate him.
    kwames = join(
        demo,
        "kwame",
        "daniel",
        Role.PRIMARY,
        started=250,
        focus="Acute heart failure in the emergency department",
    )
    join(demo, "kwame", "lena", Role.PEER, started=100)
    _needs(
        demo,
        "kwame",
        110,
        [("Trial design", [kwames]), ("Qualitative methods", [])],
        Visibility.TEAM,
    )
    write_agreement(
        demo,
        "kwame",
        written=95,
        acknowledged={"daniel": 90, "lena": 90},
        cadence=Cadence.FORTNIGHTLY,
        channels=[Channel.IN_PERSON, Channel.CHAT],
        response_hours=ResponseTime.ONE_DAY,
        next_review_on=demo.clock.day(-200),
    )


def _needs(demo: _Demo, mentee: str, days: int, needs, visibility: str) -> None:
    """High-priority needs listed `days` ago, each with the mentorships that cover it."""
    person = demo.people[mentee]
    with demo.clock.at(demo.clock.ago(days)):
        for name, covered_by in needs:
            values = {"name": name, "priority": Priority.HIGH, "visibility": visibility}
            need = actions.add_need(fill(NeedForm, values, mentee=person), person)
            for mentorship in covered_by:
                actions.toggle_cover(need, mentorship)
