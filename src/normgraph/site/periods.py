"""Dates only as precise as their source: a day, a month or a year, read as a period.

A year is the period from 1 January to 31 December, a month from its first to its last
day. Charts place periods on a time axis measured in fractional years.

>>> p = Period.parse("2019-06")
>>> p.first, p.last
(datetime.date(2019, 6, 1), datetime.date(2019, 6, 30))
>>> round(p.start_year, 3), round(p.end_year, 3)
(2019.414, 2019.496)
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["Period", "year_fraction"]

_DATE = re.compile(r"^(?P<year>-?\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def year_fraction(day: dt.date) -> float:
    """A day as a fractional year, its start: ``2020-01-01`` is 2020.0.

    >>> year_fraction(dt.date(2021, 7, 1))
    2021.495890410959
    """
    length = 366 if calendar.isleap(day.year) else 365
    return day.year + (day.timetuple().tm_yday - 1) / length


@dataclass(frozen=True, order=True)
class Period:
    """A day, a month or a year: its first and last days and how it was written."""

    first: dt.date
    last: dt.date
    text: str

    @classmethod
    def parse(cls, text: str | None) -> Period | None:
        """The period a date literal names, or None when it is missing or unreadable.

        Time-zone suffixes and times of day are ignored.

        >>> Period.parse("2015").last
        datetime.date(2015, 12, 31)
        >>> Period.parse("2019-11-12Z").label
        '12 Nov 2019'
        >>> Period.parse("soon") is None
        True
        """
        if not text:
            return None
        match = _DATE.match(text.strip())
        if not match:
            return None
        year = int(match["year"])
        try:
            if match["day"]:
                day = dt.date(year, int(match["month"]), int(match["day"]))
                return cls(day, day, text)
            if match["month"]:
                month = int(match["month"])
                last_day = calendar.monthrange(year, month)[1]
                return cls(dt.date(year, month, 1), dt.date(year, month, last_day), text)
            return cls(dt.date(year, 1, 1), dt.date(year, 12, 31), text)
        except ValueError:
            return None

    @property
    def precision(self) -> str:
        """``"day"``, ``"month"`` or ``"year"``."""
        if self.first == self.last:
            return "day"
        return "month" if self.first.month == self.last.month else "year"

    @property
    def label(self) -> str:
        """The period for reading: ``2015``, ``Jun 2019`` or ``12 Nov 2019``."""
        if self.precision == "year":
            return str(self.first.year)
        if self.precision == "month":
            return f"{_MONTHS[self.first.month - 1]} {self.first.year}"
        return f"{self.first.day} {_MONTHS[self.first.month - 1]} {self.first.year}"

    @property
    def start_year(self) -> float:
        """Where the period starts on a time axis, in fractional years."""
        return year_fraction(self.first)

    @property
    def end_year(self) -> float:
        """Where the period ends on a time axis: the start of the day after its last."""
        return year_fraction(self.last + dt.timedelta(days=1))
