"""One resolver for names, everywhere: what a user typed, ranked against every name a
process, norm scheme, norm, actor or topic is known by.

The :class:`NameIndex` is built from the views (:attr:`Views.names
<normgraph.analytics.views.Views.names>` and the tables of processes, norms, actors and
topics). Each resource has *names* and *text*:

- names: its labels in every language, skos:altLabel and ng:shortLabel, a norm's
  skos:notation ("13(f)") and official reference, a state's ISO 3166-1 codes ("DEU",
  "DE") and the common and official names that pycountry and country_converter give
  for that code ("Russia", "Federal Republic of Germany"); and names derived from a
  process's or an intergovernmental organisation's label: its acronym ("OEWG" from
  "UN Open-Ended Working Group 2019-2021", "GCSC"), the name in its parentheses
  ("Budapest Convention") and its head before a connecting word ("Paris Call" from
  "Paris Call for Trust and Security in Cyberspace");
- text: what is searched for words but is not a name: definitions and the labels of a
  norm's topics.

A query is compared in a normal form (accents dropped, case folded, punctuation as
spaces: "13(f)" and "13 f" are the same) and each resource gets the best tier any of
its names reaches:

========  =====================================================================
tier      when
========  =====================================================================
100       a name equals the query
95        a derived name (acronym, parenthesis, head) equals it
80        a name starts with the query, at a word boundary
70        every word of the query starts a word of a name
50        every word of the query starts a word of the text
========  =====================================================================

Within a tier, rapidfuzz's similarity to the matched name ranks the closer name first,
then the earlier date (a norm's, or a process's start), then the label. A query
resolves when exactly one resource holds the best tier; two or more there make it
ambiguous (each is listed); none means no match, and the nearest names by rapidfuzz's
``WRatio`` are suggested.

>>> def process(iri, label):
...     return Entry(iri, "process", label, (label,), names_of("process", [label]))
>>> index = NameIndex([
...     process("ex:oewg-1", "UN Open-Ended Working Group 2019-2021"),
...     process("ex:oewg-2", "UN Open-Ended Working Group 2021-2025"),
...     process("ex:gcsc", "Global Commission on the Stability of Cyberspace"),
... ])
>>> index.resolve("gcsc", "process")
'ex:gcsc'
>>> [m.entry.iri for m in index.search("OEWG")]
['ex:oewg-1', 'ex:oewg-2']
>>> try:
...     index.resolve("Global Comission", "process")
... except UsageError as error:
...     print(str(error).split("; ")[1])
did you mean 'Global Commission on the Stability of Cyberspace' (ex:gcsc)
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Final

from normgraph.errors import UsageError
from normgraph.namespaces import compact, expand

if TYPE_CHECKING:
    from normgraph.analytics.views import Views
    from normgraph.store.kb import KnowledgeBase

__all__ = [
    "KINDS",
    "Entry",
    "Match",
    "NameIndex",
    "acronyms",
    "export_names",
    "name_index",
    "names_of",
    "normalise",
]

#: The kinds of resource the index holds; "resource" in a query means any of them.
KINDS: Final = ("process", "scheme", "norm", "actor", "topic")

EXACT: Final = 100
DERIVED: Final = 95
PREFIX: Final = 80
WORDS: Final = 70
TEXT: Final = 50

#: How many candidates an ambiguous name lists, and how many names a miss suggests.
LISTED: Final = 12
SUGGESTED: Final = 5
#: rapidfuzz WRatio below which a name is not worth suggesting, and the shortest name
#: suggested.
SUGGEST_CUTOFF: Final = 60.0
MIN_SUGGESTED: Final = 4
#: How far below the nearest name another may score and still be suggested.
SUGGEST_SPREAD: Final = 12.0

# Fields of the views' names table that are names (the others are searchable text).
_NAME_FIELDS: Final = frozenset(
    {
        "label",
        "prefLabel",
        "altLabel",
        "shortLabel",
        "notation",
        "officialReference",
        "iso3166Alpha2",
        "iso3166Alpha3",
    }
)
_TEXT_FIELDS: Final = frozenset({"definition", "topic"})

# Words that join the parts of a name; an acronym skips them, a head ends before them,
# and a query word that is one of them is not required to match.
_CONNECTORS: Final = frozenset(
    {"a", "an", "and", "at", "by", "for", "in", "of", "on", "the", "to", "with"}
)
# A parenthesis that qualifies a label rather than naming the thing again.
_QUALIFIER: Final = re.compile(r"^(series|proposed|proposal|\d{4}(-\d{2,4})?)$", re.IGNORECASE)

_INDEXES: weakref.WeakKeyDictionary[Views, NameIndex] = weakref.WeakKeyDictionary()


@dataclass(frozen=True)
class Entry:
    """A resource and the names it is known by.

    ``names`` are the names (label first, then in order), ``derived`` those made from
    its label (acronyms, parenthesis, head), ``text`` words to search that are not names
    (definitions, topics), ``date`` what orders equally good matches (earliest first).
    """

    iri: str
    kind: str
    label: str
    names: tuple[str, ...]
    derived: tuple[str, ...] = ()
    text: tuple[str, ...] = ()
    date: str | None = None

    def to_dict(self) -> dict[str, object]:
        """The plain dict the site's offline search reads (see :meth:`NameIndex.to_json`)."""
        return {
            "iri": self.iri,
            "curie": compact(self.iri),
            "kind": self.kind,
            "label": self.label,
            "names": list(dict.fromkeys([*self.names, *self.derived])),
            "text": list(self.text),
        }


@dataclass(frozen=True, order=True)
class Match:
    """One resource found for a query: its tier, closeness and the name that matched.

    Matches sort best first.
    """

    sort_key: tuple[object, ...] = field(repr=False)
    entry: Entry = field(compare=False)
    tier: int = field(compare=False)
    closeness: float = field(compare=False)
    name: str = field(compare=False)


@dataclass(frozen=True)
class _Form:
    """A name in normal form, with its words, and how much matching it may give."""

    text: str
    original: str
    words: tuple[str, ...]
    exact: int  # the tier of an exact match (0: never matched whole)
    partial: int  # the tier of a prefix or word match


class NameIndex:
    """Every process, norm scheme, norm, actor and topic by its names, for lookup.

    Build one with :func:`name_index` (from a knowledge base's views) or from
    :class:`Entry` objects.
    """

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries: tuple[Entry, ...] = tuple(entries)
        self._by_iri = {e.iri: e for e in self.entries}
        self._forms = [_forms(e) for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, text: str, kind: str = "resource", limit: int | None = None) -> list[Match]:
        """The resources ``text`` matches (tier 50 or better), best first.

        ``kind`` is one of :data:`KINDS` or ``"resource"`` (any).
        """
        query = normalise(text)
        if not query:
            return []
        words = _required_words(query)
        found = []
        for entry, forms in zip(self.entries, self._forms, strict=True):
            if kind != "resource" and entry.kind != kind:
                continue
            match = _best(entry, forms, query, words)
            if match is not None:
                found.append(match)
        found.sort()
        return found[:limit] if limit is not None else found

    def suggest(self, text: str, kind: str = "resource", limit: int = SUGGESTED) -> list[Match]:
        """The resources whose names are nearest to ``text`` by rapidfuzz's WRatio.

        Only whole names of four characters or more are suggested: not codes, derived
        names or definitions.
        """
        from rapidfuzz import fuzz
        from rapidfuzz import process as fuzzy

        query = normalise(text)
        choices: list[str] = []
        owners: list[tuple[Entry, str]] = []
        for entry, forms in zip(self.entries, self._forms, strict=True):
            if kind == "resource" or entry.kind == kind:
                for form in forms:
                    # Codes and acronyms are typed whole or not at all; a near miss on
                    # "CO" or "GCC" says nothing.
                    if form.exact == EXACT and len(form.text) >= MIN_SUGGESTED:
                        choices.append(form.text)
                        owners.append((entry, form.original))
        scored = fuzzy.extract(
            query, choices, scorer=fuzz.WRatio, score_cutoff=SUGGEST_CUTOFF, limit=None
        )
        best: dict[str, Match] = {}
        for _, score, position in scored:
            entry, name = owners[position]
            match = Match((-score, _order(entry)), entry, 0, score, name)
            if entry.iri not in best or match < best[entry.iri]:
                best[entry.iri] = match
        ranked = sorted(best.values())
        # Only names about as near as the nearest: a clear typo gets one suggestion.
        return [m for m in ranked if m.closeness >= ranked[0].closeness - SUGGEST_SPREAD][:limit]

    def resolve(self, text: str, kind: str = "resource") -> str:
        """The IRI that ``text`` names: an IRI, a CURIE or a name.

        Raises :class:`~normgraph.errors.UsageError` when ``text`` is ambiguous (one
        line per candidate, best first) or matches nothing (with the nearest names).
        """
        iri = expand(text.strip())
        known = self._by_iri.get(iri)
        if known is not None and kind in ("resource", known.kind):
            return iri
        matches = self.search(text, kind)
        if not matches:
            raise UsageError(self._not_found(text, kind))
        top = [m for m in matches if m.tier == matches[0].tier]
        if len(top) == 1:
            return top[0].entry.iri
        lines = [f"{text!r} is ambiguous: it may be"]
        lines += [f"  {_described(m)}" for m in matches[:LISTED]]
        if len(matches) > LISTED:
            lines.append(f"  ...and {len(matches) - LISTED} more")
        lines.append("give one of these IRIs or CURIEs, or more of the name")
        raise UsageError("\n".join(lines))

    def to_json(self) -> list[dict[str, object]]:
        """Every entry as a plain dict: iri, curie, kind, label, names, text.

        ``names`` holds every name (label first, derived names last), ``text`` the
        searchable words that are not names. JSON-ready, for the site's offline search.
        """
        return [entry.to_dict() for entry in self.entries]

    def _not_found(self, text: str, kind: str) -> str:
        what = "resource" if kind == "resource" else kind
        message = f"no {what} named {text!r}"
        near = self.suggest(text, kind)
        if near:
            message += "; did you mean " + ", ".join(
                f"{m.name!r} ({compact(m.entry.iri)})" for m in near
            )
        return message


def name_index(source: KnowledgeBase | Views) -> NameIndex:
    """The name index of a knowledge base (or of its views), built once per views."""
    from normgraph.analytics.views import Views, views

    shown = source if isinstance(source, Views) else views(source)
    if shown not in _INDEXES:
        _INDEXES[shown] = NameIndex(_entries(shown))
    return _INDEXES[shown]


def export_names(source: KnowledgeBase | Views) -> list[dict[str, object]]:
    """The name index as JSON-ready dicts (see :meth:`NameIndex.to_json`)."""
    return name_index(source).to_json()


def normalise(text: str) -> str:
    """A name as it is compared: accents dropped, case folded, punctuation as spaces.

    >>> normalise("13(f)"), normalise("  Côte d'Ivoire "), normalise("A/70/174, para. 13(f)")
    ('13 f', 'cote d ivoire', 'a 70 174 para 13 f')
    """
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.findall(r"[^\W_]+", plain.casefold()))


def acronyms(label: str) -> list[str]:
    """Acronyms a label may be known by: the initials of its words, connecting words
    and numbers left out, each hyphenated part a word; without a leading acronym
    ("UN") too; and the capitals already in the label.

    >>> acronyms("UN Open-Ended Working Group 2019-2021")
    ['UOEWG', 'OEWG', 'UNOEWG']
    >>> acronyms("Global Commission on the Stability of Cyberspace")
    ['GCSC']
    >>> acronyms("Paris Call")
    []
    """
    words = [w for w in re.split(r"[\s\-/]+", re.sub(r"\([^)]*\)", " ", label)) if w]
    words = [w for w in words if w.casefold() not in _CONNECTORS and w[0].isalpha()]
    if len(words) < 3:
        return []
    found = ["".join(w[0] for w in words).upper()]
    if words[0].isupper() and len(words[0]) > 1:
        rest = "".join(w[0] for w in words[1:]).upper()
        found += [rest, words[0] + rest]
    return [a for a in dict.fromkeys(found) if 3 <= len(a) <= 6]


def names_of(kind: str, labels: Sequence[str]) -> tuple[str, ...]:
    """The names derived from a resource's labels: acronyms, parentheses and heads.

    Derived for processes and intergovernmental organisations, whose labels are long
    and known by shorter forms; not for norms, people, states or companies.

    >>> names_of("process", ["Global Conference on Cyberspace (London Process)"])
    ('GCC', 'London Process', 'Global Conference')
    >>> names_of("process", ["Programme of Action (proposed)"])
    ()
    """
    if kind not in ("process", "igo"):
        return ()
    found: list[str] = []
    for label in labels:
        found += acronyms(label)
        found += [
            inner.strip()
            for inner in re.findall(r"\(([^)]*)\)", label)
            if not _QUALIFIER.match(inner.strip())
        ]
        head = _head(label)
        if head:
            found.append(head)
    return tuple(n for n in dict.fromkeys(found) if n not in labels)


def _head(label: str) -> str | None:
    """The words of ``label`` before its first connecting word, when at least two.

    >>> _head("Paris Call for Trust and Security in Cyberspace")
    'Paris Call'
    >>> _head("Council of Europe Convention") is None
    True
    """
    words = re.sub(r"\([^)]*\)", " ", label).split()
    for position, word in enumerate(words):
        if word.casefold() in _CONNECTORS:
            return " ".join(words[:position]) if position >= 2 else None
    return None


def _entries(v: Views) -> list[Entry]:
    """One entry per process, norm scheme, norm, actor and topic of the views."""
    names = v.names
    grouped: dict[tuple[str, str], dict[str, list[str]]] = {}
    for resource, kind, source_field, name in zip(
        names["resource"], names["kind"], names["field"], names["name"], strict=True
    ):
        grouped.setdefault((resource, kind), {}).setdefault(source_field, []).append(str(name))
    labels: dict[str, str] = {}
    dates: dict[str, str] = {}
    for table, key, date_column in (
        (v.processes, "process", "start"),
        (v.norms, "norm", "date"),
        (v.actors, "actor", None),
        (v.topics, "topic", None),
    ):
        for row in table.to_dict("records"):
            if isinstance(row.get("label"), str):
                labels[row[key]] = row["label"]
            if date_column and isinstance(row.get(date_column), str):
                dates[row[key]] = row[date_column]
    actor_types = dict(zip(v.actors["actor"], v.actors["actor_type"], strict=True))
    countries = _country_names()
    entries = []
    for (iri, kind), fields in sorted(grouped.items()):
        own = [
            n for f in ("label", "prefLabel", "shortLabel", "altLabel") for n in fields.get(f, [])
        ]
        label = labels.get(iri) or (own[0] if own else compact(iri))
        listed = [label, *own]
        for source_field in ("notation", "officialReference", "iso3166Alpha3", "iso3166Alpha2"):
            listed += fields.get(source_field, [])
        for code in fields.get("iso3166Alpha3", []):
            listed += countries.get(code, ())
        derived_kind = "igo" if actor_types.get(iri) == "igo" else kind
        text = [n for f in sorted(_TEXT_FIELDS) for n in fields.get(f, [])]
        entries.append(
            Entry(
                iri=iri,
                kind=kind,
                label=label,
                names=tuple(dict.fromkeys(listed)),
                derived=names_of(derived_kind, own or [label]),
                text=tuple(dict.fromkeys(text)),
                date=dates.get(iri),
            )
        )
    return entries


@lru_cache(maxsize=1)
def _country_names() -> dict[str, tuple[str, ...]]:
    """Common and official names of each country, by ISO 3166-1 alpha-3 code.

    From pycountry (name, common_name, official_name) and country_converter's
    ``country_data.tsv`` (name_short, name_official).
    """
    import csv

    import pycountry

    from normgraph.importers.states import country_data_path

    found: dict[str, list[str]] = {}
    for country in pycountry.countries:
        found.setdefault(country.alpha_3, []).extend(
            getattr(country, attribute)
            for attribute in ("name", "common_name", "official_name")
            if getattr(country, attribute, None)
        )
    with country_data_path().open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            code = (row.get("ISO3") or "").strip()
            names = [(row.get(c) or "").strip() for c in ("name_short", "name_official")]
            found.setdefault(code, []).extend(n for n in names if n)
    return {code: tuple(dict.fromkeys(names)) for code, names in found.items()}


def _forms(entry: Entry) -> list[_Form]:
    """Each name and text of ``entry`` in normal form, with the tiers it can give."""
    forms = []
    for names, exact, partial in (
        (entry.names, EXACT, WORDS),
        (entry.derived, DERIVED, WORDS),
        (entry.text, 0, TEXT),
    ):
        for name in names:
            text = normalise(name)
            if text:
                forms.append(_Form(text, name, tuple(text.split()), exact, partial))
    return forms


def _required_words(query: str) -> tuple[str, ...]:
    """The words of a query that must match: all but connecting words (unless only those)."""
    words = query.split()
    kept = [w for w in words if w not in _CONNECTORS]
    return tuple(kept or words)


def _tier(form: _Form, query: str, words: tuple[str, ...]) -> int:
    """The tier ``form`` reaches for ``query`` (0: none)."""
    if form.exact and form.text == query:
        return form.exact
    if form.exact and form.text.startswith(query + " "):
        return PREFIX
    if all(any(w.startswith(q) for w in form.words) for q in words):
        return form.partial
    return 0


def _best(entry: Entry, forms: list[_Form], query: str, words: tuple[str, ...]) -> Match | None:
    """The best match of ``entry`` for ``query``, or None below tier 50."""
    from rapidfuzz import fuzz

    best: tuple[int, float, str] | None = None
    for form in forms:
        tier = _tier(form, query, words)
        if not tier:
            continue
        closeness = fuzz.ratio(query, form.text)
        if best is None or (tier, closeness) > best[:2]:
            best = (tier, closeness, form.original)
    if best is None:
        return None
    tier, closeness, name = best
    return Match((-tier, -closeness, _order(entry)), entry, tier, closeness, name)


def _order(entry: Entry) -> tuple[str, str, str]:
    """Equally good matches: earliest date first (undated last), then label, then IRI."""
    return (entry.date or "9999", entry.label.casefold(), entry.iri)


def _described(match: Match) -> str:
    """One candidate on one line: CURIE, label, kind and the name that matched."""
    entry = match.entry
    detail = entry.kind if match.name == entry.label else f"{entry.kind}; matched {match.name!r}"
    if entry.date:
        detail += f"; {entry.date}"
    return f"{compact(entry.iri)}  {entry.label} ({detail})"
