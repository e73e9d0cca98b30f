"""Named queries over one real build of content/: the same rows whatever the
file's format, `untranslated` agreeing with report.json (and, on the real MDN
snapshots, with the report's own function), and the errors a user meets when
a locale or term is not in the file."""
from __future__ import annotations

import json
import subprocess
import sys

import pyoxigraph
import pytest

import gloss_graph
from gloss_graph import query, report, turtle
from gloss_graph.errors import GlossGraphError, UsageError

from conftest import CONTENT
from test_query_errors import no_request_arrives

NAMED = [
    ("orphans", []), ("broken", []), ("hubs", []), ("untranslated", ["fr"]), ("untranslated", ["zh-CN"]),
    ("by-tag", ["CodingScripting"]), ("neighbours", ["HTTP"]),
]
GRAPH = pyoxigraph.NamedNode("https://example.org/glossary")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """One build of content/ with every RDF file `build` writes, plus the
    same triples as quads in a named graph (.nq, .trig), as another tool
    would hand them over."""
    out = tmp_path_factory.mktemp("content")
    result = gloss_graph.build([str(CONTENT)], out, rdf_formats=("nt", "jsonld"), use_cache=False)
    quads = pyoxigraph.Store()
    quads.load(path=str(out / "glossary.ttl"), format=pyoxigraph.RdfFormat.TURTLE, to_graph=GRAPH)
    for ext, fmt in ((".nq", pyoxigraph.RdfFormat.N_QUADS), (".trig", pyoxigraph.RdfFormat.TRIG)):
        quads.dump(str(out / f"glossary{ext}"), format=fmt)
    return result, out


@pytest.fixture(scope="module")
def stores(built):
    _, out = built
    return {ext: query.load(out / f"glossary.{ext}") for ext in ("ttl", "nt", "jsonld", "nq", "trig")}


def slugs(results) -> list[str]:
    return [row["slug"] for row in query.rows(results)]


@pytest.mark.parametrize("name, args", NAMED, ids=[" ".join([n, *a]) for n, a in NAMED])
def test_same_rows_from_every_format(stores, name, args):
    answers = {ext: query.rows(query.run_named(store, name, args)) for ext, store in stores.items()}
    assert answers["ttl"], "a query answering nothing would compare nothing"
    for ext in ("nt", "jsonld", "nq", "trig"):
        assert answers[ext] == answers["ttl"], ext


def test_every_format_holds_the_same_triples(built, stores):
    _, out = built
    assert {len(store) for ext, store in stores.items() if ext in ("ttl", "nt", "jsonld")} == {
        len(list(pyoxigraph.parse(path=str(out / "glossary.ttl"), format=pyoxigraph.RdfFormat.TURTLE)))}


def test_the_cli_reads_each_format_by_its_extension(built):
    _, out = built
    outputs = {
        ext: subprocess.run([sys.executable, "-m", "gloss_graph", "query", "--named", "untranslated", "ja",
                             str(out / f"glossary.{ext}"), "--format", "csv"],
                            capture_output=True, text=True, check=True).stdout
        for ext in ("ttl", "nt", "jsonld")
    }
    assert outputs["ttl"].count("\n") > 2
    assert outputs["nt"] == outputs["ttl"] == outputs["jsonld"]


def test_untranslated_is_what_report_json_says(built, stores):
    _, out = built
    untranslated = json.loads((out / "report.json").read_text(encoding="utf-8"))["untranslated"]
    assert set(untranslated) == {"fr", "ja", "zh-CN"}
    for locale, expected in untranslated.items():
        for spelling in (locale, locale.lower(), locale.upper()):
            assert sorted(slugs(query.run_named(stores["ttl"], "untranslated", [spelling]))) == sorted(expected)
    # Minitel has only a French entry: nothing English to translate from.
    assert "Glossary/Minitel" not in slugs(query.run_named(stores["ttl"], "untranslated", ["zh-cn"]))


def test_a_locale_that_is_not_loaded_names_those_that_are(built, stores):
    result, _ = built
    # The file holds languages as its tags say them: en-US is written "en".
    languages = [turtle.language_tag(loc) for loc in result.report["summary"]["entries_by_locale"]]
    assert languages[0] == "en"
    loaded = ", ".join(languages)
    assert query.loaded_locales(stores["ttl"]) == languages
    with pytest.raises(UsageError) as err:
        query.run_named(stores["ttl"], "untranslated", ["de"])
    assert str(err.value) == f"no concept has a title in de: the locale is not loaded; this file has titles in: {loaded}"


def test_an_unknown_term_is_an_error_not_an_empty_answer(stores):
    with pytest.raises(UsageError, match=r"^no concept has the slug or title 'Nosuchterm'"):
        query.run_named(stores["ttl"], "neighbours", ["Nosuchterm"])
    with pytest.raises(UsageError, match=r"did you mean: .*Cookie"):
        query.run_named(stores["ttl"], "neighbours", ["Cokie"])


@pytest.mark.shared
@pytest.mark.parametrize("snapshot", ["2022", "2026"])
def test_untranslated_agrees_with_the_report_on_real_mdn(request, snapshot, tmp_path):
    corpus = request.getfixturevalue(f"mdn_{snapshot}")
    path = tmp_path / "glossary.ttl"
    turtle.write_turtle(gloss_graph.build_graph(corpus), path)
    store = query.load(path)
    expected = report.untranslated(corpus)
    # 2022's French leaves many terms to translate; in 2026 every en-US entry
    # has its German one (Stylesheet through the German _redirects.txt).
    assert expected and (all(expected.values()) if snapshot == "2022" else expected == {"de": []})
    for locale, slugs_expected in expected.items():
        assert sorted(slugs(query.run_named(store, "untranslated", [locale]))) == sorted(slugs_expected)


# --- files that cannot be read ----------------------------------------------------

@pytest.mark.parametrize("name", ["report.json", "glossary.txt", "glossary"])
def test_an_unknown_extension_is_a_usage_error_naming_the_known_ones(tmp_path, name):
    path = tmp_path / name
    path.write_text("{}")
    with pytest.raises(UsageError) as err:
        query.load(path)
    assert str(err.value).startswith(f"{path}: cannot tell the RDF format from the extension")
    assert str(err.value).endswith("give a .ttl, .nt, .jsonld, .json-ld, .nq or .trig file")


@pytest.mark.parametrize("name, text, message", [
    ("bad.nt", "<http://e/a> <http://e/p> .\n", "not valid N-Triples: Parser error at line 1"),
    ("bad.jsonld", '{"@graph": [\n', "not valid JSON-LD: Parser error at line 2"),
    ("bad.json-ld", '{"@context": {"a": 1}, "@id": "x"}', "not valid JSON-LD: "),
    ("bad.ttl", "@prefix x <http://e/> .", "not valid Turtle: Parser error at line 1"),
    ("bad.nq", "<http://e/a> <http://e/p> <http://e/o> <http://e/g> <http://e/h> .\n", "not valid N-Quads: "),
    ("empty.ttl", "", "holds no RDF triples"),
    ("not-rdf.jsonld", '{"summary": {"concepts": 3}}', "holds no RDF triples"),
])
def test_a_file_that_does_not_parse_is_one_line_exit_1(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(GlossGraphError) as err:
        query.load(path)
    assert not isinstance(err.value, UsageError)
    assert str(err.value).startswith(f"{path}: {message}")
    proc = subprocess.run([sys.executable, "-m", "gloss_graph", "query", str(path), "--named", "orphans"],
                          capture_output=True, text=True)
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr.splitlines() == [f"gloss-graph query: error: {err.value}"]


def test_a_json_ld_context_is_never_fetched(tmp_path):
    """A remote @context would be a request to a server the file names."""
    path = tmp_path / "remote.jsonld"
    with no_request_arrives() as port:
        path.write_text(f'{{"@context": "http://127.0.0.1:{port}/context", "@id": "http://e/a", "name": "x"}}')
        with pytest.raises(GlossGraphError, match="not valid JSON-LD: No LoadDocumentCallback"):
            query.load(path)
