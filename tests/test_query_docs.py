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


# --- the French questions, against counts taken from the files themselves ---------
#
# Questions 15 and 16 ask each French entry's own references. The answer on
# the page is checked here against the French files of content/, read with
# a few regular expressions and the _redirects.txt tables, without
# gloss-graph's reader, resolver or graph.

FILES = Path(__file__).resolve().parents[1] / "content" / "files"
_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
_CODE = re.compile(r"`[^`\n]*`")
_MACRO = re.compile(r"""\{\{\s*glossary\s*\(\s*(["'])(.*?)\1""", re.I)
_LINK = re.compile(r"\]\((/[A-Za-z-]+/docs/[^)\s#]+)")


def _front(text: str, name: str) -> str | None:
    match = re.search(rf"^{name}:\s*(.+?)\s*$", text.split("\n---", 1)[0], re.M)
    return match.group(1).strip("'\"") if match else None


def _redirects(locale: str) -> dict[str, str]:
    path = FILES / locale / "_redirects.txt"
    lines = [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()
             if line and not line.startswith("#")]
    return {a.split("/docs/", 1)[1].lower(): b.split("/docs/", 1)[1] for a, b in lines}


def french_references() -> tuple[set[tuple[str, str]], set[str]]:
    """(the French entry's concept, a concept its text references) pairs,
    and the concepts that have a French entry; keys in lower case,
    self-references left out."""
    english = {_front(p.read_text(encoding="utf-8"), "slug").lower()
               for p in (FILES / "en-us" / "glossary").glob("**/index.md") if p.parent.name != "glossary"}
    tables = [_redirects("fr"), _redirects("en-us")]

    def concept_of(slug: str, known: set[str]) -> str:
        """Where a slug leads: the redirect tables followed to a known key."""
        key = slug.lower()
        for _ in range(10):
            if key in known:
                return key
            key = next((t[key] for t in tables if key in t), key).lower()
        return key

    texts = {p: p.read_text(encoding="utf-8") for p in (FILES / "fr" / "glossary").glob("*/index.md")}
    entry_concept = {}
    for path, text in texts.items():
        own = _front(text, "slug").lower()
        source = concept_of(_front(text, "translation_of") or own, english)
        entry_concept[path] = source if source in english else own  # else a French-only term
    french = set(entry_concept.values())
    pairs = set()
    for path, text in texts.items():
        body = _CODE.sub("", _FENCE.sub("", text.split("\n---", 1)[1]))
        slugs = ["Glossary/" + re.sub(r"\s+", "_", m.group(2).strip()) for m in _MACRO.finditer(body)]
        slugs += [link.split("/docs/", 1)[1] for link in _LINK.findall(body)
                  if link.split("/docs/", 1)[1].lower().startswith(("glossary/", "glossaire/"))]
        for slug in slugs:
            target = concept_of(slug, english | french)
            if target != entry_concept[path]:
                pairs.add((entry_concept[path], target))
    return pairs, french


def _question(number: int):
    return next(q for q in QUESTIONS if q[0].startswith(f"{number}. "))


def test_french_entries_linking_to_terms_without_a_french_title_as_the_files_say():
    pairs, french = french_references()
    expected = {(entry, target) for entry, target in pairs if target not in french}
    _, _, header, rows = _question(17)
    assert header == ["entry", "untranslated"]
    assert {(entry.lower(), target.lower()) for entry, target in rows} == expected
    assert len(expected) >= 10


def test_terms_the_french_text_references_most_as_the_files_say():
    pairs, _ = french_references()
    counts: dict[str, int] = {}
    for _, target in pairs:
        counts[target] = counts.get(target, 0) + 1
    _, _, header, rows = _question(18)
    assert header == ["slug", "entries"] and len(rows) == 5
    shown = {slug.lower(): int(n) for slug, n in rows}
    assert all(counts[slug] == n for slug, n in shown.items())
    # Nothing left out counts more than the least shown.
    assert all(n <= min(shown.values()) for slug, n in counts.items() if slug not in shown)
    assert max(counts.values()) == max(shown.values()) >= 3


def test_the_french_question_differs_from_the_concept_level_one(store):
    """Asked of gg:references, which merges the languages, question 15 also
    lists what only the English entries link to."""
    merged = query.rows(query.run(store, """
        SELECT ?entry ?untranslated WHERE {
          ?document dcterms:language "fr" ; foaf:primaryTopic ?concept .
          ?concept gg:slug ?entry ; gg:references ?target .
          ?target gg:slug ?untranslated .
          FILTER NOT EXISTS { ?target skos:prefLabel ?t . FILTER (langMatches(lang(?t), "fr")) }
        }"""))
    _, _, _, rows = _question(15)
    assert len(merged) > len(rows)
