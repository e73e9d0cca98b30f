"""The graph page's "Mentioned without a link" list, in headless Chromium:
on content/ (the orphan Bandwidth named in Latency) and with hostile words,
which stay text."""
from __future__ import annotations

import pytest

import gloss_graph

from conftest import CONTENT

pytestmark = pytest.mark.browser

BANDWIDTH = "concept:glossary/bandwidth"


def select(page, node_id: str) -> None:
    page.evaluate("id => glossGraph.select(id)", node_id)
    page.wait_for_function("id => document.getElementById('panel-body').dataset.node === id", arg=node_id)


def test_an_orphan_lists_where_it_is_named(open_graph, tmp_path):
    gloss_graph.build([str(CONTENT)], tmp_path, use_cache=False)
    page, watch = open_graph(tmp_path / "graph.html")
    select(page, BANDWIDTH)
    section = page.locator("#panel section.mentions")
    assert section.locator("h3").text_content() == "Mentioned without a link (1)"  # CSS shows it in capitals
    items = section.locator("li")
    assert items.count() == 1
    assert items.first.text_content() == "Latency en-US: \u201cbandwidth\u201d"
    # The source is a button that opens it.
    items.first.locator("button").click()
    page.wait_for_function("document.getElementById('panel-body').dataset.node === 'concept:glossary/latency'")
    # A term nobody names has no such list; a sure one says so.
    select(page, "concept:glossary/dns")
    sure = page.locator("#panel section.mentions li[data-confidence=high]")
    assert sure.count() == 1 and "link it" in sure.first.text_content()
    assert watch.problems() == []


HOSTILE = 'A&B<C "D\' <!--'  # markup characters that survive as running text (no whole tag)


def test_hostile_words_stay_text(open_graph, tmp_path):
    folder = tmp_path / "src" / "files" / "en-us" / "glossary"
    for slug, title, body in (("odd", HOSTILE.replace("'", "''"), "Data."), ("victim", "Victim", f"Names {HOSTILE} here.")):
        (folder / slug).mkdir(parents=True)
        (folder / slug / "index.md").write_text(f"---\ntitle: '{title}'\nslug: Glossary/{slug}\n---\n\n{body}\n",
                                                encoding="utf-8")
    result = gloss_graph.build([str(tmp_path / "src")], tmp_path / "out", use_cache=False)
    assert [m.text for m in result.mentions] == [HOSTILE]
    page, watch = open_graph(tmp_path / "out" / "graph.html")
    select(page, "concept:glossary/odd")
    item = page.locator("#panel section.mentions li").first
    assert item.text_content() == f"Victim en-US: \u201c{HOSTILE}\u201d"
    assert item.locator("b, img, script").count() == 0
    assert watch.problems() == []
