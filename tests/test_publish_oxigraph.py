"""Publishing to a real Oxigraph server on 127.0.0.1, checked over HTTP.

What is on the server is read back with plain SPARQL queries sent by the
fixture (``oxigraph_server.py``), not by the code under test.
"""
from __future__ import annotations


import pytest

from gloss_graph import publish as pub
from oxigraph_server import oxigraph_server  # noqa: F401  (a fixture)

pytestmark = pytest.mark.server

EX = "https://example.org/"
PREFIX = f"@prefix ex: <{EX}> .\n"

# Two files that share one triple, so replace and append differ visibly.
A = {(f"{EX}a", f"{EX}p", f"{EX}b"), (f"{EX}a", f"{EX}p", "alpha"), (f"{EX}s", f"{EX}p", f"{EX}o")}
B = {(f"{EX}s", f"{EX}p", f"{EX}o"), (f"{EX}c", f"{EX}p", "gamma")}


def turtle(triples) -> str:
    def term(value):
        return f"<{value}>" if value.startswith("https://") else f'"{value}"'
    return PREFIX + "".join(f"{term(s)} {term(p)} {term(o)} .\n" for s, p, o in sorted(triples))


@pytest.fixture
def files(tmp_path):
    a, b = tmp_path / "a.ttl", tmp_path / "b.ttl"
    a.write_text(turtle(A), encoding="utf-8")
    b.write_text(turtle(B), encoding="utf-8")
    return a, b


def test_named_graph_holds_exactly_the_files_triples(oxigraph_server, files):
    a, _ = files
    graph = f"{EX}graphs/exact"
    result = pub.publish(a, oxigraph_server.store, graph=graph, env={})
    assert result.triples == len(A)
    assert oxigraph_server.count(graph) == len(A)
    assert oxigraph_server.triples(graph) == A


def test_replace_then_append_then_replace(oxigraph_server, files):
    a, b = files
    graph = f"{EX}graphs/modes"
    pub.publish(a, oxigraph_server.store, graph=graph, replace=True, env={})
    assert oxigraph_server.triples(graph) == A
    pub.publish(b, oxigraph_server.store, graph=graph, replace=False, env={})
    assert oxigraph_server.triples(graph) == A | B  # the shared triple once
    assert oxigraph_server.count(graph) == len(A | B) == 4
    pub.publish(b, oxigraph_server.store, graph=graph, replace=True, env={})
    assert oxigraph_server.triples(graph) == B


def test_publishing_twice_with_replace_leaves_one_copy(oxigraph_server, tmp_path):
    # Blank nodes make a second copy visible: appended again, they would be
    # new nodes with new triples, where a set of IRIs would just merge.
    path = tmp_path / "blank.ttl"
    path.write_text(PREFIX + 'ex:a ex:note [ ex:text "one" ; ex:lang "en" ] .\n')
    graph = f"{EX}graphs/twice"
    for _ in range(2):
        result = pub.publish(path, oxigraph_server.store, graph=graph, env={})
    assert result.triples == 3
    assert oxigraph_server.count(graph) == 3


def test_appending_blank_nodes_twice_adds_a_second_copy(oxigraph_server, tmp_path):
    # The documented caveat of --append (docs/publishing.md).
    path = tmp_path / "blank.ttl"
    path.write_text(PREFIX + 'ex:a ex:note [ ex:text "one" ] .\n')
    graph = f"{EX}graphs/append-twice"
    for _ in range(2):
        pub.publish(path, oxigraph_server.store, graph=graph, replace=False, env={})
    assert oxigraph_server.count(graph) == 4


def test_default_graph_and_the_default_graph_iri(oxigraph_server, files):
    a, b = files
    pub.publish(a, oxigraph_server.store, default_graph=True, env={})
    pub.publish(b, oxigraph_server.store, env={})
    assert oxigraph_server.triples(None) == A
    assert oxigraph_server.triples(pub.DEFAULT_GRAPH_IRI) == B


def test_verify_against_oxigraph(oxigraph_server, files):
    a, _ = files
    graph = f"{EX}graphs/verified"
    result = pub.publish(a, oxigraph_server.store, graph=graph, verify=True, env={})
    assert result.server_triples == result.triples == len(A)


def test_oxigraph_refusing_gives_its_own_message(oxigraph_server, files):
    # A common slip: the query endpoint given as the store. Oxigraph's own
    # words come through, on one line.
    a, _ = files
    with pytest.raises(pub.ServerRefused) as caught:
        pub.publish(a, oxigraph_server.query_url, graph=f"{EX}g", env={})
    assert str(caught.value) == (
        f"could not publish to {oxigraph_server.query_url}, graph <{EX}g>: "
        "server answered 404 Not Found: PUT /query is not supported by this server"
    )
