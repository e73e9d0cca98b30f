"""docs/vocabulary.md and the export cannot drift apart: every example in
the page is in the Turtle of content/, every term the Turtle uses is
documented, and every gg: term documented is declared."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import rdflib
from rdflib.namespace import RDF

import gloss_graph
from gloss_graph import turtle
from gloss_graph.vocabulary import GG_IRI, PREFIXES, TERMS

DOC = Path(__file__).resolve().parents[1] / "docs" / "vocabulary.md"
PREFIX_LINES = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def turtle_examples() -> list[str]:
    return re.findall(r"```turtle\n(.*?)```", doc_text(), flags=re.S)


def curie(iri) -> str:
    for prefix, namespace in PREFIXES.items():
        if str(iri).startswith(namespace):
            return f"{prefix}:{str(iri)[len(namespace):]}"
    return str(iri)


@pytest.fixture(scope="module")
def content_model(content_corpus):
    """The export of content/ in site mode, parsed back from its bytes."""
    data = turtle.turtle_bytes(gloss_graph.build_graph(content_corpus))
    return rdflib.Graph().parse(data=data, format="turtle")


def test_the_page_has_examples():
    assert len(turtle_examples()) >= 8


@pytest.mark.parametrize("index", range(len(turtle_examples())))
def test_each_example_is_in_the_export_of_content(index, content_model):
    example = rdflib.Graph().parse(data=PREFIX_LINES + turtle_examples()[index], format="turtle")
    assert len(example) > 0
    missing = [t for t in example if t not in content_model]
    assert missing == [], f"example {index + 1} holds triples the export does not: {missing}"


def test_every_class_and_property_used_is_documented(content_model):
    used = {curie(p) for p in content_model.predicates()} | {curie(o) for o in content_model.objects(None, RDF.type)}
    text = doc_text()
    undocumented = sorted(term for term in used if f"`{term}`" not in text and f"### {term}" not in text)
    assert undocumented == []


def test_every_declared_term_has_a_section_and_nothing_else_does():
    text = doc_text()
    declared = {f"gg:{t.name}" for t in TERMS}
    headed = set(re.findall(r"^#+ (gg:\w+)", text, flags=re.M))
    assert headed == declared
    mentioned = set(re.findall(r"\bgg:[A-Za-z]\w*", text))
    assert mentioned <= declared, f"documented but never declared: {mentioned - declared}"


def test_prefix_table_matches_the_file():
    text = doc_text()
    for prefix, namespace in PREFIXES.items():
        assert f"| `{prefix}:` | `{namespace}` |" in text
    assert GG_IRI == "https://w3id.org/gloss-graph/vocab#"
