"""The name index: ranking, ambiguity, suggestions, export; and the names that issue 14
says the command line failed on, resolved through every command that takes a name.

The bundled data grows while these tests stand, so they check that each name reaches
the right resource (or lists it first among the candidates), not today's counts.
"""

from __future__ import annotations

import json

import pytest

from normgraph.analytics.names import (
    DERIVED,
    EXACT,
    PREFIX,
    TEXT,
    WORDS,
    Entry,
    NameIndex,
    export_names,
    name_index,
    names_of,
)
from normgraph.analytics.views import views
from normgraph.cli import main
from normgraph.errors import UsageError
from normgraph.namespaces import compact, expand

from .conftest import FIXTURES

BASE = ["--no-bundled", "--data", str(FIXTURES / "analytics-base.ttl")]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def entry(iri: str, kind: str, label: str, **extra) -> Entry:
    return Entry(iri, kind, label, (label, *extra.pop("names", ())), **extra)


SMALL = NameIndex(
    [
        entry(
            "ex:paris",
            "process",
            "Paris Call for Trust and Security in Cyberspace",
            derived=names_of("process", ["Paris Call for Trust and Security in Cyberspace"]),
        ),
        entry("ex:paris-community", "process", "Paris Call Community on Countering Interference"),
        entry("ex:christchurch", "process", "Christchurch Call"),
        entry("ex:rus", "actor", "Russian Federation", names=("RUS", "Russia")),
        entry("ex:tun", "actor", "Tunisia", names=("TUN",)),
        entry("ex:f-2015", "norm", "No damage", names=("13(f)",), date="2015-07-22"),
        entry("ex:f-2021", "norm", "No damage, guidance", names=("13(f)",), date="2021-05-28"),
        entry("ex:core", "norm", "Protect the public core of the Internet"),
        entry("ex:call-2", "norm", "Protect the Internet", text=("its public core",)),
    ]
)


@pytest.mark.parametrize(
    ("text", "kind", "iri", "tier"),
    [
        ("Russia", "actor", "ex:rus", EXACT),
        ("RUS", "actor", "ex:rus", EXACT),
        ("Paris Call", "process", "ex:paris", DERIVED),
        ("paris call for", "process", "ex:paris", PREFIX),
        ("public core", "norm", "ex:core", WORDS),
    ],
)
def test_best_tier_decides(text, kind, iri, tier):
    found = SMALL.search(text, kind)
    assert (found[0].entry.iri, found[0].tier) == (iri, tier)
    assert SMALL.resolve(text, kind) == iri


def test_words_of_the_text_rank_below_words_of_a_name():
    found = SMALL.search("public core", "norm")
    assert [(m.entry.iri, m.tier) for m in found] == [("ex:core", WORDS), ("ex:call-2", TEXT)]


def test_equal_matches_are_ambiguous_earliest_first_one_line_each():
    with pytest.raises(UsageError) as caught:
        SMALL.resolve("13 (f)", "norm")
    lines = str(caught.value).splitlines()
    assert lines[0] == "'13 (f)' is ambiguous: it may be"
    assert lines[1].startswith("  ex:f-2015  No damage (norm; matched '13(f)'; 2015-07-22)")
    assert lines[2].startswith("  ex:f-2021  ")


def test_unknown_name_suggests_nearest_names_not_codes():
    with pytest.raises(UsageError) as caught:
        SMALL.resolve("Rusia", "actor")
    message = str(caught.value)
    assert message.startswith("no actor named 'Rusia'; did you mean 'Russia' (ex:rus)")
    assert "TUN" not in message and "\n" not in message


def test_iri_and_curie_resolve_only_within_their_kind():
    assert SMALL.resolve("ex:rus", "actor") == "ex:rus"
    with pytest.raises(UsageError):
        SMALL.resolve("ex:rus", "process")


def test_export_is_plain_json_with_every_name(kb):
    records = export_names(kb)
    assert json.loads(json.dumps(records)) == records
    assert {tuple(sorted(r)) for r in records} == {
        ("curie", "iri", "kind", "label", "names", "text")
    }
    by_iri = {r["iri"]: r for r in records}
    germany = by_iri[expand("state:DEU")]
    assert {"Germany", "DEU", "DE", "Federal Republic of Germany"} <= set(germany["names"])
    v = views(kb)
    assert set(by_iri) >= set(v.processes["process"]) | set(v.norms["norm"])
    assert set(by_iri) >= set(v.actors["actor"]) | set(v.topics["topic"])
    f = by_iri[expand("n:gge-2015-13f")]
    assert f["kind"] == "norm" and "13(f)" in f["names"] and f["text"]


def test_index_is_built_once_per_views(kb):
    assert name_index(kb) is name_index(views(kb))


# The names issue 14 lists, through the commands that take them.


def first_candidate(err: str) -> str:
    """The CURIE of the first candidate an ambiguous name lists."""
    lines = err.splitlines()
    assert lines[0].endswith("is ambiguous: it may be") and "Traceback" not in err
    return lines[1].split()[0]


def resolved_norm(capsys, text: str) -> str:
    """The norm ``lineage TEXT`` follows, or the first candidate it lists (exit 2)."""
    code, out, err = run(capsys, "lineage", text, "--format", "json")
    if code == 2:
        return first_candidate(err.removeprefix("error: "))
    assert code == 0, err
    return compact(json.loads(out)["norm"])


def same_answer(capsys, query: str, name: str, typed: str, curie: str) -> None:
    """``query -p name=typed`` answers as ``-p name=curie`` does, and not emptily."""
    code, by_name, err = run(capsys, "query", query, "-p", f"{name}={typed}", "--format", "csv")
    assert code == 0, err
    _, by_curie, _ = run(capsys, "query", query, "-p", f"{name}={curie}", "--format", "csv")
    assert by_name == by_curie and len(by_name.splitlines()) > 1


def test_public_core_finds_the_public_core_norms_first(capsys):
    assert resolved_norm(capsys, "public core") in {"n:gcsc-1", "n:paris-call-2"}


def test_13f_finds_the_2015_norm_first(capsys):
    assert resolved_norm(capsys, "13(f)") == "n:gge-2015-13f"


def test_paris_call_is_the_call_not_christchurch(capsys):
    same_answer(capsys, "members-of-process", "process", "Paris Call", "p:paris-call")


def test_gcsc_is_the_commission(capsys):
    same_answer(capsys, "members-of-process", "process", "gcsc", "p:gcsc")


@pytest.mark.parametrize(
    ("typed", "curie"),
    [("DEU", "state:DEU"), ("USA", "state:USA"), ("Russia", "state:RUS"), ("UK", "state:GBR")],
)
def test_states_by_code_and_common_name(capsys, typed, curie):
    same_answer(capsys, "actor-roles", "actor", typed, curie)


def test_oewg_is_ambiguous_and_lists_only_the_oewgs(capsys):
    code, _, err = run(capsys, "query", "norms-of-process", "-p", "process=OEWG")
    assert code == 2 and "Traceback" not in err
    candidates = [line.split()[0] for line in err.splitlines()[1:] if line.startswith("  ")]
    assert {"p:oewg-2019-2021", "p:oewg-2021-2025"} <= set(candidates)
    assert all(c.startswith("p:oewg") for c in candidates)


def test_unknown_norm_suggests_the_nearest(capsys):
    code, _, err = run(capsys, "lineage", "Protect critical infrastucture")
    assert code == 2
    assert "did you mean 'Protect critical infrastructure' (n:gge-2015-13g)" in err
    assert err.count("\n") == 1


def test_ambiguous_name_on_fixture_lists_each_candidate(capsys):
    code, _, err = run(capsys, "lineage", "Protect the public core", *BASE)
    assert code == 2
    lines = err.splitlines()
    assert lines[0] == "error: 'Protect the public core' is ambiguous: it may be"
    assert sorted(line.split()[0] for line in lines[1:3]) == [
        "https://example.org/c1",
        "https://example.org/k1",
    ]
    assert "Traceback" not in err


def test_as_of_takes_a_year_as_its_last_day(capsys):
    by_year = run(capsys, "overlap", "--as-of", "2019", "--format", "csv", *BASE)
    by_day = run(capsys, "overlap", "--as-of", "2019-12-31", "--format", "csv", *BASE)
    assert by_year[0] == 0 and by_year == by_day
    by_month = run(capsys, "diff", "Call", "Commission", "--as-of", "2019-01", *BASE)
    assert by_month == run(capsys, "diff", "Call", "Commission", "--as-of", "2019-01-31", *BASE)
