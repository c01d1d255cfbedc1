"""Static charts drawn as SVG by the templates: timelines and overlap heatmaps.

The functions here compute the geometry (pure, deterministic); the templates turn it
into SVG elements with Jinja's escaping, so no chart needs JavaScript.

>>> from normgraph.dates import Period
>>> chart = timeline([TimelineItem("A", "a.html", "#000", Period.parse("2015"),
...                                Period.parse("2016"), "A")])
>>> [(bar.x, bar.width) for bar in chart.bars]
[(300, 800)]
>>> [tick.label for tick in chart.ticks]
['2015', '2016', '2017']
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from normgraph.dates import Period

__all__ = [
    "Bar",
    "Cell",
    "Heatmap",
    "HeatmapLabel",
    "Tick",
    "Timeline",
    "TimelineItem",
    "heatmap",
    "timeline",
]

LABEL_WIDTH = 300
MAX_LEAD_YEARS = 20
HEATMAP_LABEL_WIDTH = 270
ROW_HEIGHT = 24
CHART_WIDTH = 800


@dataclass(frozen=True)
class TimelineItem:
    """One row of a timeline: a process or a membership, from ``start`` to ``end``.

    Without an ``end``, an ``ongoing`` item runs to the end of the axis; any other
    covers its start only (a resolution adopted in 2015 is a bar over 2015).
    """

    label: str
    url: str
    colour: str
    start: Period | None
    end: Period | None
    tooltip: str
    ongoing: bool = False


@dataclass(frozen=True)
class Bar:
    label: str
    url: str
    colour: str
    x: int
    y: int
    width: int
    open_end: bool
    open_start: bool
    tooltip: str


@dataclass(frozen=True)
class Tick:
    x: int
    label: str


@dataclass(frozen=True)
class Timeline:
    width: int
    height: int
    label_width: int
    row_height: int
    bars: list[Bar]
    ticks: list[Tick]
    undated: list[TimelineItem]


def timeline(items: Sequence[TimelineItem], chart_width: int = CHART_WIDTH) -> Timeline:
    """Bars on a shared axis of whole years, one row per dated item, earliest first.

    An ongoing item runs to the end of the axis and is marked open-ended; the axis ends
    after the latest date in the items (not "today", so that the output is stable).

    >>> from normgraph.dates import Period
    >>> item = lambda start, end: TimelineItem(start, "", "", Period.parse(start),
    ...                                        Period.parse(end), "")
    >>> chart = timeline([item("1945", "2020"), item("2010", "2011"), item("2012", "2013")])
    >>> [(bar.x, bar.open_start) for bar in chart.bars]
    [(300, True), (816, False), (868, False)]
    """
    dated = sorted(
        (item for item in items if item.start),
        key=lambda i: (i.start, i.end or i.start, i.label, i.url),
    )
    undated = [item for item in items if not item.start]
    if not dated:
        return Timeline(LABEL_WIDTH + chart_width, 0, LABEL_WIDTH, ROW_HEIGHT, [], [], undated)
    starts = sorted(i.start.start_year for i in dated if i.start)
    # An outlier (UN membership since 1945) would squash every other bar: the axis starts
    # at most MAX_LEAD_YEARS before the median start, and earlier bars run in from the edge.
    first = max(math.floor(starts[0]), math.floor(starts[len(starts) // 2]) - MAX_LEAD_YEARS)
    last = math.ceil(max(p.end_year for i in dated for p in (i.start, i.end) if p is not None))
    last = max(last, first + 1)
    per_year = chart_width / (last - first)

    def x(year: float) -> int:
        return LABEL_WIDTH + round((year - first) * per_year)

    bars = []
    for row, item in enumerate(dated):
        assert item.start is not None  # dated items only
        left = x(max(item.start.start_year, first))
        if item.end:
            right = x(item.end.end_year)
        else:
            right = x(last) if item.ongoing else x(item.start.end_year)
        bars.append(
            Bar(
                label=item.label,
                url=item.url,
                colour=item.colour,
                x=left,
                y=row * ROW_HEIGHT + 30,
                width=max(right - left, 4),
                open_end=item.end is None and item.ongoing,
                open_start=item.start.start_year < first,
                tooltip=item.tooltip,
            )
        )
    step = 1 if last - first <= 16 else 2 if last - first <= 32 else 5
    ticks = [Tick(x(year), str(year)) for year in range(first, last + 1) if year % step == 0]
    height = len(dated) * ROW_HEIGHT + 40
    return Timeline(
        LABEL_WIDTH + chart_width + 20, height, LABEL_WIDTH, ROW_HEIGHT, bars, ticks, undated
    )


@dataclass(frozen=True)
class HeatmapLabel:
    """A row (and column) of a heatmap; ``slug`` names it in links to a comparison."""

    index: int
    key: str
    label: str
    url: str
    colour: str
    slug: str = ""


@dataclass(frozen=True)
class Cell:
    """A cell: where it is, its count and colours, and its row and column (label indices)."""

    x: int
    y: int
    value: int
    fill: str
    text_fill: str
    tooltip: str
    row: int = 0
    column: int = 0


@dataclass(frozen=True)
class Heatmap:
    cell: int
    label_width: int
    size: int
    labels: list[HeatmapLabel]
    cells: list[Cell]
    maximum: int


def _shade(fraction: float) -> tuple[str, str]:
    """A colour from white to deep blue for ``fraction`` in [0, 1], and a readable text colour.

    >>> _shade(0.0), _shade(1.0)
    (('#ffffff', '#1f2937'), ('#173f73', '#ffffff'))
    """
    low, high = (255, 255, 255), (23, 63, 115)
    rgb = [round(a + (b - a) * fraction) for a, b in zip(low, high, strict=True)]
    text = "#ffffff" if fraction > 0.5 else "#1f2937"
    return "#" + "".join(f"{c:02x}" for c in rgb), text


def heatmap(
    rows: Sequence[HeatmapLabel],
    counts: Mapping[tuple[str, str], int],
    what: str,
    cell: int = 22,
) -> Heatmap:
    """A square of cells: how many members each pair of rows shares.

    ``counts`` maps pairs of row keys to their shared members (either order; missing
    pairs share none) and ``(key, key)`` to a row's own number of members, shown on the
    diagonal in grey. Colours grow with the square root of the count (up to the largest
    count off the diagonal), so that small overlaps stay visible next to large ones.

    >>> rows = [HeatmapLabel(0, "a", "A", "a.html", "#000"),
    ...         HeatmapLabel(1, "b", "B", "b.html", "#000")]
    >>> chart = heatmap(rows, {("a", "a"): 2, ("b", "b"): 1, ("a", "b"): 1}, "states")
    >>> [(c.value, c.tooltip) for c in chart.cells][:2]
    [(2, 'A: 2 states'), (1, 'A and B share 1 of their states')]
    """

    def value(i: HeatmapLabel, j: HeatmapLabel) -> int:
        return counts.get((i.key, j.key), counts.get((j.key, i.key), 0))

    maximum = max((value(i, j) for i in rows for j in rows if i.index != j.index), default=0)
    maximum = maximum or 1
    cells = []
    for i in rows:
        for j in rows:
            shared = value(i, j)
            if i.index == j.index:
                fill, text_fill = "#e5e7eb", "#1f2937"
                tooltip = f"{i.label}: {shared} {what}"
            else:
                fill, text_fill = _shade(math.sqrt(min(shared / maximum, 1.0)))
                tooltip = f"{i.label} and {j.label} share {shared} of their {what}"
            cells.append(
                Cell(
                    HEATMAP_LABEL_WIDTH + j.index * cell,
                    HEATMAP_LABEL_WIDTH + i.index * cell,
                    shared,
                    fill,
                    text_fill,
                    tooltip,
                    i.index,
                    j.index,
                )
            )
    size = HEATMAP_LABEL_WIDTH + len(rows) * cell + 10
    return Heatmap(cell, HEATMAP_LABEL_WIDTH, size, list(rows), cells, maximum)
