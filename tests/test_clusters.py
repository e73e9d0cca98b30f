"""Topic clusters (clusters.py): what is grouped, how a cluster is named,
determinism and speed; and the three places they are written: report.json
and report.md, the Turtle's skos:Collections."""
from __future__ import annotations

import json
import random
import time

import pyoxigraph
import pytest

import gloss_graph
from gloss_graph import clusters as topic, report, turtle
from gloss_graph.graph import GraphData, graph_data
from gloss_graph.report_markdown import to_markdown
from gloss_graph.vocabulary import RDF_TYPE, RDFS_LABEL, SKOS_IRI

from conftest import need_shared


def concept(key: str, title: str | None = None) -> tuple[str, dict]:
    title = title or key.capitalize()
    return f"concept:glossary/{key}", {
        "kind": "concept", "key": f"glossary/{key}", "slug": f"Glossary/{key.capitalize()}",
        "labels": {"en-US": title}, "summaries": {}, "tags": {}, "files": {}, "urls": {},
        "orphaned_translation": False, "page_refs": 0,
    }


def graph(keys, references, extra_nodes=None, extra_edges=None) -> GraphData:
    """Concepts ``keys``; ``references``: (from, to, count) between keys."""
    nodes = dict(concept(k) for k in keys)
    nodes.update(extra_nodes or {})
    edges = {(f"concept:glossary/{u}", f"concept:glossary/{v}", "references"):
             {"count": n, "locales": ["en-US"], "fallback": False} for u, v, n in references}
    edges.update(extra_edges or {})
    return GraphData({"sources": [], "locales": ["en-US"], "scheme": {}}, nodes, edges)


def two_topics(bridge_count: int = 1) -> GraphData:
    """Two groups of five terms, every term of a group referencing the
    group's first one and its next; one reference between the groups."""
    refs = []
    for group in ("a", "b"):
        keys = [f"{group}{i}" for i in range(5)]
        refs += [(k, keys[0], 2) for k in keys[1:]]
        refs += [(keys[i], keys[i + 1], 1) for i in range(1, 4)]
    refs.append(("a4", "b4", bridge_count))
    return graph([f"{g}{i}" for g in "ab" for i in range(5)], refs)


def members(found: topic.Clusters) -> list[set[str]]:
    return [{m.split("/")[-1] for m in c.members} for c in found.clusters]


# --- what is grouped, and the names ----------------------------------------------


def test_two_groups_joined_by_one_reference_are_two_clusters():
    found = topic.clusters(two_topics())
    assert sorted(map(sorted, members(found))) == [[f"a{i}" for i in range(5)], [f"b{i}" for i in range(5)]]
    # Each is named after the term every other member references.
    assert sorted(c.concept for c in found.clusters) == ["concept:glossary/a0", "concept:glossary/b0"]
    assert sorted(c.name for c in found.clusters) == ["A0", "B0"]
    assert all(c.hubs[0] == c.concept and len(c.hubs) == topic.HUBS for c in found.clusters)
    # The one reference between them: one link, counted with its count, both ways.
    first, second = found.clusters
    assert first.links == {second.number: 1} and second.links == {first.number: 1}
    assert found.of["concept:glossary/a3"] == found.of["concept:glossary/a0"] != found.of["concept:glossary/b3"]


def test_references_are_weighted_by_count():
    """c references a0 once and b0 five times: it joins the b group."""
    g = two_topics()
    g.nodes.update([concept("c")])
    for target, count in (("a0", 1), ("b0", 5)):
        g.edges[("concept:glossary/c", f"concept:glossary/{target}", "references")] = {"count": count}
    found = topic.clusters(g)
    assert found.of["concept:glossary/c"] == found.of["concept:glossary/b0"]


def test_isolated_terms_and_pairs_are_in_no_cluster():
    g = graph(["x", "y", "z", "lone"] + [f"t{i}" for i in range(4)],
              [("x", "y", 1)] + [(f"t{i}", "t0", 1) for i in range(1, 4)])
    found = topic.clusters(g)
    assert members(found) == [{"t0", "t1", "t2", "t3"}]
    assert set(found.of) == {f"concept:glossary/t{i}" for i in range(4)}


def test_tags_pages_missing_terms_and_broader_edges_take_no_part():
    """A tag on every term and a site page referencing every term would
    tie everything together; they are not references between concepts."""
    g = two_topics()
    plain = members(topic.clusters(g))
    g.nodes["tag:Glossary"] = {"kind": "tag", "name": "Glossary", "locales": ["en-US"]}
    g.nodes["page:web/http"] = {"kind": "page", "key": "web/http", "slug": "Web/HTTP", "title": "HTTP",
                                "locale": "en-US", "url": "", "loaded": True, "section": "Web/HTTP"}
    g.nodes["missing:glossary/nope"] = {"kind": "missing", "key": "glossary/nope", "slug": "Glossary/Nope"}
    for node in [n for n in g.nodes if n.startswith("concept:")]:
        g.edges[(node, "tag:Glossary", "tagged")] = {"locales": ["en-US"]}
        g.edges[("page:web/http", node, "references")] = {"count": 3, "locales": ["en-US"]}
        g.edges[(node, "missing:glossary/nope", "references")] = {"count": 1, "locales": ["en-US"]}
    g.edges[("concept:glossary/a1", "concept:glossary/b1", "broader")] = {}
    assert members(topic.clusters(g)) == plain


def test_no_concepts_no_clusters():
    found = topic.clusters(graph([], []))
    assert found.clusters == [] and found.of == {}


def test_a_title_less_concept_is_named_by_its_slug():
    g = two_topics()
    g.nodes["concept:glossary/a0"]["labels"] = {}
    named = {c.concept: c for c in topic.clusters(g).clusters}["concept:glossary/a0"]
    assert (named.name, named.locale) == ("A0", "")


def test_content_clusters_are_named_after_the_term_most_of_their_members_reference(content_corpus):
    data = graph_data(content_corpus)
    found = topic.clusters(data)
    assert len(found) >= 3
    assert [len(c.members) for c in found.clusters] == sorted((len(c.members) for c in found.clusters), reverse=True)
    for c in found.clusters:
        inside = set(c.members)
        referrers = {m: sum(1 for u, v, k in data.edges if k == "references" and v == m and u in inside and u != m)
                     for m in inside}
        assert referrers[c.concept] == max(referrers.values())
        assert c.name == data.nodes[c.concept]["labels"]["en-US"]
    # CORS, DNS and Origin are about addresses, HTML and CSS about documents.
    assert found.of["concept:glossary/dns"] == found.of["concept:glossary/origin"]
    assert found.of["concept:glossary/html"] == found.of["concept:glossary/css"]
    assert found.of["concept:glossary/html"] != found.of["concept:glossary/dns"]


# --- determinism and speed -------------------------------------------------------------


def test_same_graph_same_clusters_whatever_the_order(content_corpus):
    data = graph_data(content_corpus)
    first = topic.clusters(data)
    nodes, edges = list(data.nodes.items()), list(data.edges.items())
    random.Random(3).shuffle(nodes)
    random.Random(4).shuffle(edges)
    shuffled = GraphData(dict(data.attrs), dict(nodes), dict(edges))
    assert topic.clusters(shuffled) == first
    # And as a networkx graph.
    assert topic.clusters(gloss_graph.build_graph(content_corpus)) == first


def test_the_last_graph_is_remembered_and_a_changed_one_is_not():
    g = two_topics()
    assert topic.clusters(g) is topic.clusters(g)
    g.nodes.update([concept("extra")])
    assert "concept:glossary/extra" not in topic.clusters(g).of


def test_clusters_of_the_2026_glossary_take_a_few_milliseconds():
    data = graph_data(gloss_graph.load([str(need_shared("2026", "files"))]))
    topic.clusters(data)  # igraph imported
    best = min(_timed(lambda: topic._clusters(data, topic.SEED)) for _ in range(5))
    found = topic.clusters(data)
    assert len(found) >= 10
    assert best < 0.030, f"{best * 1000:.1f} ms"


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


# --- report.json, report.md ---------------------------------------------------------------


@pytest.fixture(scope="module")
def content_report(content_corpus):
    return report.health_report(content_corpus, graph_data(content_corpus))


def test_report_lists_the_clusters(content_corpus, content_report):
    found = topic.clusters(graph_data(content_corpus))
    items = content_report["clusters"]
    assert content_report["summary"]["clusters"] == len(items) == len(found)
    for item, c in zip(items, found.clusters):
        assert item["name"] == c.name and item["slug"] == c.slug == item["hubs"][0]["slug"]
        assert item["size"] == len(item["members"]) == len(c.members)
        assert item["slug"] in item["members"]
        assert item["members"] == sorted(item["members"], key=lambda s: (s.lower(), s))
        assert [l["references"] for l in item["links"]] == sorted((l["references"] for l in item["links"]), reverse=True)
    everyone = [m for item in items for m in item["members"]]
    assert len(everyone) == len(set(everyone))
    # A link is seen from both ends with the same count.
    by_name = {item["name"]: item for item in items}
    for item in items:
        for link in item["links"]:
            back = {l["cluster"]: l["references"] for l in by_name[link["cluster"]]["links"]}
            assert back[item["name"]] == link["references"]


def test_check_report_has_no_clusters(content_corpus):
    checked = report.check_report(content_corpus, graph_data(content_corpus))
    assert "clusters" not in checked and "clusters" not in checked["summary"]


def test_report_md_has_a_table_of_clusters(content_report):
    text = to_markdown(content_report)
    items = content_report["clusters"]
    assert f"## Topic clusters ({len(items)})" in text
    section = text.split("## Topic clusters", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) == len(items)
    first = items[0]
    assert rows[0].startswith(f"| {first['name']} (Glossary/{first['slug'].split('/', 1)[1]}) | {first['size']} |")


def test_report_md_of_a_report_without_clusters(content_report):
    older = {k: v for k, v in content_report.items() if k != "clusters"}
    assert "Topic clusters" not in to_markdown(older)


# --- the Turtle -----------------------------------------------------------------------------


def test_turtle_has_one_collection_per_cluster(content_corpus):
    data = graph_data(content_corpus)
    store = pyoxigraph.Store()
    store.load(turtle.turtle_bytes(data), format=pyoxigraph.RdfFormat.TURTLE)
    node = pyoxigraph.NamedNode
    topics = {q.subject.value for q in
              store.quads_for_pattern(None, node(RDF_TYPE), node("https://w3id.org/gloss-graph/vocab#Topic"))}
    collections = {q.subject.value for q in
                   store.quads_for_pattern(None, node(RDF_TYPE), node(SKOS_IRI + "Collection"))}
    found = topic.clusters(data)
    base = "https://w3id.org/gloss-graph/id/"
    # IRIs in lower case, as concepts' are (docs/vocabulary.md, the IRI promise).
    assert topics == {f"{base}cluster/{c.slug.split('/', 1)[1].lower()}" for c in found.clusters}
    assert topics <= collections  # every topic is a skos:Collection (so is a disambiguation page's)
    for c in found.clusters:
        subject = node(f"{base}cluster/{c.slug.split('/', 1)[1].lower()}")
        labels = [q.object for q in store.quads_for_pattern(subject, node(RDFS_LABEL), None)]
        assert [(l.value, l.language) for l in labels] == [(c.name, "en")]
        got = {q.object.value for q in store.quads_for_pattern(subject, node(SKOS_IRI + "member"), None)}
        assert got == {f"{base}concept/{data.nodes[m]['slug'].split('/', 1)[1].lower()}" for m in c.members}
        # Every member is a concept of the file.
        for member in got:
            assert list(store.quads_for_pattern(node(member), node(RDF_TYPE), node(SKOS_IRI + "Concept")))


def test_report_json_of_a_build_holds_the_clusters(tmp_path, content_corpus):
    from conftest import CONTENT

    result = gloss_graph.build([str(CONTENT)], tmp_path, use_cache=False)
    written = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert written["clusters"] == report.health_report(content_corpus, graph_data(content_corpus))["clusters"]
    assert result.report["summary"]["clusters"] == len(written["clusters"]) > 0
