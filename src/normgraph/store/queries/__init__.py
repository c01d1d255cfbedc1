"""The query library: one ``.rq`` file per question, with a comment header.

A header looks like this::

    # The members of a process, with their roles and dates.
    # Parameters:
    #   $process  iri   the process (IRI, CURIE or label)
    #   $date     date  optional: only memberships in force on that date

The first comment lines (up to ``Parameters:``) say what the query answers.
Parameters are written ``$name`` in the query body and bound by substituting the
RDF term in SPARQL syntax, so the same text runs on every backend. An optional
parameter left unbound stays a variable; test it with ``BIND($date AS ?date_)``
then ``!BOUND(?date_)``, since ``BOUND`` takes only a variable.

>>> info = get("norms-of-process")
>>> sorted(info.parameters)
['process']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from normgraph.errors import UsageError
from normgraph.namespaces import PREFIXES, expand

__all__ = [
    "Parameter",
    "QueryFile",
    "bind",
    "get",
    "internal",
    "list_queries",
    "load_file",
    "term",
]

QUERY_DIR = Path(__file__).resolve().parent
PARAMETER_TYPES = ("iri", "iris", "date", "string", "integer")

_HEADER_PARAM = re.compile(r"^#\s+\$(?P<name>\w+)\s+(?P<type>\w+)\s+(?P<doc>.*)$")
# Strings, IRIs and comments are skipped so that "$x" inside them is never replaced.
_TOKENS = re.compile(
    r'(?P<skip>"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
    r"'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*)|\$(?P<var>\w+)"
)
_IRI_FORBIDDEN = re.compile(r'[<>"{}|^`\\\s]')


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    doc: str

    @property
    def optional(self) -> bool:
        return self.doc.lower().startswith("optional")


@dataclass(frozen=True)
class QueryFile:
    """A query with its header: what it answers and which parameters it takes."""

    name: str
    path: Path
    text: str
    description: str
    parameters: dict[str, Parameter]

    @property
    def summary(self) -> str:
        """The first sentence of the description, for one-line listings.

        >>> get("norms-of-process").summary
        'The norms a process set, with notation, short title, summary and official reference.'
        """
        first, _, _ = self.description.partition(". ")
        return first if first.endswith(".") else first + "."


def load_file(path: Path) -> QueryFile:
    text = path.read_text(encoding="utf-8")
    description: list[str] = []
    parameters: dict[str, Parameter] = {}
    in_parameters = False
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        body = line.lstrip("#").strip()
        if body.lower().startswith("parameters:"):
            in_parameters = True
            continue
        if in_parameters:
            match = _HEADER_PARAM.match(line)
            if match and match["type"] in PARAMETER_TYPES:
                parameters[match["name"]] = Parameter(match["name"], match["type"], match["doc"])
        elif body:
            description.append(body)
    return QueryFile(path.stem, path, text, " ".join(description), parameters)


def list_queries() -> dict[str, QueryFile]:
    """Every query of the library, by name."""
    return {p.stem: load_file(p) for p in sorted(QUERY_DIR.glob("*.rq"))}


def get(name: str) -> QueryFile:
    """The library query ``name``; an unknown name lists the known ones."""
    path = QUERY_DIR / f"{name}.rq"
    if re.fullmatch(r"[\w-]+", name) and path.is_file():
        return load_file(path)
    known = ", ".join(list_queries())
    raise UsageError(f"unknown query {name!r}; known queries: {known}")


def internal(name: str) -> QueryFile:
    """A query normgraph itself runs (``queries/internal/NAME.rq``), not listed to users."""
    return load_file(QUERY_DIR / "internal" / f"{name}.rq")


def term(value: object, kind: str = "string") -> str:
    """A Python value as a SPARQL term of the parameter type ``kind``.

    >>> term("p:paris-call", "iri")
    '<https://w3id.org/normgraph/id/process/paris-call>'
    >>> term('say "hi"')
    '"say \\\\"hi\\\\""'
    >>> term(["p:gcsc", "p:oewg"], "iris")  # an object list: ``?s a $classes``
    '<https://w3id.org/normgraph/id/process/gcsc>, <https://w3id.org/normgraph/id/process/oewg>'
    >>> term("2020-01-01", "date"), term("2019", "date")
    ('"2020-01-01"^^<http://www.w3.org/2001/XMLSchema#date>', '"2019-12-31"^^<http://www.w3.org/2001/XMLSchema#date>')
    """
    if kind == "iri":
        iri = expand(str(value))
        if ":" not in iri or _IRI_FORBIDDEN.search(iri):
            raise UsageError(f"not an IRI or known CURIE: {value!r}")
        return f"<{iri}>"
    if kind == "iris":
        items = [] if isinstance(value, str) or not isinstance(value, Iterable) else list(value)
        if not items:
            raise UsageError(f"not a non-empty list of IRIs: {value!r}")
        return ", ".join(term(item, "iri") for item in items)
    if kind == "date":
        from normgraph.dates import parse_date  # a year or a month stands for its last day

        day = value if isinstance(value, dt.date) else parse_date(str(value))
        return f'"{day.isoformat()}"^^<{PREFIXES["xsd"]}date>'
    if kind == "integer":
        try:
            return str(int(str(value)))
        except ValueError:
            raise UsageError(f"not an integer: {value!r}") from None
    escaped = (
        str(value)
        .replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
    )
    return f'"{escaped}"'


def bind(query: QueryFile | str, values: Mapping[str, object]) -> str:
    """The query text with each given ``$parameter`` replaced by its term.

    >>> bind("SELECT * WHERE { $s ?p '$s' }", {"s": "p:gcsc"})
    "SELECT * WHERE { <https://w3id.org/normgraph/id/process/gcsc> ?p '$s' }"
    """
    parameters = query.parameters if isinstance(query, QueryFile) else {}
    text = query.text if isinstance(query, QueryFile) else query
    if isinstance(query, QueryFile):
        unknown = set(values) - set(parameters)
        if unknown:
            raise UsageError(
                f"query {query.name!r} takes no parameter {', '.join(sorted(unknown))} "
                f"(it takes: {', '.join(parameters) or 'none'})"
            )
        missing = [p.name for p in parameters.values() if not p.optional and p.name not in values]
        if missing:
            raise UsageError(f"query {query.name!r} needs parameter {', '.join(missing)}")
    terms = {
        name: term(value, parameters[name].type if name in parameters else _guess_kind(value))
        for name, value in values.items()
    }

    def replace(match: re.Match[str]) -> str:
        name = match["var"]
        return terms.get(name, match[0]) if name else match[0]

    return _TOKENS.sub(replace, text)


def _guess_kind(value: object) -> str:
    if isinstance(value, dt.date):
        return "date"
    if isinstance(value, int):
        return "integer"
    text = str(value)
    return "iri" if expand(text) != text or text.startswith(("http://", "https://")) else "string"
