"""Topic clusters on the page, without a browser: the page data (colours,
the topic list, labels left to the page) and the layout that keeps each
cluster together. The browser tests are in test_clusters_browser.py and
test_graph_site_browser.py."""
from __future__ import annotations

import math
import time

import pytest

import gloss_graph
from gloss_graph import clusters as topic, html, layout
from gloss_graph.graph import GraphData, graph_data

from conftest import need_shared
from test_clusters import concept
from test_html import page_json


def topics_graph(groups: int = 3, size: int = 12) -> GraphData:
    """``groups`` groups of ``size`` terms, dense inside (each term
    references the next three), a third of them referencing the next group;
    a tag on every term and a site section referencing them all, which the
    layout must not let pull the groups into one ball."""
    nodes, edges = {}, {}
    for g in range(groups):
        keys = [f"g{g}t{i}" for i in range(size)]
        nodes.update(concept(k) for k in keys)
        for i, k in enumerate(keys):
            for step in (1, 2, 3):
                edges[(f"concept:glossary/{k}", f"concept:glossary/{keys[(i + step) % size]}", "references")] = {
                    "count": 1, "locales": ["en-US"]}
        for i in range(0, size, 3):  # a third of them reference the next group
            edges[(f"concept:glossary/{keys[i]}", f"concept:glossary/g{(g + 1) % groups}t{i}", "references")] = {
                "count": 1, "locales": ["en-US"]}
    nodes["tag:Glossary"] = {"kind": "tag", "name": "Glossary", "locales": ["en-US"]}
    for node in list(nodes):
        if node.startswith("concept:"):
            edges[(node, "tag:Glossary", "tagged")] = {"locales": ["en-US"]}
    return GraphData({"sources": [], "locales": ["en-US"], "scheme": {}}, nodes, edges)


# --- the page data ---------------------------------------------------------------------


def test_concepts_take_their_clusters_colour_and_the_list_names_them():
    g = topics_graph()
    found = topic.clusters(g)
    assert len(found) == 3
    data = page_json(html.render_html(g))
    assert [(c["number"], c["name"], c["concept"], c["size"]) for c in data["clusters"]] == [
        (c.number, c.name, c.concept, len(c.members)) for c in found.clusters]
    colours = {c["number"]: c["color"] for c in data["clusters"]}
    assert colours == {n: html.CLUSTER_COLORS[n - 1] for n in (1, 2, 3)}
    for node in data["nodes"]:
        number = data["details"][node["id"]].get("cluster")
        if node["id"].startswith("concept:"):
            assert number == found.of[node["id"]]
            assert node["color"]["background"] == colours[number]
        else:
            assert number is None and node["color"]["background"] == html.STYLE["tag"]["color"]
    # The colours by kind, for the page's "colour by kind".
    assert data["kind_colors"]["concept"][0] == html.STYLE["concept"]["color"]


def test_a_concept_in_no_cluster_keeps_the_concept_colour_and_clusters_past_the_palette_share_one():
    assert html.cluster_color(len(html.CLUSTER_COLORS)) == html.CLUSTER_COLORS[-1]
    assert html.cluster_color(len(html.CLUSTER_COLORS) + 1) == html.OTHER_CLUSTER
    g = topics_graph()
    g.nodes.update([concept("alone")])
    data = page_json(html.render_html(g))
    alone = next(n for n in data["nodes"] if n["id"] == "concept:glossary/alone")
    assert alone["color"]["background"] == html.STYLE["concept"]["color"]
    assert "cluster" not in data["details"]["concept:glossary/alone"]


def test_vis_network_draws_no_label_itself():
    """The page places labels so that none overlaps another; vis-network
    would draw them all once their font is big enough on screen."""
    data = page_json(html.render_html(topics_graph()))
    assert data["options"]["nodes"]["scaling"]["label"]["drawThreshold"] >= 10**6


# --- the layout -----------------------------------------------------------------------------


def _spread(points, share=1.0):
    """The centre of ``points`` and the distance from it that holds ``share`` of them."""
    cx = sum(x for x, _ in points) / len(points)
    cy = sum(y for _, y in points) / len(points)
    far = sorted(math.hypot(x - cx, y - cy) for x, y in points)
    return (cx, cy), far[int(share * (len(far) - 1))]


def _overlapping(circles) -> int:
    return sum(1 for i, (a, ra) in enumerate(circles) for b, rb in circles[i + 1:] if math.dist(a, b) < ra + rb)


def test_layout_keeps_each_cluster_together_and_apart_from_the_others():
    g = topics_graph()
    found = topic.clusters(g)
    where = layout.positions(html.view_graph(g), groups=found.of)
    assert _overlapping([_spread([where[m] for m in c.members]) for c in found.clusters]) == 0


def test_on_the_2026_glossary_the_largest_clusters_do_not_overlap():
    """Nine tenths of each of the twelve largest clusters (the coloured
    ones) lie in a circle that meets no other's; one layout of everything,
    without the clusters, mixes most of them."""
    data = graph_data(gloss_graph.load([str(need_shared("2026", "files"))]))
    found = topic.clusters(data)
    view = html.view_graph(data)
    largest = found.clusters[:len(html.CLUSTER_COLORS)]
    for groups, most in ((found.of, 0), ({}, None)):
        where = layout.positions(view, groups=groups)
        overlapping = _overlapping([_spread([where[m] for m in c.members], 0.9) for c in largest])
        if most is None:
            assert overlapping > len(largest)
        else:
            assert overlapping == most


def test_grouped_layout_is_deterministic_and_places_every_node():
    g = topics_graph()
    view = html.view_graph(g)
    groups = topic.clusters(g).of
    first = layout.positions(view, groups=groups)
    assert set(first) == set(view.nodes)
    assert first == layout.positions(html.view_graph(topics_graph()), groups=dict(reversed(groups.items())))
    assert len(set(first.values())) == len(first)
    assert all(round(x, 1) == x and round(y, 1) == y for x, y in first.values())


def test_cached_layout_is_redone_when_the_clusters_change():
    g = topics_graph()
    view = html.view_graph(g)
    groups = topic.clusters(g).of
    cached = html.CachedLayout()
    first = cached(view, groups)
    again = html.CachedLayout(cached.stored())
    assert again(view, groups) is first  # reused
    moved = dict(groups)
    moved["concept:glossary/g0t0"] = groups["concept:glossary/g1t0"]
    assert html.layout_key(view, moved) != html.layout_key(view, groups)
    assert again(view, moved) == layout.positions(view, groups=moved)


def test_layout_of_the_2026_glossary_with_its_clusters_is_fast():
    data = graph_data(gloss_graph.load([str(need_shared("2026", "files"))]))
    view = html.view_graph(data)
    groups = topic.clusters(data).of
    layout.positions(view, groups=groups)
    best = min(_timed(lambda: layout.positions(view, groups=groups)) for _ in range(3))
    assert best < 0.060, f"{best * 1000:.0f} ms"


def _timed(call) -> float:
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


@pytest.mark.parametrize("groups", [{}, {"a": 1, "b": 1, "c": 1}])
def test_a_layout_of_one_group_or_none_is_the_plain_one(groups):
    import networkx as nx

    g = nx.cycle_graph(["a", "b", "c", "d"])
    assert layout.positions(g, groups=groups) == layout.positions(g)
