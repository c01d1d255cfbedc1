"""Dates as precise as their sources: xsd:date, xsd:gYearMonth and xsd:gYear.

A year or a month is a period. It starts on its first day and ends on its last, so
"2015" runs from 2015-01-01 to 2015-12-31. :class:`Period` reads one value;
:func:`period_start` and :func:`period_end` convert a whole pandas column at once.

>>> import pandas as pd
>>> dates = pd.Series(["2015-07-22", "2019-06", "2004", None])
>>> [str(d.date()) if pd.notna(d) else None for d in period_start(dates)]
['2015-07-22', '2019-06-01', '2004-01-01', None]
>>> [str(d.date()) if pd.notna(d) else None for d in period_end(dates)]
['2015-07-22', '2019-06-30', '2004-12-31', None]
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from normgraph.errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "Period",
    "first_day",
    "parse_date",
    "period_end",
    "period_start",
    "year_fraction",
]

# Year, optional month, optional day; a trailing time zone ("Z", "+02:00") is ignored.
_PARTS = r"^\s*(?P<year>\d{4})(?:-(?P<month>\d{2})(?:-(?P<day>\d{2}))?)?"
# What a user may type: a year, a month or a day, nothing else.
_TYPED = r"\d{4}(?:-\d{2}(?:-\d{2})?)?"
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def period_start(values: pd.Series) -> pd.Series:
    """The first day of each date, month or year, as Timestamps (NaT when missing)."""
    return _by_distinct_value(values, _starts)


def period_end(values: pd.Series) -> pd.Series:
    """The last day of each date, month or year, as Timestamps (NaT when missing)."""
    return _by_distinct_value(values, _ends)


def first_day(value: object) -> dt.date | None:
    """The first day of one date, month or year; None when it is not one.

    For a handful of values, where a Series would cost more than the parsing.

    >>> first_day("2019-06"), first_day("2015"), first_day(None)
    (datetime.date(2019, 6, 1), datetime.date(2015, 1, 1), None)
    """
    period = Period.parse(value) if isinstance(value, str) else None
    return period.first if period is not None else None


def parse_date(text: str) -> dt.date:
    """A date the user typed, as precise as the data: a day, a month or a year.

    A month or a year stands for its last day, so that "as of 2019" means once 2019
    is over (everything dated 2019 has happened); anything else is a
    :class:`UsageError`.

    >>> parse_date("2019-06-30"), parse_date("2019-06"), parse_date("2019")
    (datetime.date(2019, 6, 30), datetime.date(2019, 6, 30), datetime.date(2019, 12, 31))
    >>> parse_date("30/06/2019")
    Traceback (most recent call last):
    ...
    normgraph.errors.UsageError: not a date (YYYY, YYYY-MM or YYYY-MM-DD): '30/06/2019'
    """
    stripped = text.strip()
    period = Period.parse(stripped) if re.fullmatch(_TYPED, stripped) else None
    if period is None:
        raise UsageError(f"not a date (YYYY, YYYY-MM or YYYY-MM-DD): {text!r}")
    return period.last


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
        match = re.match(_PARTS, text)
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

    @cached_property  # a page prints the same dates many times over
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


def _by_distinct_value(values: pd.Series, convert: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """``convert`` applied to each distinct value once: columns of dates repeat a lot."""
    import numpy as np
    import pandas as pd

    codes, distinct = pd.factorize(values.astype(object))
    converted = convert(pd.Series(distinct, dtype=object)).to_numpy(dtype="datetime64[s]")
    result = np.full(len(codes), np.datetime64("NaT"), dtype="datetime64[s]")
    known = codes >= 0
    result[known] = converted[codes[known]]
    return pd.Series(result, index=values.index)


def _starts(values: pd.Series) -> pd.Series:
    import pandas as pd

    parts = _parts(values)
    return pd.to_datetime(
        pd.DataFrame(
            {
                "year": parts["year"],
                "month": parts["month"].fillna(1),
                "day": parts["day"].fillna(1),
            }
        ),
        errors="coerce",
    )


def _ends(values: pd.Series) -> pd.Series:
    import pandas as pd

    parts = _parts(values)
    start = _starts(values)
    end = start.copy()
    month_only = parts["day"].isna() & parts["month"].notna()
    end[month_only] = start[month_only] + pd.offsets.MonthEnd(0)
    year_only = parts["month"].isna() & parts["year"].notna()
    end[year_only] = start[year_only] + pd.offsets.YearEnd(0)
    return end


def _parts(values: pd.Series) -> pd.DataFrame:
    """Year, month and day of each value as floats (NaN where absent)."""
    parts = values.astype("str").str.extract(_PARTS)
    return parts.astype("float64")
