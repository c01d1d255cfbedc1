"""Who sits where: shared members of processes, set differences, intersections, great powers.

Every function takes a memberships table (:func:`normgraph.analytics.views.memberships`), first
narrowed with :func:`select_memberships` (by actor type, role and date). All-pairs
counts come from one sparse product over the actors x processes incidence matrix:
``shared = B.T @ B``, so the cost follows the memberships, not the pairs (a small
matrix is dense, and multiplied without scipy).

>>> import pandas as pd
>>> table = pd.DataFrame({"actor": ["x", "y", "y", "z"], "process": ["A", "A", "B", "B"]})
>>> overlaps(table)[["process_a", "process_b", "shared", "jaccard"]].values.tolist()
[['A', 'B', 1, 0.3333333333333333]]
>>> difference(table, "A", "B")["actor"].tolist()
['x']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from normgraph.analytics.views import ACTOR_TYPES
from normgraph.errors import UsageError
from normgraph.namespaces import ID, PREFIXES

if TYPE_CHECKING:
    import numpy as np
    import pandas as pd
    from scipy import sparse

__all__ = [
    "DENSE_CELLS",
    "P5_FALLBACK",
    "P5_PROCESS",
    "Incidence",
    "difference",
    "great_powers",
    "incidence",
    "incomplete_lists",
    "intersections",
    "overlaps",
    "participation",
    "select_memberships",
    "shared_counts",
    "with_completeness",
]

#: The process whose members are the permanent members of the UN Security Council.
P5_PROCESS: Final = ID + "process/unsc-p5"
#: The P5 by the UN Charter (Article 23), used when the data has no members of :data:`P5_PROCESS`.
P5_FALLBACK: Final = tuple(PREFIXES["state"] + code for code in ("CHN", "FRA", "GBR", "RUS", "USA"))


#: Up to this many cells, the incidence matrix is a dense numpy array: its product takes
#: microseconds, where importing scipy takes a fifth of a second.
DENSE_CELLS = 1 << 20


@dataclass(frozen=True)
class Incidence:
    """The actors x processes matrix: ``matrix[i, j] == 1`` when actor i is in process j.

    A dense numpy array up to :data:`DENSE_CELLS` cells, else a scipy sparse matrix; the
    functions here give the same answers with either.
    """

    matrix: np.ndarray | sparse.csr_matrix
    actors: pd.Index
    processes: pd.Index

    def sizes(self) -> pd.Series:
        """How many distinct actors each process has."""
        import numpy as np
        import pandas as pd

        return pd.Series(np.asarray(self.matrix.sum(axis=0)).ravel(), index=self.processes)


def select_memberships(
    memberships: pd.DataFrame,
    *,
    actor_type: str | None = None,
    role: str | None = None,
    in_force_on: dt.date | None = None,
    joined_by: dt.date | None = None,
) -> pd.DataFrame:
    """The memberships of one actor type and role, in force on a date or begun by it.

    Args:
        memberships: a table from :func:`normgraph.analytics.views.memberships`.
        actor_type: a key of :data:`~normgraph.analytics.views.ACTOR_TYPES` ("state", "company"...).
        role: a role's local name ("member", "signatory", "chair"...).
        in_force_on: keep memberships in force on that date (see
            :func:`normgraph.analytics.views.memberships` for undated ones).
        joined_by: keep memberships that had begun by that date, ended or not.

    Raises:
        UsageError: an unknown actor type.
    """
    import pandas as pd

    keep = pd.Series(True, index=memberships.index)
    if actor_type is not None:
        if actor_type not in ACTOR_TYPES:
            known = ", ".join(ACTOR_TYPES)
            raise UsageError(f"unknown actor type {actor_type!r}; known types: {known}")
        keep &= memberships["actor_type"] == actor_type
    if role is not None:
        keep &= memberships["role"] == role
    if in_force_on is not None:
        day = pd.Timestamp(in_force_on)
        keep &= memberships["in_force_from"].isna() | (memberships["in_force_from"] <= day)
        keep &= memberships["in_force_until"].isna() | (memberships["in_force_until"] >= day)
    if joined_by is not None:
        day = pd.Timestamp(joined_by)
        keep &= memberships["in_force_from"].isna() | (memberships["in_force_from"] <= day)
    return memberships[keep]


def incidence(memberships: pd.DataFrame, processes: Sequence[str] | None = None) -> Incidence:
    """The 0/1 incidence matrix of a memberships table (columns actor, process).

    ``processes`` fixes the columns and their order (processes without members get an
    empty column); by default they are the processes of the table, sorted.
    """
    import numpy as np
    import pandas as pd

    pairs = memberships[["actor", "process"]]
    if processes is not None:
        columns = pd.Index(list(dict.fromkeys(processes)))
        process_codes = columns.get_indexer(pd.Index(pairs["process"]))
        listed = process_codes >= 0
        pairs, process_codes = pairs[listed], process_codes[listed]
    else:
        process_codes, columns = _factorize_sorted(pairs["process"])
    actor_codes, actors = _factorize_sorted(pairs["actor"])
    shape = (len(actors), len(columns))
    # int32 counts: shared_counts multiplies this matrix without converting it first
    if shape[0] * shape[1] <= DENSE_CELLS:
        dense = np.zeros(shape, dtype=np.int32)
        dense[actor_codes, process_codes] = 1  # an actor with two roles counts once
        return Incidence(dense, pd.Index(actors), columns)
    from scipy import sparse

    matrix = sparse.csr_matrix(
        (np.ones(len(pairs), dtype=np.int32), (actor_codes, process_codes)), shape=shape
    )
    matrix.data[:] = 1  # an actor with two roles in a process counts once
    return Incidence(matrix, pd.Index(actors), columns)


def _factorize_sorted(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Codes of ``values`` into their sorted distinct values.

    Sorting the distinct values and renumbering is much cheaper than sorting every row
    (``pd.factorize(sort=True)``): an actor has many memberships.

    >>> import pandas as pd
    >>> codes, uniques = _factorize_sorted(pd.Series(["b", "a", "b"]))
    >>> codes.tolist(), uniques.tolist()
    ([1, 0, 1], ['a', 'b'])
    """
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(values)
    order = np.argsort(np.asarray(uniques, dtype=object), kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[codes], pd.Index(np.asarray(uniques, dtype=object)[order])


def shared_counts(inc: Incidence) -> np.ndarray | sparse.csr_matrix:
    """All pairs at once: entry (i, j) is how many actors processes i and j share.

    One product, ``B.T @ B``, in int32 (dense or sparse, as the incidence matrix is);
    the diagonal holds each process's size. A sparse product's column indices within a
    row come unsorted (``shared.sort_indices()`` sorts them; :func:`_upper_pairs` reads
    the pairs in order without sorting).
    """
    import numpy as np

    if isinstance(inc.matrix, np.ndarray):
        # In floating point, the product is BLAS's (35x faster than numpy's integer
        # loop at 1,000 x 1,000) and exact: counts stay far below 2**53.
        dense = inc.matrix.astype(np.float64)
        return (dense.T @ dense).astype(np.int32)
    matrix = inc.matrix.astype(np.int32, copy=False)
    return (matrix.T.tocsr() @ matrix).tocsr()


def _upper_pairs(
    shared: np.ndarray | sparse.csr_matrix,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs (a, b, count) with a < b of a symmetric matrix, ordered by a, then b.

    Rather than sorting every row of ``shared`` (both triangles), this keeps its strict
    lower triangle, row by row (row b: its entries a < b, in any order), and transposes
    it: a transposition is a stable counting sort by column, so row a of the result
    lists its b's in increasing order, the order wanted, for half the work.

    >>> import numpy as np
    >>> from scipy import sparse
    >>> m = np.array([[3, 0, 1], [0, 2, 2], [1, 2, 4]])
    >>> [x.tolist() for x in _upper_pairs(sparse.csr_matrix(m))]
    [[0, 1], [2, 2], [1, 2]]
    >>> [x.tolist() for x in _upper_pairs(m)]
    [[0, 1], [2, 2], [1, 2]]
    """
    import numpy as np

    if isinstance(shared, np.ndarray):
        a, b = np.nonzero(np.triu(shared, k=1))  # row-major: by a, then b
        return a.astype(np.int64), b, shared[a, b]
    from scipy import sparse

    size = shared.shape[0]
    rows = np.repeat(np.arange(size, dtype=shared.indices.dtype), np.diff(shared.indptr))
    lower = shared.indices < rows
    kept_before = np.concatenate(([0], np.cumsum(lower, dtype=np.int64)))
    triangle = sparse.csr_matrix(
        (shared.data[lower], shared.indices[lower], kept_before[shared.indptr]),
        shape=shared.shape,
    )
    upper = triangle.T.tocsr()  # row a holds the b > a that share members with a, sorted
    a = np.repeat(np.arange(size, dtype=np.int64), np.diff(upper.indptr))
    return a, upper.indices, upper.data


def overlaps(memberships: pd.DataFrame, processes: Sequence[str] | None = None) -> pd.DataFrame:
    """Shared members of each pair of processes, with Jaccard and overlap coefficients.

    Columns: process_a, process_b, size_a, size_b, shared, jaccard (shared / union)
    and overlap (shared / the smaller size). Coefficients are NaN when undefined (a
    process without members). With ``processes``, every pair of them is listed,
    sharing or not, in the order given; without, every pair of processes that share
    a member, by process_a then process_b (sorted IRIs). Process columns are
    categorical, which keeps millions of pairs cheap.
    """
    import numpy as np
    import pandas as pd

    inc = incidence(memberships, processes)
    shared = shared_counts(inc)
    sizes = inc.sizes().to_numpy()
    if processes is not None:
        a, b = np.triu_indices(len(inc.processes), k=1)
        counts = np.asarray(shared[a, b]).ravel() if len(a) else np.zeros(0, dtype=np.int32)
    else:
        a, b, counts = _upper_pairs(shared)  # by process_a, then process_b
    size_a, size_b = sizes[a], sizes[b]
    with np.errstate(divide="ignore", invalid="ignore"):
        jaccard = counts / (size_a + size_b - counts)
        overlap = counts / np.minimum(size_a, size_b)
    return pd.DataFrame(
        {
            "process_a": pd.Categorical.from_codes(a, categories=inc.processes),
            "process_b": pd.Categorical.from_codes(b, categories=inc.processes),
            "size_a": size_a.astype(np.int64, copy=False),  # int64 already: no copy
            "size_b": size_b.astype(np.int64, copy=False),
            "shared": counts.astype(np.int64),
            "jaccard": jaccard,
            "overlap": overlap,
        },
        copy=False,  # fresh arrays: consolidating them would copy millions of pairs
    )


def difference(
    memberships: pd.DataFrame, a: str, b: str, never_in: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The actors of process ``a`` that never joined process ``b``.

    ``never_in`` is the table ``b``'s members are taken from (default: ``memberships``),
    so that A can be taken as of a date and B as joined by it. Columns: actor,
    actor_label, actor_type, roles (a tuple of their roles in ``a``), sorted by actor.
    """
    import pandas as pd

    b_table = memberships if never_in is None else never_in
    joined_b = set(b_table.loc[b_table["process"] == b, "actor"])
    in_a = memberships[(memberships["process"] == a) & ~memberships["actor"].isin(joined_b)]
    columns = [c for c in ("actor", "actor_label", "actor_type") if c in in_a.columns]
    if "role" not in in_a.columns:
        return in_a[columns].drop_duplicates().sort_values("actor").reset_index(drop=True)
    roles = in_a.groupby("actor")["role"].apply(_role_tuple)
    people = in_a[columns].drop_duplicates("actor").set_index("actor")
    return pd.concat([people, roles.rename("roles")], axis=1).sort_index().reset_index()


def intersections(memberships: pd.DataFrame, processes: Sequence[str]) -> pd.DataFrame:
    """UpSet-style exclusive intersections: how many actors are in exactly each combination.

    One boolean column per process (named by the process), then degree (how many of
    the processes the combination has) and actors (how many actors are in exactly
    those processes and none of the others), most actors first. Actors in none of
    the processes are left out.

    >>> import pandas as pd
    >>> t = pd.DataFrame({"actor": ["x", "y", "y", "z"], "process": ["A", "A", "B", "B"]})
    >>> intersections(t, ["A", "B"]).values.tolist()
    [[True, False, 1, 1], [False, True, 1, 1], [True, True, 2, 1]]
    """
    import numpy as np
    import pandas as pd

    columns = list(dict.fromkeys(processes))
    if len(columns) > 62:
        raise UsageError(f"intersections of at most 62 processes, not {len(columns)}")
    inc = incidence(memberships, columns)
    bits = np.left_shift(np.int64(1), np.arange(len(columns), dtype=np.int64))
    masks = inc.matrix @ bits
    counts = pd.Series(masks[masks > 0]).value_counts()
    frame = pd.DataFrame(
        {p: (counts.index.to_numpy() & bit) > 0 for p, bit in zip(columns, bits, strict=True)}
    )
    frame["degree"] = frame[columns].sum(axis=1).astype(np.int64)
    frame["actors"] = counts.to_numpy().astype(np.int64)
    frame["_mask"] = counts.index.to_numpy()
    frame = frame.sort_values(["actors", "degree", "_mask"], ascending=[False, True, True])
    return frame.drop(columns="_mask").reset_index(drop=True)


def great_powers(memberships: pd.DataFrame, extra: Collection[str] = ()) -> list[str]:
    """The P5 and the ``extra`` actors, in that order.

    The P5 are the members of :data:`P5_PROCESS` in ``memberships``; when the data has
    none, :data:`P5_FALLBACK` (the UN Charter's list).
    """
    members = sorted(set(memberships.loc[memberships["process"] == P5_PROCESS, "actor"]))
    return list(dict.fromkeys([*(members or P5_FALLBACK), *extra]))


def participation(
    memberships: pd.DataFrame, actors: Sequence[str], processes: Sequence[str] | None = None
) -> pd.DataFrame:
    """Where each of ``actors`` takes part: one row per process, one column per actor.

    Columns: process, process_label, then one per actor (named by its IRI) holding a
    tuple of its roles there (empty when it takes no part). Rows are ``processes`` in
    the order given or, by default, every process with at least one of the actors,
    sorted by how many of them take part, then by process.
    """
    import pandas as pd

    chosen = list(dict.fromkeys(actors))
    rows = memberships[memberships["actor"].isin(chosen)]
    if processes is not None:
        rows = rows[rows["process"].isin(processes)]
    roles = rows.groupby(["process", "actor"])["role"].apply(_role_tuple)
    table = roles.unstack("actor").reindex(columns=chosen)
    if processes is not None:
        table = table.reindex(list(dict.fromkeys(processes)))
    else:
        present = table.notna().sum(axis=1)
        order = sorted(table.index, key=lambda p: (-int(present[p]), p))
        table = table.reindex(order)
    table = table.apply(lambda column: column.map(lambda v: v if isinstance(v, tuple) else ()))
    labels = memberships.drop_duplicates("process").set_index("process")
    result = pd.DataFrame(
        {
            "process": table.index,
            "process_label": table.index.map(
                labels["process_label"] if "process_label" in labels.columns else {}
            ),
        }
    )
    for actor in chosen:
        result[actor] = table[actor].to_list() if len(table) else []
    return result


def with_completeness(pairs: pd.DataFrame, member_lists: pd.DataFrame) -> pd.DataFrame:
    """``pairs`` (from :func:`overlaps`) with a column ``complete``: whether both lists are.

    A figure over an incomplete list counts recorded members only, so a small overlap
    may be a gap in the data rather than a fact; ``complete`` says which figures can
    be read as the whole truth. ``member_lists`` is
    :attr:`Views.member_lists <normgraph.analytics.views.Views.member_lists>`.

    >>> import pandas as pd
    >>> pairs = pd.DataFrame({"process_a": ["A", "A"], "process_b": ["B", "C"]})
    >>> lists = pd.DataFrame({"process": ["A", "B", "C"], "complete": [True, True, False]})
    >>> with_completeness(pairs, lists)["complete"].tolist()
    [True, False]
    """
    complete = set(member_lists.loc[member_lists["complete"], "process"])
    a = pairs["process_a"].astype(object).isin(complete)
    b = pairs["process_b"].astype(object).isin(complete)
    return pairs.assign(complete=(a & b).to_numpy())


def incomplete_lists(member_lists: pd.DataFrame, processes: Collection[str]) -> pd.DataFrame:
    """Those of ``processes`` whose member list is incomplete: process, label, summary.

    In the order of ``processes`` (each once); the summary is the phrase every view
    prints ("14 of 25 recorded").

    >>> import pandas as pd
    >>> lists = pd.DataFrame({"process": ["A", "B", "C"], "label": ["a", "b", "c"],
    ...                       "complete": [False, True, False], "summary": ["1", "2", "3"]})
    >>> incomplete_lists(lists, ["C", "B", "A", "C"])["process"].tolist()
    ['C', 'A']
    """
    order = {process: rank for rank, process in enumerate(dict.fromkeys(processes))}
    gaps = member_lists[member_lists["process"].isin(order) & ~member_lists["complete"]]
    gaps = gaps.sort_values("process", key=lambda column: column.map(order))
    return gaps[["process", "label", "summary"]].reset_index(drop=True)


def _role_tuple(roles: pd.Series) -> tuple[str, ...]:
    return tuple(sorted(set(roles.dropna())))
