"""How things look: the colour and name of each kind of process and actor, and the line
of each kind of relation. One place, shared by graphs, charts, legends and the CSS.

>>> PROCESS_STYLES["expert"].label
'expert commission'
>>> RELATION_STYLES["competesWith"].arrow
False
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ACTOR_STYLES",
    "DERIVATION_STYLES",
    "PROCESS_STYLES",
    "RELATION_STYLES",
    "KindStyle",
    "LineStyle",
    "line_style",
]


@dataclass(frozen=True)
class KindStyle:
    label: str
    colour: str


@dataclass(frozen=True)
class LineStyle:
    """An edge: its legend text, colour, dash pattern (SVG ``stroke-dasharray``), arrow."""

    label: str
    colour: str
    dashes: tuple[int, ...] = ()
    arrow: bool = True
    width: int = 2


PROCESS_STYLES: dict[str, KindStyle] = {
    "multilateral": KindStyle("multilateral", "#2563a8"),
    "multistakeholder": KindStyle("multistakeholder", "#2e8b57"),
    "expert": KindStyle("expert commission", "#8b4fc7"),
    "industry": KindStyle("industry", "#d9731a"),
    "bilateral": KindStyle("bilateral", "#0f8b8d"),
    "national": KindStyle("national initiative", "#b03a7a"),
    "other": KindStyle("other", "#6b7280"),
}

ACTOR_STYLES: dict[str, KindStyle] = {
    "state": KindStyle("state", "#2563a8"),
    "igo": KindStyle("intergovernmental organisation", "#0f8b8d"),
    "company": KindStyle("company", "#d9731a"),
    "civil-society": KindStyle("civil society", "#2e8b57"),
    "public-authority": KindStyle("public authority", "#b7950b"),
    "person": KindStyle("person", "#b03a7a"),
    "other": KindStyle("other", "#6b7280"),
}

#: Keyed by the local name of the relation's property.
RELATION_STYLES: dict[str, LineStyle] = {
    "adoptsNormsOf": LineStyle("adopts norms of", "#1f2937", (), True, 3),
    "reflectedInMandateOf": LineStyle("norms reflected in mandate of", "#1f2937", (8, 5)),
    "endorses": LineStyle("endorses", "#2e8b57"),
    "signsOnTo": LineStyle("signs on to", "#2e8b57", (2, 4)),
    "competesWith": LineStyle("competes with", "#c0392b", (6, 4), False),
    "succeeds": LineStyle("succeeds", "#6b7280"),
    "establishes": LineStyle("establishes", "#2563a8", (), True, 1),
    "iterationOf": LineStyle("iteration of a series", "#a0a7b4", (1, 3), False, 1),
}

#: Keyed by the label of the derivation kind.
DERIVATION_STYLES: dict[str, LineStyle] = {
    "restates": LineStyle("restates", "#1f2937"),
    "adapts": LineStyle("adapts", "#d9731a", (8, 5)),
    "reaffirms": LineStyle("reaffirms", "#2e8b57", (2, 4)),
    "extends": LineStyle("extends", "#8b4fc7", (), True, 3),
}

_FALLBACK = LineStyle("related", "#6b7280", (4, 4))


def line_style(styles: dict[str, LineStyle], kind: str) -> LineStyle:
    """The style of ``kind``, or a neutral dashed line for a kind not listed.

    >>> line_style(RELATION_STYLES, "unknown").label
    'related'
    """
    return styles.get(kind, _FALLBACK)
