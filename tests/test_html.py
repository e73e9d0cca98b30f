"""The HTML graph page, without a browser: the view, the data, escaping,
determinism and the atomic write. Browser tests are in test_html_browser.py.

``sample_graph`` and ``payload_graph`` build small graphs by hand, following
the contract in docs/architecture.md; the browser tests use them too.
"""
from __future__ import annotations

import copy
import base64
import hashlib
import json
import random
import re
from pathlib import Path

import networkx as nx
import pytest

from gloss_graph import html, layout

MDN = "https://developer.mozilla.org"
XSS = "</script><img src=x onerror=window.__xss=1>"
JS_URL = "javascript:alert(1)"


def add_concept(g, key, labels, *, summaries=None, tags=None, page_refs=0, orphaned_translation=False):
    slug = "/".join(part.capitalize() if i else "Glossary" for i, part in enumerate(key.split("/")))
    g.add_node(
        f"concept:{key}",
        kind="concept",
        key=key,
        slug=slug,
        labels=labels,
        summaries=summaries or {loc: f"What {title} means." for loc, title in labels.items()},
        tags=tags or {},
        files={loc: f"{loc.lower()}/{key}/index.md" for loc in labels},
        urls={loc: f"{MDN}/{loc}/docs/{slug}" for loc in labels},
        orphaned_translation=orphaned_translation,
        page_refs=page_refs,
    )


def add_page(g, slug, *, title="", loaded=False):
    key = slug.lower()
    g.add_node(f"page:{key}", kind="page", key=key, slug=slug, title=title, locale="en-US",
               url=f"{MDN}/en-US/docs/{slug}", loaded=loaded, section="/".join(slug.split("/")[:2]))


def add_external(g, url):
    domain = re.match(r"https?://([^/]+)", url).group(1) if url.startswith("http") else ""
    g.add_node(f"external:{url}", kind="external", url=url, domain=domain)


def refs(g, u, v, count=1, locales=("en-US",)):
    g.add_edge(u, v, key="references", count=count, locales=sorted(locales), fallback=False)


def links(g, u, v, count=1, locales=("en-US",)):
    g.add_edge(u, v, key="links-to", count=count, locales=sorted(locales))


def tagged(g, u, tag, locales=("en-US",)):
    g.add_edge(u, tag, key="tagged", locales=sorted(locales))


def sample_graph() -> nx.MultiDiGraph:
    """Seven concepts in two languages, two tags, three linked MDN pages in
    two sections, three external links on two domains, one missing term."""
    g = nx.MultiDiGraph(sources=["sample"], locales=["en-US", "fr"],
                        scheme={"en-US": {"title": "Sample glossary", "summary": "", "file": "x"}})
    add_concept(g, "glossary/api", {"en-US": "API", "fr": "Interface de programmation"},
                tags={"en-US": ["Glossary", "Web"], "fr": ["Glossaire"]})
    add_concept(g, "glossary/browser", {"en-US": "Browser", "fr": "Navigateur"}, tags={"en-US": ["Glossary"]})
    add_concept(g, "glossary/http", {"en-US": "HTTP"})
    add_concept(g, "glossary/lonely", {"en-US": "Lonely term"})
    add_concept(g, "glossary/boolean", {"en-US": "Boolean"})
    add_concept(g, "glossary/boolean/html", {"en-US": "Boolean (HTML)"})
    add_concept(g, "glossary/seulement", {"fr": "Seulement en français"}, orphaned_translation=True)
    for name, locales in (("Glossary", ["en-US"]), ("Web", ["en-US"]), ("Glossaire", ["fr"])):
        g.add_node(f"tag:{name}", kind="tag", name=name, locales=locales)
    add_page(g, "Web/API/Fetch_API")
    add_page(g, "Web/API/Document")
    add_page(g, "Web/HTTP")
    for url in ("https://en.wikipedia.org/wiki/API", "https://en.wikipedia.org/wiki/Web_browser",
                "https://example.com/spec"):
        add_external(g, url)
    g.add_node("missing:glossary/nowhere", kind="missing", key="glossary/nowhere", slug="Glossary/Nowhere")

    refs(g, "concept:glossary/browser", "concept:glossary/api", count=2, locales=("en-US", "fr"))
    refs(g, "concept:glossary/http", "concept:glossary/api")
    refs(g, "concept:glossary/api", "concept:glossary/browser", locales=("en-US", "fr"))
    refs(g, "concept:glossary/lonely", "concept:glossary/api")
    refs(g, "concept:glossary/boolean/html", "concept:glossary/boolean")
    refs(g, "concept:glossary/boolean/html", "missing:glossary/nowhere")
    refs(g, "concept:glossary/seulement", "concept:glossary/browser", locales=("fr",))
    g.add_edge("concept:glossary/boolean/html", "concept:glossary/boolean", key="broader")
    links(g, "concept:glossary/api", "page:web/api/fetch_api", count=3)
    links(g, "concept:glossary/browser", "page:web/api/document")
    links(g, "concept:glossary/api", "page:web/api/document")
    links(g, "concept:glossary/http", "page:web/http")
    links(g, "concept:glossary/api", "external:https://en.wikipedia.org/wiki/API")
    links(g, "concept:glossary/browser", "external:https://en.wikipedia.org/wiki/Web_browser")
    links(g, "concept:glossary/http", "external:https://example.com/spec")
    tagged(g, "concept:glossary/api", "tag:Glossary")
    tagged(g, "concept:glossary/api", "tag:Web")
    tagged(g, "concept:glossary/api", "tag:Glossaire", locales=("fr",))
    tagged(g, "concept:glossary/browser", "tag:Glossary")
    return g


def payload_graph() -> nx.MultiDiGraph:
    """The sample graph with script payloads in every place content can reach
    the page: title, summary, tag, page title and slug, URLs, domain."""
    g = sample_graph()
    add_concept(g, "glossary/evil", {"en-US": f"Evil {XSS}", "fr": XSS},
                summaries={"en-US": f"Summary {XSS}", "fr": "<b>bold</b> & \u2028 \u2029"},
                tags={"en-US": [XSS]})
    g.nodes["concept:glossary/evil"]["urls"] = {"en-US": JS_URL, "fr": f"{MDN}/fr/docs/{XSS}"}
    g.add_node(f"tag:{XSS}", kind="tag", name=XSS, locales=["en-US"])
    tagged(g, "concept:glossary/evil", f"tag:{XSS}")
    add_page(g, f"Web/{XSS}", title=XSS)
    links(g, "concept:glossary/evil", f"page:web/{XSS.lower()}")
    add_external(g, JS_URL)
    add_external(g, f"https://evil.example/{XSS}")
    links(g, "concept:glossary/evil", f"external:{JS_URL}")
    links(g, "concept:glossary/evil", f"external:https://evil.example/{XSS}")
    refs(g, "concept:glossary/evil", "concept:glossary/api")
    return g


def expected_view_nodes(g: nx.MultiDiGraph) -> set[str]:
    """The nodes the page draws by default, worked out from the graph alone:
    every concept, tag and missing term; one node per section of the pages
    that take part in an edge; one node per domain of the external links."""
    out = set()
    for node, a in g.nodes(data=True):
        if a["kind"] in ("concept", "tag", "missing"):
            out.add(node)
        elif a["kind"] == "page" and g.degree(node):
            out.add("section:" + a["section"].lower())
        elif a["kind"] == "external":
            out.add("domain:" + (a["domain"].lower() or "(no domain)"))
    return out


def page_json(text: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', text, re.S)
    assert match, "no graph data in the page"
    return json.loads(match.group(1))


# --- the view -----------------------------------------------------------------


def test_view_groups_pages_by_section_and_links_by_domain():
    g = sample_graph()
    view = html.view_graph(g)
    assert set(view.nodes) == expected_view_nodes(g)
    assert {"section:web/api", "section:web/http", "domain:en.wikipedia.org", "domain:example.com"} <= set(view.nodes)
    # api links to Fetch_API three times and Document once: one merged edge.
    edge = view.edges[("concept:glossary/api", "section:web/api", "links-to")]
    assert (edge["count"], edge["pairs"]) == (4, 2)
    assert view.nodes["section:web/api"]["members"] == ["page:web/api/document", "page:web/api/fetch_api"]


def test_view_drops_unlinked_pages_and_self_loops():
    g = sample_graph()
    add_page(g, "Web/CSS/color", title="color", loaded=True)  # takes part in no edge
    add_page(g, "Web/API/Window", title="Window", loaded=True)
    g.add_edge("page:web/api/window", "page:web/api/document", key="references", count=1, locales=["en-US"])
    view = html.view_graph(g)
    assert "section:web/css" not in view.nodes
    assert not any(u == v for u, v, _ in view.edges)
    assert view.nodes["section:web/api"]["members"] == [
        "page:web/api/document", "page:web/api/fetch_api", "page:web/api/window"]


def test_details_sizes_and_flags():
    data = page_json(html.render_html(sample_graph()))
    d = data["details"]
    api, lonely = d["concept:glossary/api"], d["concept:glossary/lonely"]
    # api is referenced by browser, http and lonely; lonely by nothing.
    assert api["inbound"] == 3 and not api["orphan"]
    assert lonely["inbound"] == 0 and lonely["orphan"]
    assert api["size"] > d["concept:glossary/http"]["size"]
    assert d["concept:glossary/seulement"]["orphaned_translation"]
    assert api["labels"] == {"en-US": "API", "fr": "Interface de programmation"}
    assert d["section:web/api"]["label"] == "Web/API"
    assert d["domain:en.wikipedia.org"]["urls"][0] == [
        "https://en.wikipedia.org/wiki/API", "https://en.wikipedia.org/wiki/API"]
    node = {n["id"]: n for n in data["nodes"]}
    assert node["concept:glossary/lonely"]["color"]["border"] == html.ORPHAN_BORDER
    assert node["missing:glossary/nowhere"]["shape"] == html.STYLE["missing"]["shape"]
    assert {n["shape"] for n in data["nodes"]} == {s["shape"] for s in html.STYLE.values()}


def test_site_mode_sizes_concepts_by_page_refs():
    g = sample_graph()
    for i in range(20):
        add_page(g, f"Web/API/Thing{i}", title=f"Thing {i}", loaded=True)
        refs(g, f"page:web/api/thing{i}", "concept:glossary/http")
    g.nodes["concept:glossary/http"]["page_refs"] = 20
    data = page_json(html.render_html(g))
    assert data["site"] is True
    http = data["details"]["concept:glossary/http"]
    assert http["inbound"] == 20 and http["page_refs"] == 20
    assert http["size"] > data["details"]["concept:glossary/api"]["size"]
    edge = next(e for e in data["edges"] if e["from"] == "section:web/api" and e["to"] == "concept:glossary/http")
    assert edge["pairs"] == 20


# --- the page ------------------------------------------------------------------


def test_page_is_self_contained():
    text = html.render_html(sample_graph())
    assert not re.search(r"<script[^>]*\ssrc=", text, re.I)
    assert not re.search(r"<link\b", text, re.I)
    assert not re.search(r"<(img|iframe|object|embed)\b", text, re.I)
    assert "@import" not in text
    assert not re.search(r"url\(\s*['\"]?(https?:)?//", text, re.I)
    assert "cdn.jsdelivr" not in text and "cdnjs.cloudflare" not in text
    assert "bootstrap" not in text.lower()  # pyvis's own template would load it
    # vis-network is the copy inside pyvis, inlined.
    assert "vis-network" in text and "@version 9.1.2" in text


def test_node_and_edge_records_match_the_view():
    g = sample_graph()
    data = page_json(html.render_html(g))
    assert sorted(n["id"] for n in data["nodes"]) == sorted(expected_view_nodes(g))
    ids = {n["id"] for n in data["nodes"]}
    assert all(e["from"] in ids and e["to"] in ids for e in data["edges"])
    assert len({e["id"] for e in data["edges"]}) == len(data["edges"])
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert data["locales"] == ["en-US", "fr"]
    assert [t[0] for t in data["tags"]] == ["tag:Glossaire", "tag:Glossary", "tag:Web"]


def test_same_graph_gives_identical_bytes_whatever_the_insertion_order():
    g = sample_graph()
    shuffled = nx.MultiDiGraph(**g.graph)
    nodes = list(g.nodes(data=True))
    edges = list(g.edges(keys=True, data=True))
    random.Random(4).shuffle(nodes)
    random.Random(5).shuffle(edges)
    shuffled.add_nodes_from(nodes)
    shuffled.add_edges_from(edges)
    assert html.render_html(g) == html.render_html(shuffled)


def test_content_page_is_byte_identical_across_builds():
    content = Path(__file__).resolve().parents[1] / "content"
    if not (content / "files").is_dir():
        pytest.skip("content/ is not there")
    import gloss_graph

    first = html.render_html(gloss_graph.build_graph(gloss_graph.load([str(content)])))
    second = html.render_html(gloss_graph.build_graph(gloss_graph.load([str(content)])))
    assert first == second
    assert str(content) not in first  # no absolute paths


def test_title_is_escaped_and_defaults_to_the_scheme():
    g = sample_graph()
    assert "<title>Sample glossary: concept graph</title>" in html.render_html(g)
    text = html.render_html(g, title=XSS)
    assert XSS not in text
    assert "<title>&lt;/script&gt;&lt;img src=x onerror=window.__xss=1&gt;</title>" in text


def test_payloads_stay_inside_the_json_and_round_trip():
    text = html.render_html(payload_graph())
    assert XSS not in text
    assert "<b>bold</b>" not in text
    assert "\u2028" not in text and "\u2029" not in text
    # Every "</script" closes one of the page's three script elements.
    assert len(re.findall(r"</script", text, re.I)) == 3
    data = page_json(text)
    evil = data["details"]["concept:glossary/evil"]
    assert evil["labels"]["fr"] == XSS
    assert evil["summaries"]["fr"] == "<b>bold</b> & \u2028 \u2029"
    assert evil["tags"] == {"en-US": [XSS]}


def test_javascript_urls_never_reach_an_href():
    data = page_json(html.render_html(payload_graph()))
    evil = data["details"]["concept:glossary/evil"]
    assert JS_URL not in evil["urls"].values()
    assert evil["urls"]["fr"].startswith("https://")
    domain = data["details"]["domain:(no domain)"]
    assert domain["urls"] == [[JS_URL, ""]]  # shown as text, no link


@pytest.mark.parametrize("url, safe", [
    ("https://example.com/a", True),
    ("http://example.com", True),
    ("HTTPS://EXAMPLE.COM/", True),
    ("javascript:alert(1)", False),
    (" JavaScript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("//example.com/a", False),
    ("/en-US/docs/Web", False),
    ("https://", False),
    ("http://[::1", False),
    (None, False),
])
def test_safe_url(url, safe):
    assert bool(html.safe_url(url)) is safe


def test_json_for_html_escapes_what_html_parsers_act_on():
    text = html.json_for_html({"a": "</script><!-- & \u2028\u2029 é"})
    assert text == '{"a":"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u2028\\u2029 é"}'
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 é"}


def test_csp_allows_exactly_the_inline_scripts():
    text = html.render_html(sample_graph())
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', text).group(1)
    assert "default-src 'none'" in csp
    allowed = set(re.findall(r"'sha256-([^']+)'", csp))
    scripts = re.findall(r"<script>(.*?)</script>", text, re.S)
    assert len(scripts) == 2
    assert allowed == {base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() for s in scripts}
    assert "unsafe-inline" not in csp.split("script-src", 1)[1].split(";", 1)[0]


def test_empty_graph_renders():
    data = page_json(html.render_html(nx.MultiDiGraph()))
    assert data["nodes"] == [] and data["edges"] == []


def test_write_html_is_atomic_and_overwrites(tmp_path):
    target = tmp_path / "out" / "graph.html"
    target.parent.mkdir()
    target.write_text("old")
    result = html.write_html(sample_graph(), target)
    assert result == target
    assert target.read_text(encoding="utf-8") == html.render_html(sample_graph())
    assert [p.name for p in target.parent.iterdir()] == ["graph.html"]


def test_write_html_leaves_no_temp_file_on_failure(tmp_path, monkeypatch):
    target = tmp_path / "graph.html"
    target.write_text("old")

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(html.os, "replace", boom)
    with pytest.raises(OSError):
        html.write_html(sample_graph(), target)
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["graph.html"]


# --- layout --------------------------------------------------------------------


def test_layout_positions_every_node_deterministically():
    view = html.view_graph(sample_graph())
    first = layout.positions(view)
    assert set(first) == set(view.nodes)
    assert first == layout.positions(copy.deepcopy(view))
    assert all(round(x, 1) == x and round(y, 1) == y for x, y in first.values())
    assert len(set(first.values())) == len(first)  # no two nodes on one spot


def test_layout_packs_components_without_overlap():
    g = nx.Graph()
    nx.add_path(g, [f"a{i}" for i in range(30)])
    nx.add_cycle(g, [f"b{i}" for i in range(12)])
    g.add_edge("c0", "c1")
    g.add_nodes_from(["d0", "d1", "d2"])
    pos = layout.positions(g)
    boxes = []
    for prefix in "abcd":
        pts = [p for n, p in pos.items() if n[0] == prefix]
        if prefix == "d":
            boxes.extend([(x, y, x, y) for x, y in pts])
        else:
            xs, ys = [p[0] for p in pts], [p[1] for p in pts]
            boxes.append((min(xs), min(ys), max(xs), max(ys)))
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            apart = a[2] < b[0] or b[2] < a[0] or a[3] < b[1] or b[3] < a[1]
            assert apart, (a, b)


def test_layout_of_nothing_and_of_one_node():
    assert layout.positions(nx.Graph()) == {}
    g = nx.Graph()
    g.add_node("x")
    assert layout.positions(g) == {"x": (0.0, 0.0)}


def test_node_and_edge_records_are_the_ones_pyvis_makes():
    """The page's vis-network records are made without importing pyvis;
    pyvis itself, given the same options, is the judge of what they must be."""
    from pyvis.edge import Edge
    from pyvis.network import Network

    from gloss_graph.graph import as_data

    graph = as_data(sample_graph())
    view = html.view_graph(graph)
    where = layout.positions(view)
    network = Network(directed=True)
    ours = []
    for node in sorted(view.nodes):
        options = html._vis_node(html._details(graph, view, node), where[node])
        network.add_node(node, **options)
        ours.append(html.vis_node(node, options))
    assert ours == network.nodes
    for index, ((u, v, kind), attrs) in enumerate(sorted(view.edges.items())):
        options = html._vis_edge(index, kind, attrs)
        assert html.vis_edge(u, v, options) == Edge(u, v, True, **dict(options)).options
    # An empty label becomes the id, as pyvis does it.
    assert html.vis_node("n", {"label": "", "shape": "dot"})["label"] == "n"
