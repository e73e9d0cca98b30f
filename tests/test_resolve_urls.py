"""Resolution, as MDN does it: term slugs, link URLs, and the Resolver on a
tiny in-memory glossary with redirects."""
from __future__ import annotations

import pytest

from gloss_graph.model import (
    ENTRY, EXTERNAL, GLOSSARY, LINK, TO_CONCEPT, TO_EXTERNAL, TO_MISSING, TO_PAGE, XREF, Entry, Reference,
)
from gloss_graph.resolve import Resolver, classify_url, index_documents, term_slug

# --- term_slug ------------------------------------------------------------------


@pytest.mark.parametrize(
    "term, slug",
    [
        ("DNS", "Glossary/DNS"),
        ("IP address", "Glossary/IP_address"),
        ("  IP \t address\n", "Glossary/IP_address"),  # whitespace collapsed, ends trimmed
        ("Round Trip Time (RTT)", "Glossary/Round_Trip_Time_(RTT)"),
        ("Bézier curve", "Glossary/Bézier_curve"),
        ("Boolean/HTML", "Glossary/Boolean/HTML"),  # a nested term keeps its path
        ("already_underscored", "Glossary/already_underscored"),
    ],
)
def test_term_slug(term, slug):
    assert term_slug(term) == slug


# --- classify_url -----------------------------------------------------------------


HERE = ("en-US", "Glossary/Boolean")  # the page the link is on


@pytest.mark.parametrize(
    "url, expected",
    [
        # locale prefixes, written any way
        ("/en-US/docs/Glossary/DNS", ("en-US", "Glossary/DNS")),
        ("/en-us/docs/Glossary/DNS", ("en-US", "Glossary/DNS")),
        ("/fr/docs/Glossary/DNS", ("fr", "Glossary/DNS")),
        ("/zh-cn/docs/Glossary/DNS", ("zh-CN", "Glossary/DNS")),
        ("/pt-BR/docs/Glossary/DNS/", ("pt-BR", "Glossary/DNS")),  # trailing slash
        # no locale: the page's own
        ("/docs/Glossary/DNS", ("en-US", "Glossary/DNS")),
        # relative to the page's URL, /en-US/docs/Glossary/Boolean
        ("DNS", ("en-US", "Glossary/DNS")),
        ("./HTML", ("en-US", "Glossary/HTML")),
        ("Boolean/HTML", ("en-US", "Glossary/Boolean/HTML")),
        ("../Web/API/Fetch_API", ("en-US", "Web/API/Fetch_API")),
        # fragments and queries dropped
        ("/en-US/docs/Glossary/DNS#history", ("en-US", "Glossary/DNS")),
        ("/en-US/docs/Glossary/DNS?lang=x#y", ("en-US", "Glossary/DNS")),
        ("DNS#history", ("en-US", "Glossary/DNS")),
        # absolute MDN URLs, any scheme or host spelling, protocol-relative
        ("https://developer.mozilla.org/en-US/docs/Glossary/DNS#history", ("en-US", "Glossary/DNS")),
        ("http://developer.mozilla.org/fr/docs/Glossary/DNS", ("fr", "Glossary/DNS")),
        ("https://DEVELOPER.MOZILLA.ORG/de/docs/Glossary/DNS", ("de", "Glossary/DNS")),
        ("//developer.mozilla.org/ja/docs/Glossary/DNS", ("ja", "Glossary/DNS")),
        ("https://developer.mozilla.com/en-US/docs/Glossary/DNS", ("en-US", "Glossary/DNS")),
        # percent-encoded slugs are decoded
        ("/fr/docs/Glossary/B%C3%A9zier_curve", ("fr", "Glossary/Bézier_curve")),
        ("/en-US/docs/Glossary/Round_Trip_Time_%28RTT%29", ("en-US", "Glossary/Round_Trip_Time_(RTT)")),
        # parentheses as written
        ("/en-US/docs/Glossary/Round_Trip_Time_(RTT)", ("en-US", "Glossary/Round_Trip_Time_(RTT)")),
        # page slugs that end like files are pages
        ("/en-US/docs/Glossary/Robots.txt", ("en-US", "Glossary/Robots.txt")),
        ("/en-US/docs/Glossary/Node.js", ("en-US", "Glossary/Node.js")),
        ("/en-US/docs/Mozilla/Add-ons/WebExtensions/manifest.json", ("en-US", "Mozilla/Add-ons/WebExtensions/manifest.json")),
    ],
)
def test_classify_mdn_urls(url, expected):
    assert classify_url(url, *HERE) == expected


@pytest.mark.parametrize(
    "url, external",
    [
        ("https://example.com/a#b", "https://example.com/a"),  # fragment dropped
        ("http://example.com/", "http://example.com/"),
        ("https://en.wikipedia.org/wiki/Boolean", "https://en.wikipedia.org/wiki/Boolean"),
        ("https://wiki.mozilla.org/Firefox", "https://wiki.mozilla.org/Firefox"),  # Mozilla, not MDN
        ("//example.com/a", "https://example.com/a"),
        # an MDN URL outside /docs/ is a web page of MDN's, not a document
        ("https://developer.mozilla.org/en-US/blog/", "https://developer.mozilla.org/en-US/blog/"),
        ("/en-US/plus", "https://developer.mozilla.org/en-US/plus"),
    ],
)
def test_classify_external_urls(url, external):
    assert classify_url(url, *HERE) == (TO_EXTERNAL, external)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "#section",  # the same page
        "mailto:someone@example.com",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,x",
        "tel:+1234",
        # attachments: files next to an index.md, under the glossary or elsewhere
        "/en-US/docs/Glossary/Color_wheel/color_wheel_macos.png",
        "https://developer.mozilla.org/en-US/docs/Glossary/Color_wheel/color_wheel_macos.PNG",
        "color_wheel_macos.png",  # relative, next to the page
        "/en-US/docs/Web/HTML/Element/img/clock-demo.svg",
        "/en-US/docs/Web/Media/Formats/sample.mp4",
    ],
)
def test_classify_what_is_no_reference(url):
    assert classify_url(url, *HERE) is None


# --- the Resolver on a tiny glossary ------------------------------------------------------


def entry(locale: str, slug: str, *refs: Reference, translation_of: str | None = None) -> Entry:
    return Entry(
        file=f"{locale.lower()}/{slug.lower()}/index.md", source="memory", locale=locale, kind=ENTRY,
        slug=slug, title=slug.rsplit("/", 1)[-1].replace("_", " "), references=refs, translation_of=translation_of,
    )


def resolver(entries: list[Entry], redirects: dict[str, dict[str, str]] | None = None) -> Resolver:
    """Redirect tables as read from _redirects.txt: lower-case FROM slug -> TO."""
    made = Resolver(index_documents(entries), redirects or {})
    made.join_translations()
    return made


EN = "en-US"


def test_locate_a_term_case_insensitively():
    r = resolver([entry(EN, "Glossary/DNS")])
    assert r.locate(EN, "Glossary/dns") == (TO_CONCEPT, "glossary/dns", "Glossary/dns", False)


def test_locate_a_missing_term():
    r = resolver([entry(EN, "Glossary/DNS")])
    assert r.locate(EN, "Glossary/Interface") == (TO_MISSING, "glossary/interface", "Glossary/Interface", False)


def test_redirect_chains_are_followed():
    r = resolver(
        [entry(EN, "Glossary/Void_element")],
        {EN: {"glossary/empty_element": "Glossary/Empty_tag", "glossary/empty_tag": "Glossary/Void_element"}},
    )
    kind, key, _, fallback = r.locate(EN, "Glossary/Empty_element")
    assert (kind, key, fallback) == (TO_CONCEPT, "glossary/void_element", False)


@pytest.mark.parametrize(
    "redirects",
    [
        {"glossary/a": "Glossary/B", "glossary/b": "Glossary/A"},  # a cycle
        {"glossary/a": "Glossary/A"},  # onto itself
        {f"glossary/s{i}": f"Glossary/S{i + 1}" for i in range(100)} | {"glossary/a": "Glossary/S0"},  # too long
    ],
)
def test_redirect_cycles_and_overlong_chains_stop(redirects):
    r = resolver([entry(EN, "Glossary/DNS")], {EN: redirects})
    kind, key, display, _ = r.locate(EN, "Glossary/A")
    assert kind == TO_MISSING
    assert key.startswith("glossary/") and display.lower() == key  # the missing node is where it stopped


def test_redirect_to_a_missing_glossary_slug_is_missing_there():
    r = resolver([entry(EN, "Glossary/DNS")], {EN: {"glossary/old": "Glossary/Gone"}})
    assert r.locate(EN, "Glossary/Old") == (TO_MISSING, "glossary/gone", "Glossary/Gone", False)


def test_redirect_out_of_the_glossary_makes_a_page_reference():
    r = resolver([entry(EN, "Glossary/DNS")], {EN: {"glossary/fetch": "Web/API/Fetch_API"}})
    assert r.locate(EN, "Glossary/Fetch") == (TO_PAGE, "web/api/fetch_api", "Web/API/Fetch_API", False)


def test_redirect_off_mdn_makes_an_external_reference():
    r = resolver([entry(EN, "Glossary/DNS")], {EN: {"glossary/w3c": "https://www.w3.org/"}})
    assert r.locate(EN, "Glossary/W3C")[:2] == (TO_EXTERNAL, "https://www.w3.org/")


def test_translation_falls_back_to_en_us():
    r = resolver([entry(EN, "Glossary/DNS"), entry(EN, "Glossary/HTTP"), entry("fr", "Glossary/DNS")])
    assert r.locate("fr", "Glossary/DNS") == (TO_CONCEPT, "glossary/dns", "Glossary/DNS", False)
    assert r.locate("fr", "Glossary/HTTP") == (TO_CONCEPT, "glossary/http", "Glossary/HTTP", True)
    assert r.locate("fr", "Glossary/Nowhere")[0] == TO_MISSING


def test_locale_redirect_comes_before_the_fallback():
    entries = [entry(EN, "Glossary/Old"), entry(EN, "Glossary/New"), entry("fr", "Glossary/New")]
    # without a French redirect, French falls back to the English page
    assert resolver(entries).locate("fr", "Glossary/Old") == (TO_CONCEPT, "glossary/old", "Glossary/Old", True)
    # with one, the French redirect wins, and lands on a French entry
    r = resolver(entries, {"fr": {"glossary/old": "Glossary/New"}})
    kind, key, _, fallback = r.locate("fr", "Glossary/Old")
    assert (kind, key, fallback) == (TO_CONCEPT, "glossary/new", False)


def test_en_us_redirects_apply_to_translations():
    entries = [entry(EN, "Glossary/New"), entry(EN, "Glossary/Other"), entry("fr", "Glossary/New")]
    redirects = {EN: {"glossary/old": "Glossary/New", "glossary/older": "Glossary/Other"}}
    r = resolver(entries, redirects)
    # to a page French has: no fallback
    assert r.locate("fr", "Glossary/Old")[1:] == ("glossary/new", "Glossary/New", False)
    # to a page only English has: fallback
    assert r.locate("fr", "Glossary/Older")[1:] == ("glossary/other", "Glossary/Other", True)


def test_a_locale_not_loaded_reads_as_en_us():
    r = resolver([entry(EN, "Glossary/DNS")])
    assert r.locate("ja", "Glossary/DNS") == (TO_CONCEPT, "glossary/dns", "Glossary/DNS", False)


def test_translation_joins_through_its_legacy_key_and_resolves_there():
    entries = [entry(EN, "Glossary/Bézier_curve"), entry("fr", "Glossary/Bezier_curve", translation_of="Glossary/Bézier_curve")]
    r = resolver(entries)
    assert r.locate("fr", "Glossary/Bezier_curve")[:2] == (TO_CONCEPT, "glossary/bézier_curve")


# --- resolve: each kind of reference becomes the right Link -------------------------------


def test_resolve_turns_references_into_links():
    refs = (
        Reference(GLOSSARY, "IP  address", "IP", 3, 5),
        Reference(LINK, "/en-US/docs/Glossary/DNS#x", "DNS", 4, 1),
        Reference(LINK, "DNS", "relative", 4, 20),
        Reference(LINK, "color_wheel_macos.png", "picture", 5, 1),
        Reference(LINK, "mailto:a@example.com", "mail", 5, 30),
        Reference(LINK, "https://example.com/a#b", "web", 6, 1),
        Reference(XREF, "Web/API/Fetch_API", "fetch", 7, 1),
        Reference(EXTERNAL, "https://en.wikipedia.org/wiki/DNS", "wiki", 8, 1),
        Reference(GLOSSARY, "Nowhere", "nowhere", 9, 1),
    )
    source = entry(EN, "Glossary/HTTP", *refs)
    r = resolver([source, entry(EN, "Glossary/IP_address"), entry(EN, "Glossary/DNS")])
    got = [(l.line, l.column, l.via, l.text, l.target_kind, l.target, l.fallback) for l in r.resolve(source, "glossary/http")]
    assert got == [
        (3, 5, GLOSSARY, "IP", TO_CONCEPT, "glossary/ip_address", False),
        (4, 1, LINK, "DNS", TO_CONCEPT, "glossary/dns", False),
        (4, 20, LINK, "relative", TO_CONCEPT, "glossary/dns", False),
        # the attachment and the mail link make no Link at all
        (6, 1, LINK, "web", TO_EXTERNAL, "https://example.com/a", False),
        (7, 1, XREF, "fetch", TO_PAGE, "web/api/fetch_api", False),
        (8, 1, EXTERNAL, "wiki", TO_EXTERNAL, "https://en.wikipedia.org/wiki/DNS", False),
        (9, 1, GLOSSARY, "nowhere", TO_MISSING, "glossary/nowhere", False),
    ]


def test_resolve_marks_a_translations_fallback():
    source = entry("fr", "Glossary/DNS", Reference(GLOSSARY, "HTTP", "HTTP", 2, 1), Reference(GLOSSARY, "DNS", "DNS", 3, 1))
    r = resolver([entry(EN, "Glossary/DNS"), entry(EN, "Glossary/HTTP"), source])
    got = [(l.target, l.fallback, l.locale) for l in r.resolve(source, "glossary/dns")]
    assert got == [("glossary/http", True, "fr"), ("glossary/dns", False, "fr")]


# --- web_host: urlsplit's answer, without urlsplit for plain addresses ----------

_ODD_URLS = [
    "https://Example.COM/x", "http://example.com", "https://example.com:8080/a?b#c", "https://example.com:/x",
    "https://example.com:80x/", "https://user@example.com/", "https://[::1]:8080/", "https://exa\tmple.com/",
    "https://exa\nmple.com/x", "https://exa mple.com/", "https://bücher.de/", "https://example.com#frag",
    "https://example.com?q", "https://developer.mozilla.org/en-US/docs/Web", "HTTPS://DEVELOPER.MOZILLA.ORG/",
    "https://", "https:///path", "https://.../", "https://a-b.c-d.example/", "https://example.com\\x",
    "https://example.com%2F/", "http://1.2.3.4:5/", "https://example.com:99999/",
]


@pytest.mark.parametrize("url", _ODD_URLS)
def test_web_host_is_urlsplits_hostname(url):
    from urllib.parse import urlsplit

    from gloss_graph.resolve import web_host

    assert web_host(url) == (urlsplit(url).hostname or "")


def test_web_host_agrees_on_every_external_link_of_a_real_glossary(mdn_2022):
    from urllib.parse import urlsplit

    from gloss_graph.resolve import web_host

    urls = {link.target for link in mdn_2022.links if link.target_kind == TO_EXTERNAL}
    assert len(urls) > 500
    assert [u for u in urls if web_host(u) != (urlsplit(u).hostname or "")] == []
