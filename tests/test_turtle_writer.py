"""turtle.TurtleWriter writes what pyoxigraph's Turtle serializer writes,
byte for byte: on real exports, and on every code point and odd term."""
from __future__ import annotations

import pyoxigraph
import pytest
from hypothesis import given, settings, strategies as st

from gloss_graph import turtle
from gloss_graph.graph import graph_data
from gloss_graph.turtle import IRI, LANG, LITERAL, PREFIXES, TurtleWriter
from gloss_graph.vocabulary import RDF_TYPE

XSD = "http://www.w3.org/2001/XMLSchema#"


def by_pyoxigraph(ordered) -> bytes:
    return pyoxigraph.serialize(turtle._oxigraph(ordered), format=pyoxigraph.RdfFormat.TURTLE, prefixes=PREFIXES)


def same(ordered) -> None:
    assert TurtleWriter(PREFIXES).write(ordered) == by_pyoxigraph(ordered)


@pytest.mark.parametrize("corpus", ["content_corpus", "mdn_2022", "mdn_2026"])
def test_real_exports(corpus, request):
    data = graph_data(request.getfixturevalue(corpus))
    same(turtle.sorted_triples(turtle.triples(data, turtle.DEFAULT_BASE_IRI)))


def test_every_code_point_in_a_string():
    points = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF]
    ordered = [("http://e/s", "http://e/p", "".join(map(chr, points[i:i + 2048])), LITERAL, "")
               for i in range(0, len(points), 2048)]
    same(ordered)


def test_terms_whose_spelling_pyoxigraph_decides():
    ordered = [("http://e/s", RDF_TYPE, XSD + "x", IRI, ""),
               ("http://e/s", "http://e/p", XSD + "a.", IRI, ""),  # xsd:a\.
               ("http://e/s", "http://e/p", XSD + "a%20b", IRI, ""),
               ("http://e/s", "http://e/p", XSD, IRI, ""),  # xsd:
               ("http://e/s", "http://e/p", "true", LITERAL, XSD + "boolean"),  # true
               ("http://e/s", "http://e/p", "12", LITERAL, XSD + "integer"),
               ("http://e/s", "http://e/p", "2026-12-02T00:00:00+00:00", LITERAL, XSD + "dateTime"),
               ("http://e/s", "http://e/q", "x", LANG, "en"),
               ("http://e/t", "http://e/q", "y", LANG, "zh-cn")]
    same(ordered)


iris = st.sampled_from(["http://e/a", "http://e/b", "https://w3id.org/gloss-graph/vocab#slug", XSD + "string",
                        "http://purl.org/dc/terms/title", "http://xmlns.com/foaf/0.1/"])
objects = st.one_of(
    st.tuples(iris, st.just(IRI), st.just("")),
    st.tuples(st.text(), st.just(LITERAL), st.just("")),
    st.tuples(st.text(), st.just(LANG), st.sampled_from(["en", "fr", "pt-br"])),
    st.tuples(st.sampled_from(["true", "false", "1", "x"]), st.just(LITERAL),
              st.sampled_from([XSD + "boolean", XSD + "integer", XSD + "string"])))


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(iris, iris, objects), max_size=12))
def test_any_sequence_of_triples(items):
    same([(s, p, o, kind, extra) for s, p, (o, kind, extra) in items])
