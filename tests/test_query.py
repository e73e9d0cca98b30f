"""The query module and `gloss-graph query`: named queries, formats, and
errors as one line without a traceback."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from gloss_graph import query, turtle
from gloss_graph.errors import GlossGraphError, UsageError
from gloss_graph.cli import main

from test_turtle import small_graph

C = "https://w3id.org/gloss-graph/id/concept/"


@pytest.fixture(scope="module")
def ttl(tmp_path_factory):
    path = tmp_path_factory.mktemp("query") / "glossary.ttl"
    turtle.write_turtle(small_graph(), path)
    return path


@pytest.fixture(scope="module")
def store(ttl):
    return query.load(ttl)


def slugs(results, column="slug"):
    return [row[column] for row in query.rows(results)]


def test_every_named_query_is_listed_with_a_summary():
    queries = query.named_queries()
    assert set(queries) == {"orphans", "broken", "hubs", "untranslated", "by-tag", "neighbours"}
    assert all(q.summary for q in queries.values())
    assert {name: [p for p, _ in q.params] for name, q in queries.items() if q.params} == {
        "untranslated": ["locale"], "by-tag": ["tag"], "neighbours": ["term"]}


def test_orphans(store):
    # API and DOM reference each other, the page references DOM, Boolean
    # references its child; Boolean and Minitel are referenced by nobody.
    assert slugs(query.run_named(store, "orphans")) == ["Glossary/Boolean", "Glossary/Minitel"]


def test_broken(store):
    rows = query.rows(query.run_named(store, "broken"))
    assert [(r["slug"], r["referrer"]) for r in rows] == [
        ("Glossary/Hyperlink", "https://developer.mozilla.org/en-US/docs/Web/HTTP"),
        ("Glossary/Hyperlink", C + "DOM"),
    ]
    assert [r["referrerSlug"] for r in rows] == [None, "Glossary/DOM"]


def test_hubs_counts_distinct_referrers(store):
    rows = query.rows(query.run_named(store, "hubs"))
    # DOM: API and the page; API: DOM; Boolean/HTML: Boolean (within its hierarchy).
    assert [(r["slug"], r["referrers"]) for r in rows] == [
        ("Glossary/DOM", "2"), ("Glossary/API", "1"), ("Glossary/Boolean/HTML", "1")]


@pytest.mark.parametrize("locale, expected", [
    ("fr", ["Glossary/Boolean", "Glossary/Boolean/HTML", "Glossary/DOM"]),
    ("FR", ["Glossary/Boolean", "Glossary/Boolean/HTML", "Glossary/DOM"]),
    ("en-US", ["Glossary/Minitel"]),
    ("de", ["Glossary/API", "Glossary/Boolean", "Glossary/Boolean/HTML", "Glossary/DOM", "Glossary/Minitel"]),
])
def test_untranslated(store, locale, expected):
    assert slugs(query.run_named(store, "untranslated", [locale])) == expected


def test_by_tag_ignores_case(store):
    assert slugs(query.run_named(store, "by-tag", ["glossaire"])) == ["Glossary/API"]
    assert slugs(query.run_named(store, "by-tag", ["NoSuchTag"])) == []


@pytest.mark.parametrize("term", ["Glossary/Boolean/HTML", "boolean/html", "Boolean (HTML)"])
def test_neighbours_by_slug_or_label(store, term):
    rows = query.rows(query.run_named(store, "neighbours", [term]))
    assert [(r["relation"], r["slug"]) for r in rows] == [("broader", "Glossary/Boolean"),
                                                          ("referenced by", "Glossary/Boolean")]


def test_neighbours_of_api(store):
    rows = query.rows(query.run_named(store, "neighbours", ["API"]))
    assert [(r["relation"], r["slug"]) for r in rows] == [("referenced by", "Glossary/DOM"),
                                                          ("references", "Glossary/DOM")]


@pytest.mark.parametrize("hostile", [
    'fr") } SELECT * WHERE { ?s ?p ?o } #',
    "fr' . ?x ?y ?z",
    "}\n} DELETE WHERE { ?s ?p ?o }",
    '\\"',
    "\x00",
])
def test_arguments_are_literals_never_query_text(store, hostile):
    """A value that would break out of a pasted string changes nothing: it is
    bound as a literal, so it simply matches no locale, tag or term."""
    assert len(slugs(query.run_named(store, "untranslated", [hostile]))) == 5  # every concept
    assert slugs(query.run_named(store, "by-tag", [hostile])) == []
    assert slugs(query.run_named(store, "neighbours", [hostile])) == []


def test_wrong_number_of_arguments(store):
    with pytest.raises(UsageError, match="untranslated takes LOCALE"):
        query.run_named(store, "untranslated")
    with pytest.raises(UsageError, match="orphans takes no argument"):
        query.run_named(store, "orphans", ["extra"])
    with pytest.raises(UsageError, match="no named query 'nope'"):
        query.run_named(store, "nope")


def test_known_prefixes_need_no_declaration(store):
    results = query.run(store, "SELECT ?c WHERE { ?c a skos:Concept ; gg:slug 'Glossary/API' }")
    assert slugs(results, "c") == [C + "API"]


def test_syntax_error_gives_message_and_position(store):
    with pytest.raises(UsageError) as err:
        query.run(store, "SELECT ?x WHERE {\n  ?x a skos:Concept \n", source="mine.rq")
    message = str(err.value)
    assert message.startswith("invalid SPARQL in mine.rq: ")
    assert "3:1" in message or "line 3" in message
    assert "\n" not in message


def test_bad_turtle_names_file_and_line(tmp_path):
    path = tmp_path / "bad.ttl"
    path.write_text('<http://example.org/a> <http://example.org/p> "x" .\n<http://example.org/a b> <http://example.org/p> "y" .\n')
    with pytest.raises(GlossGraphError) as err:
        query.load(path)
    assert str(path) in str(err.value) and "line 2" in str(err.value)


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        query.load(tmp_path / "nope.ttl")


# --- the command ---------------------------------------------------------------

def run_cli(capsys, *argv):
    status = main(["query", *map(str, argv)])
    out, err = capsys.readouterr()
    return status, out, err


def test_cli_list(capsys):
    status, out, _ = run_cli(capsys, "--list")
    assert status == 0
    for head in ("orphans", "broken", "hubs", "untranslated LOCALE", "by-tag TAG", "neighbours TERM"):
        assert head in out


def test_cli_table(ttl, capsys):
    status, out, _ = run_cli(capsys, ttl, "--named", "orphans")
    lines = out.splitlines()
    assert status == 0
    assert lines[0].split() == ["concept", "slug"]
    assert set(lines[1]) <= {"-", " "}
    assert lines[2].split() == [C + "Boolean", "Glossary/Boolean"]
    assert lines[-1] == "(2 rows)"


def test_cli_csv_is_sparql_csv(ttl, capsys):
    status, out, _ = run_cli(capsys, ttl, "--named", "untranslated", "fr", "--format", "csv")
    rows = list(csv.reader(io.StringIO(out)))
    assert rows[0] == ["locale", "concept", "slug"]
    assert [r[2] for r in rows[1:]] == ["Glossary/Boolean", "Glossary/Boolean/HTML", "Glossary/DOM"]


def test_cli_json_is_sparql_json(ttl, capsys):
    status, out, _ = run_cli(capsys, ttl, "SELECT ?c ?label WHERE { ?c skos:prefLabel ?label } ORDER BY ?c ?label LIMIT 1",
                             "--format", "json")
    document = json.loads(out)
    assert document["head"] == {"vars": ["c", "label"]}
    binding = document["results"]["bindings"][0]
    assert binding["c"] == {"type": "uri", "value": C + "API"}
    assert binding["label"]["type"] == "literal" and binding["label"]["value"] == "API"
    assert binding["label"]["xml:lang"] in ("en-us", "fr")


def test_cli_ask_and_construct(ttl, capsys):
    assert run_cli(capsys, ttl, "ASK { ?m a gg:MissingTerm }")[1] == "true\n"
    assert json.loads(run_cli(capsys, ttl, "ASK { ?m a gg:Nothing }", "--format", "json")[1]) == {"head": {}, "boolean": False}
    out = run_cli(capsys, ttl, "CONSTRUCT { ?c a skos:Concept } WHERE { ?c gg:slug 'Glossary/API' }")[1]
    assert "skos:Concept" in out and C + "API" in out


def test_cli_query_file(ttl, tmp_path, capsys):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept }")
    status, out, _ = run_cli(capsys, ttl, "-f", rq, "--format", "csv")
    assert status == 0 and out.splitlines() == ["n", "5"]


@pytest.mark.parametrize("argv, message", [
    (["{ttl}", "SELECT ?x WHERE { ?x ?y }"], "invalid SPARQL in query: error at 1:"),
    (["{ttl}"], "exactly one of"),
    (["{ttl}", "SELECT * {}", "--named", "orphans"], "exactly one of"),
    (["{ttl}", "--named", "neighbours"], "neighbours takes TERM"),
    (["{ttl}", "-f", "{missing}"], "cannot read"),
    (["{missing}", "--named", "orphans"], "no such file"),
])
def test_cli_errors_are_one_line_and_exit_2(ttl, tmp_path, argv, message):
    places = {"{ttl}": str(ttl), "{missing}": str(tmp_path / "missing")}
    argv = [places.get(a, a) for a in argv]
    proc = subprocess.run([sys.executable, "-m", "gloss_graph", "query", *argv], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.splitlines()) == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("gloss-graph query: error: ") and message in proc.stderr


def test_cli_bad_turtle_is_one_line_exit_1(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://example.org/a> <http://example.org/p> .\n")
    proc = subprocess.run([sys.executable, "-m", "gloss_graph", "query", str(bad), "--named", "orphans"],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert len(proc.stderr.splitlines()) == 1 and "Traceback" not in proc.stderr
    assert str(bad) in proc.stderr and "line 1" in proc.stderr
