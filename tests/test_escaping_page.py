"""The graph page looks ids up as its own data only: an address such as
``graph.html#constructor`` or ``#__proto__``, or an entry whose slug is
``Glossary/__proto__``, must not reach what every JavaScript object inherits
from Object.prototype. Real headless Chromium, a glossary built by
``gloss_graph.build``."""
from __future__ import annotations

from pathlib import Path

import pytest

import gloss_graph
from browser import watched_page

pytestmark = pytest.mark.browser

# Names every plain object inherits, with and without a kind prefix.
INHERITED = ("constructor", "__proto__", "toString", "hasOwnProperty", "valueOf", "__defineGetter__")
HASHES = INHERITED + ("concept:__proto__", "concept:constructor", "tag:toString", "concept:glossary/toString")

PROTO = "concept:glossary/__proto__"
CONSTRUCTOR = "concept:glossary/constructor"

ENTRIES = {
    # folder: (title, body)
    "__proto__": ("Proto entry", 'It refers to {{Glossary("constructor")}} and {{Glossary("Plain")}}.'),
    "constructor": ("Constructor entry", 'It refers to {{Glossary("__proto__")}} and {{Glossary("toString")}}.'),
    "plain": ("Plain", 'It refers to {{Glossary("__proto__")}}.'),
}


def write_glossary(root: Path) -> Path:
    """files/en-us/glossary/<folder>/index.md for each of ENTRIES; the tags
    ``__proto__`` and ``constructor`` make tag nodes of those names too."""
    glossary = root / "files" / "en-us" / "glossary"
    for folder, (title, body) in ENTRIES.items():
        (glossary / folder).mkdir(parents=True)
        (glossary / folder / "index.md").write_text(
            f"---\ntitle: {title}\nslug: Glossary/{folder}\ntags:\n  - __proto__\n  - constructor\n---\n\n{body}\n",
            encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def page_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("proto-page")
    result = gloss_graph.build([str(write_glossary(folder / "tree"))], folder / "out", use_cache=False)
    return result.outputs["graph.html"]


@pytest.fixture
def open_at(chromium):
    """``open_at(path, hash) -> (page, watch)``: the page loaded with that hash
    from the start, as a shared address is opened."""
    contexts = []

    def _open(path: Path, fragment: str):
        context, page, watch = watched_page(chromium)
        contexts.append(context)
        page.goto(path.resolve().as_uri() + "#" + fragment)
        page.wait_for_selector("body[data-ready]", state="attached", timeout=30_000)
        return page, watch

    yield _open
    for context in contexts:
        context.close()


def test_the_built_page_holds_the_proto_and_constructor_entries(page_path):
    text = page_path.read_text(encoding="utf-8")
    assert f'"{PROTO}"' in text and f'"{CONSTRUCTOR}"' in text


@pytest.mark.parametrize("fragment", HASHES)
def test_an_inherited_name_in_the_hash_selects_nothing(open_at, page_path, fragment):
    page, watch = open_at(page_path, fragment)
    assert watch.problems() == []
    assert page.evaluate("typeof window.glossGraph") == "object"
    assert page.evaluate("glossGraph.state.selected") is None
    assert page.is_hidden("#panel")
    # Every node is still drawn and shown.
    assert page.evaluate("glossGraph.visibleIds().length") == page.evaluate("glossGraph.nodes.length")
    assert PROTO in page.evaluate("glossGraph.visibleIds()")


@pytest.mark.parametrize("node", [PROTO, CONSTRUCTOR, "tag:__proto__", "tag:constructor"])
def test_a_node_named_after_an_inherited_property_opens_by_its_hash(open_at, page_path, node):
    page, watch = open_at(page_path, node + "&depth=1")
    page.wait_for_function("id => document.getElementById('panel-body').dataset.node === id", arg=node)
    assert page.is_visible("#panel")
    assert page.evaluate("glossGraph.state.selected") == node
    assert page.evaluate("glossGraph.state.depth") == 1
    assert watch.problems() == []


def test_the_proto_panel_lists_its_titles_and_edges(open_at, page_path):
    page, watch = open_at(page_path, PROTO)
    page.wait_for_function("id => document.getElementById('panel-body').dataset.node === id", arg=PROTO)
    assert page.text_content("#panel h2") == "Proto entry"
    assert page.text_content('#panel tr[data-locale="en-US"] td') == "Proto entry"
    outbound = page.eval_on_selector_all(
        '#panel section[data-direction="out"][data-kind="references"] button', "bs => bs.map(b => b.textContent)")
    assert outbound == ["Constructor entry", "Plain"]
    inbound = page.eval_on_selector_all(
        '#panel section[data-direction="in"][data-kind="references"] button', "bs => bs.map(b => b.textContent)")
    assert inbound == ["Constructor entry", "Plain"]
    tags = page.eval_on_selector_all("#panel li button.node", "bs => bs.map(b => b.textContent)")
    assert {"__proto__", "constructor"} <= set(tags)
    # From the panel to the constructor entry, and its panel too.
    page.click('#panel section[data-direction="out"][data-kind="references"] button >> nth=0')
    page.wait_for_function("id => document.getElementById('panel-body').dataset.node === id", arg=CONSTRUCTOR)
    assert page.evaluate("location.hash") == "#" + CONSTRUCTOR
    assert watch.problems() == []


def test_editing_the_hash_to_inherited_names_and_back(open_at, page_path):
    page, watch = open_at(page_path, PROTO)
    page.wait_for_function("id => document.getElementById('panel-body').dataset.node === id", arg=PROTO)
    for fragment in INHERITED:
        page.evaluate("h => { location.hash = h; }", "#" + fragment)
        page.wait_for_function("() => glossGraph.state.selected === null")
        assert page.is_hidden("#panel")
        page.evaluate("h => { location.hash = h; }", "#" + PROTO)
        page.wait_for_function("id => glossGraph.state.selected === id", arg=PROTO)
    assert watch.problems() == []


# query -> the node an exact match selects (concepts rank before tags), or None
SEARCHES = {
    "__proto__": PROTO,
    "constructor": CONSTRUCTOR,
    "toString": "missing:glossary/tostring",  # referenced by the constructor entry, no entry of its own
    "valueOf": None,
}


@pytest.mark.parametrize("query", sorted(SEARCHES))
def test_searching_an_inherited_name(open_at, page_path, query):
    page, watch = open_at(page_path, "")
    page.locator("#search").press_sequentially(query)
    page.wait_for_function("q => glossGraph.state.query === q.toLowerCase()", arg=query)
    page.wait_for_selector("#results li")
    expected = SEARCHES[query]
    if expected:
        page.wait_for_function("id => document.getElementById('panel-body').dataset.node === id", arg=expected)
        assert page.evaluate("glossGraph.state.selected") == expected
        assert page.eval_on_selector("#results button", "b => b.dataset.node") == expected
    else:
        assert page.text_content("#results") == "no match"
        assert page.evaluate("glossGraph.state.selected") is None
        assert page.is_hidden("#panel")
    assert watch.problems() == []
