"""SPARQL mistakes explained in plain words: the line (and column) of the
mistake and what to do on the first line, Oxigraph's own message on the
second, both safe to print."""
from __future__ import annotations

import socket
import subprocess
import sys
from contextlib import contextmanager

import pytest

from gloss_graph import query
from gloss_graph.errors import UsageError
from gloss_graph.terminal import is_safe

from test_query import store, ttl  # noqa: F401  (the small graph's Turtle, and a store of it)

KNOWN = "dcterms, foaf, gg, owl, rdf, rdfs, skos, xsd"


@contextmanager
def no_request_arrives():
    """A port on 127.0.0.1 that listens; fails if anything connected to it
    while the block ran. Yields the port."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    try:
        yield listener.getsockname()[1]
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()


def explain(store, sparql, source="mine.rq") -> list[str]:
    with pytest.raises(UsageError) as err:
        query.run(store, sparql, source=source)
    return str(err.value).split("\n")


MISTAKES = [
    pytest.param(
        "SELECT ?x WHERE {\n  ?x a foo:Bar }",
        f"line 2, column 8: the prefix 'foo:' is not declared; declare it with PREFIX foo: <...> or use one of: {KNOWN}",
        id="undeclared prefix"),
    pytest.param(
        # Oxigraph says "expected OPTIONAL" here: the prefix is the mistake.
        "SELECT ?x WHERE { ?x a skos:Concept .\n  ?x ex:label ?l }",
        f"line 2, column 6: the prefix 'ex:' is not declared; declare it with PREFIX ex: <...> or use one of: {KNOWN}",
        id="undeclared prefix as a predicate"),
    pytest.param(
        "PREFIX ex: <http://example.org/>\nSELECT ?x WHERE { ?x ex:a :b }",
        f"line 2, column 27: the prefix ':' is not declared; declare it with PREFIX : <...> or use one of: {KNOWN}",
        id="undeclared empty prefix"),
    pytest.param(
        "SELECT ?x WHERE {\n  ?x a skos:Concept\n",
        "line 3, column 1: the query ends too early: expected ',', '.', ';', '{' or '}'",
        id="missing closing brace"),
    pytest.param(
        "SELECT ?slug WHERE { ?c gg:slug ?slug }\nORDER ?slug",
        "line 2, column 7: expected BY",  # Oxigraph says 2:9, inside ?slug
        id="ORDER without BY"),
    pytest.param(
        "PREFIX ex: <http://example.org/>\n\nSELCT ?x WHERE { ?x ?p ?o }",
        "line 3, column 1: found 'SELCT' where SELECT, CONSTRUCT, ASK or DESCRIBE should be",
        id="misspelt SELECT"),
    pytest.param(
        'SELECT ?c WHERE {\n  ?c gg:slug "Glossary/API }',
        "line 2, column 14: this string is never closed (a quote is missing)",
        id="string never closed"),
    pytest.param(
        "SELECT ?slug (COUNT(?other) AS ?n) WHERE { ?c gg:slug ?slug . ?other gg:references ?c }",
        "line 1, column 88: SELECT names a variable the query never binds (with COUNT, SUM, ... every other "
        "variable of SELECT must be listed in GROUP BY)",
        id="aggregate without GROUP BY"),
    pytest.param(
        "INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }",
        "line 1, column 1: found INSERT: only queries are run (SELECT, CONSTRUCT, ASK, DESCRIBE), never updates, "
        "and the file is not changed",
        id="an update"),
    pytest.param(
        "SELECT * WHERE { ?x <not an iri> ?z }",
        "line 1, column 33: this IRI is not valid (an IRI is written <scheme:...> without spaces)",
        id="IRI with spaces"),
    pytest.param(
        "# what links to API?\n",
        "line 1, column 1: the query is empty: write SELECT, CONSTRUCT, ASK or DESCRIBE",
        id="only a comment"),
    pytest.param(
        "SELECT ?x WHERE { ?x ?y }",
        "line 1, column 26: the query ends before it makes sense: a term, a '.' or a '}' may be missing",
        id="triple without object"),
]


@pytest.mark.parametrize("sparql, first", MISTAKES)
def test_typical_mistakes_in_plain_words(store, sparql, first):
    lines = explain(store, sparql)
    assert lines[0] == f"invalid SPARQL in mine.rq, {first}"
    assert len(lines) == 2 and lines[1].startswith("  parser: error at ")


def test_a_declared_prefix_is_never_blamed(store):
    lines = explain(store, "PREFIX ex: <http://example.org/>\nSELECT ?x WHERE { ?x ex:p ?y } ORDER ?x LIMIT 1")
    assert lines[0] == "invalid SPARQL in mine.rq, line 2, column 38: expected BY"


def test_a_prefix_after_the_mistake_is_not_blamed_for_it(store):
    lines = explain(store, "SELECT ?x WHERE { ?x ?p ?o } ORDER ?x\n# ex:nothing\n")
    assert lines[0] == "invalid SPARQL in mine.rq, line 1, column 38: the query ends before it makes sense; " \
                       "the parser expected BY"


def test_the_parsers_long_message_is_cut_on_its_line(store):
    lines = explain(store, "SELECT ?x WHERE { ?x a foo:Bar }")
    assert lines[1].startswith("  parser: error at 1:31: expected one of Prefix not found")
    assert len(lines[1]) <= len("  parser: ") + 300 + len(" ...")


def test_everything_printed_is_safe(store):
    lines = explain(store, "SELECT ?x WHERE { ?x ?y ?z FILTER(?x = ) } LIMIT 1 # \x1b]0;\u202e",
                    source="q\n::error::x.rq")
    assert all(is_safe(line) for line in lines)
    assert lines[0] == ("invalid SPARQL in q\\n::error::x.rq, line 1, column 54: "
                        "cannot read the query here, near '(?x = ) } LIMIT 1 # \\x1b]0;\\u202e'")


def test_service_is_refused_and_no_request_leaves(store):
    """SERVICE would make Oxigraph POST the query to the endpoint it names."""
    with no_request_arrives() as port:
        lines = explain(store, f"SELECT * WHERE {{\n  SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }}\n}}")
    assert lines == ["mine.rq, line 2: SERVICE would send part of the query to another server; query answers "
                     "from the file alone (load the file into a SPARQL server to combine it with others)"]


@pytest.mark.parametrize("sparql", [
    "SELECT ?service WHERE { ?service a skos:Concept ; gg:slug 'Glossary/API' }",
    'SELECT ?service WHERE { ?service gg:slug "Glossary/API" } # SERVICE',
    'SELECT ?service WHERE { ?service gg:slug "Glossary/API" ; gg:x:SERVICE* ?o }',
])
def test_the_word_service_elsewhere_is_not_refused(store, sparql):
    assert len(query.rows(query.run(store, sparql))) == 1


def test_the_cli_prints_the_two_lines_and_exits_2(ttl, tmp_path):
    rq = tmp_path / "question.rq"
    rq.write_text("SELECT ?x WHERE {\n  ?x a foo:Bar }\n", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "gloss_graph", "query", str(ttl), "-f", str(rq)],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert lines[0] == (f"gloss-graph query: error: invalid SPARQL in {rq}, line 2, column 8: the prefix 'foo:' "
                        f"is not declared; declare it with PREFIX foo: <...> or use one of: {KNOWN}")
    assert len(lines) == 2 and lines[1].startswith("  parser: error at 2:15: ")
