"""SPARQL text read closely enough to explain a parser's error in plain words.

Oxigraph's parser reports where it stopped (``error at 2:15``) and a list of
what it would have accepted there, written for its authors: character
classes, grammar rule names, a prefix it could not find among a dozen other
alternatives. ``explain`` turns that into a sentence a user can act on, from
the query text itself: the undeclared prefix by name and line, the string
never closed, the misspelt query form, or the tokens the parser expected.

The scanner below is not a SPARQL parser. It only has to tell IRIs, strings
and comments (where a colon or a keyword means nothing) from prefixed names,
variables and words, with the line and column of each.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

QUERY_FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
UPDATES = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

_TOKEN = re.compile(r'''
    (?P<iri> <[^<>"{}|^`\\\x00-\x20]*> )
  | (?P<string> """(?:[^"\\]|\\.|"(?!""))*"""
              | \'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'
              | "(?:[^"\\\n\r]|\\.)*"
              | '(?:[^'\\\n\r]|\\.)*' )
  | (?P<open> ["'] )
  | (?P<comment> \#[^\n\r]* )
  | (?P<variable> [?$]\w+ )
  | (?P<blank> _:[\w.\-]+ )
  | (?P<pname> (?:[^\W\d_][\w.\-]*)?:[\w.\-%:\\]* )
  | (?P<word> [^\W\d]\w* )
''', re.VERBOSE)


@dataclass(frozen=True)
class Token:
    kind: str  # iri, string, open (a quote never closed), comment, variable, blank, pname, word
    text: str
    line: int  # 1-based
    column: int  # 1-based, in characters, as Oxigraph counts

    @property
    def prefix(self) -> str:
        """For a prefixed name, the part before the colon (``skos`` of ``skos:Concept``)."""
        return self.text.split(":", 1)[0]


@dataclass(frozen=True)
class Problem:
    """Where a query went wrong and what to do about it."""

    line: int
    column: int
    what: str


def tokens(sparql: str) -> list[Token]:
    """The tokens of ``sparql`` that matter for an explanation, in order;
    punctuation and numbers are left out."""
    # Lines end at "\n" alone, as Oxigraph counts them.
    starts = [0] + [m.end() for m in re.finditer("\n", sparql)]
    found = []
    line = 0
    for match in _TOKEN.finditer(sparql):
        while line + 1 < len(starts) and starts[line + 1] <= match.start():
            line += 1
        found.append(Token(match.lastgroup, match.group(), line + 1, match.start() - starts[line] + 1))
    return found


def declared_prefixes(found: list[Token]) -> set[str]:
    """Prefixes declared by ``PREFIX name: <iri>`` lines."""
    return {b.prefix for a, b in zip(found, found[1:])
            if a.kind == "word" and a.text.upper() == "PREFIX" and b.kind == "pname"}


def prefixed_names(found: list[Token]) -> list[Token]:
    """Prefixed names used in the query, declarations left out."""
    return [b for a, b in zip([None] + found, found)
            if b.kind == "pname" and not (a and a.kind == "word" and a.text.upper() == "PREFIX")]


def service_calls(sparql: str) -> list[Token]:
    """``SERVICE`` keywords: each would send part of the query over the network."""
    return [t for t in tokens(sparql) if t.kind == "word" and t.text.upper() == "SERVICE"]


def explain(sparql: str, parser_message: str, known: dict[str, str]) -> Problem:
    """The parser's ``error at L:C: expected ...`` message, in plain words.
    ``known`` are the prefixes the query may use without declaring them.
    The mistakes the text shows are looked for first: they are surer than
    what Oxigraph lists."""
    where = re.match(r"\s*error at (\d+):(\d+):\s*(.*)", parser_message, flags=re.S)
    line, column = (int(where.group(1)), int(where.group(2))) if where else (1, 1)
    found = tokens(sparql)
    before = [t for t in found if (t.line, t.column) <= (line, column)]
    return (_undeclared_prefix(found, before, known)
            or _unclosed_string(before)
            or _query_form_problem(found)
            or _expected_problem(sparql, found, line, column, where.group(3) if where else parser_message))


def _undeclared_prefix(found: list[Token], before: list[Token], known: dict[str, str]) -> Problem | None:
    usable = declared_prefixes(found) | set(known)
    for name in prefixed_names(before):
        if name.prefix not in usable:
            return Problem(name.line, name.column, _undeclared(name.prefix, known))
    return None


def _unclosed_string(before: list[Token]) -> Problem | None:
    opened = [t for t in before if t.kind == "open"]
    if opened:
        return Problem(opened[0].line, opened[0].column, "this string is never closed (a quote is missing)")
    return None


def _expected_problem(sparql: str, found: list[Token], line: int, column: int, expected: str) -> Problem:
    items = _expected(expected)
    if isinstance(items, str):
        return Problem(line, column, items)
    if _at_end(sparql, line, column):
        # At the end, Oxigraph lists whatever could have continued the
        # query: punctuation helps (a missing '}'); keywords may mislead, so
        # they are given as the parser's.
        marks = [i for i in items if i.startswith("'")]
        if marks:
            return Problem(line, column, f"the query ends too early: expected {_one_of(marks)}")
        if items and len(items) <= 6:
            return Problem(line, column, f"the query ends before it makes sense; the parser expected {_one_of(items)}")
        return Problem(line, column, "the query ends before it makes sense: a term, a '.' or a '}' may be missing")
    # Oxigraph may stop inside a word or just after it; the word is what to look at.
    column = next((t.column for t in found if t.kind in ("word", "pname", "variable")
                   and t.line == line and t.column < column <= t.column + len(t.text)), column)
    if items and len(items) <= 6:
        return Problem(line, column, f"expected {_one_of(items)}")
    # A long list means "some expression": the text itself says more.
    return Problem(line, column, _near(sparql, line, column))


def _undeclared(prefix: str, known: dict[str, str]) -> str:
    return (f"the prefix '{prefix}:' is not declared; declare it with PREFIX {prefix}: <...> "
            f"or use one of: {', '.join(sorted(known))}")


def _query_form_problem(found: list[Token]) -> Problem | None:
    """The first word after PREFIX and BASE lines must be a query form."""
    words = [t for t in found if t.kind in ("word", "pname", "variable", "iri")]
    i = 0
    while i < len(words) and words[i].text.upper() in ("PREFIX", "BASE"):
        i += 3 if words[i].text.upper() == "PREFIX" else 2
    if i >= len(words):
        return Problem(1, 1, "the query is empty: write SELECT, CONSTRUCT, ASK or DESCRIBE")
    first = words[i]
    if first.text.upper() in QUERY_FORMS:
        return None
    if first.text.upper() in UPDATES:
        return Problem(first.line, first.column,
                       f"found {first.text}: only queries are run (SELECT, CONSTRUCT, ASK, DESCRIBE), "
                       "never updates, and the file is not changed")
    return Problem(first.line, first.column,
                   f"found '{_short(first.text)}' where SELECT, CONSTRUCT, ASK or DESCRIBE should be")


# Parts of Oxigraph's "expected" lists that name grammar internals, SPARQL
# 1.2 syntax nobody writing a glossary query means, or SERVICE, which `run`
# refuses: left out.
_NOISE = {"{|", "|}", "~", "<<", ">>", "<<(", ")>>", "\\", "\\u", "\\U", '\\"', "\\\\", "LATERAL", "SERVICE"}
_SENTENCES = {
    "iri parsing failed": "this IRI is not valid (an IRI is written <scheme:...> without spaces)",
    "the select contains a variable that is unbound":
        "SELECT names a variable the query never binds (with COUNT, SUM, ... every other "
        "variable of SELECT must be listed in GROUP BY)",
}


def _expected(text: str) -> list[str] | str:
    """'expected one of ",", "}", OPTIONAL, [_]' -> ["','", "'}'", "OPTIONAL"];
    a sentence instead when the parser gave one."""
    text = re.sub(r"^expected (one of )?", "", text.strip())
    quoted = [q.replace('\\"', '"').replace("\\\\", "\\") for q in re.findall(r'"((?:[^"\\]|\\.)*)"', text)]
    rest = re.sub(r'"(?:[^"\\]|\\.)*"', "", text)
    rest = re.sub(r"\[(?:[^\[\]'\\]|'(?:[^'\\]|\\.)*'|\\.)*\]", "", rest)  # character classes
    words = [w.strip() for w in rest.split(",") if w.strip()]
    for word in words:
        if word.lower() in _SENTENCES:
            return _SENTENCES[word.lower()]
    items = [f"'{q}'" for q in quoted if q not in _NOISE]
    return items + [w for w in words if re.fullmatch(r"[A-Za-z]+", w) and w not in _NOISE]


def _one_of(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"


def _at_end(sparql: str, line: int, column: int) -> bool:
    """Nothing but blanks and comments from line:column on."""
    lines = sparql.split("\n")
    offset = sum(len(text) + 1 for text in lines[:line - 1]) + column - 1
    return not re.sub(r"#[^\n]*", "", sparql[offset:]).strip()


def _near(sparql: str, line: int, column: int) -> str:
    lines = sparql.split("\n")
    text = lines[line - 1] if 0 < line <= len(lines) else ""
    return f"cannot read the query here, near '{_short(text[max(0, column - 21):column + 19].strip())}'"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit - 3] + "..."
