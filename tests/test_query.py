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
from gloss_graph.terminal import is_safe

from test_turtle import small_graph

C = "https://w3id.org/gloss-graph/id/concept/"  # concept IRIs hold the slug in lower case


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
        ("Glossary/Hyperlink", C + "dom"),
    ]
    assert [r["referrerSlug"] for r in rows] == [None, "Glossary/DOM"]


def test_hubs_counts_distinct_referrers(store):
    rows = query.rows(query.run_named(store, "hubs"))
    # DOM: API and the page; API: DOM; Boolean/HTML: Boolean (within its hierarchy).
    assert [(r["slug"], r["referrers"]) for r in rows] == [
        ("Glossary/DOM", "2"), ("Glossary/API", "1"), ("Glossary/Boolean/HTML", "1")]


@pytest.mark.parametrize("locale", ["fr", "FR", "Fr"])
def test_untranslated_means_english_title_and_none_in_the_locale(store, locale):
    # Minitel has a French title only: not something to translate *into* French,
    # and not English either, so it is never listed (report.json agrees).
    assert slugs(query.run_named(store, "untranslated", [locale])) == [
        "Glossary/Boolean", "Glossary/Boolean/HTML", "Glossary/DOM"]


@pytest.mark.parametrize("locale, message", [
    ("de", "no concept has a title in de: the locale is not loaded; this file has titles in: en, fr"),
    ("en-US", "en-US is the language the glossary is translated from"),
    ("en", "en is the language the glossary is translated from"),
    ("fr_FR", "'fr_FR' is not a locale such as fr or zh-CN; this file has titles in: en, fr"),
    ("*", "'*' is not a locale"),
])
def test_untranslated_refuses_a_locale_the_file_does_not_hold(store, locale, message):
    with pytest.raises(UsageError) as err:
        query.run_named(store, "untranslated", [locale])
    assert str(err.value).startswith(message)


def test_by_tag_ignores_case(store):
    assert slugs(query.run_named(store, "by-tag", ["glossaire"])) == ["Glossary/API"]
    assert slugs(query.run_named(store, "by-tag", ["GLOSSAIRE"])) == ["Glossary/API"]


def test_by_tag_unknown_tag_is_an_error_with_a_suggestion(store):
    with pytest.raises(UsageError, match=r"^no concept carries the tag 'Glosaire' \(did you mean: Glossaire\?\)$"):
        query.run_named(store, "by-tag", ["Glosaire"])
    with pytest.raises(UsageError, match=r"^no concept carries the tag 'NoSuchTag'$"):
        query.run_named(store, "by-tag", ["NoSuchTag"])


@pytest.mark.parametrize("term", ["Glossary/Boolean/HTML", "boolean/html", "Boolean (HTML)"])
def test_neighbours_by_slug_or_label(store, term):
    rows = query.rows(query.run_named(store, "neighbours", [term]))
    assert [(r["relation"], r["slug"]) for r in rows] == [("broader", "Glossary/Boolean"),
                                                          ("referenced by", "Glossary/Boolean")]


def test_neighbours_of_api(store):
    rows = query.rows(query.run_named(store, "neighbours", ["API"]))
    assert [(r["relation"], r["slug"]) for r in rows] == [("referenced by", "Glossary/DOM"),
                                                          ("references", "Glossary/DOM")]


def test_neighbours_unknown_term_is_an_error_with_a_suggestion(store):
    with pytest.raises(UsageError, match=r"^no concept has the slug or title 'Minitell' \(did you mean: Minitel\?\)$"):
        query.run_named(store, "neighbours", ["Minitell"])
    with pytest.raises(UsageError, match=r"^no concept has the slug or title 'Nosuchterm'$"):
        query.run_named(store, "neighbours", ["Nosuchterm"])


def test_neighbours_of_a_concept_without_neighbours_is_empty_not_an_error(store):
    assert query.rows(query.run_named(store, "neighbours", ["Minitel"])) == []


HOSTILE = [
    'fr") } SELECT * WHERE { ?s ?p ?o } #',
    "fr' . ?x ?y ?z",
    "}\n} DELETE WHERE { ?s ?p ?o }",
    '\\"',
    "\x00",
    "API\x1b]0;owned\x07",
]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_arguments_are_literals_never_query_text(store, hostile):
    """A value that would break out of a pasted string changes nothing: it is
    bound as a literal, so it simply matches no locale, tag or term (the
    queries run here without the checks run_named makes first)."""
    queries = query.named_queries()
    untranslated = query.run(store, queries["untranslated"].text, {"locale": hostile})
    assert len(slugs(untranslated)) == 4  # every concept with an English title
    assert slugs(query.run(store, queries["by-tag"].text, {"tag": hostile})) == []
    assert slugs(query.run(store, queries["neighbours"].text, {"term": hostile})) == []


@pytest.mark.parametrize("hostile", HOSTILE)
@pytest.mark.parametrize("name", ["untranslated", "by-tag", "neighbours"])
def test_a_hostile_argument_is_refused_on_one_safe_line(store, name, hostile):
    with pytest.raises(UsageError) as err:
        query.run_named(store, name, [hostile])
    assert "\n" not in str(err.value) and is_safe(str(err.value))


def test_wrong_number_of_arguments(store):
    with pytest.raises(UsageError, match="untranslated takes LOCALE"):
        query.run_named(store, "untranslated")
    with pytest.raises(UsageError, match="orphans takes no argument"):
        query.run_named(store, "orphans", ["extra"])
    with pytest.raises(UsageError, match="no named query 'nope'"):
        query.run_named(store, "nope")


def test_known_prefixes_need_no_declaration(store):
    results = query.run(store, "SELECT ?c WHERE { ?c a skos:Concept ; gg:slug 'Glossary/API' }")
    assert slugs(results, "c") == [C + "api"]


def test_syntax_error_gives_position_in_plain_words_then_the_parsers_message(store):
    with pytest.raises(UsageError) as err:
        query.run(store, "SELECT ?x WHERE {\n  ?x a skos:Concept \n", source="mine.rq")
    first, second = str(err.value).split("\n")
    assert first == "invalid SPARQL in mine.rq, line 3, column 1: the query ends too early: expected ',', '.', ';', '{' or '}'"
    assert second.startswith("  parser: error at 3:1: expected one of")


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
    assert lines[2].split() == [C + "boolean", "Glossary/Boolean"]
    assert lines[-1] == "(2 rows)"


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
def test_cli_quiet_leaves_out_the_row_count(ttl, capsys, flag):
    loud = run_cli(capsys, ttl, "--named", "orphans")[1]
    status, out, _ = run_cli(capsys, flag, "--named", "orphans", ttl)
    assert status == 0
    assert out.splitlines() == loud.splitlines()[:-1]
    # csv and json have no footer to leave out
    assert run_cli(capsys, ttl, "--named", "orphans", "--format", "csv", flag)[1] == \
        run_cli(capsys, ttl, "--named", "orphans", "--format", "csv")[1]


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
    assert binding["c"] == {"type": "uri", "value": C + "api"}
    assert binding["label"]["type"] == "literal" and binding["label"]["value"] == "API"
    assert binding["label"]["xml:lang"] in ("en", "fr")


def test_cli_ask_and_construct(ttl, capsys):
    assert run_cli(capsys, ttl, "ASK { ?m a gg:MissingTerm }")[1] == "true\n"
    assert json.loads(run_cli(capsys, ttl, "ASK { ?m a gg:Nothing }", "--format", "json")[1]) == {"head": {}, "boolean": False}
    out = run_cli(capsys, ttl, "CONSTRUCT { ?c a skos:Concept } WHERE { ?c gg:slug 'Glossary/API' }")[1]
    assert "skos:Concept" in out and C + "api" in out


def test_cli_query_file(ttl, tmp_path, capsys):
    rq = tmp_path / "count.rq"
    rq.write_text("SELECT (COUNT(?c) AS ?n) WHERE { ?c a skos:Concept }")
    status, out, _ = run_cli(capsys, ttl, "-f", rq, "--format", "csv")
    assert status == 0 and out.splitlines() == ["n", "5"]


@pytest.mark.parametrize("argv, message", [
    (["{ttl}"], "exactly one of"),
    (["{ttl}", "SELECT * {}", "--named", "orphans"], "exactly one of"),
    (["{ttl}", "--named", "neighbours"], "neighbours takes TERM"),
    (["{ttl}", "--named", "neighbours", "Nosuchterm"], "no concept has the slug or title 'Nosuchterm'"),
    (["--named", "untranslated", "de", "{ttl}"], "no concept has a title in de: the locale is not loaded; this file has titles in: en, fr"),
    (["--named", "untranslated", "{ttl}"], "--named untranslated takes LOCALE and then FILE: '{ttl}' was read as LOCALE"),
    (["{ttl}", "--named", "orphans", "extra"], "(unexpected 'extra')"),
    (["{ttl}", "--named", "nope"], "no named query 'nope' (known: broken, by-tag, hubs, neighbours, orphans, untranslated)"),
    (["{ttl}", "SELECT * {}", "more"], "(unexpected 'more')"),
    (["{ttl}", "-f", "{missing}"], "cannot read"),
    (["{missing}", "--named", "orphans"], "no such file"),
])
def test_cli_errors_are_one_line_and_exit_2(ttl, tmp_path, argv, message):
    places = {"{ttl}": str(ttl), "{missing}": str(tmp_path / "missing")}
    argv = [places.get(a, a) for a in argv]
    message = message.replace("{ttl}", str(ttl))
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
