"""Dates as precise as their sources: xsd:date, xsd:gYearMonth and xsd:gYear.

A year or a month is a period. It starts on its first day and ends on its last, so
"2015" runs from 2015-01-01 to 2015-12-31. Functions take and return pandas Series
so that a whole column is converted at once.

>>> import pandas as pd
>>> dates = pd.Series(["2015-07-22", "2019-06", "2004", None])
>>> [str(d.date()) if pd.notna(d) else None for d in period_start(dates)]
['2015-07-22', '2019-06-01', '2004-01-01', None]
>>> [str(d.date()) if pd.notna(d) else None for d in period_end(dates)]
['2015-07-22', '2019-06-30', '2004-12-31', None]
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from .errors import UsageError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["first_day", "parse_date", "period_end", "period_start"]

# Year, optional month, optional day; a trailing time zone ("Z", "+02:00") is ignored.
_PARTS = r"^\s*(?P<year>\d{4})(?:-(?P<month>\d{2}))?(?:-(?P<day>\d{2}))?"


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
    match = re.match(_PARTS, value) if isinstance(value, str) else None
    if match is None:
        return None
    try:
        return dt.date(int(match["year"]), int(match["month"] or 1), int(match["day"] or 1))
    except ValueError:
        return None


def parse_date(text: str) -> dt.date:
    """A date the user typed, YYYY-MM-DD; anything else is a :class:`UsageError`.

    >>> parse_date("2019-06-30")
    datetime.date(2019, 6, 30)
    >>> parse_date("30/06/2019")
    Traceback (most recent call last):
    ...
    normgraph.errors.UsageError: not a date (YYYY-MM-DD): '30/06/2019'
    """
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"not a date (YYYY-MM-DD): {text!r}") from None


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
