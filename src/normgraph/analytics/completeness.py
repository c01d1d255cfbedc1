"""How complete a recorded member list is, said so that a gap never reads as a fact.

A process's members are *complete* when the data records every member its cited
sources list (``ng:membersComplete true``); otherwise the recorded members are only
those a source happened to name. A source may also state how many members there are
(``ng:memberCount``) without naming them all. Every view that prints a count of
members goes through :func:`summary`, so that the site, the command line and the
notebooks say "14 of 25 recorded" rather than a bare 14.

>>> summary(25, 25, True)
'25 (complete)'
>>> summary(14, 25, False)
'14 of 25 recorded'
>>> summary(3, None, False)
'3 recorded (list incomplete, total unknown)'
>>> summary(0, 25, False)
'none of 25 recorded'
>>> summary(0, None, False)
'none recorded'
"""

from __future__ import annotations

import math

__all__ = ["MEMBER_ROLES", "is_known", "summary"]

#: The roles that count as members of a process when lists are compared. A founder of
#: a statement or accord is one of its first signatories, so it counts too; chairs,
#: sponsors, funders and observers do not.
MEMBER_ROLES = frozenset({"member", "signatory", "founder"})


def is_known(value: object) -> bool:
    """Whether a cell holds a value (not None, not NaN, not pandas' NA).

    >>> is_known(25), is_known(None), is_known(float("nan"))
    (True, False, False)
    """
    if value is None:
        return False
    try:
        return not math.isnan(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value) not in ("<NA>", "NaT")


def summary(recorded: int, stated: object, complete: bool) -> str:
    """One phrase for a member list: what is recorded against what a source states."""
    if complete:
        return f"{recorded} (complete)"
    if is_known(stated):
        total = int(stated)  # type: ignore[call-overload]
        if recorded == 0:
            return f"none of {total} recorded"
        return f"{recorded} of {total} recorded"
    if recorded == 0:
        return "none recorded"
    return f"{recorded} recorded (list incomplete, total unknown)"
