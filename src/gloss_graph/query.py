"""SPARQL over an exported Turtle file, and the named queries shipped with it.

pyoxigraph loads and queries: its Turtle parser is strict (a file other
stores would reject is rejected here too) and it answers in a few
milliseconds on the whole glossary. Named queries are ``queries/*.rq``; their
first comment line says what they answer, ``# param: NAME what`` lines the
values they take. A value is bound to the variable ``?NAME`` as an RDF
literal through pyoxigraph's substitutions (SPARQL SEP-0007), so no text
typed by a user is ever pasted into a query.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph

from .errors import GlossGraphError, UsageError
from .vocabulary import PREFIXES

FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str
    params: tuple[tuple[str, str], ...]  # (variable, what it takes)
    text: str


def named_queries() -> dict[str, NamedQuery]:
    """Every ``queries/*.rq`` shipped in the package, by name."""
    found = {}
    for item in sorted(resources.files(__package__).joinpath("queries").iterdir(), key=lambda i: i.name):
        if item.name.endswith(".rq"):
            found[item.name[:-3]] = _parse_named(item.name[:-3], item.read_text(encoding="utf-8"))
    return found


def _parse_named(name: str, text: str) -> NamedQuery:
    comments = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        comments.append(line[1:].strip())
    params = tuple(
        (m.group(1), m.group(2).strip())
        for m in (re.match(r"param:\s*(\w+)\s*(.*)", c) for c in comments) if m
    )
    summary = next((c for c in comments if not c.startswith("param:")), "")
    return NamedQuery(name, summary, params, text)


def load(path: str | os.PathLike) -> pyoxigraph.Store:
    """An in-memory store holding the Turtle file; strict parsing."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    store = pyoxigraph.Store()
    try:
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    except SyntaxError as err:
        raise GlossGraphError(f"{path}: not valid Turtle: {_one_line(err.msg)}") from None
    except (OSError, ValueError) as err:
        raise GlossGraphError(f"{path}: cannot read: {_one_line(str(err))}") from None
    return store


def run(store: pyoxigraph.Store, sparql: str, bindings: dict[str, str] | None = None, source: str = "query"):
    """Run a query. ``bindings`` pre-bind variables (name without '?') to
    plain literals. The prefixes of the export (skos:, gg:, ...) are known
    without PREFIX lines."""
    substitutions = {pyoxigraph.Variable(k): pyoxigraph.Literal(v) for k, v in (bindings or {}).items()}
    try:
        return store.query(sparql, prefixes=PREFIXES, substitutions=substitutions or None)
    except SyntaxError as err:
        raise UsageError(f"invalid SPARQL in {source}: {_one_line(err.msg)}") from None
    except (RuntimeError, OSError, ValueError) as err:
        raise UsageError(f"cannot run {source}: {_one_line(str(err))}") from None


def run_named(store: pyoxigraph.Store, name: str, args: list[str] | tuple[str, ...] = ()):
    queries = named_queries()
    if name not in queries:
        raise UsageError(f"no named query {name!r} (known: {', '.join(queries)})")
    query = queries[name]
    if len(args) != len(query.params):
        wanted = " ".join(p.upper() for p, _ in query.params) or "no argument"
        raise UsageError(f"--named {name} takes {wanted}, got {len(args)} argument(s)")
    bindings = {param: value for (param, _), value in zip(query.params, args)}
    return run(store, query.text, bindings, source=f"{name}.rq")


def render(results, fmt: str = "table") -> str:
    """Results as text: an aligned table, or the SPARQL 1.1 CSV or JSON
    results formats. CONSTRUCT/DESCRIBE results are RDF: Turtle for table,
    N-Triples for csv, JSON-LD for json."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if isinstance(results, pyoxigraph.QueryBoolean):
        if fmt == "json":
            return results.serialize(format=pyoxigraph.QueryResultsFormat.JSON).decode("utf-8") + "\n"
        return ("true" if bool(results) else "false") + "\n"
    if isinstance(results, pyoxigraph.QueryTriples):
        rdf_format = {"table": pyoxigraph.RdfFormat.TURTLE, "csv": pyoxigraph.RdfFormat.N_TRIPLES,
                      "json": pyoxigraph.RdfFormat.JSON_LD}[fmt]
        triples = sorted(results, key=str)
        return pyoxigraph.serialize(triples, format=rdf_format, prefixes=PREFIXES).decode("utf-8")
    if fmt == "json":
        return results.serialize(format=pyoxigraph.QueryResultsFormat.JSON).decode("utf-8") + "\n"
    if fmt == "csv":
        return results.serialize(format=pyoxigraph.QueryResultsFormat.CSV).decode("utf-8")
    return _table(results)


def rows(results) -> list[dict[str, str | None]]:
    """SELECT results as plain dicts: IRIs and literals as their text."""
    names = [v.value for v in results.variables]
    return [{name: _text(solution[name]) for name in names} for solution in results]


def _table(results) -> str:
    names = [v.value for v in results.variables]
    # Control characters would break the table's lines.
    body = [[re.sub(r"[\x00-\x1f\x7f]", " ", _text(solution[name]) or "") for name in names]
            for solution in results]
    widths = [max([len(name)] + [len(row[i]) for row in body]) for i, name in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in body]
    lines.append(f"({len(body)} row{'s' if len(body) != 1 else ''})")
    return "\n".join(lines) + "\n"


def _text(term) -> str | None:
    if term is None:
        return None
    if isinstance(term, pyoxigraph.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, (pyoxigraph.NamedNode, pyoxigraph.Literal)):
        return term.value
    return str(term)


def _one_line(message: str) -> str:
    return " ".join(str(message).split())
