"""The path to independence as a timeline, laid out on the server as SVG (practice 5).

Years are columns over the active plan's span (or, without one, from the earliest record to a
year from today); a vertical line marks today. The first lane holds the independence markers
as labelled points, the second the activities done as small ticks, and a third, when given,
any other dated events — the outcomes app adds successes and failures there — each drawn with
its `kind` as a CSS class. Kinds differ in shape as well as colour, for readers who cannot tell
green from red: a success is a filled disc, a failure a cross, a pending result a ring, an
activity beyond the mentors' expertise a taller tick with a diamond.

The picture is an image (no links inside); `independence_table.html` gives the same facts
as a table with the links.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from mentorkit.reports.svg import TimeAxis

WIDTH = 900
LABEL_WIDTH = 100
TOP = 26
LABEL_ROW = 14
LANE = 28
CHAR_WIDTH = 6.2  # at font-size 11, near enough to keep labels apart
MAX_LABEL = 40  # every kind of marker is shorter: none is cut

MARKER_COLOUR = "#1f5fa8"
ACTIVITY_COLOUR = "#57606a"
BEYOND_COLOUR = "#8250df"
EVENT_COLOURS = {"success": "#2e7d32", "failure": "#cf222e", "pending": "#c77700"}
EVENT_SHAPES = {"success": "disc", "failure": "cross", "pending": "ring"}
OTHER_EVENT_COLOUR = "#6e7781"


@dataclass(frozen=True)
class TimelineEvent:
    """Something dated to show on the timeline; `kind` becomes its CSS class."""

    day: date
    label: str
    kind: str
    url: str = ""


@dataclass
class Point:
    x: float
    y: float
    label: str
    title: str
    url: str
    css: str
    colour: str
    label_x: float = 0
    label_y: float = 0
    anchor: str = "start"
    shape: str = "disc"  # disc, cross, ring, square, tick or tall-tick
    day: date | None = None
    lane: str = ""
    result: str = ""


@dataclass
class IndependenceTimeline:
    width: int
    height: int
    plot_left: int
    start: date
    end: date
    years: list[tuple[float, float, int]]  # (x, width, year)
    lanes: list[tuple[float, str]]  # (y of the lane's name, name)
    markers: list[Point]
    ticks: list[Point]
    events: list[Point]
    today_x: float | None
    top: int = TOP
    legend: list[tuple[str, str, str]] = field(default_factory=list)  # (label, colour, shape)

    @property
    def points(self) -> list[Point]:
        """Everything drawn, by date: the rows of the table beside the picture."""
        return sorted(self.markers + self.ticks + self.events, key=lambda p: p.day or date.min)

    def description(self) -> str:
        """The picture in words, for whoever cannot see it."""
        words = [f"{len(self.markers)} marker{'s' * (len(self.markers) != 1)} reached"]
        words.append(f"{len(self.ticks)} activit{'ies' if len(self.ticks) != 1 else 'y'} done")
        kinds: dict[str, int] = {}
        for event in self.events:
            kind = event.css.split()[1].replace("-", " ")
            kinds[kind] = kinds.get(kind, 0) + 1
        words += [f"{n} {kind}" for kind, n in kinds.items()]
        return ", ".join(words) + ". The table after the picture lists each, by date."


def span(plan, days: list[date], today: date) -> tuple[date, date]:
    """The active plan's span, or from the earliest day (at the latest today) to a year on."""
    if plan is not None:
        return plan.starts_on, plan.ends_on
    return min([*days, today]), today + timedelta(days=365)


def css_class(kind: str) -> str:
    return re.sub(r"[^a-z0-9_-]+", "-", kind.lower()).strip("-") or "event"


def shorten(text: str) -> str:
    return text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1] + "…"


def layout(
    markers,
    activities,
    today: date,
    *,
    plan=None,
    events: list[TimelineEvent] | None = None,
    events_label: str = "Events",
    links: bool = True,
) -> IndependenceTimeline:
    """Lay out `markers` (IndependenceMarker), the done ones of `activities` and `events`.

    Activities annotated with `.beyond` (see `models.with_beyond`) are drawn in their own
    colour. `links` says whether markers and activities link to their edit pages.
    """
    events = sorted(events or [], key=lambda e: e.day)
    markers = sorted(markers, key=lambda m: (m.achieved_on, m.pk))
    done = [a for a in activities if a.status == "done"]

    def day_of(activity) -> date:
        return activity.ends_on or activity.starts_on

    days = [m.achieved_on for m in markers] + [day_of(a) for a in activities]
    start, end = span(plan, days + [e.day for e in events], today)
    axis = TimeAxis(start, end, LABEL_WIDTH, WIDTH - LABEL_WIDTH - 12)
    x = axis.x
    years = axis.years()

    # Marker labels sit above their points, staggered over rows so that neighbours don't collide.
    points: list[Point] = []
    row_ends: list[float] = []
    for marker in markers:
        label = shorten(marker.get_kind_display())
        px, width = x(marker.achieved_on), len(label) * CHAR_WIDTH
        anchor, left = ("start", px - 4) if px - 4 + width <= WIDTH - 4 else ("end", px + 4 - width)
        # A new row whenever no row has room: there are at most seven kinds of marker.
        free = [r for r, end_x in enumerate(row_ends) if end_x + 8 < left]
        row = free[0] if free else len(row_ends)
        if row == len(row_ends):
            row_ends.append(0)
        row_ends[row] = left + width
        title = f"{marker.get_kind_display()} — {marker.achieved_on:%-d %b %Y}"
        if marker.note:
            title += f": {marker.note}"
        points.append(
            Point(
                x=px,
                y=0,
                label=label,
                title=title,
                url=marker.get_absolute_url() if links else "",
                css=f"marker {marker.kind}",
                colour=MARKER_COLOUR,
                label_x=px - 4 if anchor == "start" else px + 4,
                label_y=TOP + 11 + row * LABEL_ROW,
                anchor=anchor,
                day=marker.achieved_on,
                lane="Independence marker",
            )
        )
    marker_y = TOP + max(len(row_ends), 1) * LABEL_ROW + 10
    for point in points:
        point.y = marker_y
    activity_y = marker_y + LANE
    lanes: list[tuple[float, str]] = [
        (marker_y + 4, "Independence"),
        (activity_y + 4, "Activities done"),
    ]

    ticks = [
        Point(
            x=x(day_of(a)),
            y=activity_y,
            label=a.title,
            title=f"{a.title} ({a.get_kind_display().lower()}, {day_of(a):%-d %b %Y})"
            + (" — beyond the mentors' expertise" if getattr(a, "beyond", False) else ""),
            url=a.get_absolute_url() if links else "",
            css="activity beyond" if getattr(a, "beyond", False) else "activity",
            colour=BEYOND_COLOUR if getattr(a, "beyond", False) else ACTIVITY_COLOUR,
            shape="tall-tick" if getattr(a, "beyond", False) else "tick",
            day=day_of(a),
            lane="Activity done, beyond the mentors' expertise"
            if getattr(a, "beyond", False)
            else "Activity done",
        )
        for a in done
    ]

    event_points = []
    bottom = activity_y
    if events:
        bottom = activity_y + LANE
        lanes.append((bottom + 4, events_label))
        for event in events:
            css = css_class(event.kind)
            event_points.append(
                Point(
                    x=x(event.day),
                    y=bottom,
                    label=event.label,  # not drawn: in the title and the table, whole
                    title=f"{event.label} ({event.kind}, {event.day:%-d %b %Y})",
                    url=event.url,
                    css=f"event {css}",
                    colour=EVENT_COLOURS.get(css, OTHER_EVENT_COLOUR),
                    shape=EVENT_SHAPES.get(css, "square"),
                    day=event.day,
                    lane=events_label,
                    result=event.kind.replace("_", " ").capitalize(),
                )
            )

    legend = [
        ("Independence marker", MARKER_COLOUR, "disc"),
        ("Activity done", ACTIVITY_COLOUR, "tick"),
        ("Activity beyond the mentors' expertise", BEYOND_COLOUR, "tall-tick"),
    ]
    for kind in dict.fromkeys(p.css.split()[1] for p in event_points):
        legend.append(
            (
                kind.replace("_", " ").replace("-", " "),
                EVENT_COLOURS.get(kind, OTHER_EVENT_COLOUR),
                EVENT_SHAPES.get(kind, "square"),
            )
        )
    return IndependenceTimeline(
        width=WIDTH,
        height=int(bottom + 18),
        plot_left=LABEL_WIDTH,
        start=start,
        end=end,
        years=years,
        lanes=lanes,
        markers=points,
        ticks=ticks,
        events=event_points,
        today_x=x(today) if start <= today <= end else None,
        legend=legend,
    )
