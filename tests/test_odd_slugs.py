"""Links made for odd slugs point at the slug's own page on MDN, or nowhere.

A slug may hold ``..``, ``%``, ``?``, ``#``, a backslash or spaces. Its
``foaf:page`` in the Turtle and its "On MDN" link in graph.html must name
that page, percent-encoded so that no character changes the path and no
segment is resolved away, or be left out (``graph.mdn_url``). The page is
opened in Chromium, so the hrefs are checked as a browser resolves them.

A folder name that is not UTF-8 (a Latin-1 ``é`` byte) reaches Python as a
lone surrogate, which no output can hold: it is shown as U+FFFD with a
warning, and every output and command copes.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
import pytest
from hypothesis import example, given, settings, strategies as st

from gloss_graph.graph import mdn_url

REPO = Path(__file__).resolve().parents[1]
MDN = "https://developer.mozilla.org/en-US/docs/"
FOAF_PAGE = ox.NamedNode("http://xmlns.com/foaf/0.1/page")
GG_SLUG = ox.NamedNode("https://w3id.org/gloss-graph/vocab#slug")

# folder -> (slug, the URL of its page, worked out by hand; None: no URL can name it)
ODD = {
    "percent": ("Glossary/50%_off", MDN + "Glossary/50%25_off"),
    "encoded-dots": ("Glossary/%2e%2e", MDN + "Glossary/%252e%252e"),
    "question": ("Glossary/What?x=1", MDN + "Glossary/What%3Fx=1"),
    "hash": ("Glossary/C#", MDN + "Glossary/C%23"),
    "space": ("Glossary/Two words", MDN + "Glossary/Two%20words"),
    "backslash": ("Glossary/a\\..\\b", MDN + "Glossary/a%5C..%5Cb"),
    "dot-dot": ("Glossary/../Web/API", None),
    "dot": ("Glossary/./Alpha", None),
    "trailing": ("Glossary/Alpha/..", None),
    "alpha": ("Glossary/Alpha", MDN + "Glossary/Alpha"),
}


def run(args, cwd):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "gloss_graph", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=120)


def entry(title: str, slug: str, body: str) -> str:
    return f"---\ntitle: {title}\nslug: {json.dumps(slug)}\n---\n{body}\n"


@pytest.fixture(scope="module")
def odd_build(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("odd")
    glossary = folder / "tree" / "files" / "en-us" / "glossary"
    for name, (slug, _) in ODD.items():
        (glossary / name).mkdir(parents=True)
        body = ('{{Glossary("Alpha")}}' if name != "alpha"
                else " ".join(f'{{{{Glossary("{json.dumps(s)[1:-1].split("/", 1)[1]}")}}}}' for s, _ in ODD.values()))
        (glossary / name / "index.md").write_text(entry(f"Odd {name}", slug, body), encoding="utf-8")
    done = run(["build", "tree", "-o", "out"], folder)
    assert done.returncode == 0, done.stderr.decode()
    return folder / "out"


def test_turtle_foaf_page_names_each_slugs_own_page(odd_build):
    store = ox.Store()
    store.load(path=str(odd_build / "glossary.ttl"), format=ox.RdfFormat.TURTLE)
    pages = {}
    concept = ox.NamedNode("http://www.w3.org/2004/02/skos/core#Concept")
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for quad in store.quads_for_pattern(None, GG_SLUG, None):
        # Concepts only: a missing term ("C" of a link to C#) has a concept/ IRI too.
        if any(store.quads_for_pattern(quad.subject, a, concept)):
            found = [q.object.value for q in store.quads_for_pattern(quad.subject, FOAF_PAGE, None)]
            pages[quad.object.value] = found
    assert pages == {slug: [url] if url else [] for slug, url in ODD.values()}


def test_graph_page_links_each_slug_to_its_own_page(odd_build, open_graph):
    page, watch = open_graph(odd_build / "graph.html")
    for slug, url in ODD.values():
        node = "concept:" + slug.lower()
        page.evaluate("id => glossGraph.select(id)", node)
        page.wait_for_function("id => document.getElementById('panel-body').dataset.node === id", arg=node)
        # As the browser resolved them: a dot segment would be gone here.
        hrefs = page.eval_on_selector_all("#panel a", "as => as.map(a => a.href)")
        mdn = [h for h in hrefs if h.startswith("https://developer.mozilla.org/")]
        assert mdn == ([url] if url else []), slug
        for href in mdn:
            assert unquote(urlsplit(href).path).removeprefix("/en-US/docs/") == slug
    assert watch.problems() == []


@pytest.mark.parametrize("slug", [slug for slug, url in ODD.values() if url is None])
def test_no_url_for_a_dot_segment(slug):
    assert mdn_url("en-US", slug) is None


def test_no_url_for_a_lone_surrogate():
    assert mdn_url("en-US", "Glossary/caf\udce9") is None


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from([".", "..", "%2e", "?", "#", " ", "%"]), st.text(min_size=1, max_size=6)),
                min_size=1, max_size=4).map("/".join))
@example("Glossary/../Web")
@example(".")
@example("a/%2e%2e")
def test_any_slug_gets_its_own_page_or_none(slug):
    url = mdn_url("fr", slug)
    if url is None:
        assert any(part in (".", "..") for part in slug.split("/"))
        return
    path = urlsplit(url).path
    assert url == f"https://developer.mozilla.org{path}" and path.startswith("/fr/docs/")
    segments = path.removeprefix("/fr/docs/").split("/")
    # What a browser would resolve away (the URL Standard also reads %2e as a dot).
    assert not any(s.lower().replace("%2e", ".") in (".", "..") for s in segments)
    assert unquote(path.removeprefix("/fr/docs/")) == slug


# --- a folder name that is not UTF-8 ------------------------------------------------


@pytest.fixture(scope="module")
def latin1_tree(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("latin1")
    glossary = os.path.join(os.fsencode(folder), b"tree", b"files", b"en-us", b"glossary")
    for name, text in [
        (b"alpha", entry("Alpha", "Glossary/Alpha", '{{Glossary("Caf\u00e9")}}')),
        (b"caf\xe9", "---\ntitle: Caf\u00e9\n---\nSee {{Glossary(\"Alpha\")}}.\n"),  # slug from the folder
        (b"na\xefve", entry("Naive", "Glossary/Naive", '{{Glossary("Alpha")}}')),
    ]:
        os.makedirs(os.path.join(glossary, name))
        with open(os.path.join(glossary, name, b"index.md"), "w", encoding="utf-8") as handle:
            handle.write(text)
    # A locale folder whose name is not UTF-8: not a language tag, skipped.
    os.makedirs(os.path.join(os.fsencode(folder), b"tree", b"files", b"fr\xe9", b"glossary", b"x"))
    return folder


def test_every_output_copes_with_a_name_that_is_not_utf8(latin1_tree):
    done = run(["build", "tree", "-o", "out", "--rdf-format", "nt", "--rdf-format", "jsonld",
                "--rdf-format", "graphml", "--rdf-format", "gexf"], latin1_tree)
    stderr = done.stderr.decode("utf-8")
    assert done.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert "glossary/caf\ufffd/index.md: warning: its path is not valid UTF-8" in stderr
    assert "files/fr\ufffd: warning: is not named as a locale" in stderr
    out = latin1_tree / "out"
    for name in ("glossary.ttl", "glossary.nt", "glossary.jsonld", "graph.graphml", "graph.gexf",
                 "graph.html", "report.json", "report.md"):
        (out / name).read_bytes().decode("utf-8")  # every output is UTF-8
    store = ox.Store()
    store.load(path=str(out / "glossary.ttl"), format=ox.RdfFormat.TURTLE)
    slugs = {q.object.value for q in store.quads_for_pattern(None, GG_SLUG, None)}
    assert slugs == {"Glossary/Alpha", "Glossary/caf\ufffd", "Glossary/Naive", "Glossary/Caf\u00e9"}  # the last missing
    ox.Store().load(path=str(out / "glossary.nt"), format=ox.RdfFormat.N_TRIPLES)
    ox.Store().load(path=str(out / "glossary.jsonld"), format=ox.RdfFormat.JSON_LD)
    ET.parse(out / "graph.graphml")
    ET.parse(out / "graph.gexf")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert "files/en-us/glossary/caf\ufffd/index.md" in {w["file"] for w in report["warnings"]}


def test_the_page_opens_with_a_name_that_is_not_utf8(latin1_tree, open_graph):
    if not (latin1_tree / "out" / "graph.html").exists():
        assert run(["build", "tree", "-o", "out"], latin1_tree).returncode == 0
    page, watch = open_graph(latin1_tree / "out" / "graph.html")
    page.evaluate("glossGraph.select('concept:glossary/caf\ufffd')")
    page.wait_for_function("() => document.getElementById('panel-body').dataset.node === 'concept:glossary/caf\ufffd'")
    assert watch.problems() == []


def test_rebuild_check_and_query_cope_with_a_name_that_is_not_utf8(latin1_tree):
    first = run(["build", "tree", "-o", "again"], latin1_tree)
    assert first.returncode == 0, first.stderr.decode()
    # Through the cache, which keeps no file whose name is not UTF-8 (it
    # cannot be a JSON key): that file is read again, nothing is rewritten.
    second = run(["build", "tree", "-o", "again"], latin1_tree)
    assert second.returncode == 0, second.stderr.decode()
    assert b"wrote" not in second.stdout and second.stdout.count(b"unchanged") == 4
    assert second.stderr.decode("utf-8").count("is not valid UTF-8") == 2  # told again, for both folders
    for fmt in ("text", "json", "github"):
        done = run(["check", "tree", "--format", fmt, "--fail-on", "none", "-q"], latin1_tree)
        assert done.returncode == 0, done.stderr.decode()
        assert "caf\ufffd" in done.stdout.decode("utf-8")
    done = run(["query", "again/glossary.ttl", "--named", "orphans", "--format", "csv"], latin1_tree)
    assert done.returncode == 0, done.stderr.decode()


def test_a_source_named_in_bytes_that_are_not_utf8(latin1_tree):
    """The SOURCE itself, given on the command line in Latin-1."""
    os.rename(os.path.join(os.fsencode(latin1_tree), b"tree"), os.path.join(os.fsencode(latin1_tree), b"tr\xe9e"))
    try:
        env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
        done = subprocess.run([sys.executable, "-m", "gloss_graph", "build", b"tr\xe9e", "-o", "named", "-q"],
                              cwd=latin1_tree, env=env, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
        report = json.loads((latin1_tree / "named" / "report.json").read_text(encoding="utf-8"))
        assert report["sources"] == ["tr\ufffde"]
    finally:
        os.rename(os.path.join(os.fsencode(latin1_tree), b"tr\xe9e"), os.path.join(os.fsencode(latin1_tree), b"tree"))
