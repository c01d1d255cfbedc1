"""Import the supporters of the Paris Call for Trust and Security in Cyberspace.

The input is the supporter list published in the source repository of the Call's
website (a CSV with the columns ``name, category, nature, nationality, date_signed,
first_listed, website, file``). Each row becomes an ``org:Membership`` of the actor in
``p:paris-call`` with the role ``ng:signatory``, citing a passage of the list whose
locator is the row's ``file`` key. Every row is mapped or reported, with its line
number, in the :class:`Report`; nothing is dropped silently.

How the messy parts of the list are read:

- **States** are named in French. A state row is identified by its code (ISO 3166-1
  alpha-3, alpha-2, or one of the :data:`LEGACY_CODES`) and by its French name (from
  ``pycountry``'s French translations); when both identify a state they must agree.
  The state must be a UN member state of the dataset (``state:<ALPHA3>``), else the
  row is reported as unmapped.
- **Organisations** are matched by normalised name (accents, case, punctuation and a
  trailing parenthesised acronym ignored) against the ``rdfs:label`` and
  ``skos:altLabel`` of the actors the knowledge base already has; a match reuses that
  actor ("merged"). Otherwise a new ``actor:<slug>`` is minted, its class taken from
  the category (:data:`CATEGORY_CLASSES`), refined or, for an empty category, decided
  by the ``nature`` column (:data:`NATURE_CLASSES`). A row whose class cannot be
  decided becomes a plain ``ng:Actor``, with a warning.
- **Dates.** ``date_signed`` is the signature date: it begins the membership
  (``time:hasBeginning``). ``first_listed`` is only the day the entry appeared in the
  website's repository (2019-11-10 for every entry moved there that day), so the
  supporter signed *no later than* that day: it is recorded as an instant inside the
  membership interval (``time:inside``), never as its beginning.

>>> _normalise("  Tüv Süd & Co. (TS) ")
'tuv sud and co'
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from normgraph.errors import DataFileError
from normgraph.importers._turtle import ascii_fold, literal, local_name, prefix_block, resource
from normgraph.namespaces import compact
from normgraph.store import queries

if TYPE_CHECKING:
    from normgraph.store.kb import KnowledgeBase

__all__ = [
    "CATEGORY_CLASSES",
    "COLUMNS",
    "LEGACY_CODES",
    "NATURE_CLASSES",
    "PROCESS",
    "SOURCE",
    "Problem",
    "Report",
    "to_turtle",
]

#: The columns of the supporter list, in order.
COLUMNS = (
    "name",
    "category",
    "nature",
    "nationality",
    "date_signed",
    "first_listed",
    "website",
    "file",
)
#: The process every row is a membership of.
PROCESS = "p:paris-call"
#: The source every row's passage is part of (declared in the output).
SOURCE = "s:paris-call-supporters-2024"

#: Codes of the list that are not (or no longer) ISO 3166-1 alpha-3, and the state meant.
LEGACY_CODES = {
    # Romania's alpha-3 code until ISO changed it to ROU in 2002; the site still uses it.
    "ROM": "ROU",
    # Serbia and Montenegro, withdrawn from ISO 3166-1 in 2006; the row names Serbia.
    "SCG": "SRB",
    # Not an ISO code at all; the row names Montenegro, whose code is MNE.
    "MTG": "MNE",
}
#: Codes that name no state (the European Union); such rows get no ng:nationality.
_NOT_STATES = {"EU": "the European Union"}

#: The actor class of each non-state category.
CATEGORY_CLASSES = {
    "public-authority": "ng:PublicAuthority",
    "private-sector": "ng:Company",
    "civil-society": "ng:CivilSocietyOrganisation",
}
#: The actor class a (normalised) ``nature`` implies; intergovernmental organisations
#: override the category, the rest decide only when the category is empty.
NATURE_CLASSES = {
    "organisation internationale": "ng:IntergovernmentalOrganisation",
    "international organization": "ng:IntergovernmentalOrganisation",
    "entreprise": "ng:Company",
    "association professionnelle": "ng:Company",
    "chambre de commerce": "ng:Company",
    "operateur": "ng:Company",
    "association": "ng:CivilSocietyOrganisation",
    "organisation a but non lucratif": "ng:CivilSocietyOrganisation",
    "universite": "ng:CivilSocietyOrganisation",
    "fondation": "ng:CivilSocietyOrganisation",
    "think tank": "ng:CivilSocietyOrganisation",
    "ong": "ng:CivilSocietyOrganisation",
    "centre de recherche": "ng:CivilSocietyOrganisation",
    "federation": "ng:CivilSocietyOrganisation",
    "forum": "ng:CivilSocietyOrganisation",
    "ecole": "ng:CivilSocietyOrganisation",
    "academie": "ng:CivilSocietyOrganisation",
    "collectivite locale": "ng:PublicAuthority",
    "etat federe": "ng:PublicAuthority",
    "autorite independante": "ng:PublicAuthority",
    "organisme public": "ng:PublicAuthority",
    "agence": "ng:PublicAuthority",
    "groupement d'interet public": "ng:PublicAuthority",
    "commission consultative": "ng:PublicAuthority",
    "centre d'excellence": "ng:PublicAuthority",
}
_IGO = "ng:IntergovernmentalOrganisation"

_PARENTHESISED = re.compile(r"\s*\([^()]*\)\s*$")
_NOT_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True, order=True)
class Problem:
    """Something to say about one row: why it is unmapped, or what was decided."""

    line: int
    message: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


@dataclass
class Report:
    """What an import did, row by row where it matters."""

    path: str
    rows: int = 0
    states: int = 0
    organisations: int = 0
    merged: int = 0
    unmapped: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def mapped(self) -> int:
        """Rows that became a membership of a state or an organisation."""
        return self.states + self.organisations

    def lines(self) -> list[str]:
        """One line per unmapped row and per warning, ``path:line: kind: message``."""
        tagged = [(p, "unmapped") for p in self.unmapped] + [(p, "warning") for p in self.warnings]
        return [f"{self.path}:{p.line}: {kind}: {p.message}" for p, kind in sorted(tagged)]

    def summary(self) -> str:
        return (
            f"{self.rows} rows: {self.states} states, {self.organisations} organisations "
            f"({self.merged} merged with actors already in the dataset), "
            f"{len(self.unmapped)} unmapped, {len(self.warnings)} warnings"
        )


@dataclass(frozen=True)
class _Row:
    line: int
    name: str
    category: str
    nature: str
    nationality: str
    date_signed: str
    first_listed: str
    file: str


@dataclass
class _Membership:
    iri: str
    member: str
    passages: list[str]
    begins: dt.date | None = None
    inside: dt.date | None = None
    has_interval: bool = False
    first_line: int = 0


def to_turtle(csv_path: str | Path, kb: KnowledgeBase) -> tuple[str, Report]:
    """The Turtle memberships of the supporter list at ``csv_path``, and the report.

    Args:
        csv_path: the supporter CSV.
        kb: the knowledge base whose states and actors rows are matched against.

    Raises:
        DataFileError: the file cannot be read, its header is not :data:`COLUMNS`, or a
            row does not have as many fields as the header.
    """
    path = Path(csv_path)
    return _Importer(path, kb).run(_read_rows(path))


def _read_rows(path: Path) -> Iterator[_Row]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            line = 1
            try:
                header = next(reader, None)
                if header is None or tuple(h.strip() for h in header) != COLUMNS:
                    raise DataFileError(path, 1, f"expected the header {','.join(COLUMNS)}")
                line = reader.line_num + 1
                for record in reader:
                    if record:
                        if len(record) != len(COLUMNS):
                            raise DataFileError(
                                path,
                                line,
                                f"malformed row: expected {len(COLUMNS)} fields "
                                f"({', '.join(COLUMNS)}), found {len(record)}",
                            )
                        values = dict(zip(COLUMNS, (v.strip() for v in record), strict=True))
                        del values["website"]
                        yield _Row(line=line, **values)
                    line = reader.line_num + 1
            except csv.Error as error:
                raise DataFileError(path, line, f"malformed CSV: {error}") from None
    except UnicodeDecodeError:
        raise DataFileError(path, None, "not a UTF-8 text file") from None
    except OSError as error:
        raise DataFileError(path, None, f"cannot read: {error.strerror or error}") from None


def _normalise(name: str) -> str:
    """A name for matching: no accents, case, punctuation or trailing ``(ACRONYM)``."""
    folded = _PARENTHESISED.sub("", ascii_fold(name).replace("’", "'"))
    folded = folded.lower().replace("&", " and ")
    return _NOT_WORD.sub(" ", folded).strip()


def _nature_key(nature: str) -> str:
    return " ".join(ascii_fold(nature.replace("’", "'")).lower().split())


def _iso_alpha3(code: str) -> str | None:
    """The alpha-3 code a code of the list stands for, or None if it names no state."""
    import pycountry

    code = code.strip().upper()
    if code in LEGACY_CODES:
        return LEGACY_CODES[code]
    if len(code) == 3:
        country = pycountry.countries.get(alpha_3=code)
    elif len(code) == 2:
        country = pycountry.countries.get(alpha_2=code)
    else:
        country = None
    return None if country is None else str(country.alpha_3)


def _state_names() -> dict[str, str]:
    """Normalised French and English country names -> alpha-3 code."""
    import gettext

    import pycountry

    french = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attribute in ("name", "official_name", "common_name"):
            english = getattr(country, attribute, None)
            if english:
                for variant in (english, french.gettext(english)):
                    names.setdefault(_normalise(variant), str(country.alpha_3))
    return names


def _bindings(kb: KnowledgeBase, query: str, **params: object) -> list[dict[str, str]]:
    """The rows of an internal SELECT query: each bound variable's value as text.

    IRIs and literals are their value, a blank node ``_:label``; an unbound variable is
    absent from its row. Read from the SPARQL JSON results, so that importing needs no
    pandas (half a second of a ``normgraph import``).
    """
    result = kb.query(queries.internal(query), params, tabular="json")
    return [
        {
            name: f"_:{term['value']}" if term["type"] == "bnode" else term["value"]
            for name, term in row.items()
        }
        for row in json.loads(result.body)["results"]["bindings"]
    ]


def _parse_date(value: str) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


class _Importer:
    def __init__(self, path: Path, kb: KnowledgeBase) -> None:
        self.path = path
        self.report = Report(path.name)
        states = _bindings(kb, "labelled-resources", **{"class": "ng:State"})
        self.state_codes = {compact(row["r"]).partition(":")[2] for row in states}
        self.known: dict[str, str] = {}
        self.classes: dict[str, str] = {}
        for row in _bindings(kb, "actor-names"):
            actor = compact(row["actor"])
            self.known.setdefault(_normalise(row["name"]), actor)
            if "class" in row:
                self.classes[actor] = compact(row["class"])
        self.taken = {iri.partition(":")[2] for iri in self.known.values()}
        self.minted: dict[str, str] = {}
        self.memberships: dict[str, _Membership] = {}
        self.membership_iris: set[str] = set()
        for row in _bindings(kb, "process-memberships", process=PROCESS):
            iri = compact(row["membership"])
            self.membership_iris.add(iri)
            if compact(row["role"]) == "ng:signatory":
                member = compact(row["member"])
                self.memberships[member] = _Membership(
                    iri, member, [], has_interval="interval" in row
                )
        self.state_names = _state_names()
        self.passage_iris: set[str] = set()
        self.blocks: list[str] = []

    def run(self, rows: Iterator[_Row]) -> tuple[str, Report]:
        for row in rows:
            self.report.rows += 1
            self._row(row)
        return self._turtle(), self.report

    def _warn(self, row: _Row, message: str) -> None:
        self.report.warnings.append(Problem(row.line, message))

    def _row(self, row: _Row) -> None:
        if not row.name:
            self.report.unmapped.append(Problem(row.line, "no name"))
            return
        if row.category == "state":
            member = self._state(row)
            if member is None:
                return
            self.report.states += 1
        elif row.category in CATEGORY_CLASSES or not row.category:
            member = self._organisation(row)
            self.report.organisations += 1
        else:
            self.report.unmapped.append(
                Problem(row.line, f"unknown category {row.category!r} for {row.name!r}")
            )
            return
        self._membership(row, member, self._passage(row))

    def _state(self, row: _Row) -> str | None:
        by_code = _iso_alpha3(row.nationality) if row.nationality else None
        by_name = self.state_names.get(_normalise(row.name))
        if by_code and by_name and by_code != by_name:
            self.report.unmapped.append(
                Problem(
                    row.line,
                    f"state {row.name!r}: its code {row.nationality!r} means {by_code} "
                    f"but its name means {by_name}",
                )
            )
            return None
        alpha3 = by_code or by_name
        if alpha3 is None:
            self.report.unmapped.append(
                Problem(
                    row.line,
                    f"state {row.name!r}: neither its code ({row.nationality or 'none'}) "
                    "nor its name identifies a country",
                )
            )
            return None
        if alpha3 not in self.state_codes:
            self.report.unmapped.append(
                Problem(row.line, f"state {row.name!r} ({alpha3}) is not a UN member state")
            )
            return None
        return f"state:{alpha3}"

    def _organisation(self, row: _Row) -> str:
        key = _normalise(row.name)
        actor_class, note = _classify(row)
        if key in self.known:
            self.report.merged += 1
            iri = self.known[key]
            existing = self.classes.get(iri)
            if existing and actor_class not in (existing, "ng:Actor"):
                self._warn(
                    row,
                    f"{row.name!r} merged with {iri}, a {existing}, though the row says "
                    f"{actor_class}: check that they are the same",
                )
            return iri
        if key in self.minted:
            return self.minted[key]
        if note:
            self._warn(row, note)
        local = local_name(row.name) or local_name(row.file) or f"paris-call-line-{row.line}"
        if local in self.taken:
            local = f"{local}-{local_name(row.nationality) or row.line}"
        while local in self.taken:
            local = f"{local}-{row.line}"
        self.taken.add(local)
        iri = self.minted[key] = f"actor:{local}"
        lines = [f"{iri} a {actor_class} ;", f"    rdfs:label {literal(row.name)}"]
        nationality = self._nationality(row)
        if nationality:
            lines.append(f"    ng:nationality {nationality}")
        self.blocks.append(" ;\n".join(lines) + " .\n")
        return iri

    def _nationality(self, row: _Row) -> str | None:
        code = row.nationality.upper()
        if not code:
            return None
        if code in _NOT_STATES:
            self._warn(row, f"nationality {code!r} is {_NOT_STATES[code]}, not a state: left out")
            return None
        alpha3 = _iso_alpha3(code)
        if alpha3 is None:
            self._warn(row, f"nationality {code!r} is not an ISO 3166-1 code: left out")
            return None
        if alpha3 not in self.state_codes:
            self._warn(row, f"nationality {alpha3} is not a UN member state: left out")
            return None
        return f"state:{alpha3}"

    def _passage(self, row: _Row) -> str:
        stem = local_name(Path(row.file).stem) or f"line-{row.line}"
        iri = f"pa:paris-call-supporters-2024-{stem}"
        if iri in self.passage_iris:
            iri = f"{iri}-{row.line}"
        self.passage_iris.add(iri)
        if not row.file:
            self._warn(row, "no file key: the passage is located by line number")
        locator = row.file or f"line {row.line}"
        self.blocks.append(
            f"{iri} a ng:Passage ; dcterms:isPartOf {SOURCE} ; ng:locator {literal(locator)} .\n"
        )
        return iri

    def _dates(self, row: _Row) -> tuple[dt.date | None, dt.date | None]:
        parsed: dict[str, dt.date | None] = {}
        for column, value in (("date_signed", row.date_signed), ("first_listed", row.first_listed)):
            try:
                parsed[column] = _parse_date(value)
            except ValueError:
                self._warn(row, f"{column} {value!r} is not a date (YYYY-MM-DD): left out")
                parsed[column] = None
        signed, listed = parsed["date_signed"], parsed["first_listed"]
        if signed and listed and listed < signed:
            self._warn(
                row,
                f"first listed {listed}, before its signature date {signed}: "
                "the signature date is kept",
            )
        return (signed, None) if signed else (None, listed)

    def _membership(self, row: _Row, member: str, passage: str) -> None:
        begins, inside = self._dates(row)
        membership = self.memberships.get(member)
        if membership is None:
            # The member's local name, whether it is a CURIE or an IRI of the user's data.
            iri = f"m:paris-call-{local_name(re.split(r'[:/#]', member)[-1])}"
            if iri in self.membership_iris:
                iri = f"{iri}-signatory"
            self.membership_iris.add(iri)
            membership = self.memberships[member] = _Membership(iri, member, [])
        if membership.first_line:
            self._warn(
                row,
                f"{row.name!r} is {member}, already on line {membership.first_line}: "
                "one membership citing both rows",
            )
        else:
            membership.first_line = row.line
        if membership.has_interval and (begins or inside):
            self._warn(
                row, f"{membership.iri} already has dates in the dataset: the row's are left out"
            )
        else:
            membership.begins = _earliest(membership.begins, begins)
            membership.inside = _earliest(membership.inside, inside)
        membership.passages.append(passage)

    def _turtle(self) -> str:
        header = (
            f"# Supporters of the Paris Call, imported by `normgraph import paris-call` from\n"
            f"# {self.path.name}: {self.report.summary()}.\n"
        )
        prefixes = prefix_block(
            ["ng", "p", "m", "actor", "state", "s", "pa", "rdfs", "org", "time", "dcterms", "xsd"]
        )
        source = (
            f"{SOURCE} a ng:Source ;\n"
            '    dcterms:title "Paris Call for Trust and Security in Cyberspace: list of '
            'supporters (website source repository, snapshot of January 2024)"@en ;\n'
            '    dcterms:publisher "Paris Call for Trust and Security in Cyberspace" ;\n'
            '    dcterms:issued "2024-01"^^xsd:gYearMonth ;\n'
            '    dcterms:rights "EUPL-1.2" .\n'
        )
        memberships = [_membership_turtle(m) for m in self.memberships.values() if m.passages]
        return "\n".join([header + prefixes, source, *self.blocks, *memberships])


def _classify(row: _Row) -> tuple[str, str | None]:
    """The actor class of a non-state row, and a note when the category did not decide."""
    by_nature = NATURE_CLASSES.get(_nature_key(row.nature))
    if by_nature == _IGO:
        return _IGO, None
    if row.category:
        return CATEGORY_CLASSES[row.category], None
    if by_nature:
        return by_nature, f"no category: {by_nature} from its nature {row.nature!r}"
    return "ng:Actor", f"no category and no telling nature: {row.name!r} is typed ng:Actor only"


def _earliest(a: dt.date | None, b: dt.date | None) -> dt.date | None:
    return min(d for d in (a, b) if d) if (a or b) else None


def _membership_turtle(m: _Membership) -> str:
    # A membership the dataset already has is restated whole, so the output reads alone.
    lines = [
        f"{resource(m.iri)} a org:Membership",
        f"    org:member {resource(m.member)} ; org:organization {PROCESS} ; org:role ng:signatory",
    ]
    if m.begins or m.inside:
        parts = ["a time:Interval"]
        if m.begins:
            parts.append(f"time:hasBeginning {_instant(m.begins)}")
        if m.inside:
            parts.append(f"time:inside {_instant(m.inside)}")
        lines.append(f"    org:memberDuring [ {' ; '.join(parts)} ]")
    lines.append(f"    dcterms:source {' , '.join(resource(p) for p in m.passages)}")
    return " ;\n".join(lines) + " .\n"


def _instant(day: dt.date) -> str:
    return f'[ a time:Instant ; time:inXSDDate "{day.isoformat()}"^^xsd:date ]'
