"""Overlaps, differences, intersections and great powers on the analytics fixture.

Members (all roles): gge-a {ruritania, freedonia, chair-person}, commission {ruritania},
call {ruritania, acme, ngo}, accord {acme}, club {freedonia, sylvania}, empty {}.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random

import numpy as np
import pandas as pd
import pytest

import normgraph
from normgraph.analytics.overlap import (
    P5_FALLBACK,
    difference,
    great_powers,
    incidence,
    intersections,
    overlaps,
    participation,
    select_memberships,
)
from normgraph.analytics.views import views
from normgraph.errors import UsageError

from .conftest import FIXTURES

EX = "https://example.org/"


@pytest.fixture(scope="module")
def table():
    return views(normgraph.load([FIXTURES / "analytics-base.ttl"], bundled=False)).memberships


def short(frame: pd.DataFrame) -> list[list[object]]:
    return [[v.replace(EX, "") if isinstance(v, str) else v for v in row] for row in frame.values]


def test_all_pairs_that_share_a_member(table):
    found = overlaps(table)
    assert short(found[["process_a", "process_b", "size_a", "size_b", "shared"]]) == [
        ["accord", "call", 1, 3, 1],
        ["call", "commission", 3, 1, 1],
        ["call", "gge-a", 3, 3, 1],
        ["club", "gge-a", 2, 3, 1],
        ["commission", "gge-a", 1, 3, 1],
    ]
    assert found["jaccard"].tolist() == pytest.approx([1 / 3, 1 / 3, 1 / 5, 1 / 4, 1 / 3])
    assert found["overlap"].tolist() == pytest.approx([1, 1, 1 / 3, 1 / 2, 1])


def test_named_processes_list_every_pair_even_empty_ones(table, matrix_kind):
    found = overlaps(table, [EX + "empty", EX + "call", EX + "commission", EX + "accord"])
    assert short(found[["process_a", "process_b", "shared"]]) == [
        ["empty", "call", 0],
        ["empty", "commission", 0],
        ["empty", "accord", 0],
        ["call", "commission", 1],
        ["call", "accord", 1],
        ["commission", "accord", 0],
    ]
    empty_call = found.iloc[0]
    assert empty_call["jaccard"] == 0.0
    assert math.isnan(empty_call["overlap"])  # the smaller set is empty
    assert found.iloc[5]["overlap"] == 0.0


def test_states_only(table):
    states = select_memberships(table, actor_type="state")
    assert short(overlaps(states)[["process_a", "process_b", "shared"]]) == [
        ["call", "commission", 1],
        ["call", "gge-a", 1],
        ["club", "gge-a", 1],
        ["commission", "gge-a", 1],
    ]
    with pytest.raises(UsageError, match="unknown actor type"):
        select_memberships(table, actor_type="planet")


def test_as_of_a_date_before_any_membership_is_empty(table):
    before = select_memberships(table, in_force_on=dt.date(1990, 1, 1))
    assert before.empty
    assert overlaps(before).empty


def test_as_of_a_date_uses_own_dates_then_the_process_lifetime(table):
    on = select_memberships(table, in_force_on=dt.date(2019, 1, 1))
    pairs = zip(on["process"].str.replace(EX, ""), on["actor"].str.replace(EX, ""), strict=True)
    assert sorted(pairs) == [
        ("accord", "acme"),  # since 2018-04
        ("call", "ngo"),  # undated: since the call began, 2018-11-12
        ("call", "ruritania"),
        ("commission", "ruritania"),  # undated: 2017 to 2019-11-12
    ]  # not acme in the call (2019-03), nor the 2014-2015 group, nor the 2016 club
    assert short(overlaps(on)[["process_a", "process_b", "shared"]]) == [["call", "commission", 1]]


def test_role_filter(table):
    founders = select_memberships(table, role="founder")
    assert sorted(founders["actor"].str.replace(EX, "")) == ["acme", "ruritania"]


def test_members_of_a_that_never_joined_b(table):
    found = difference(table, EX + "call", EX + "commission")
    assert short(found[["actor", "actor_type", "roles"]]) == [
        ["acme", "company", ("signatory",)],
        ["ngo", "civil-society", ("signatory",)],
    ]
    assert difference(table, EX + "commission", EX + "call").empty


def test_difference_as_of_a_date(table):
    day = dt.date(2019, 1, 1)
    a = select_memberships(table, in_force_on=day)
    b = select_memberships(table, joined_by=day)
    found = difference(a, EX + "call", EX + "commission", never_in=b)
    assert found["actor"].tolist() == [EX + "ngo"]


def test_exclusive_intersections(table, matrix_kind):
    found = intersections(table, [EX + "gge-a", EX + "call", EX + "club"])
    assert found.values.tolist() == [
        [False, True, False, 1, 2],  # acme, ngo: the call only
        [True, False, False, 1, 1],  # chair-person
        [False, False, True, 1, 1],  # sylvania
        [True, True, False, 2, 1],  # ruritania
        [True, False, True, 2, 1],  # freedonia
    ]
    assert found["actors"].sum() == 6


def test_great_powers_fall_back_to_the_charter_and_come_from_data_when_present(table):
    assert great_powers(table, [EX + "ruritania"]) == [*P5_FALLBACK, EX + "ruritania"]
    p5 = views(
        normgraph.load(
            [FIXTURES / "analytics-base.ttl", FIXTURES / "analytics-p5.ttl"], bundled=False
        )
    ).memberships
    assert great_powers(p5) == [EX + "freedonia", EX + "sylvania"]


def test_participation_of_named_actors(table):
    found = participation(table, [EX + "ruritania", EX + "acme"])
    assert found.columns.tolist() == ["process", "process_label", EX + "ruritania", EX + "acme"]
    assert short(found[["process", EX + "ruritania", EX + "acme"]]) == [
        ["call", ("founder",), ("signatory",)],
        ["accord", (), ("founder",)],
        ["commission", ("funder",), ()],
        ["gge-a", ("member",), ()],
    ]


def _naive_shared(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    sets = frame.groupby("process")["actor"].agg(set)
    return {
        (a, b): len(sets[a] & sets[b])
        for a, b in itertools.combinations(sorted(sets.index), 2)
        if sets[a] & sets[b]
    }


@pytest.fixture(params=["dense", "sparse"])
def matrix_kind(request, monkeypatch):
    """Both kinds of incidence matrix: dense below DENSE_CELLS cells, sparse above."""
    from normgraph.analytics import overlap

    if request.param == "sparse":
        monkeypatch.setattr(overlap, "DENSE_CELLS", 0)
    return request.param


@pytest.mark.parametrize("source", ["fixture", "bundled"])
def test_sparse_product_equals_naive_sets(table, kb, source, matrix_kind):
    frame = table if source == "fixture" else views(kb).memberships
    found = overlaps(frame)
    sparse = {
        (a, b): s
        for a, b, s in zip(found["process_a"], found["process_b"], found["shared"], strict=True)
    }
    assert sparse == _naive_shared(frame)
    matrix = incidence(frame).matrix
    assert isinstance(matrix, np.ndarray) == (matrix_kind == "dense")
    assert matrix.sum() == len(frame.drop_duplicates(["actor", "process"]))


def test_bundled_gge_2015_and_2021_share_eleven_states(kb):
    # A/70/174 and A/76/135 list 20 and 25 states; both lists hold Brazil, China,
    # Estonia, France, Germany, Japan, Kenya, Mexico, Russia, the UK and the US.
    p = "https://w3id.org/normgraph/id/process/"
    states = select_memberships(views(kb).memberships, actor_type="state", role="member")
    pair = overlaps(states, [p + "gge-2014-2015", p + "gge-2019-2021"]).iloc[0]
    assert (pair["size_a"], pair["size_b"], pair["shared"]) == (20, 25, 11)
    codes = {"BRA", "CHN", "EST", "FRA", "DEU", "JPN", "KEN", "MEX", "RUS", "GBR", "USA"}
    left = set(difference(states, p + "gge-2014-2015", p + "gge-2019-2021")["actor"])
    assert len(left) == 9 and not {a.rsplit("/", 1)[1] for a in left} & codes


def test_pairs_are_complete_only_when_both_lists_are():
    from normgraph.analytics.overlap import incomplete_lists, with_completeness

    v = views(
        normgraph.load(
            [FIXTURES / "analytics-base.ttl", FIXTURES / "analytics-topics.ttl"], bundled=False
        )
    )
    pairs = with_completeness(overlaps(v.memberships), v.member_lists)
    assert not pairs["complete"].any()  # club (complete) shares only with gge-a (2 of 5)
    complete_lists = v.member_lists.assign(complete=True)
    assert with_completeness(pairs, complete_lists)["complete"].all()
    gaps = incomplete_lists(v.member_lists, [EX + "club", EX + "gge-a"])
    assert gaps[["process", "summary"]].values.tolist() == [[EX + "gge-a", "2 of 5 recorded"]]


def test_pairs_in_order_equal_naive_sets_on_a_dense_random_table(matrix_kind):
    # Many processes sharing many actors, duplicate rows and processes in no order: the
    # pairs read from the transposed lower triangle (no sort) must be every sharing pair,
    # once, by process_a then process_b, with the naive counts and sizes.
    rng = random.Random(12)
    processes = [f"{EX}p{rng.randrange(10**6):06d}" for _ in range(120)]
    rows = [(f"{EX}a{rng.randrange(400)}", rng.choice(processes)) for _ in range(5_000)]
    frame = pd.DataFrame(rows + rows[:300], columns=["actor", "process"])
    found = overlaps(frame)
    pairs = list(zip(found["process_a"], found["process_b"], strict=True))
    assert pairs == sorted(_naive_shared(frame))
    assert dict(zip(pairs, found["shared"], strict=True)) == _naive_shared(frame)
    sizes = frame.groupby("process")["actor"].nunique()
    assert found["size_a"].tolist() == [sizes[a] for a, _ in pairs]
    assert found["size_b"].tolist() == [sizes[b] for _, b in pairs]
    assert found["shared"].dtype == found["size_a"].dtype == "int64"
