"""docs/queries.md cannot drift: every query on the page runs on the
Turtle of content/ and gives exactly the table written under it, and every
`$ gloss-graph query ...` example prints what the page shows."""
from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import gloss_graph
from gloss_graph import query, turtle
from gloss_graph.cli import main

DOC = Path(__file__).resolve().parents[1] / "docs" / "queries.md"


def questions() -> list[tuple[str, str, list[str], list[list[str]]]]:
    """(heading, SPARQL, header, rows) for each '## N. ...' section."""
    found = []
    for section in re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.M)[1:]:
        heading = section.splitlines()[0]
        if not re.match(r"\d+\. ", heading):
            continue
        sparql = re.search(r"```sparql\n(.*?)```", section, flags=re.S)
        table = re.search(r"^((?:\|.*\|\n)+)", section[sparql.end():] if sparql else "", flags=re.M)
        assert sparql and table, f"section {heading!r} needs a ```sparql block and a table after it"
        lines = [[cell.strip() for cell in line.strip()[1:-1].split("|")] for line in table.group(1).splitlines()]
        assert set("".join(lines[1])) <= {"-", ":", " "}, f"{heading!r}: second table line must be the rule"
        found.append((heading, sparql.group(1), lines[0], lines[2:]))
    return found


QUESTIONS = questions()


def test_at_least_ten_questions():
    assert len(QUESTIONS) >= 10
    assert len({sparql for _, sparql, _, _ in QUESTIONS}) == len(QUESTIONS)


@pytest.fixture(scope="module")
def store_path(content_corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("docs") / "glossary.ttl"
    turtle.write_turtle(gloss_graph.build_graph(content_corpus), path)
    return str(path)


@pytest.fixture(scope="module")
def store(store_path):
    return query.load(store_path)


@pytest.mark.parametrize("heading, sparql, header, rows", QUESTIONS, ids=[q[0].split(".")[0] for q in QUESTIONS])
def test_answer_on_the_page_is_what_the_query_returns(store, heading, sparql, header, rows):
    results = query.run(store, sparql, source=heading)
    assert [v.value for v in results.variables] == header
    got = [[row[name] or "" for name in header] for row in query.rows(results)]
    assert got == rows


def test_named_query_table_lists_every_shipped_query():
    text = DOC.read_text(encoding="utf-8")
    listed = re.findall(r"^\| `([\w-]+)` \|", text, flags=re.M)
    assert sorted(listed) == sorted(query.named_queries())


def examples() -> list[tuple[str, list[str]]]:
    """(command, the lines it prints) for each `$ gloss-graph query` line
    in a code block of the page."""
    found = []
    for language, block in re.findall(r"^```(\w*)\n(.*?)^```", DOC.read_text(encoding="utf-8"), flags=re.S | re.M):
        if language:
            continue
        for command in re.split(r"^\$ ", block, flags=re.M)[1:]:
            line, *printed = command.rstrip("\n").split("\n")
            if line.startswith("gloss-graph query "):
                found.append((line, printed))
    return found


EXAMPLES = examples()


def test_the_page_has_examples():
    assert len(EXAMPLES) >= 2


@pytest.mark.parametrize("command, printed", EXAMPLES, ids=[c for c, _ in EXAMPLES])
def test_example_prints_what_the_page_shows(store_path, capsys, command, printed):
    argv = [store_path if word == "output/glossary.ttl" else word for word in shlex.split(command)[1:]]
    main(argv)
    out, err = capsys.readouterr()
    assert (out + err).splitlines() == printed
