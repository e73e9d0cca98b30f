"""N-Triples, JSON-LD, GraphML and GEXF: each holds what the Turtle or the
graph holds, and the same graph always gives the same bytes."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
import rdflib
from rdflib.compare import isomorphic

import gloss_graph
from gloss_graph import serializations, turtle
from gloss_graph.errors import UsageError

from test_turtle import small_graph


def oxigraph_set(data: bytes, fmt) -> set[str]:
    return {str(t) for t in pyoxigraph.parse(data, format=fmt)}


@pytest.fixture(scope="module")
def graph(content_corpus):
    return gloss_graph.build_graph(content_corpus)


@pytest.fixture(scope="module")
def turtle_set(graph):
    return oxigraph_set(turtle.turtle_bytes(graph), pyoxigraph.RdfFormat.TURTLE)


def test_ntriples_holds_the_turtle_triples_one_sorted_line_each(graph, turtle_set):
    data = serializations.to_bytes(graph, "nt")
    assert oxigraph_set(data, pyoxigraph.RdfFormat.N_TRIPLES) == turtle_set
    lines = data.decode("utf-8").splitlines()
    assert len(lines) == len(turtle_set)
    assert all(line.endswith(" .") for line in lines)


def test_jsonld_holds_the_turtle_triples(graph, turtle_set):
    data = serializations.to_bytes(graph, "jsonld")
    assert oxigraph_set(data, pyoxigraph.RdfFormat.JSON_LD) == turtle_set
    reparsed = rdflib.Graph().parse(data=data, format="json-ld")
    assert isomorphic(reparsed, turtle.to_rdf(graph))


def test_jsonld_is_compact(graph):
    document = json.loads(serializations.to_bytes(graph, "jsonld"))
    assert document["@context"]["skos"] == "http://www.w3.org/2004/02/skos/core#"
    api = next(n for n in document["@graph"] if n["@id"].endswith("/concept/api"))
    assert api["@type"] == ["skos:Concept"]
    assert {"@value": "API", "@language": "fr"} in api["skos:prefLabel"]
    assert {"@value": "Glossary/API"} in api["gg:slug"]


def flat_graph_checks(read: nx.MultiDiGraph, graph: nx.MultiDiGraph):
    assert set(read.nodes) == set(graph.nodes)
    assert read.number_of_edges() == graph.number_of_edges()
    kinds = sorted(d["label"] for _, _, d in read.edges(data=True))
    assert kinds == sorted(k for _, _, k in graph.edges(keys=True))
    api = read.nodes["concept:glossary/api"]
    assert api["kind"] == "concept"
    assert api["labels.fr"] == graph.nodes["concept:glossary/api"]["labels"]["fr"]


def test_graphml_reads_back(graph, tmp_path):
    path = serializations.write(graph, tmp_path / "g.graphml", "graphml")
    flat_graph_checks(nx.read_graphml(path), graph)


def test_gexf_reads_back_and_carries_no_date(graph, tmp_path):
    path = serializations.write(graph, tmp_path / "g.gexf", "gexf")
    flat_graph_checks(nx.read_gexf(path), graph)
    text = path.read_text(encoding="utf-8")
    assert "lastmodifieddate" not in text and "<creator>gloss-graph</creator>" in text


def test_graph_formats_keep_node_labels_for_gephi(graph):
    flat = serializations.export_graph(graph)
    assert flat.nodes["concept:glossary/api"]["label"] == "API"
    tags = [(n, a) for n, a in graph.nodes(data=True) if a["kind"] == "tag"]
    assert tags and all(flat.nodes[n]["label"] == a["name"] for n, a in tags)
    for _, attrs in flat.nodes(data=True):
        assert all(isinstance(v, (str, int, float, bool)) for v in attrs.values())


@pytest.mark.parametrize("fmt", sorted(serializations.FORMATS))
def test_every_format_is_deterministic_across_processes(fmt, tmp_path):
    script = ("import sys; sys.path.insert(0, %r); from test_turtle import small_graph; "
              "from gloss_graph import serializations; "
              "sys.stdout.buffer.write(serializations.to_bytes(small_graph(), %r))" % (str(Path(__file__).parent), fmt))
    outputs = set()
    for seed in ("0", "7"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        outputs.add(subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True).stdout)
    assert outputs == {serializations.to_bytes(small_graph(), fmt)}


def test_write_uses_the_format_and_leaves_no_temporary_file(tmp_path):
    for fmt, suffix in serializations.FORMATS.items():
        path = serializations.write(small_graph(), tmp_path / f"glossary{suffix}", fmt)
        assert path.read_bytes() == serializations.to_bytes(small_graph(), fmt)
    assert sorted(p.suffix for p in tmp_path.iterdir()) == sorted(serializations.FORMATS.values())


def test_unknown_format_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="unknown"):
        serializations.write(small_graph(), tmp_path / "x.rdf", "rdfxml")
    assert not list(tmp_path.iterdir())
