"""Topic clusters and paths on the page, in headless Chromium: the topic
list filters, concepts are coloured by topic or by kind, topic names are
drawn at the overview only, and two terms picked with shift-click, Shift+
Enter in the search box or the URL show the same paths as `gloss-graph
path`, highlighted and listed."""
from __future__ import annotations

import json

import pytest

import gloss_graph
from browser import screenshot
from gloss_graph import clusters as topic, html, paths
from gloss_graph.graph import GraphData, graph_data

from conftest import CONTENT
from test_clusters import concept
from test_html import XSS
from test_paths import islands  # noqa: F401  (a fixture: a glossary of two unconnected pairs)

pytestmark = pytest.mark.browser

CORS, DNS = "concept:glossary/cors", "concept:glossary/dns"


@pytest.fixture(scope="module")
def content(tmp_path_factory):
    data = graph_data(gloss_graph.load([str(CONTENT)]))
    return html.write_html(data, tmp_path_factory.mktemp("content") / "graph.html"), data


def visible(page) -> set[str]:
    return set(page.evaluate("glossGraph.visibleIds()"))


def shift_click(page, node_id):
    """Shift-click a node on the map: the view is moved so that it sits in
    the middle of the canvas, clear of the overlays."""
    page.evaluate("""id => {
      const n = glossGraph.network;
      n.moveTo({ position: n.getPositions([id])[id], scale: 1.2, animation: false });
    }""", node_id)
    box = page.locator("#graph canvas").bounding_box()
    page.keyboard.down("Shift")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.keyboard.up("Shift")


def cli_paths(data, a, b) -> list[list[str]]:
    answer = paths.find_paths(paths.ReferenceGraph.from_graph(data), a, b)
    return [[t.id for t in path] for path in answer.paths]


# --- topics ---------------------------------------------------------------------------


def test_topic_list_filters_on_click(open_graph, content):
    path, data = content
    found = topic.clusters(data)
    page, watch = open_graph(path)
    buttons = page.locator("#topic-list button")
    assert buttons.count() == len(found)
    assert [buttons.nth(i).locator(".name").text_content() for i in range(len(found))] == [
        c.name for c in found.clusters]
    everything = visible(page)
    second = found.clusters[1]
    buttons.nth(1).click()
    shown = visible(page)
    concepts = {n for n in shown if n.startswith("concept:")}
    assert concepts == set(second.members)
    # What those concepts link to stays, and nothing else.
    near = {v for (u, v, _) in html.view_graph(data).edges if u in concepts} | {
        u for (u, v, _) in html.view_graph(data).edges if v in concepts}
    assert shown - concepts <= near
    assert buttons.nth(1).get_attribute("aria-pressed") == "true"
    screenshot(page, "content-topic.png")
    buttons.nth(1).click()  # again: everything
    assert visible(page) == everything
    assert buttons.nth(1).get_attribute("aria-pressed") == "false"
    assert watch.problems() == []


def test_concepts_are_coloured_by_topic_or_by_kind(open_graph, content):
    path, data = content
    found = topic.clusters(data)
    page, watch = open_graph(path)
    colour = "id => glossGraph.nodes.get(id).color.background"
    assert page.evaluate(colour, CORS) == html.cluster_color(found.of[CORS])
    page.select_option("#colour", "kind")
    assert page.evaluate(colour, CORS) == html.STYLE["concept"]["color"]
    assert page.evaluate(colour, "tag:Glossary") == html.STYLE["tag"]["color"]
    page.select_option("#colour", "cluster")
    assert page.evaluate(colour, CORS) == html.cluster_color(found.of[CORS])
    assert watch.problems() == []


def test_topic_names_are_drawn_at_the_overview_only(open_graph, content):
    path, data = content
    page, watch = open_graph(path)
    drawn = """zoom => {
      const n = glossGraph.network;
      n.fit({ animation: false });
      n.moveTo({ scale: n.getScale() * zoom, animation: false });
      n.redraw();
      return glossGraph.labels().map(l => l.key);
    }"""
    overview = page.evaluate(drawn, 1)
    assert {k for k in overview if k.startswith("topic:")} == {f"topic:{c.number}" for c in topic.clusters(data).clusters}
    assert not any(k.startswith("topic:") for k in page.evaluate(drawn, 6))
    assert watch.problems() == []


def test_a_topic_named_with_a_script_payload_stays_text(open_graph, tmp_path):
    keys = ["a", "b", "c", "d"]
    nodes = dict(concept(k) for k in keys)
    nodes["concept:glossary/a"]["labels"] = {"en-US": XSS}
    edges = {(f"concept:glossary/{k}", "concept:glossary/a", "references"): {"count": 1, "locales": ["en-US"]}
             for k in keys[1:]}
    data = GraphData({"sources": [], "locales": ["en-US"], "scheme": {}}, nodes, edges)
    page, watch = open_graph(html.write_html(data, tmp_path / "graph.html"))
    assert page.locator("#topic-list .name").all_text_contents() == [XSS]
    page.evaluate("() => glossGraph.network.redraw()")
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img").count() == 0
    assert watch.problems() == []


# --- paths ----------------------------------------------------------------------------


def test_shift_click_shows_the_paths_the_command_line_prints(open_graph, content):
    path, data = content
    expected = cli_paths(data, "CORS", "DNS")
    assert len(expected) == 3
    page, watch = open_graph(path)
    page.evaluate("id => glossGraph.select(id)", CORS)
    shift_click(page, DNS)
    page.wait_for_function("() => glossGraph.paths().length > 0")
    assert page.evaluate("glossGraph.paths()") == expected
    # Listed in the panel, in order, with the direction of each step.
    items = page.locator("#panel .paths li")
    assert [json.loads(items.nth(i).get_attribute("data-path")) for i in range(items.count())] == expected
    assert items.nth(0).text_content().startswith("CORS \u2192 Server \u2194 DNS")
    assert page.get_attribute("#panel .paths", "data-count") == "3"
    # Every path's nodes stay shown, and its edges are highlighted.
    assert {n for p in expected for n in p} <= visible(page)
    ids = page.evaluate("""() => Object.fromEntries(glossGraph.network.body.data.edges.get()
                             .filter(e => e.kind === 'references').map(e => [e.from + ' ' + e.to, e.id]))""")
    selected = set(page.evaluate("glossGraph.network.getSelectedEdges()"))
    for p in expected:
        for a, b in zip(p, p[1:]):
            step = {ids.get(f"{a} {b}"), ids.get(f"{b} {a}")} - {None}
            assert step and step <= selected
    assert page.evaluate("location.hash") == "#concept:glossary/cors&to=concept:glossary/dns"
    screenshot(page, "content-paths.png")
    # Clearing the path keeps the first term selected.
    page.click("#panel .paths button.clear")
    assert page.evaluate("glossGraph.paths()") == []
    assert page.evaluate("location.hash") == "#concept:glossary/cors"
    assert watch.problems() == []


def test_picking_both_terms_in_the_search_box(open_graph, content):
    path, data = content
    page, watch = open_graph(path)
    box = page.locator("#search")
    box.press_sequentially("CORS")  # an exact match: selected at once
    page.wait_for_function("id => glossGraph.state.selected === id", arg=CORS)
    box.fill("")
    box.press_sequentially("DNS")
    page.wait_for_function("id => glossGraph.state.selected === id", arg=DNS)
    box.press("Shift+Enter")
    page.wait_for_function("() => glossGraph.paths().length > 0")
    assert page.evaluate("glossGraph.paths()") == cli_paths(data, "CORS", "DNS")
    assert page.evaluate("glossGraph.state.selected") == CORS
    assert watch.problems() == []


def test_a_shared_address_opens_the_paths(open_graph, content):
    path, data = content
    page, watch = open_graph(path)
    page.evaluate("() => { location.hash = 'concept:glossary/html&to=concept:glossary/tcp'; }")
    page.wait_for_function("() => glossGraph.paths().length > 0")
    assert page.evaluate("glossGraph.paths()") == cli_paths(data, "HTML", "TCP")
    assert watch.problems() == []


def test_two_terms_with_no_path_say_so(open_graph, islands, tmp_path):  # noqa: F811
    data = graph_data(gloss_graph.load([str(islands)]))
    page, watch = open_graph(html.write_html(data, tmp_path / "graph.html"))
    page.evaluate("() => glossGraph.select('concept:glossary/alpha')")
    shift_click(page, "concept:glossary/gamma")
    page.wait_for_selector("#panel .paths")
    assert page.evaluate("glossGraph.paths()") == []
    assert page.text_content("#panel .paths .none") == "No reference path between Alpha and Gamma."
    assert page.get_attribute("#panel .paths", "data-count") == "0"
    assert watch.problems() == []
