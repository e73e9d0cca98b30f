"""The words of `gloss-graph query` in any order: options before, between or
after FILE, and `--named NAME` taking exactly the arguments its query
declares, so the file may come first or last."""
from __future__ import annotations

import subprocess
import sys

import pytest

from gloss_graph import turtle
from gloss_graph.cli import main

from test_turtle import small_graph

SPARQL = "SELECT ?slug WHERE { ?c gg:slug ?slug } ORDER BY ?slug"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli")
    turtle.write_turtle(small_graph(), folder / "glossary.ttl")
    (folder / "slugs.rq").write_text(SPARQL, encoding="utf-8")
    return {"{ttl}": str(folder / "glossary.ttl"), "{rq}": str(folder / "slugs.rq")}


def run(capsys, files, argv):
    status = main(["query", *(files.get(a, a) for a in argv)])
    out, err = capsys.readouterr()
    return status, out, err


SAME = {
    "orphans": [
        ["{ttl}", "--named", "orphans"],
        ["--named", "orphans", "{ttl}"],
        ["--format", "table", "--named", "orphans", "{ttl}"],
    ],
    "untranslated fr": [
        ["{ttl}", "--named", "untranslated", "fr"],
        ["--named", "untranslated", "fr", "{ttl}"],
        ["--named", "untranslated", "fr", "--format", "table", "{ttl}"],
        ["--format", "table", "{ttl}", "--named", "untranslated", "fr"],
    ],
    "neighbours API": [
        ["{ttl}", "--named", "neighbours", "API"],
        ["--named", "neighbours", "API", "{ttl}"],
    ],
    "inline SPARQL": [
        ["{ttl}", SPARQL],
        ["{ttl}", "--format", "table", SPARQL],
        ["--format", "table", "{ttl}", SPARQL],
        ["{ttl}", SPARQL, "--format", "table"],
    ],
    "query file": [
        ["{ttl}", "-f", "{rq}"],
        ["-f", "{rq}", "{ttl}"],
    ],
}


@pytest.mark.parametrize("forms", SAME.values(), ids=SAME.keys())
def test_every_order_gives_the_same_answer(capsys, files, forms):
    answers = [run(capsys, files, argv) for argv in forms]
    status, out, err = answers[0]
    assert status == 0 and err == ""
    assert len(out.splitlines()) > 3  # header, rule, rows, count
    assert all(answer == answers[0] for answer in answers[1:])


def test_the_argument_of_named_is_not_taken_for_the_file(capsys, files):
    """neighbours takes one word: the file after it is the file, the word
    before it is the term, whichever order they came in."""
    _, first, _ = run(capsys, files, ["--named", "neighbours", "DOM", "{ttl}"])
    _, second, _ = run(capsys, files, ["{ttl}", "--named", "neighbours", "DOM"])
    assert first == second and "Glossary/API" in first


@pytest.mark.parametrize("flag", ["-q", "--quiet"])
@pytest.mark.parametrize("where", ["first", "last"])
def test_quiet_is_accepted_anywhere(capsys, files, flag, where):
    argv = ["--named", "untranslated", "fr", "{ttl}"]
    loud = run(capsys, files, argv)[1]
    quiet = run(capsys, files, [flag, *argv] if where == "first" else [*argv, flag])[1]
    assert loud.splitlines()[-1] == "(3 rows)"
    assert quiet.splitlines() == loud.splitlines()[:-1]


def test_help_documents_the_grammar():
    proc = subprocess.run([sys.executable, "-m", "gloss_graph", "query", "--help"],
                          capture_output=True, text=True, check=True)
    text = " ".join(proc.stdout.split())
    assert "gloss-graph query FILE (SPARQL | -f QUERY.rq | --named NAME [ARG])" in text
    assert "`--named untranslated fr FILE`, `FILE --named untranslated fr`" in text
    assert "-q, --quiet leave out the '(N rows)' line under a table" in text
    assert ".ttl, .nt, .jsonld (or .json-ld), .nq, .trig" in text


def test_an_unknown_option_is_a_usage_error(files):
    proc = subprocess.run([sys.executable, "-m", "gloss_graph", "query", files["{ttl}"], "--nope"],
                          capture_output=True, text=True)
    assert proc.returncode == 2 and "unrecognized arguments: --nope" in proc.stderr
    assert "Traceback" not in proc.stderr
