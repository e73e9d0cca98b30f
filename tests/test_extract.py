"""The reference scanner (gloss_graph.extract), form by form.

Every positive case pins the whole Reference: kind, target, text, line and
column (1-based; the column of the macro's ``{{``, the link's ``[``, the
autolink's ``<`` or the anchor's ``<a``). Columns count characters, not bytes.
"""
from __future__ import annotations

import pytest

from gloss_graph.extract import find_references
from gloss_graph.model import DISAMBIGUATION, EXTERNAL, GLOSSARY, LINK, XREF, Reference
from gloss_graph.resolve import classify_url

G = "/en-US/docs/Glossary/"


def refs(text: str, **kwargs) -> list[Reference]:
    found, problems = find_references(text, **kwargs)
    assert problems == [], problems
    return found


def one(text: str, **kwargs) -> Reference:
    found = refs(text, **kwargs)
    assert len(found) == 1, found
    return found[0]


def ref(kind, target, text, line=1, column=1) -> Reference:
    return Reference(kind, target, text, line, column)


# --- the glossary macro --------------------------------------------------------


@pytest.mark.parametrize(
    "source, target, text",
    [
        ('{{Glossary("DNS")}}', "DNS", "DNS"),
        ("{{glossary('IP address', 'IP addresses')}}", "IP address", "IP addresses"),
        ('{{GLOSSARY("HTTP")}}', "HTTP", "HTTP"),
        ('{{gLoSsArY("HTTP")}}', "HTTP", "HTTP"),
        ("{{Glossary(\"TCP\", 'the protocol')}}", "TCP", "the protocol"),  # quotes mixed
        # spaces anywhere: inside the braces, around the name and the parentheses
        ('{{ Glossary ( "IP address" , "IP" ) }}', "IP address", "IP"),
        ('{{Glossary  ("a")  }}', "a", "a"),
        ('{{  glossary("a","b")}}', "a", "b"),
        # escaped quotes of either kind
        ('{{Glossary("say \\"cheese\\"")}}', 'say "cheese"', 'say "cheese"'),
        ("{{Glossary('it\\'s', 'it\\'s here')}}", "it's", "it's here"),
        ('{{Glossary("a\\\\b")}}', "a\\b", "a\\b"),  # an escaped backslash
        # the other quote needs no escape
        ("{{Glossary('say \"hi\"')}}", 'say "hi"', 'say "hi"'),
        # commas and parentheses inside the strings
        ('{{Glossary("Round Trip Time (RTT)", "RTT, (the delay)")}}', "Round Trip Time (RTT)", "RTT, (the delay)"),
        ('{{Glossary("a)b(", ")")}}', "a)b(", ")"),
        # a third argument is ignored, quoted or not
        ('{{Glossary("TCP", "tcp", 1)}}', "TCP", "tcp"),
        ('{{Glossary("TCP", "tcp", "whatever")}}', "TCP", "tcp"),
        # an empty shown text shows the term
        ('{{Glossary("TCP", "")}}', "TCP", "TCP"),
        # the term is compared trimmed
        ('{{Glossary(" TCP ")}}', "TCP", "TCP"),
        # non-ASCII terms are kept as written
        ('{{Glossary("Bézier curve", "courbe de Bézier")}}', "Bézier curve", "courbe de Bézier"),
        # a macro writes its text into HTML, so entities show decoded
        ('{{Glossary("Element", "&lt;p&gt; element")}}', "Element", "<p> element"),
    ],
)
def test_glossary_macro_forms(source, target, text):
    assert refs(source) == [ref(GLOSSARY, target, text)]


def test_glossary_macro_column_is_at_the_opening_braces():
    assert refs('See {{Glossary("DNS")}}, then {{glossary("IP")}}.') == [
        ref(GLOSSARY, "DNS", "DNS", 1, 5),
        ref(GLOSSARY, "IP", "IP", 1, 31),
    ]


def test_columns_count_characters_not_bytes():
    # "Voilà : " is 8 characters (9 bytes in UTF-8)
    assert refs('Voilà : {{Glossary("DNS")}}') == [ref(GLOSSARY, "DNS", "DNS", 1, 9)]


def test_glossary_disambiguation():
    for source in ("{{GlossaryDisambiguation}}", "{{ glossarydisambiguation }}", "{{GlossaryDisambiguation()}}"):
        assert refs("Intro.\n\n" + source) == [ref(DISAMBIGUATION, "", "", 3, 1)], source


# --- problems, not crashes -----------------------------------------------------


def test_unterminated_macro_is_a_problem_with_its_line_and_does_not_hide_the_rest():
    found, problems = find_references('First line.\nSee {{Glossary("x"\nand {{Glossary("y")}}.')
    assert found == [ref(GLOSSARY, "y", "y", 3, 5)]
    assert [line for line, _ in problems] == [2]
    assert "not closed" in problems[0][1]


def test_unterminated_macro_at_the_end_of_the_text():
    found, problems = find_references('{{Glossary("x"', first_line=10)
    assert found == []
    assert [line for line, _ in problems] == [10]


@pytest.mark.parametrize("source", ['{{glossary("")}}', "{{Glossary('  ')}}", "{{Glossary()}}"])
def test_empty_term_is_a_problem_and_no_reference(source):
    found, problems = find_references("Text.\n" + source)
    assert found == []
    assert len(problems) == 1
    assert problems[0][0] == 2
    assert "empty term" in problems[0][1]


# --- inline links --------------------------------------------------------------


@pytest.mark.parametrize(
    "source, target",
    [
        (f"[RTT]({G}Round_Trip_Time_(RTT))", f"{G}Round_Trip_Time_(RTT)"),  # parentheses in the URL
        (f"[RTT]({G}A_(b)_c_(d))", f"{G}A_(b)_c_(d)"),
        (f"[RTT](<{G}Round Trip Time>)", f"{G}Round Trip Time"),  # angle brackets allow spaces
        (f"[RTT](<{G}A)B>)", f"{G}A)B"),  # and unbalanced parentheses
        (f'[RTT]({G}RTT "a title")', f"{G}RTT"),
        (f"[RTT]({G}RTT 'a title')", f"{G}RTT"),
        (f"[RTT]({G}RTT (a title))", f"{G}RTT"),
        (f"[RTT](  {G}RTT  )", f"{G}RTT"),
        (f"[RTT]({G}RTT#section)", f"{G}RTT#section"),  # the fragment goes at classify_url
        (r"[RTT](/en-US/docs/Glossary/A\_B)", f"{G}A_B"),  # backslash escape
        ("[RTT](/x?a=1&amp;b=2)", "/x?a=1&b=2"),  # entity decoded
        ("[RTT](/x?q=1&regexp=true)", "/x?q=1&regexp=true"),  # "&reg" without ";" is no entity
        ("[RTT]()", ""),
    ],
)
def test_inline_link_destinations(source, target):
    assert refs(source) == [ref(LINK, target, "RTT")]


@pytest.mark.parametrize(
    "source, text",
    [
        ("[**bold** and _emphasis_](/x)", "bold and emphasis"),
        ("[start_url](/x)", "start_url"),  # intraword underscores are no emphasis
        ("[`function*`](/x)", "function*"),  # code is shown as written
        ("[`a[0]`](/x)", "a[0]"),  # brackets inside a code span do not end the text
        ("[`RegExp.leftContext` (`` $` ``)](/x)", "RegExp.leftContext ($`)"),
        ("[`<summary>`](/x)", "<summary>"),  # a tag in code is text
        ("[<code>&lt;a&gt;</code>](/x)", "<a>"),  # tags dropped, entities decoded
        ("[a [nested] text](/x)", "a [nested] text"),
        ("[domain\nname](/x)", "domain name"),  # one line break is allowed
        ("[![The picture](/i.png)](/x)", "The picture"),  # an image shows its alt text
        (r"[a \* b](/x)", "a * b"),
    ],
)
def test_inline_link_text(source, text):
    assert refs(source) == [ref(LINK, "/x", text)]


def test_inline_links_positions():
    source = f"A [first]({G}A) and\nthe [second]({G}B) link."
    assert refs(source) == [
        ref(LINK, f"{G}A", "first", 1, 3),
        ref(LINK, f"{G}B", "second", 2, 5),
    ]


def test_macro_inside_link_text_is_found_too():
    source = '[the {{Glossary("DNS")}} lookup](/en-US/docs/Web/API/X)'
    assert refs(source) == [
        ref(LINK, "/en-US/docs/Web/API/X", "the DNS lookup", 1, 1),
        ref(GLOSSARY, "DNS", "DNS", 1, 6),
    ]


@pytest.mark.parametrize(
    "source",
    [
        "[a\n\nb](/x)",  # link text does not cross a blank line
        "[a](<b)",  # an unclosed angle destination is no destination
        "[a] (/x)",  # a space between text and destination
        "[a](/x y z)",  # a space inside a bare destination
    ],
)
def test_not_inline_links(source):
    assert [r for r in refs(source) if r.kind == LINK] == []


# --- reference-style links ------------------------------------------------------


def test_full_reference_link_defined_after_use():
    source = f"See [the DNS][dns] page.\n\n[DNS]: {G}DNS"
    assert refs(source) == [ref(LINK, f"{G}DNS", "the DNS", 1, 5)]


def test_collapsed_reference_link():
    source = f"A [DNS][] lookup.\n\n[dns]: {G}DNS"
    assert refs(source) == [ref(LINK, f"{G}DNS", "DNS", 1, 3)]


def test_shortcut_reference_link():
    source = f"A [DNS] lookup.\n\n[dns]: {G}DNS"
    assert refs(source) == [ref(LINK, f"{G}DNS", "DNS", 1, 3)]


def test_definition_before_use():
    source = f"[dns]: {G}DNS\n\nLater, a [Dns] lookup."
    assert refs(source) == [ref(LINK, f"{G}DNS", "Dns", 3, 10)]


def test_labels_match_case_insensitively_with_whitespace_collapsed():
    source = f"The [Domain Name System][] and [x][DOMAIN   name\nsystem].\n\n[domain name  system]: {G}DNS"
    assert refs(source) == [
        ref(LINK, f"{G}DNS", "Domain Name System", 1, 5),
        ref(LINK, f"{G}DNS", "x", 1, 32),
    ]


@pytest.mark.parametrize(
    "definition, target",
    [
        (f'[dns]: {G}DNS "Domain Name System"', f"{G}DNS"),
        (f"[dns]: <{G}Domain Name>", f"{G}Domain Name"),
        (f"   [dns]:\n   {G}DNS", f"{G}DNS"),  # indented up to three spaces, URL on the next line
        (f"[dns]: {G}Round_Trip_Time_(RTT)", f"{G}Round_Trip_Time_(RTT)"),
    ],
)
def test_definition_forms(definition, target):
    assert refs(f"[DNS]\n\n{definition}") == [ref(LINK, target, "DNS", 1, 1)]


def test_first_definition_wins():
    source = f"[DNS]\n\n[dns]: {G}First\n[dns]: {G}Second"
    assert refs(source) == [ref(LINK, f"{G}First", "DNS", 1, 1)]


@pytest.mark.parametrize(
    "source",
    [
        "[no definition] and [text][missing]",
        f"[dns]: {G}DNS",  # a definition alone references nothing
        f"```\n[dns]: {G}DNS\n```\n\n[dns]",  # a definition in code defines nothing
        f"`[dns]`\n\n[dns]: {G}DNS",  # a usage in code is code
        f"![dns]\n\n[dns]: {G}DNS",  # a reference-style image is no link
    ],
)
def test_not_reference_links(source):
    assert refs(source) == []


def test_reference_links_are_ordered_with_the_rest():
    source = f"[later][l] then [inline]({G}B)\n\n[l]: {G}A"
    assert refs(source) == [ref(LINK, f"{G}A", "later", 1, 1), ref(LINK, f"{G}B", "inline", 1, 17)]


# --- autolinks and HTML anchors ----------------------------------------------------


def test_autolink():
    url = "https://developer.mozilla.org/en-US/docs/Glossary/DNS"
    assert refs(f"Visit <{url}> now.") == [ref(LINK, url, url, 1, 7)]


def test_autolink_http_and_any_case_scheme():
    assert refs("<HTTP://example.com/a>") == [ref(LINK, "HTTP://example.com/a", "HTTP://example.com/a")]


@pytest.mark.parametrize("source", ["<mailto:someone@example.com>", "<ftp://example.com/a>", "<not a link>"])
def test_autolinks_that_are_no_references(source):
    assert refs(source) == []


@pytest.mark.parametrize(
    "source",
    [
        f'<a href="{G}Cookie">cookies</a>',
        f"<a href='{G}Cookie'>cookies</a>",
        f"<a href={G}Cookie>cookies</a>",
        f'<a class="external" title="t" href="{G}Cookie">cookies</a>',  # other attributes first
        f'<a\n  href="{G}Cookie"\n  rel="noopener">cookies</a>',  # attributes on several lines
        f'<A HREF = "{G}Cookie">cookies</A>',
        f'<a href="{G}Cookie"><strong>cookies</strong></a>',
    ],
)
def test_html_anchor_forms(source):
    assert refs(source) == [ref(LINK, f"{G}Cookie", "cookies")]


def test_html_anchor_position_entities_and_macro_inside():
    source = 'Read\nthe <a href="/x?a=1&amp;b=2">{{Glossary("HTTP")}} page</a>.'
    assert refs(source) == [
        ref(LINK, "/x?a=1&b=2", "HTTP page", 2, 5),
        ref(GLOSSARY, "HTTP", "HTTP", 2, 30),
    ]


@pytest.mark.parametrize("source", ['<a name="top">top</a>', '<abbr title="x">x</abbr>', '<area alt="x">'])
def test_not_anchors(source):
    assert refs(source) == []


# --- absolute URLs, locales and fragments (the scanner keeps the URL as
# written; classify_url makes it a (locale, slug)) ----------------------------------


@pytest.mark.parametrize(
    "source, locale, slug",
    [
        ("[a](https://developer.mozilla.org/en-US/docs/Glossary/DNS)", "en-US", "Glossary/DNS"),
        ("[a](https://developer.mozilla.org/fr/docs/Glossary/DNS#histoire)", "fr", "Glossary/DNS"),
        ("<https://developer.mozilla.org/ja/docs/Glossary/DNS#x>", "ja", "Glossary/DNS"),
        ('<a href="https://developer.mozilla.org/zh-CN/docs/Glossary/DNS">a</a>', "zh-CN", "Glossary/DNS"),
        ("[a](/pt-br/docs/Glossary/DNS)", "pt-BR", "Glossary/DNS"),
        ("[a](/de/docs/Glossary/Round_Trip_Time_(RTT)#x)", "de", "Glossary/Round_Trip_Time_(RTT)"),
    ],
)
def test_link_urls_classify_to_locale_and_slug(source, locale, slug):
    (found,) = refs(source)
    assert found.kind == LINK
    assert classify_url(found.target, "en-US", "Glossary/HTTP") == (locale, slug)


@pytest.mark.parametrize(
    "source",
    [
        f"[picture]({G}Color_wheel/color_wheel_macos.png)",
        "[picture](color_wheel_macos.png)",
        "[mail](mailto:someone@example.com)",
        "[script](javascript:alert(1))",
    ],
)
def test_links_that_classify_to_nothing(source):
    # the scanner reports what is written; classify_url decides it is no reference
    (found,) = refs(source)
    assert classify_url(found.target, "en-US", "Glossary/Color_wheel") is None


# --- xref macros ---------------------------------------------------------------


@pytest.mark.parametrize(
    "source, target, text",
    [
        ('{{domxref("Window.fetch()")}}', "Web/API/Window/fetch", "Window.fetch()"),
        ('{{domxref("Window.fetch()", "fetch()")}}', "Web/API/Window/fetch", "fetch()"),
        ('{{DOMxRef("Node.prototype.appendChild()")}}', "Web/API/Node/appendChild", "Node.prototype.appendChild()"),
        ('{{domxref("Web Crypto API")}}', "Web/API/Web_Crypto_API", "Web Crypto API"),
        ('{{domxref("Navigator/userAgent", "userAgent")}}', "Web/API/Navigator/userAgent", "userAgent"),
        ('{{cssxref("color")}}', "Web/CSS/color", "color"),
        ('{{CSSxRef("calc()")}}', "Web/CSS/calc", "calc()"),
        ('{{cssxref("&lt;length&gt;")}}', "Web/CSS/length", "<length>"),
        ('{{cssxref("<length>")}}', "Web/CSS/length", "<length>"),
        # <color> is a data type whose page is color_value (Web/CSS/color is the property)
        ('{{cssxref("&lt;color&gt;")}}', "Web/CSS/color_value", "<color>"),
        ('{{cssxref("&lt;color&gt;", "currentColor", "#currentcolor_keyword")}}', "Web/CSS/color_value", "currentColor"),
        ('{{cssxref("color_value/hsl", "hsl()")}}', "Web/CSS/color_value/hsl", "hsl()"),
        ('{{jsxref("Promise")}}', "Web/JavaScript/Reference/Global_Objects/Promise", "Promise"),
        ('{{jsxref("Array.prototype.map()")}}', "Web/JavaScript/Reference/Global_Objects/Array/map", "Array.prototype.map()"),
        ('{{jsxref("Array.from()")}}', "Web/JavaScript/Reference/Global_Objects/Array/from", "Array.from()"),
        ('{{jsxref("Statements/try...catch", "catch (e)")}}', "Web/JavaScript/Reference/Statements/try...catch", "catch (e)"),
        ('{{HTMLElement("a")}}', "Web/HTML/Element/a", "<a>"),
        ('{{htmlelement("Input")}}', "Web/HTML/Element/input", "<Input>"),
        ("{{HtmlElement('input/submit', '&lt;input type=\"submit\"&gt;')}}", "Web/HTML/Element/input/submit", '<input type="submit">'),
        ('{{httpheader("Accept-Language")}}', "Web/HTTP/Headers/Accept-Language", "Accept-Language"),
        ('{{HTTPHeader("Content-Security-Policy/upgrade-insecure-requests", "upgrade-insecure-requests")}}',
         "Web/HTTP/Headers/Content-Security-Policy/upgrade-insecure-requests", "upgrade-insecure-requests"),
        ('{{HTTPMethod("GET")}}', "Web/HTTP/Methods/GET", "GET"),
        ('{{HTTPStatus("404")}}', "Web/HTTP/Status/404", "404"),
        ("{{HTTPStatus(404)}}", "Web/HTTP/Status/404", "404"),  # a bare number
        ('{{SVGElement("circle")}}', "Web/SVG/Element/circle", "<circle>"),
        ('{{SVGAttr("viewBox")}}', "Web/SVG/Attribute/viewBox", "viewBox"),
    ],
)
def test_xref_macros(source, target, text):
    assert refs("Use " + source) == [ref(XREF, target, text, 1, 5)]


@pytest.mark.parametrize(
    "source",
    ['{{domxref("")}}', "{{cssxref()}}", "{{optional_inline}}", "{{Compat}}", '{{EmbedLiveSample("x", 100)}}'],
)
def test_macros_that_reference_nothing(source):
    assert refs(source) == []


# --- Interwiki and RFC -----------------------------------------------------------


@pytest.mark.parametrize(
    "locale, url",
    [
        ("en-US", "https://en.wikipedia.org/wiki/Round-trip_delay"),
        ("fr", "https://fr.wikipedia.org/wiki/Round-trip_delay"),
        ("de", "https://de.wikipedia.org/wiki/Round-trip_delay"),
        ("zh-CN", "https://zh.wikipedia.org/wiki/Round-trip_delay"),
        ("pt-BR", "https://pt.wikipedia.org/wiki/Round-trip_delay"),
    ],
)
def test_interwiki_wikipedia_follows_the_locale(locale, url):
    source = 'See {{Interwiki("wikipedia", "Round-trip delay", "RTT")}}.'
    assert refs(source, locale=locale) == [ref(EXTERNAL, url, "RTT", 1, 5)]


def test_interwiki_without_text_shows_the_article():
    assert refs("{{interwiki('wikipedia', 'Domain_Name_System')}}") == [
        ref(EXTERNAL, "https://en.wikipedia.org/wiki/Domain_Name_System", "Domain Name System")
    ]


def test_interwiki_to_another_wiki_is_no_reference():
    assert refs('{{Interwiki("wikimo", "Firefox")}}') == []


@pytest.mark.parametrize(
    "source, url, text",
    [
        ("{{RFC(7231)}}", "https://datatracker.ietf.org/doc/html/rfc7231", "RFC 7231"),
        ('{{rfc("6455")}}', "https://datatracker.ietf.org/doc/html/rfc6455", "RFC 6455"),
        ('{{RFC(6455, "The WebSocket Protocol")}}', "https://datatracker.ietf.org/doc/html/rfc6455",
         "RFC 6455: The WebSocket Protocol"),
        ('{{RFC(5245, "", 15.1)}}', "https://datatracker.ietf.org/doc/html/rfc5245", "RFC 5245"),
    ],
)
def test_rfc(source, url, text):
    assert refs(source) == [ref(EXTERNAL, url, text)]


def test_rfc_without_a_number_is_no_reference():
    assert refs('{{RFC("HTTP")}}') == []


# --- lines and columns across a text -------------------------------------------


MULTILINE = (
    "Line one has nothing.\n"
    '  {{Glossary("a")}} and [b](/en-US/docs/Glossary/B)\n'
    '<a href="/en-US/docs/Glossary/C">c</a> <https://example.com/d>\n'
    "\n"
    "Tab\t{{cssxref(\"color\")}}"
)


def test_lines_and_columns_across_lines():
    assert refs(MULTILINE) == [
        ref(GLOSSARY, "a", "a", 2, 3),
        ref(LINK, f"{G}B", "b", 2, 25),
        ref(LINK, f"{G}C", "c", 3, 1),
        ref(LINK, "https://example.com/d", "https://example.com/d", 3, 40),
        ref(XREF, "Web/CSS/color", "color", 5, 5),  # a tab is one column
    ]


def test_first_line_offsets_lines_not_columns():
    # the body starts after front matter: its first line is line 7 of the file
    shifted = refs(MULTILINE, first_line=7)
    assert [(r.line, r.column) for r in shifted] == [(8, 3), (8, 25), (9, 1), (9, 40), (11, 5)]


# --- nothing inside code, comments or images ---------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        '```\n{{Glossary("a")}}\n[x](/en-US/docs/Glossary/X)\n```',
        '```html\n<a href="/en-US/docs/Glossary/X">x</a>\n```',
        '~~~\n{{Glossary("a")}}\n~~~',
        '~~~~js\n~~~\n{{Glossary("a")}}\n~~~~',  # a shorter fence does not close
        '````\n```\n{{Glossary("a")}}\n```\n````',
        '~~~\n```\n{{Glossary("a")}}\n~~~',  # backticks do not close tildes
        '```\n{{Glossary("a")}}',  # an unclosed fence runs to the end
        '- item\n\n  ```js\n  {{Glossary("a")}}\n  ```',  # a fence indented in a list
        '1. item\n   - nested\n\n     ```\n     {{Glossary("a")}}\n     ```',
        '`{{Glossary("a")}}`',
        '``{{Glossary("a")}} ` [x](/y)``',  # two backticks, one inside
        '`[x](/en-US/docs/Glossary/X)` and `<https://example.com>`',
        '<!-- {{Glossary("a")}} [x](/y) -->',
        '<!--\n{{Glossary("a")}}\n-->',
        '<!-- {{Glossary("a")}}\n\nstill a comment {{Glossary("b")}}',  # an unclosed comment runs to the end
        "![alt](/en-US/docs/Glossary/X)",  # an image is no reference
        '![alt](/en-US/docs/Glossary/X "title")',
    ],
)
def test_nothing_inside_code_comments_or_images(source):
    assert refs(source) == []


def test_references_after_code_are_found():
    source = 'Text.\n\n```\n{{Glossary("a")}}\n```\n\nAfter `code` {{Glossary("b")}} <!-- c --> {{Glossary("d")}}'
    assert refs(source) == [ref(GLOSSARY, "b", "b", 7, 14), ref(GLOSSARY, "d", "d", 7, 43)]


def test_code_span_does_not_cross_a_blank_line():
    source = 'An odd ` backtick.\n\n{{Glossary("b")}} and a ` late one.'
    assert refs(source) == [ref(GLOSSARY, "b", "b", 3, 1)]


def test_macro_in_image_alt_text_is_a_reference():
    assert refs('![the {{Glossary("DNS")}} flow](/x.png)') == [ref(GLOSSARY, "DNS", "DNS", 1, 7)]


@pytest.mark.parametrize(
    "source",
    [
        'Para.\n\n    {{Glossary("a")}}\n    [x](/en-US/docs/Glossary/X)',
        '    {{Glossary("a")}}',  # at the very start of the text
        'Para.\n\n\t{{Glossary("a")}}',  # a tab is four columns
        'Para.\n\n    one\n\n    {{Glossary("a")}}',  # blank lines inside the block
        '- item\n\n      {{Glossary("a")}}',  # four beyond the item's content
    ],
)
def test_nothing_inside_indented_code(source):
    assert refs(source) == []


@pytest.mark.parametrize(
    "source, line, column",
    [
        ('- item\n\n  {{Glossary("a")}}', 3, 3),
        ('- item\n\n    {{Glossary("a")}}', 3, 5),  # 4 spaces, but under a list item's content: prose
        ('1. item\n\n   {{Glossary("a")}}', 3, 4),
        ('10. item\n\n    {{Glossary("a")}}', 3, 5),
        ('Para with a lazy\n    {{Glossary("a")}} continuation', 2, 5),  # no blank line: no code block
        # the paragraph after a nested list belongs to the outer item (MDN's
        # parameter lists); it was once taken for code
        ('- `a`\n  - : About a.\n\n    - `b`\n      - : About b.\n\n    Back in a: {{Glossary("a")}}', 7, 16),
    ],
)
def test_list_continuations_are_prose(source, line, column):
    assert refs(source) == [ref(GLOSSARY, "a", "a", line, column)]


def test_indented_code_ends_at_a_paragraph():
    source = 'Para.\n\n    {{Glossary("a")}}\n\n{{Glossary("b")}}'
    assert refs(source) == [ref(GLOSSARY, "b", "b", 5, 1)]


# --- backslash escapes -----------------------------------------------------------


@pytest.mark.parametrize(
    "source",
    [
        r"\[not a link](/en-US/docs/Glossary/X)",
        r"\![not an image, not a link]",
        r"\<https://example.com/not-an-autolink>",
        r'\{{Glossary("shown, not run")}}',  # how MDN's writing guide shows a macro call
    ],
)
def test_escaped_characters_start_nothing(source):
    assert refs(source) == []


def test_escaped_backslash_then_a_link():
    assert refs(r"\\[yes](/x)") == [ref(LINK, "/x", "yes", 1, 3)]


def test_escaped_backtick_opens_no_code_span():
    assert refs(r'\`{{Glossary("a")}}`') == [ref(GLOSSARY, "a", "a", 1, 3)]


# --- site pages keep only what can reach the glossary ------------------------------


def test_keep_glossary_drops_everything_else():
    from gloss_graph.reach import reach

    source = (
        '{{Glossary("a")}} {{domxref("X")}} [b](/en-US/docs/Web/API) '
        "[c](/en-US/docs/Glossary/C) {{RFC(1)}} {{GlossaryDisambiguation}}"
    )
    kinds = [(r.kind, r.target) for r in refs(source, keep=reach({}))]
    assert kinds == [(GLOSSARY, "a"), (LINK, "/en-US/docs/Glossary/C"), (DISAMBIGUATION, "")]


def test_keep_glossary_keeps_what_a_redirect_sends_into_the_glossary():
    """A page's link or xref macro to a slug that _redirects.txt sends into
    the glossary reaches it as surely as a {{Glossary}} macro."""
    from gloss_graph.reach import reach

    tables = {"en-US": {"web/api/domtimestamp": "Glossary/Unix_time", "old/place": "Web/API/DOMTimeStamp",
                        "web/api": "Web/API/Elsewhere"}}
    source = ('{{domxref("DOMTimeStamp")}} {{domxref("Window")}} [old](/en-US/docs/Old/Place) '
              "[api](/en-US/docs/Web/API)")
    keep = reach(tables)
    assert keep.slugs == {"web/api/domtimestamp", "old/place"}
    kinds = [(r.kind, r.target) for r in refs(source, keep=keep)]
    assert kinds == [(XREF, "Web/API/DOMTimeStamp"), (LINK, "/en-US/docs/Old/Place")]
    assert keep.may_reference(source.encode()) and not keep.may_reference(b"[api](/en-US/docs/Web/API)")


def test_lines_are_file_lines_after_front_matter():
    from gloss_graph.entries import split_front_matter

    text = '---\ntitle: DNS\nslug: Glossary/DNS\n---\n\nSee {{Glossary("IP address")}}.\n'
    _, body, body_line = split_front_matter(text)
    (found,) = refs(body, first_line=body_line)
    assert (found.line, found.column) == (6, 5)
    assert text.split("\n")[found.line - 1][found.column - 1 :].startswith("{{Glossary")
