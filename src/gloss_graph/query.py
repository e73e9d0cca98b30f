"""SPARQL over an exported RDF file, and the named queries shipped with it.

pyoxigraph loads and queries: its parsers are strict (a file other stores
would reject is rejected here too), the format follows the file's extension
(``RDF_FORMATS``), and it answers in a few milliseconds on the whole
glossary. Named queries are ``queries/*.rq``; their first comment line says
what they answer, ``# param: NAME what`` lines the values they take. A value
is bound to the variable ``?NAME`` as an RDF literal through pyoxigraph's
substitutions (SPARQL SEP-0007), so no text typed by a user is ever pasted
into a query; and it is checked first against the file (``_CHECKS``), so a
locale, term or tag the file does not hold is an error, not an empty answer.
A query that does not parse is explained by ``sparql_text.explain``.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pyoxigraph

from . import langtags, sparql_text
from .errors import GlossGraphError, UsageError
from .terminal import safe, safe_document
from .vocabulary import PREFIXES

FORMATS = ("table", "csv", "json")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    summary: str
    params: tuple[tuple[str, str], ...]  # (variable, what it takes)
    text: str

    @property
    def usage(self) -> str:
        """Its arguments as the command line shows them: ``LOCALE``."""
        return " ".join(p.upper() for p, _ in self.params)


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


# The parser is chosen by the file's extension: the files `build
# --rdf-format` writes, and the quad formats another tool may hand over.
RDF_FORMATS: dict[str, pyoxigraph.RdfFormat] = {
    ".ttl": pyoxigraph.RdfFormat.TURTLE,
    ".nt": pyoxigraph.RdfFormat.N_TRIPLES,
    ".jsonld": pyoxigraph.RdfFormat.JSON_LD,
    ".json-ld": pyoxigraph.RdfFormat.JSON_LD,
    ".nq": pyoxigraph.RdfFormat.N_QUADS,
    ".trig": pyoxigraph.RdfFormat.TRIG,
}


def rdf_format(path: str | os.PathLike) -> pyoxigraph.RdfFormat:
    """The format ``load`` parses ``path`` as, from its extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in RDF_FORMATS:
        raise UsageError(f"{safe(path)}: cannot tell the RDF format from the extension "
                         f"{safe(repr(suffix or '(none)'))}; give a {_or(list(RDF_FORMATS))} file")
    return RDF_FORMATS[suffix]


def load(path: str | os.PathLike) -> pyoxigraph.Store:
    """An in-memory store holding the RDF file, parsed strictly by the
    format its extension names (``RDF_FORMATS``)."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"{safe(path)}: {'not a file' if path.exists() else 'no such file'}")
    fmt = rdf_format(path)
    store = pyoxigraph.Store()
    try:
        store.load(path=str(path), format=fmt)
    except SyntaxError as err:
        raise GlossGraphError(f"{safe(path)}: not valid {fmt.name}: {safe(_one_line(err.msg))}") from None
    except (OSError, ValueError) as err:
        raise GlossGraphError(f"{safe(path)}: cannot read: {safe(_one_line(str(err)))}") from None
    if len(store) == 0:
        # A JSON file that is not JSON-LD (report.json) parses to nothing.
        raise GlossGraphError(f"{safe(path)}: holds no RDF triples")
    return store


def run(store: pyoxigraph.Store, sparql: str, bindings: dict[str, str] | None = None, source: str = "query"):
    """Run a query. ``bindings`` pre-bind variables (name without '?') to
    plain literals. The prefixes of the export (skos:, gg:, ...) are known
    without PREFIX lines. Triples in named graphs (an .nq or .trig file)
    are seen as if in the default graph. SERVICE is refused: the answer
    comes from the file alone, without a request to another server."""
    calls = sparql_text.service_calls(sparql)
    if calls:
        raise UsageError(f"{safe(source)}, line {calls[0].line}: SERVICE would send part of the query to "
                         "another server; query answers from the file alone (load the file into a "
                         "SPARQL server to combine it with others)")
    substitutions = {pyoxigraph.Variable(k): pyoxigraph.Literal(v) for k, v in (bindings or {}).items()}
    try:
        return store.query(sparql, prefixes=PREFIXES, substitutions=substitutions or None,
                           use_default_graph_as_union=True)
    except SyntaxError as err:
        problem = sparql_text.explain(sparql, err.msg, PREFIXES)
        raise UsageError(
            safe(f"invalid SPARQL in {source}, line {problem.line}, column {problem.column}: {problem.what}")
            + "\n  parser: " + safe(_one_line(err.msg, limit=300))
        ) from None
    except (RuntimeError, OSError, ValueError) as err:
        raise UsageError(f"cannot run {safe(source)}: {safe(_one_line(str(err)))}") from None


def run_named(store: pyoxigraph.Store, name: str, args: list[str] | tuple[str, ...] = ()):
    """Run a named query with its arguments, after checking that they name
    something in the store: an unknown locale, term or tag is an error
    naming what there is, not a silent empty (or full) answer."""
    query = named_query(name)
    if len(args) != len(query.params):
        raise UsageError(f"--named {name} takes {query.usage or 'no argument'}, got {len(args)} argument(s)")
    bindings = {param: value for (param, _), value in zip(query.params, args)}
    check = _CHECKS.get(name)
    if check:
        check(store, *args)
    return run(store, query.text, bindings, source=f"{name}.rq")


def named_query(name: str) -> NamedQuery:
    """The named query ``name``; a usage error listing the others if none."""
    queries = named_queries()
    if name not in queries:
        raise UsageError(f"no named query {safe(repr(name))} (known: {', '.join(queries)})")
    return queries[name]


# --- what a named query's argument must name --------------------------------

SOURCE_LANGUAGE = "en"  # en-US, written "en" (the default) or "en-us" (build --english-tag en-US)

_CONCEPT_LANGUAGES = """SELECT DISTINCT ?tag WHERE {
  ?concept a skos:Concept ; skos:prefLabel ?label . BIND (lcase(lang(?label)) AS ?tag)
} ORDER BY ?tag"""
_CONCEPT_NAMES = """SELECT DISTINCT ?kind ?name WHERE {
  ?concept a skos:Concept .
  { ?concept gg:slug ?name . BIND ("slug" AS ?kind) }
  UNION { ?concept skos:prefLabel ?label . BIND (str(?label) AS ?name) BIND ("title" AS ?kind) }
}"""
_TAG_NAMES = """SELECT DISTINCT ?name WHERE {
  ?concept a skos:Concept ; dcterms:subject ?tag . ?tag rdfs:label ?label . BIND (str(?label) AS ?name)
}"""


def loaded_locales(store: pyoxigraph.Store) -> list[str]:
    """The languages of the concepts' titles, as locales (``en`` -- or
    ``en-US`` in a file written with ``--english-tag en-US`` --, ``fr``,
    ``zh-CN``), the source language first."""
    tags = [row["tag"] for row in rows(run(store, _CONCEPT_LANGUAGES, source="the file's languages"))]
    return sorted((_locale(t) for t in tags if t), key=lambda loc: (_primary(loc) != SOURCE_LANGUAGE, loc.lower()))


def _check_translation_locale(store: pyoxigraph.Store, locale: str) -> None:
    """``untranslated LOCALE``: a language tag, not the source language, and
    one some concept has a title in. A locale matches the tags it is a
    prefix of, case aside (``zh`` matches ``zh-cn``), as langMatches does."""
    loaded = loaded_locales(store)
    holds = f"this file has titles in: {', '.join(loaded) or 'no language'}"
    if not langtags.is_well_formed(locale):  # the one rule for language tags
        raise UsageError(f"{safe(repr(locale))} is not a locale such as fr or zh-CN; {holds}")
    if _primary(locale) == SOURCE_LANGUAGE:
        raise UsageError(f"{safe(locale)} is the language the glossary is translated from; "
                         f"name a translation's locale ({holds})")
    wanted = locale.lower()
    if not any(loc.lower() == wanted or loc.lower().startswith(wanted + "-") for loc in loaded):
        raise UsageError(f"no concept has a title in {safe(locale)}: the locale is not loaded; {holds}")


def _check_term(store: pyoxigraph.Store, term: str) -> None:
    """``neighbours TERM``: some concept has TERM as its slug (with or
    without ``Glossary/``) or as a title, case aside, as neighbours.rq matches."""
    found = rows(run(store, _CONCEPT_NAMES, source="the file's concepts"))
    slugs = [row["name"] for row in found if row["kind"] == "slug"]
    titles = [row["name"] for row in found if row["kind"] == "title"]
    known = {n.lower() for n in slugs + titles} | {s.lower().removeprefix("glossary/") for s in slugs}
    if term.lower() not in known:
        shown = [s.removeprefix("Glossary/") for s in slugs] + titles
        raise UsageError(f"no concept has the slug or title {safe(repr(term))}{_suggest(term, shown)}")


def _check_tag(store: pyoxigraph.Store, tag: str) -> None:
    """``by-tag TAG``: some concept carries the tag, case aside."""
    names = [row["name"] for row in rows(run(store, _TAG_NAMES, source="the file's tags"))]
    if tag.lower() not in {n.lower() for n in names}:
        raise UsageError(f"no concept carries the tag {safe(repr(tag))}{_suggest(tag, names)}")


_CHECKS = {"untranslated": _check_translation_locale, "neighbours": _check_term, "by-tag": _check_tag}


def _suggest(wanted: str, names: list[str]) -> str:
    """' (did you mean: A, B?)' for up to three names close to ``wanted``."""
    by_lower = {}
    for name in sorted(names):
        by_lower.setdefault(name.lower(), name)
    close = difflib.get_close_matches(wanted.lower(), list(by_lower), n=3, cutoff=0.6)
    return f" (did you mean: {', '.join(safe(by_lower[c]) for c in close)}?)" if close else ""


def _locale(tag: str) -> str:
    """A language tag in BCP 47 case: zh-cn -> zh-CN, en-us -> en-US."""
    return langtags.canonical(tag)


def _primary(tag: str) -> str:
    return tag.split("-")[0].lower()


def render(results, fmt: str = "table", footer: bool = True) -> str:
    """Results as text: an aligned table, or the SPARQL 1.1 CSV or JSON
    results formats. CONSTRUCT/DESCRIBE results are RDF: Turtle for table,
    N-Triples for csv, JSON-LD for json. ``footer``: end a table with its
    number of rows, ``(3 rows)``.

    Values come from the file, so from input: none reaches a terminal or a
    CI log raw. JSON, Turtle and N-Triples write what ``terminal.safe``
    escapes as ``\\uXXXX`` escapes (``terminal.safe_document``), so their
    data is exact; a table and CSV show values as ``terminal.safe`` does
    (use json for the exact values)."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    if isinstance(results, pyoxigraph.QueryBoolean):
        if fmt == "json":
            return results.serialize(format=pyoxigraph.QueryResultsFormat.JSON).decode("utf-8") + "\n"
        return ("true" if bool(results) else "false") + "\n"
    if isinstance(results, pyoxigraph.QueryTriples):
        syntax = {"table": pyoxigraph.RdfFormat.TURTLE, "csv": pyoxigraph.RdfFormat.N_TRIPLES,
                  "json": pyoxigraph.RdfFormat.JSON_LD}[fmt]
        triples = sorted(results, key=str)
        return safe_document(pyoxigraph.serialize(triples, format=syntax, prefixes=PREFIXES).decode("utf-8"))
    if fmt == "json":
        return safe_document(results.serialize(format=pyoxigraph.QueryResultsFormat.JSON).decode("utf-8")) + "\n"
    if fmt == "csv":
        return _csv(results)
    return _table(results, footer)


def _csv(results) -> str:
    """The SPARQL 1.1 CSV results format (as pyoxigraph writes it: CRLF
    line ends, fields quoted only where needed), each value made safe."""
    import csv
    import io

    names = [v.value for v in results.variables]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(names)
    writer.writerows([safe(_text(solution[name]) or "") for name in names] for solution in results)
    return out.getvalue()


def rows(results) -> list[dict[str, str | None]]:
    """SELECT results as plain dicts: IRIs and literals as their text."""
    names = [v.value for v in results.variables]
    return [{name: _text(solution[name]) for name in names} for solution in results]


def _table(results, footer: bool = True) -> str:
    names = [v.value for v in results.variables]
    # A newline would break the table's lines, an escape sequence drive the terminal.
    body = [[safe(_text(solution[name]) or "") for name in names] for solution in results]
    widths = [max([len(name)] + [len(row[i]) for row in body]) for i, name in enumerate(names)]
    lines = ["  ".join(n.ljust(w) for n, w in zip(names, widths)).rstrip(),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths)).rstrip() for row in body]
    if footer:
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


def _one_line(message: str, limit: int | None = None) -> str:
    text = " ".join(str(message).split())
    return text if limit is None or len(text) <= limit else text[:limit] + " ..."


def _or(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} or {items[-1]}"
