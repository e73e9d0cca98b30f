"""Every IRI in the export is valid, whatever a slug, tag or URL holds."""
from __future__ import annotations

import re
import shutil
from urllib.parse import unquote

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gloss_graph
from gloss_graph import iri, turtle
from gloss_graph.vocabulary import GG

from hostile_corpus import RENAMES, STATIC

BASE = iri.DEFAULT_BASE_IRI
# What RFC 3986 allows in a URI, '%' only as the start of an escape.
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]|%[0-9A-Fa-f]{2})*$")


def strict_ok(value: str) -> bool:
    """Oxigraph's strict Turtle parser accepts it as an IRI."""
    data = f"<{value}> <http://example.org/p> <http://example.org/o> .".encode()
    try:
        list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    except SyntaxError:
        return False
    return True


@pytest.mark.parametrize("slug, expected", [
    # Lower case: MDN compares slugs so, and the IRI must not change when only case does.
    ("Glossary/Round_Trip_Time_(RTT)", "concept/round_trip_time_(rtt)"),  # sub-delims are valid, kept
    ("Glossary/Boolean/HTML", "concept/boolean/html"),
    ("Glossary/BOOLEAN/html", "concept/boolean/html"),
    ("Glossary//Baseline/Typography", "concept/baseline/typography"),  # no empty segment
    ("Glossary/with space", "concept/with%20space"),
    ('Glossary/quote"and\'apostrophe', "concept/quote%22and'apostrophe"),
    ("Glossary/<Angle>&amp", "concept/%3Cangle%3E&amp"),
    ("Glossary/hash#fragment", "concept/hash%23fragment"),
    ("Glossary/percent%20encoded", "concept/percent%2520encoded"),  # a literal %, not an escape
    ("Glossary/..", "concept/%2E%2E"),
    ("Glossary/../../etc", "concept/%2E%2E/%2E%2E/etc"),
    ("Glossary/a..b", "concept/a..b"),
    ("Glossary/Café_日本", "concept/caf%C3%A9_%E6%97%A5%E6%9C%AC"),
    ("Glossary/back\\slash{brace}|pipe^caret`tick", "concept/back%5Cslash%7Bbrace%7D%7Cpipe%5Ecaret%60tick"),
    ("glossary/lower", "concept/lower"),
])
def test_concept_iris(slug, expected):
    value = iri.concept(BASE, slug)
    assert value == BASE + expected
    assert strict_ok(value) and URI_CHARS.match(value)


def test_tag_and_missing_iris():
    assert iri.tag(BASE, "Programming Language") == BASE + "tag/Programming%20Language"
    assert iri.tag(BASE, "a/b") == BASE + "tag/a%2Fb"  # one segment: '/' encoded
    assert iri.tag(BASE, "l10n:priority") == BASE + "tag/l10n:priority"
    # A missing term has the IRI its concept will have once the entry is written.
    assert iri.missing(BASE, "Glossary/Nonexistent term") == BASE + "concept/nonexistent%20term"
    assert iri.missing(BASE, "Glossary/Nonexistent term") == iri.concept(BASE, "Glossary/nonexistent TERM")
    assert iri.disambiguation(BASE, "Glossary/Signature") == BASE + "disambiguation/signature"


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_slug_gives_a_valid_iri_that_decodes_back(text):
    value = iri.concept(BASE, "Glossary/" + text)
    assert strict_ok(value) and URI_CHARS.match(value)
    # Injective on slugs as MDN compares them (lower case, no empty segment):
    # decoding the path gives that form back, so no two MDN slugs share an IRI.
    canonical = "/".join(part for part in text.lower().split("/") if part)
    assert unquote(value[len(BASE + "concept/"):], errors="surrogatepass") == canonical
    assert iri.concept(BASE, "Glossary/" + text.upper()) == iri.concept(BASE, "Glossary/" + text.upper().lower())


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_any_tag_gives_a_valid_iri(text):
    value = iri.tag(BASE, text)
    assert strict_ok(value) and URI_CHARS.match(value)


@pytest.mark.parametrize("url, expected", [
    ("https://en.wikipedia.org/wiki/API", "https://en.wikipedia.org/wiki/API"),
    ("https://en.wikipedia.org/wiki/Ajax_(programming)", "https://en.wikipedia.org/wiki/Ajax_(programming)"),
    ("https://example.com/a b/\"x\"?q=<1>#f#g", "https://example.com/a%20b/%22x%22?q=%3C1%3E#f%23g"),
    ("https://example.com/100%", "https://example.com/100%25"),
    ("https://example.com/%41ok", "https://example.com/%41ok"),  # a valid escape stays
    ("https://ja.wikipedia.org/wiki/日本", "https://ja.wikipedia.org/wiki/%E6%97%A5%E6%9C%AC"),
    ("https://bücher.example/x", "https://xn--bcher-kva.example/x"),
    ("https://example.com/a|b^c`d{e}\\f", "https://example.com/a%7Cb%5Ec%60d%7Be%7D%5Cf"),
    ("  https://example.com/trimmed  ", "https://example.com/trimmed"),
    ("javascript:alert(1)", None),
    ("data:text/html,<script>alert(1)</script>", None),
    ("mailto:someone@example.com", None),
    ("http:///no-host", None),
    ("http://exa mple.com/", None),
    ("http://[::1/unclosed", None),
    ("/en-US/docs/Relative", None),
])
def test_web_iri(url, expected):
    assert iri.web_iri(url) == expected
    if expected:
        assert strict_ok(expected)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=30), st.text(max_size=10), st.text(max_size=10))
def test_any_web_address_gives_a_valid_iri_or_none(path, query, fragment):
    value = iri.web_iri(f"https://example.com/{path}?{query}#{fragment}")
    assert value is None or (strict_ok(value) and URI_CHARS.match(value))


def test_base_iri_is_checked_and_given_a_trailing_slash():
    assert iri.check_base("http://example.org/kb") == "http://example.org/kb/"
    assert iri.check_base("http://example.org/kb#") == "http://example.org/kb#"
    for bad in ("kb/", "http://exa mple/", "<http://x/>"):
        with pytest.raises(ValueError):
            iri.check_base(bad)


# From tests/hostile: the entries whose slug, tags or title are odd but that
# the reader accepts. (make_hostile_tree's pipes, loops and 10 MB files test
# the reader, not the export.)
HOSTILE_ENTRIES = ["alpha", "beta", "gamma", "delta", "dot-dot", "xss-tags", "xss-title", "title-control-chars",
                   "with space", "hash#fragment", "percent%20encoded", "a..b", "café_ñ_日本語", *RENAMES]
HOSTILE_SLUGS = ["Glossary/With space", "Glossary/Hash#fragment", "Glossary/Percent%20encoded", "Glossary/a..b",
                 "Glossary/Café_ñ_日本語", "Glossary/../../../../../tmp/gloss-graph-escape",
                 "Glossary/Quote\"and'apostrophe", "Glossary/<Angle>&amp", "Glossary/Back\\slash{brace}|pipe^caret`tick"]


def test_hostile_slugs_give_valid_turtle(tmp_path):
    """Slugs with spaces, quotes, <>, #, %, .., non-ASCII and characters no
    IRI may hold raw; tags holding markup; a title with control characters.
    The file must parse strictly, and each concept is found again under its
    own IRI with its own slug."""
    glossary = tmp_path / "files" / "en-us" / "glossary"
    glossary.mkdir(parents=True)
    shutil.copy(STATIC / "files" / "en-us" / "glossary" / "index.md", glossary)
    for name in HOSTILE_ENTRIES:
        shutil.copytree(STATIC / "files" / "en-us" / "glossary" / name, glossary / RENAMES.get(name, name))
    graph = gloss_graph.build_graph(gloss_graph.load([str(tmp_path)]))
    data = turtle.turtle_bytes(graph)
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))  # strict: raises on any bad IRI
    slug_of = {t.subject.value: t.object.value for t in triples if t.predicate.value == str(GG.slug)}
    concepts = {attrs["slug"]: attrs for attrs in dict(graph.nodes(data=True)).values() if attrs["kind"] == "concept"}
    for slug in HOSTILE_SLUGS:
        assert slug in concepts, f"the reader lost {slug!r}"
    for slug in concepts:
        assert slug_of[iri.concept(BASE, slug)] == slug
    for t in triples:
        for term in (t.subject, t.object):
            if isinstance(term, pyoxigraph.NamedNode):
                assert URI_CHARS.match(term.value), term.value
    # Literals keep their text exactly, control characters included.
    title = concepts["Glossary/Title-control-chars"]["labels"]["en-US"]
    labels = {t.object.value for t in triples if t.predicate.value.endswith("#prefLabel")}
    assert "\x00" in title and "\u2028" in title  # the reader kept them
    assert title in labels
