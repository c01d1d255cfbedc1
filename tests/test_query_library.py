"""The library's research queries, on a small fixture with hand-computed answers."""

from __future__ import annotations

import re

import pytest

from normgraph.namespaces import compact, expand
from normgraph.store import queries


@pytest.fixture(scope="module")
def world():
    import normgraph

    from .conftest import FIXTURES

    return normgraph.load([FIXTURES / "sparql-library.ttl"], bundled=False)


def _column(table, name: str) -> list[str]:
    return [compact(str(v)) for v in table[name]] if len(table) else []


def test_every_query_declares_what_it_answers_and_its_parameters():
    for info in queries.list_queries().values():
        assert info.summary.endswith("."), info.name
        assert "# Parameters:" in info.text, info.name
        used = set(re.findall(r"\$(\w+)", info.text.split("# Parameters:")[1]))
        assert used <= set(info.parameters), (
            f"{info.name}: undeclared {used - set(info.parameters)}"
        )


@pytest.mark.parametrize(
    ("process", "date", "members"),
    [
        ("p:alpha", None, ["state:AAA", "state:BBB"]),
        # The membership without dates takes the process's: 2015 to 2016-06.
        ("p:alpha", "2015-01-01", ["state:AAA"]),
        ("p:alpha", "2014-12-31", []),
        # BBB's own start (2016-01-15) and the month-precise end both count as days.
        ("p:alpha", "2016-01-14", ["state:AAA"]),
        ("p:alpha", "2016-01-15", ["state:AAA", "state:BBB"]),
        ("p:alpha", "2016-06-30", ["state:AAA", "state:BBB"]),
        ("p:alpha", "2016-07-01", []),
        # A year-precise start ("2019") is in force from 1 January.
        ("p:beta", "2018-12-31", ["state:AAA"]),
        ("p:beta", "2019-01-01", ["state:AAA", "state:CCC"]),
        # Known to hold only from the day it was first listed (time:inside).
        ("p:beta", "2020-05-04", ["state:AAA", "state:CCC"]),
        ("p:beta", "2020-05-05", ["state:AAA", "state:CCC", "state:DDD"]),
    ],
)
def test_members_of_process_as_of_a_date(world, process, date, members):
    params = {"process": process} | ({"date": date} if date else {})
    table = world.select("members-of-process", **params)
    assert sorted(_column(table, "member")) == members


def test_members_of_process_reports_dates_kind_and_sources(world):
    table = world.select("members-of-process", process="p:alpha").set_index("member")
    aaa = table.loc["https://w3id.org/normgraph/id/state/AAA"]
    assert (aaa["start"], aaa["end"], compact(aaa["kind"])) == ("2015", "2016-06", "ng:State")
    assert sorted(compact(s) for s in aaa["sources"].split()) == ["pa:doc-p1", "pa:doc-p2"]
    assert table.loc["https://w3id.org/normgraph/id/state/BBB"]["start"] == "2016-01-15"


def test_shared_members_with_roles_in_each(world):
    table = world.select("shared-members", process="p:alpha", other="p:beta")
    assert _column(table, "member") == ["state:AAA"]
    assert (table["rolesInProcess"][0], table["rolesInOther"][0]) == (
        "member",
        "signatory or supporter",
    )
    assert world.select("shared-members", process="p:alpha", other="p:alpha").empty


def test_actors_outside_a_process(world):
    states = world.select("actors-outside-process", process="p:beta")
    assert _column(states, "actor") == ["state:BBB"]
    population = world.select("actors-outside-process", process="p:beta", population="p:world")
    assert _column(population, "actor") == ["actor:acme", "state:BBB"]
    assert _column(world.select("actors-outside-process", process="p:alpha"), "actor") == [
        "state:CCC",
        "state:DDD",
    ]


@pytest.mark.parametrize(
    ("norm", "steps"),
    [
        (
            "n:a1",
            [("descendant", "n:b1", "n:a1", "adapts"), ("descendant", "n:c1", "n:b1", "restates")],
        ),
        (
            "n:b1",
            [("ancestor", "n:b1", "n:a1", "adapts"), ("descendant", "n:c1", "n:b1", "restates")],
        ),
        (
            "n:c1",
            [("ancestor", "n:b1", "n:a1", "adapts"), ("ancestor", "n:c1", "n:b1", "restates")],
        ),
    ],
)
def test_norm_lineage_walks_both_ways(world, norm, steps):
    table = world.select("norm-lineage", norm=norm)
    found = list(
        zip(
            table["direction"],
            _column(table, "later"),
            _column(table, "earlier"),
            table["kind"],
            strict=True,
        )
    )
    assert found == steps


def test_norm_lineage_gives_the_step_processes_and_sources(world):
    table = world.select("norm-lineage", norm="n:b1")
    ancestor = table[table["direction"] == "ancestor"].iloc[0]
    assert (compact(ancestor["laterProcess"]), compact(ancestor["earlierProcess"])) == (
        "p:beta",
        "p:alpha",
    )
    assert compact(ancestor["sources"]) == "pa:doc-p2"


def test_norm_adoption_from_derivations_and_declared_relations(world):
    table = world.select("norm-adoption")
    rows = {
        (compact(a), compact(o)): (int(n), k if isinstance(k, str) else "", d)
        for a, o, n, k, d in zip(
            table["adopter"],
            table["origin"],
            table["derivedNorms"],
            table["kinds"],
            table["declared"],
            strict=True,
        )
    }
    assert rows == {
        ("p:beta", "p:alpha"): (1, "adapts", "false"),
        ("p:gamma", "p:beta"): (1, "restates", "false"),
        ("p:gamma", "p:series"): (0, "", "true"),
    }


def test_norm_adoption_from_a_series_includes_its_iterations(world):
    table = world.select("norm-adoption", process="p:series")
    pairs = sorted(zip(_column(table, "adopter"), _column(table, "origin"), strict=True))
    assert pairs == [("p:beta", "p:alpha"), ("p:gamma", "p:series")]
    only_alpha = world.select("norm-adoption", process="p:alpha")
    assert _column(only_alpha, "adopter") == ["p:beta"]


def test_timeline_orders_by_start_and_filters_ended_processes(world):
    table = world.select("timeline")
    assert _column(table, "process") == ["p:series", "p:alpha", "p:beta", "p:gamma", "p:world"]
    assert (
        table.set_index("process").loc["https://w3id.org/normgraph/id/process/alpha"]["status"]
        == "concluded"
    )
    running = world.select("timeline", after="2016-07-01")
    assert "p:alpha" not in _column(running, "process")
    assert "p:alpha" in _column(world.select("timeline", after="2016-06-30"), "process")


def test_fact_sources_and_actor_roles(world):
    sources = world.select("fact-sources", fact="m:alpha-aaa")
    assert list(sources["locator"]) == ["p. 1", "p. 2"]
    assert set(sources["identifier"]) == {"T/1"}
    roles = world.select("actor-roles", actor="state:AAA")
    assert sorted(zip(_column(roles, "process"), roles["role"], strict=True)) == [
        ("p:alpha", "member"),
        ("p:beta", "signatory or supporter"),
        ("p:world", "member"),
    ]


def test_cli_lists_the_library_and_takes_curies_of_unlabelled_facts(capsys):
    from normgraph.cli import main

    from .conftest import FIXTURES

    assert main(["query", "--list"]) == 0
    listed = capsys.readouterr().out
    for name in ("members-of-process", "norm-lineage", "actors-outside-process", "timeline"):
        assert name in listed
    fixture = str(FIXTURES / "sparql-library.ttl")
    args = ["query", "fact-sources", "-p", "fact=m:alpha-aaa", "--no-bundled", "--data", fixture]
    assert main([*args, "--format", "csv"]) == 0
    assert capsys.readouterr().out.count("The test document") == 2
    by_label = ["query", "shared-members", "-p", "process=Alpha", "-p", "other=Beta"]
    assert main([*by_label, "--no-bundled", "--data", fixture, "--format", "csv"]) == 0
    assert "Aland" in capsys.readouterr().out


def test_norm_adoption_lists_every_kind_in_a_fixed_order_beside_a_declared_relation():
    import normgraph

    from .conftest import FIXTURES

    kb = normgraph.load(
        [FIXTURES / "sparql-library.ttl", FIXTURES / "norm-adoption-mixed.ttl"], bundled=False
    )
    table = kb.select("norm-adoption", process="p:alpha")
    row = table.set_index("adopter").loc[expand("p:beta")]
    assert (int(row["derivedNorms"]), row["kinds"], row["declared"]) == (
        2,
        "restates, adapts",
        "true",
    )
