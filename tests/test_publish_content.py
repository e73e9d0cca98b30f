"""The sample glossary in content/, exported and published to a real
Oxigraph server: the store must hold what the file holds and answer the
shipped named queries as a local query over the file does."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from gloss_graph import build_graph, load
from gloss_graph import publish as pub
from gloss_graph import query
from gloss_graph.turtle import write_turtle
from oxigraph_server import oxigraph_server  # noqa: F401  (a fixture)

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
GRAPH = "https://example.org/graphs/content"


@pytest.fixture(scope="module")
def content_ttl(tmp_path_factory) -> Path:
    return write_turtle(build_graph(load([str(ROOT / "content")])),
                        tmp_path_factory.mktemp("content") / "glossary.ttl")


@pytest.fixture(scope="module")
def local_store(content_ttl) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.load(path=str(content_ttl), format=pyoxigraph.RdfFormat.TURTLE)
    return store


@pytest.fixture(scope="module")
def published(oxigraph_server, content_ttl):
    return pub.publish(content_ttl, oxigraph_server.store, graph=GRAPH, verify=True, env={})


def test_the_server_holds_as_many_triples_as_the_file(published, oxigraph_server, local_store):
    # Counted three independent ways: the store in memory, the server over
    # HTTP, and publish's own verification.
    assert len(local_store) > 1000  # the sample glossary, not an empty export
    assert oxigraph_server.count(GRAPH) == len(local_store)
    assert published.triples == published.server_triples == len(local_store)


def test_orphans_query_answers_the_same_on_the_server(published, oxigraph_server, content_ttl):
    # Locally as `gloss-graph query TTL --named orphans` runs it.
    local = query.rows(query.run_named(query.load(content_ttl), "orphans"))
    # The shipped query is written for a plain graph; on the store it is run
    # unchanged, with the published graph as its default graph.
    remote = oxigraph_server.select(query.named_queries()["orphans"].text, default_graph=GRAPH)
    assert remote == local
    slugs = [row["slug"] for row in remote]
    # Glossary/Minitel exists only in content/files/fr and no file but its
    # own mentions it, so nothing can reference it.
    assert "Glossary/Minitel" in slugs
    concepts = oxigraph_server.select(
        "SELECT (COUNT(*) AS ?n) WHERE { ?c a <http://www.w3.org/2004/02/skos/core#Concept> }",
        default_graph=GRAPH,
    )
    assert 0 < len(slugs) < int(concepts[0]["n"])
