"""What the server-drawn timelines share: a time axis from a start date to an end date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TimeAxis:
    """Days from `start` to `end` laid over `width` pixels from `left`; days outside are
    clamped to the edges."""

    start: date
    end: date
    left: float
    width: float

    def x(self, day: date) -> float:
        length = max((self.end - self.start).days, 1)
        day = min(max(day, self.start), self.end)
        return round(self.left + self.width * (day - self.start).days / length, 1)

    def years(self) -> list[tuple[float, float, int]]:
        """A column per calendar year the axis touches: (x, width, year)."""
        columns = []
        for year in range(self.start.year, self.end.year + 1):
            left = self.x(max(date(year, 1, 1), self.start))
            right = self.x(min(date(year, 12, 31), self.end))
            columns.append((left, round(right - left, 1), year))
        return columns

    def covers(self, day: date) -> bool:
        return self.start <= day <= self.end
