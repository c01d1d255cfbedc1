"""Reading SPARQL text without running it: its keywords and its form.

The remote backend asks for a tabular or a graph serialisation depending on the
query's form (the user's own query, to an endpoint of their choice: this is no
security check; the endpoint decides what a query is with a parser, see
:mod:`normgraph.server.policy`). That needs the keywords of a query, which are the bare
words outside strings, IRIs and comments: a variable ``?service``, a prefixed name
``ex:SERVICE`` or a string ``"SERVICE"`` is not the keyword. Codepoint escapes
(``\\u0053``) are decoded first, since SPARQL allows them anywhere in a query.

>>> query_form("PREFIX ex: <http://example.org/> SELECT * WHERE { ?s ex:p ?o }")
'select'
>>> query_form("# a comment\\nDESCRIBE <http://example.org/x>")
'describe'
>>> query_form("INSERT DATA { <a:b> <a:c> <a:d> }")
'update'
>>> keywords('SELECT ?service WHERE { ?s ex:SERVICE "SERVICE" } # SERVICE')
['SELECT', 'WHERE']
"""

from __future__ import annotations

import re
from typing import Final, Literal

__all__ = ["UPDATE_KEYWORDS", "QueryForm", "decode_codepoints", "keywords", "query_form"]

QueryForm = Literal["select", "ask", "construct", "describe", "update"]

#: The words that start a SPARQL 1.1 Update operation (WITH starts a DELETE/INSERT).
UPDATE_KEYWORDS: Final = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
)
_FORMS: Final[dict[str, QueryForm]] = {
    "SELECT": "select",
    "ASK": "ask",
    "CONSTRUCT": "construct",
    "DESCRIBE": "describe",
}
_PROLOGUE: Final = frozenset({"BASE", "PREFIX"})

_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
# Order matters: strings, IRIs and comments are skipped whole; a prefixed name (or a
# blank node label) is tried before a bare word so that "ex:SERVICE" is not a keyword.
_TOKENS = re.compile(
    r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''
    r"|<[^<>\"{}|^`\\\s]*>|#[^\n]*"
    r"|[?$]\w+"
    r"|(?:[A-Za-z_][\w.-]*)?:[\w.:%-]*"
    r"|(?P<word>[A-Za-z]+)"
)


def decode_codepoints(text: str) -> str:
    r"""``text`` with its ``\uXXXX`` and ``\UXXXXXXXX`` escapes replaced by the characters.

    >>> decode_codepoints(r"\u0053ERVICE")
    'SERVICE'
    """

    def replace(match: re.Match[str]) -> str:
        try:
            return chr(int(match[1] or match[2], 16))
        except ValueError:  # beyond U+10FFFF: left for the parser to reject
            return match[0]

    return _CODEPOINT.sub(replace, text)


def keywords(text: str) -> list[str]:
    """The bare words of a query, upper-cased, in order; strings, IRIs, comments,
    variables and prefixed names left out."""
    return [
        match["word"].upper()
        for match in _TOKENS.finditer(decode_codepoints(text))
        if match["word"]
    ]


def query_form(text: str) -> QueryForm | None:
    """Whether ``text`` is a SELECT, ASK, CONSTRUCT or DESCRIBE query or an update,
    from its first keyword after the prologue; None when it is neither."""
    for word in keywords(text):
        if word in _PROLOGUE:
            continue
        if word in _FORMS:
            return _FORMS[word]
        return "update" if word in UPDATE_KEYWORDS else None
    return None
