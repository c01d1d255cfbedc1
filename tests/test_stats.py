"""Counts of a knowledge base (normgraph.analytics.stats) and the `stats` command, on the
analytics fixture with topics (hand-computed answers) and, for structure, on the
bundled data."""

from __future__ import annotations

import json

import pytest

from normgraph.analytics.stats import EVENT_KINDS, FIRST_YEAR, LAST_YEAR, stats
from normgraph.cli import main

from .conftest import FIXTURES

FILES = ("analytics-base.ttl", "analytics-topics.ttl")
DATA = [arg for name in FILES for arg in ("--data", str(FIXTURES / name))]


@pytest.fixture(scope="module")
def result(request):
    from normgraph.store.kb import load

    return stats(load([FIXTURES / name for name in FILES], bundled=False))


def test_events_per_year_count_each_kind(result):
    years = result.years.set_index("year")
    assert list(years.index) == list(range(FIRST_YEAR, LAST_YEAR + 1))
    assert list(years.columns) == [*EVENT_KINDS, "events", "processes"]
    # 2018: the call and the accord start; Ruritania joins the call, Acme the accord.
    assert years.loc[2018].to_dict() == {
        "process start": 2,
        "process end": 0,
        "outcome document": 0,
        "norm issued": 0,
        "membership start": 2,
        "events": 4,
        "processes": 2,
    }
    # 2015: group A ends and its report is issued; 2017: the commission starts and
    # issues norm c1 (its own date).
    assert (years.loc[2015, "outcome document"], years.loc[2017, "norm issued"]) == (1, 1)
    # Six starts, three ends, one report, one norm, four memberships.
    assert years["events"].sum() == 15
    assert result.events_outside == {"before": 0, "after": 0}


def test_norms_per_scheme_and_topic(result):
    schemes = dict(zip(result.schemes["label"], result.schemes["norms"], strict=True))
    assert schemes == {
        "Call principles": 3,
        "Commission norms": 3,
        "Accord principles": 2,
        "Group A norms": 2,
        "Club norms": 1,
    }
    topics = list(zip(result.topics["topic"], result.topics["norms"], strict=True))
    assert topics == [
        ("https://example.org/topic-infrastructure", 11),
        ("https://example.org/t-elections", 4),
        ("https://example.org/t-core", 2),
        ("https://example.org/t-unused", 0),
        ("(no topic)", 0),
    ]


def test_norms_without_a_topic_are_counted(tmp_path):
    from normgraph.store.kb import load

    extra = tmp_path / "untagged.ttl"
    extra.write_text(
        "@prefix ng: <https://w3id.org/normgraph/ontology#> .\n"
        "@prefix ex: <https://example.org/> .\n"
        "@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        'ex:new a ng:Norm ; skos:inScheme ex:club-norms ; skos:prefLabel "New"@en .\n',
        encoding="utf-8",
    )
    result = stats(load([*(FIXTURES / name for name in FILES), extra], bundled=False))
    assert result.topics.iloc[-1].to_dict() == {"topic": "(no topic)", "label": None, "norms": 1}
    schemes = dict(zip(result.schemes["label"], result.schemes["norms"], strict=True))
    assert schemes["Club norms"] == 2


def test_derivations_by_kind_and_confidence(result):
    table = result.derivations.set_index("kind")
    assert table.loc["adapts", "Stated"] == 5
    assert table.loc["total", "total"] == 8


def test_member_lists_say_complete_or_recorded_of_stated(result):
    lists = result.member_lists.set_index("process")["summary"].to_dict()
    # Members, signatories and founders count: the call has Ruritania (founder), Acme
    # and the NGO; the accord Acme (founder).
    assert lists == {
        "https://example.org/club": "2 (complete)",
        "https://example.org/call": "3 recorded (list incomplete, total unknown)",
        "https://example.org/gge-a": "2 of 5 recorded",
        "https://example.org/accord": "1 recorded (list incomplete, total unknown)",
    }
    assert result.complete_lists == (1, 4)
    by_process = result.processes.set_index("process")["member_list"]
    assert by_process["https://example.org/gge-a"] == "2 of 5 recorded"


def test_processes_by_kind(result):
    assert dict(zip(result.kinds["kind"], result.kinds["processes"], strict=True)) == {
        "multilateral": 3,
        "expert": 2,
        "industry": 1,
        "multistakeholder": 1,
    }


def test_web_address_and_locator_shares(result, tmp_path):
    citations = result.citations.set_index("class")
    # The conflict cites the UN report, which has no web address; everything else the paper.
    assert citations.loc["ng:NormConflict", ["cited", "with_page"]].tolist() == [1, 0]
    facts = int(citations["facts"].sum())
    assert result.page_share == (facts - 1) / facts
    assert result.locator_share == 1.0


def test_locator_share_counts_passages_without_one(tmp_path):
    from normgraph.store.kb import load

    extra = tmp_path / "no-locator.ttl"
    extra.write_text(
        "@prefix ng: <https://w3id.org/normgraph/ontology#> .\n"
        "@prefix ex: <https://example.org/> .\n"
        "@prefix dcterms: <http://purl.org/dc/terms/> .\n"
        "ex:p3 a ng:Passage ; dcterms:isPartOf ex:doc .\n"
        "ex:empty dcterms:source ex:p3 .\n",
        encoding="utf-8",
    )
    files = [FIXTURES / name for name in FILES]
    citations = stats(load([*files, extra], bundled=False)).citations.set_index("class")
    # The empty forum also cites ex:p1 (with a locator): still counted once.
    assert citations.loc["ng:Process", ["facts", "with_locator"]].tolist() == [7, 7]
    extra.write_text(
        extra.read_text(encoding="utf-8").replace(
            "ex:empty dcterms:source", "ex:new-one a ng:Process ; dcterms:source"
        ),
        encoding="utf-8",
    )
    citations = stats(load([*files, extra], bundled=False)).citations.set_index("class")
    assert citations.loc["ng:Process", ["facts", "cited", "with_locator"]].tolist() == [8, 8, 7]


def test_stats_command_prints_every_table_and_share(capsys):
    assert main(["stats", "--no-bundled", *DATA]) == 0
    out = capsys.readouterr().out
    for title in (
        "## processes by kind",
        f"## dated events by year, {FIRST_YEAR}-{LAST_YEAR}",
        "## norms by scheme",
        "## norms by topic",
        "## derivations by kind and confidence",
        "## member lists",
    ):
        assert title in out
    assert "member lists complete: 1 of 4" in out
    assert "facts citing a web address (foaf:page): 97.8%" in out
    assert "facts citing a passage with a locator: 100.0%" in out
    assert "<NA>" not in out


def test_stats_json_on_bundled_data_has_every_year_and_share(capsys):
    assert main(["stats", "--format", "json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    years = [row["year"] for row in payload[f"dated events by year, {FIRST_YEAR}-{LAST_YEAR}"]]
    assert years == list(range(FIRST_YEAR, LAST_YEAR + 1))
    assert 0 < payload["page_share"] <= 1 and payload["locator_share"] == 1.0
    lists = payload["member lists"]
    assert payload["complete_lists"]["lists"] == len(lists)
    assert all(row["summary"] for row in lists)
