"""The HTML graph page in headless Chromium, opened from file://.

Every non-file request is blocked and recorded (none may happen), and console
errors, uncaught exceptions and dialogs are recorded too; each test ends by
asserting there were none. Screenshots are kept under tests/artifacts/.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from browser import screenshot  # chromium and open_graph are fixtures from conftest.py
from gloss_graph import html
from test_html import JS_URL, XSS, expected_view_nodes, payload_graph, sample_graph

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def write(graph, tmp_path, name="graph.html"):
    return html.write_html(graph, tmp_path / name)


def visible(page) -> set[str]:
    return set(page.evaluate("glossGraph.visibleIds()"))


def shown_count(page) -> int:
    return int(page.get_attribute("#count", "data-visible"))


def search(page, text):
    box = page.locator("#search")
    box.fill("")
    box.press_sequentially(text)


def wait_panel(page, node_id):
    page.wait_for_function("id => document.getElementById('panel-body').dataset.node === id", arg=node_id)
    assert page.is_visible("#panel")


def test_page_opens_offline_and_draws_every_node(open_graph, tmp_path):
    g = sample_graph()
    page, watch = open_graph(write(g, tmp_path))
    expected = expected_view_nodes(g)
    assert page.evaluate("glossGraph.nodes.length") == len(expected)
    assert visible(page) == expected
    assert shown_count(page) == len(expected)
    # vis-network placed every node where the page data says.
    positions = page.evaluate("glossGraph.network.getPositions()")
    assert set(positions) == expected
    assert watch.problems() == []


def test_typing_api_selects_it_and_shows_its_french_title(open_graph, tmp_path):
    page, watch = open_graph(write(sample_graph(), tmp_path))
    search(page, "API")
    wait_panel(page, "concept:glossary/api")
    assert page.text_content('#panel tr[data-locale="fr"] td') == "Interface de programmation"
    assert page.text_content('#panel tr[data-locale="en-US"] td') == "API"
    assert page.evaluate("location.hash") == "#concept:glossary/api"
    # The results list offers the section too, after the exact match.
    results = page.eval_on_selector_all("#results button", "bs => bs.map(b => b.dataset.node)")
    assert results[:2] == ["concept:glossary/api", "section:web/api"]
    screenshot(page, "sample-search-api.png")
    assert watch.problems() == []


def test_search_matches_titles_in_every_language_and_slugs(open_graph, tmp_path):
    page, watch = open_graph(write(sample_graph(), tmp_path))
    search(page, "glossary/boolean/")  # part of a slug: filters, selects nothing
    page.wait_for_function("() => glossGraph.state.query === 'glossary/boolean/'")
    assert visible(page) == {"concept:glossary/boolean/html"}
    assert page.is_hidden("#panel")
    search(page, "NAVIGATEUR")  # French title of Browser, any case
    wait_panel(page, "concept:glossary/browser")
    # While a node is selected, its neighbours stay in view with the matches.
    assert visible(page) == {"concept:glossary/browser", "concept:glossary/api", "concept:glossary/seulement",
                             "section:web/api", "domain:en.wikipedia.org", "tag:Glossary"}
    assert watch.problems() == []


def test_panel_lists_are_clickable_and_links_are_mdn_pages(open_graph, tmp_path):
    page, watch = open_graph(write(sample_graph(), tmp_path))
    page.evaluate("glossGraph.select('concept:glossary/api')")
    wait_panel(page, "concept:glossary/api")
    hrefs = page.eval_on_selector_all("#panel a", "as => as.map(a => a.href)")
    assert "https://developer.mozilla.org/fr/docs/Glossary/Api" in hrefs
    inbound = page.eval_on_selector_all(
        '#panel section[data-direction="in"][data-kind="references"] button',
        "bs => bs.map(b => b.textContent)")
    assert inbound == ["Browser", "HTTP", "Lonely term"]
    page.click('#panel section[data-direction="out"][data-kind="references"] button')
    wait_panel(page, "concept:glossary/browser")
    assert watch.problems() == []


def test_filters_kinds_locale_tag_and_orphans(open_graph, tmp_path):
    g = sample_graph()
    page, watch = open_graph(write(g, tmp_path))
    expected = expected_view_nodes(g)
    page.uncheck('#kinds input[data-kind="tag"]')
    assert visible(page) == {n for n in expected if not n.startswith("tag:")}
    page.uncheck('#kinds input[data-kind="external"]')
    assert shown_count(page) == len({n for n in expected if not n.startswith(("tag:", "domain:"))})
    page.click("#reset")
    assert visible(page) == expected

    page.check("#orphans")
    # Nothing references these four (worked out from sample_graph's edges).
    assert visible(page) == {"concept:glossary/http", "concept:glossary/lonely",
                             "concept:glossary/boolean/html", "concept:glossary/seulement"}
    page.click("#reset")

    page.select_option("#locale", "fr")
    assert visible(page) == {"concept:glossary/api", "concept:glossary/browser",
                             "concept:glossary/seulement", "tag:Glossaire"}
    page.click("#reset")

    page.select_option("#tag", "tag:Glossary")
    assert visible(page) == {"concept:glossary/api", "concept:glossary/browser", "tag:Glossary",
                             "tag:Web", "tag:Glossaire", "section:web/api", "domain:en.wikipedia.org"}
    assert watch.problems() == []


def test_local_graph_and_hash_share_the_view(open_graph, tmp_path):
    path = write(sample_graph(), tmp_path)
    page, watch = open_graph(path)
    page.evaluate("glossGraph.select('concept:glossary/browser')")
    page.select_option("#depth", "1")
    one = {"concept:glossary/browser", "concept:glossary/api", "concept:glossary/seulement",
           "section:web/api", "domain:en.wikipedia.org", "tag:Glossary"}
    assert visible(page) == one
    assert page.evaluate("location.hash") == "#concept:glossary/browser&depth=1"
    page.select_option("#depth", "2")
    assert "concept:glossary/http" in visible(page) and "concept:glossary/boolean" not in visible(page)

    # The same address opened afresh restores selection and depth.
    other, watch2 = open_graph(path)
    other.goto(path.resolve().as_uri() + "#concept:glossary/browser&depth=1")
    other.reload()
    other.wait_for_selector("body[data-ready]", state="attached")
    wait_panel(other, "concept:glossary/browser")
    assert visible(other) == one
    # Changing the hash by hand moves the selection.
    other.evaluate("location.hash = '#tag:Glossary'")
    wait_panel(other, "tag:Glossary")
    assert watch.problems() == [] and watch2.problems() == []


def test_script_payloads_stay_text(open_graph, tmp_path):
    page, watch = open_graph(write(payload_graph(), tmp_path))
    search(page, "evil")
    page.wait_for_selector("#results button")
    page.evaluate("glossGraph.select('concept:glossary/evil')")
    wait_panel(page, "concept:glossary/evil")
    panel_text = page.text_content("#panel-body")
    assert f"Evil {XSS}" in panel_text and f"Summary {XSS}" in panel_text
    assert "<b>bold</b>" in panel_text
    screenshot(page, "payload-panel.png")
    # Every node's panel, the payload ones included.
    for node in sorted(expected_view_nodes(payload_graph())):
        page.evaluate("id => glossGraph.select(id)", node)
        wait_panel(page, node)
    page.evaluate("id => glossGraph.select(id)", f"tag:{XSS}")
    wait_panel(page, f"tag:{XSS}")
    assert page.text_content("#panel h2") == XSS
    page.evaluate("id => glossGraph.select(id)", "domain:(no domain)")
    wait_panel(page, "domain:(no domain)")
    assert page.text_content("#panel li") == JS_URL  # as text, not a link
    # Hover the payload concept so that vis-network shows its tooltip.
    point = page.evaluate("""() => {
        const n = glossGraph.network;
        n.moveTo({position: n.getPositions(['concept:glossary/evil'])['concept:glossary/evil'], scale: 1});
        return n.canvasToDOM(n.getPositions(['concept:glossary/evil'])['concept:glossary/evil']);
    }""")
    box = page.locator("#graph").bounding_box()
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_selector(".vis-tooltip", state="visible")
    assert XSS in page.text_content(".vis-tooltip")
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("""[...document.querySelectorAll('a[href]')]
        .filter(a => !/^https?:/.test(a.getAttribute('href'))).length""") == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert watch.dialogs == []
    assert watch.problems() == []


# --- real inputs ---------------------------------------------------------------


def built(sources):
    import gloss_graph

    return gloss_graph.build_graph(gloss_graph.load(sources))


def test_content_graph(open_graph, tmp_path):
    content = REPO / "content"
    if not (content / "files" / "fr" / "glossary" / "api" / "index.md").is_file():
        pytest.skip("content/ has no French API entry yet")
    g = built([str(content)])
    page, watch = open_graph(write(g, tmp_path))
    assert shown_count(page) == len(expected_view_nodes(g))
    search(page, "API")
    wait_panel(page, "concept:glossary/api")
    french = g.nodes["concept:glossary/api"]["labels"]["fr"]
    assert page.text_content('#panel tr[data-locale="fr"] td') == french
    screenshot(page, "content-search-api.png")
    assert watch.problems() == []


@pytest.mark.shared
def test_real_2022_glossary_in_two_languages(open_graph, tmp_path):
    en, fr = SHARED / "mdn/2022/files/en-us", SHARED / "mdn/2022/files/fr"
    if not en.is_dir() or not fr.is_dir():
        pytest.skip(f"{SHARED}/mdn/2022 is not there")
    g = built([str(en), str(fr)])
    page, watch = open_graph(write(g, tmp_path), timeout_ms=60_000)
    assert shown_count(page) == len(expected_view_nodes(g))
    search(page, "API")
    wait_panel(page, "concept:glossary/api")
    assert page.text_content('#panel tr[data-locale="fr"] td') == g.nodes["concept:glossary/api"]["labels"]["fr"]
    page.press("#search", "Escape")  # clears the query, keeps the selection
    assert page.is_hidden("#results")
    page.check("#orphans")
    orphans = {n for n, a in g.nodes(data=True) if a["kind"] == "concept"
               and not any(k == "references" for _, _, k in g.in_edges(n, keys=True))}
    # The API concept stays selected, so it shows as well.
    assert visible(page) == orphans | {"concept:glossary/api"}
    screenshot(page, "glossary-2022.png")
    assert watch.problems() == []


# --- the scripts in benchmarks/ --------------------------------------------------


def _script(name):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO / "benchmarks" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_screenshot_script_writes_a_png(chromium, tmp_path):
    if not (REPO / "content" / "files").is_dir():
        pytest.skip("content/ is not there")
    out = tmp_path / "graph.png"
    problems = _script("graph_screenshot").take(chromium, str(REPO / "content"), str(out), 800, 600)
    assert problems == []
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_speed_measurement_of_one_open(chromium, tmp_path):
    speed = _script("html_speed")
    result = speed.open_once(chromium, write(sample_graph(), tmp_path))
    assert result["problems"] == []
    assert result["search_found"] == "concept:glossary/api"
    assert result["ready_ms"] > 0 and result["cpu_ms"] > 0
