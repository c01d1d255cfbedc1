"""Generate a synthetic normgraph dataset of about N triples, for benchmarks.

The data is valid against ``ontology/shapes.ttl`` and shaped like the real thing, only
bigger: thousands of processes (four kinds, series and their iterations, dates as a
year, a month or a day), tens of thousands of actors (every ISO 3166 state, companies,
civil-society and intergovernmental organisations, public authorities, persons),
memberships whose sizes follow a power law on both sides (a few huge processes, a few
very active actors) with roles and OWL-Time intervals, about ten norms per process in
one scheme each, a derivation DAG between norms (qualified ``ng:Derivation`` with a kind
and a cited passage; a norm only derives from norms of earlier processes, so there is no
cycle), process relations, and the sources and passages all of that cites.

Same ``--seed`` and ``--triples``, same file. Triples are streamed to the file as they
are made, so memory stays flat whatever the size::

    python benchmarks/generate.py --triples 100000 --seed 1 -o /tmp/ng-100k.ttl
    python benchmarks/generate.py --triples 1m -o /tmp/ng-1m.nt

``.nt`` writes N-Triples; ``.ttl`` writes Turtle (prefixed names, one triple per line).
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import random
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from normgraph.namespaces import PREFIXES

__all__ = ["Scale", "generate", "parse_size"]


#: Triples the generator writes per process, all things included (measured; used to
#: turn ``--triples`` into a number of processes).
TRIPLES_PER_PROCESS = 520
PROCESS_KINDS = (
    "MultilateralProcess",
    "MultistakeholderProcess",
    "ExpertProcess",
    "IndustryProcess",
)
KIND_WEIGHTS = (4, 3, 2, 2)
FORMS = ("WorkingBody", "Resolution", "Statement", "Treaty", "Forum", "Campaign", "Proposal")
OUTCOMES = ("ConsensusReport", "NoReport", "ReportWithChairSummary")
ROLES = ("member", "signatory", "observer", "sponsor", "funder", "founder", "chair")
ROLE_WEIGHTS = (50, 35, 6, 4, 2, 2, 1)
ACTOR_KINDS = (
    "Company",
    "CivilSocietyOrganisation",
    "IntergovernmentalOrganisation",
    "PublicAuthority",
    "Person",
)
ACTOR_KIND_WEIGHTS = (30, 30, 3, 7, 30)
DERIVATION_KINDS = ("restates", "adapts", "reaffirms", "extends")
RELATIONS = (
    "endorses",
    "signsOnTo",
    "adoptsNormsOf",
    "reflectedInMandateOf",
    "competesWith",
    "succeeds",
    "establishes",
)
WORDS = (
    "cyber",
    "stability",
    "trust",
    "security",
    "norms",
    "dialogue",
    "digital",
    "peace",
    "infrastructure",
    "responsible",
    "capacity",
    "resilience",
    "cooperation",
    "internet",
    "critical",
    "protection",
    "confidence",
    "governance",
    "open",
    "global",
)
FIRST_YEAR, LAST_YEAR = 1998, 2025
TOPICS = 16
REVIEWED = "2026-12-03"


@dataclass(frozen=True)
class Scale:
    """How many of each thing a dataset of ``triples`` triples holds."""

    processes: int
    actors: int
    memberships: int
    sources: int
    norms_per_process: int = 10

    @classmethod
    def for_triples(cls, triples: int) -> Scale:
        processes = max(8, round(triples / TRIPLES_PER_PROCESS))
        return cls(
            processes=processes,
            actors=max(40, processes * 15),
            memberships=processes * 50,
            sources=max(4, processes // 2),
        )


def parse_size(text: str) -> int:
    """``10k`` -> 10000, ``1m`` -> 1000000, ``2.5m`` -> 2500000, ``1234`` -> 1234."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    number = text[:-1] if factor != 1 else text
    return round(float(number) * factor)


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


@dataclass
class Writer:
    """Writes triples as N-Triples or Turtle; terms are made by the writer's helpers."""

    out: TextIO
    turtle: bool
    count: int = 0
    _blank: Iterator[int] = field(default_factory=itertools.count)

    def __post_init__(self) -> None:
        if self.turtle:
            self.out.write("".join(f"@prefix {p}: <{iri}> .\n" for p, iri in PREFIXES.items()))

    def ns(self, prefix: str) -> Callable[[str], str]:
        """A function that names ``local`` in the namespace ``prefix``."""
        if self.turtle:
            return lambda local: f"{prefix}:{local}"
        base = PREFIXES[prefix]
        return lambda local: f"<{base}{local}>"

    def blank(self) -> str:
        return f"_:b{next(self._blank)}"

    def text(self, value: str, lang: str | None = "en") -> str:
        return f'"{_escape(value)}"@{lang}' if lang else f'"{_escape(value)}"'

    def typed(self, value: str, datatype: str) -> str:
        return f'"{value}"^^{datatype}'

    def __call__(self, subject: str, predicate: str, obj: str) -> None:
        self.out.write(f"{subject} {predicate} {obj} .\n")
        self.count += 1


class _Vocabulary:
    """The terms the generator writes, bound to one writer's syntax."""

    def __init__(self, w: Writer) -> None:
        ng, rdf, rdfs, xsd = w.ns("ng"), w.ns("rdf"), w.ns("rdfs"), w.ns("xsd")
        skos, org, prov, dc = w.ns("skos"), w.ns("org"), w.ns("prov"), w.ns("dcterms")
        time_, foaf = w.ns("time"), w.ns("foaf")
        self.ng = ng
        self.type, self.label = rdf("type"), rdfs("label")
        self.date, self.gyear, self.gyearmonth = xsd("date"), xsd("gYear"), xsd("gYearMonth")
        self.integer = xsd("integer")
        self.in_scheme, self.notation = skos("inScheme"), skos("notation")
        self.pref_label, self.definition = skos("prefLabel"), skos("definition")
        self.membership, self.member, self.organization = (
            org("Membership"),
            org("member"),
            org("organization"),
        )
        self.role, self.member_during = org("role"), org("memberDuring")
        self.qualified_derivation, self.entity = prov("qualifiedDerivation"), prov("entity")
        self.source, self.title, self.publisher = dc("source"), dc("title"), dc("publisher")
        self.creator, self.issued, self.part_of = dc("creator"), dc("issued"), dc("isPartOf")
        self.identifier, self.subject = dc("identifier"), dc("subject")
        self.concept_scheme = skos("ConceptScheme")
        self.interval, self.instant = time_("Interval"), time_("Instant")
        self.begins, self.ends = time_("hasBeginning"), time_("hasEnd")
        self.in_date, self.in_month, self.in_year = (
            time_("inXSDDate"),
            time_("inXSDgYearMonth"),
            time_("inXSDgYear"),
        )
        self.page = foaf("page")


def _power_law_cumulative(n: int, exponent: float) -> list[float]:
    """Cumulative weights of ranks 1..n with weight rank**-exponent (Zipf)."""
    return list(itertools.accumulate(rank**-exponent for rank in range(1, n + 1)))


def _states() -> list[tuple[str, str, str]]:
    """(alpha-3, alpha-2, name) of every ISO 3166-1 country."""
    import pycountry

    return sorted((c.alpha_3, c.alpha_2, c.name) for c in pycountry.countries)


def generate(out: TextIO, triples: int, seed: int = 1, *, turtle: bool = False) -> int:
    """Write a dataset of about ``triples`` triples to ``out``; return how many were written.

    >>> import io
    >>> buffer = io.StringIO()
    >>> n = generate(buffer, 3000, seed=7)
    >>> 2000 < n < 4500 and n == buffer.getvalue().count(" .\\n")
    True
    """
    scale = Scale.for_triples(triples)
    rng = random.Random(seed)
    w = Writer(out, turtle)
    v = _Vocabulary(w)
    ng = v.ng
    process_iri, norm_iri, scheme_iri = w.ns("p"), w.ns("n"), w.ns("scheme")
    actor_iri, state_iri, membership_iri = w.ns("actor"), w.ns("state"), w.ns("m")
    relation_iri, source_iri, passage_iri = w.ns("rel"), w.ns("s"), w.ns("pa")
    topic_iri = w.ns("topic")
    # Topics draw on their own generator, so the rest of a seed's data stays as it was.
    topic_rng = random.Random(seed ^ 0x70C1C)

    def words(k: int) -> str:
        return " ".join(rng.choices(WORDS, k=k))

    def date(year: int) -> str:
        """A date as precise as a source might give it: a year, a month or a day."""
        precision = rng.random()
        if precision < 0.5:
            return w.typed(str(year), v.gyear)
        month = rng.randint(1, 12)
        if precision < 0.75:
            return w.typed(f"{year}-{month:02d}", v.gyearmonth)
        return w.typed(f"{year}-{month:02d}-{rng.randint(1, 28):02d}", v.date)

    # Sources and their passages; every fact cites one or two passages.
    passages_per_source = 8
    for i in range(scale.sources):
        src = source_iri(f"src-{i:05d}")
        w(src, v.type, ng("Source"))
        w(src, v.title, w.text(f"Report {i} on {words(3)}"))
        if rng.random() < 0.7:
            w(src, v.publisher, w.text(f"Publisher {i % 97}", None))
        else:
            w(src, v.creator, w.text(f"Author {i % 389}", None))
        w(src, v.issued, date(rng.randint(FIRST_YEAR, LAST_YEAR)))
        if rng.random() < 0.3:
            w(src, v.identifier, w.text(f"A/{50 + i % 30}/{100 + i}", None))
            w(src, v.page, f"<https://example.org/doc/{i}>")
        for j in range(passages_per_source):
            passage = passage_iri(f"src-{i:05d}-{j}")
            w(passage, v.type, ng("Passage"))
            w(passage, v.part_of, src)
            w(passage, ng("locator"), w.text(f"para. {j + 1}", None))
    passage_count = scale.sources * passages_per_source

    def cite(subject: str) -> None:
        for _ in range(1 + (rng.random() < 0.3)):
            source, passage = divmod(rng.randrange(passage_count), passages_per_source)
            w(subject, v.source, passage_iri(f"src-{source:05d}-{passage}"))

    # Actors: every state, then organisations and persons.
    actors: list[str] = []
    for alpha3, alpha2, name in _states():
        state = state_iri(alpha3)
        w(state, v.type, ng("State"))
        w(state, v.label, w.text(name))
        w(state, ng("iso3166Alpha3"), w.text(alpha3, None))
        w(state, ng("iso3166Alpha2"), w.text(alpha2, None))
        actors.append(state)
    states = list(actors)
    kinds = rng.choices(ACTOR_KINDS, weights=ACTOR_KIND_WEIGHTS, k=scale.actors)
    for i, kind in enumerate(kinds):
        actor = actor_iri(f"{kind.lower()}-{i:06d}")
        w(actor, v.type, ng(kind))
        w(actor, v.label, w.text(f"{kind} {i} {words(1)}"))
        if rng.random() < 0.5:
            w(actor, ng("nationality"), rng.choice(states))
        actors.append(actor)
    # Popular actors are picked far more often (power law); states lead the ranking.
    actor_cumulative = _power_law_cumulative(len(actors), 0.8)

    # Processes, ordered by start year so that derivations only point backwards.
    years = sorted(rng.randint(FIRST_YEAR, LAST_YEAR) for _ in range(scale.processes))
    processes = [process_iri(f"proc-{i:05d}") for i in range(scale.processes)]
    series = list(range(0, scale.processes, 20))
    for i, (process, year) in enumerate(zip(processes, years, strict=True)):
        kind = rng.choices(PROCESS_KINDS, weights=KIND_WEIGHTS)[0]
        w(process, v.type, ng(kind))
        if i % 20 == 0:
            w(process, v.type, ng("ProcessSeries"))
        elif rng.random() < 0.4:
            w(process, ng("iterationOf"), processes[rng.choice(series)])
        w(process, v.label, w.text(f"Process {i}: {words(3)}"))
        w(process, ng("lastReviewed"), w.typed(REVIEWED, v.date))
        w(process, ng("form"), ng(rng.choice(FORMS)))
        w(process, ng("startDate"), date(year))
        concluded = year < LAST_YEAR - 3 and rng.random() < 0.6
        if concluded:
            w(process, ng("endDate"), date(min(LAST_YEAR, year + rng.randint(0, 3))))
            w(process, ng("status"), ng("Concluded"))
            if rng.random() < 0.5:
                w(process, ng("outcome"), ng(rng.choice(OUTCOMES)))
                document = source_iri(f"src-{rng.randrange(scale.sources):05d}")
                w(process, ng("outcomeDocument"), document)
        else:
            w(process, ng("status"), ng("Active" if rng.random() < 0.8 else "Proposed"))
        if rng.random() < 0.5:
            w(process, ng("memberCount"), w.typed(str(rng.randint(5, 200)), v.integer))
        w(process, ng("mandate"), w.text(f"To agree {words(4)}."))
        cite(process)

    # Memberships: process sizes follow a power law too (a few Paris Calls, many small groups).
    process_order = list(range(scale.processes))
    rng.shuffle(process_order)
    sizes = _split(scale.memberships, _power_law_cumulative(scale.processes, 0.9))
    membership_id = itertools.count()
    for rank, size in enumerate(sizes):
        p_index = process_order[rank]
        process, year = processes[p_index], years[p_index]
        picked = {
            bisect.bisect_left(actor_cumulative, rng.random() * actor_cumulative[-1])
            for _ in range(size)
        }
        for a_index in sorted(picked):
            m = membership_iri(f"{next(membership_id):07d}")
            w(m, v.type, v.membership)
            w(m, v.member, actors[a_index])
            w(m, v.organization, process)
            w(m, v.role, ng(rng.choices(ROLES, weights=ROLE_WEIGHTS)[0]))
            if rng.random() < 0.4:
                interval = w.blank()
                w(m, v.member_during, interval)
                w(interval, v.type, v.interval)
                _instant(w, v, interval, v.begins, year + rng.randint(0, 2), rng)
                if rng.random() < 0.5:
                    _instant(w, v, interval, v.ends, year + rng.randint(2, 5), rng)
            cite(m)

    # Topics: a small scheme; each norm is about one or two of them.
    topics = [topic_iri(f"topic-{k:02d}") for k in range(TOPICS)]
    w(topic_iri("scheme"), v.type, v.concept_scheme)
    for k, topic in enumerate(topics):
        w(topic, v.type, ng("Topic"))
        w(topic, v.pref_label, w.text(f"Topic {k}: {WORDS[k % len(WORDS)]}"))
        w(topic, v.in_scheme, topic_iri("scheme"))

    # Norms: one scheme per process, about ten norms each, derived from earlier norms.
    norm_ids: list[str] = []
    for i, process in enumerate(processes):
        scheme = scheme_iri(f"proc-{i:05d}")
        w(scheme, v.type, ng("NormScheme"))
        w(scheme, v.label, w.text(f"Norms of process {i}"))
        w(scheme, ng("setBy"), process)
        cite(scheme)
        first_of_process = len(norm_ids)
        for j in range(rng.randint(scale.norms_per_process - 3, scale.norms_per_process + 3)):
            norm = norm_iri(f"proc-{i:05d}-{j}")
            w(norm, v.type, ng("Norm"))
            w(norm, v.in_scheme, scheme)
            w(norm, v.notation, w.text(f"{j + 1}", None))
            w(norm, v.pref_label, w.text(f"Norm {j + 1}: {words(2)}"))
            w(norm, v.definition, w.text(f"States should {words(6)}."))
            w(norm, ng("officialReference"), w.text(f"Process {i}, para. {j + 1}", None))
            for topic in topic_rng.sample(topics, 1 + (topic_rng.random() < 0.3)):
                w(norm, v.subject, topic)
            cite(norm)
            if first_of_process and rng.random() < 0.5:
                # Recent norms are the likeliest ancestors: a power law over the past.
                for _ in range(1 + (rng.random() < 0.3)):
                    back = int(first_of_process * rng.random() ** 3)
                    earlier = norm_ids[first_of_process - 1 - back]
                    derivation = w.blank()
                    w(norm, v.qualified_derivation, derivation)
                    w(derivation, v.type, ng("Derivation"))
                    w(derivation, v.entity, earlier)
                    w(derivation, ng("derivationKind"), ng(rng.choice(DERIVATION_KINDS)))
                    w(derivation, ng("confidence"), ng("Stated"))
                    cite(derivation)
            norm_ids.append(norm)

    # Process relations, qualified and cited.
    for i in range(scale.processes // 2):
        subject, obj = rng.sample(range(scale.processes), 2)
        relation = relation_iri(f"r-{i:05d}")
        w(relation, v.type, ng("ProcessRelation"))
        w(relation, ng("relationSubject"), processes[max(subject, obj)])
        w(relation, ng("relationProperty"), ng(rng.choice(RELATIONS)))
        w(relation, ng("relationObject"), processes[min(subject, obj)])
        w(relation, ng("confidence"), ng("Stated"))
        cite(relation)
    return w.count


def _instant(
    w: Writer, v: _Vocabulary, interval: str, end: str, year: int, rng: random.Random
) -> None:
    instant = w.blank()
    w(interval, end, instant)
    w(instant, v.type, v.instant)
    precision = rng.random()
    if precision < 0.5:
        w(instant, v.in_year, w.typed(str(year), v.gyear))
    elif precision < 0.7:
        w(instant, v.in_month, w.typed(f"{year}-{rng.randint(1, 12):02d}", v.gyearmonth))
    else:
        w(instant, v.in_date, w.typed(f"{year}-{rng.randint(1, 12):02d}-01", v.date))


def _split(total: int, cumulative: list[float]) -> list[int]:
    """``total`` split in proportion to the weights behind ``cumulative``, each at least 1."""
    weights = [b - a for a, b in itertools.pairwise([0.0, *cumulative])]
    return [max(1, round(total * weight / cumulative[-1])) for weight in weights]


@contextmanager
def _output(path: str) -> Iterator[TextIO]:
    if path == "-":
        yield sys.stdout
        return
    with Path(path).open("w", encoding="utf-8", buffering=1 << 20) as handle:
        yield handle


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", default="10k", help="about how many (10k, 100k, 1m)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", default="-", help=".nt or .ttl file, or - (N-Triples)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with _output(args.output) as out:
        count = generate(
            out, parse_size(args.triples), args.seed, turtle=args.output.endswith(".ttl")
        )
    elapsed = time.perf_counter() - started
    print(f"wrote {count:,} triples to {args.output} in {elapsed:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
