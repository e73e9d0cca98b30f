"""report.md rendered as GitHub renders it (cmark-gfm with its extensions,
autolinks included): text from input never becomes a link or an HTML tag,
and no bidirectional control reaches the file."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from markdown_it import MarkdownIt

import gloss_graph
from gloss_graph.report_markdown import code, escape
from gloss_graph.terminal import BIDI_CONTROLS

WJ = "\u2060"  # the word joiner escape() puts before every @

# folder -> title; every one is an orphan and a dead end, so each shows in two tables.
TITLES = {
    "mail": "Write to alice@example.com or mailto:bob.smith+tag@mail.example.org",
    "url": "See http://example.com/path?q=1 or HTTPS://EXAMPLE.ORG/x and ftp://files.example.net",
    "www": "Visit www.example.com or WWW.Example.NET",
    "xmpp": "Chat at xmpp:carol@example.net",
    "script": "<script>alert(1)</script><img src=x onerror=alert(1)>",
    "links": "<https://example.com/a> [x](https://example.com/b) ![i](https://example.com/i.png) [^1]",
    "bidi": "Left \u202eevil\u202c right \u2066iso\u2069 mark\u200f",
    "all-bidi": "All" + "".join(f"{c}{i}" for i, c in enumerate(BIDI_CONTROLS)),
    # Folder names reach the slug column (escaped) and the file column (a code span).
    "dave@example.com": "Folder address",
    "bidi\u202efolder": "Bidi folder",
}
# What a reader sees for the titles holding bidi controls: escapes, as terminal.safe prints them.
SHOWN = {
    "bidi": "Left \\u202eevil\\u202c right \\u2066iso\\u2069 mark\\u200f",
    "all-bidi": "All\\u061c0\\u200e1\\u200f2\\u202a3\\u202b4\\u202c5\\u202d6\\u202e7\\u20668\\u20679\\u206810\\u206911",
}
# Link texts of broken references (the "shown as" column) and a target that is an address.
BODY = ('{{Glossary("Missing", "mail eve@example.com, see https://example.com/c or www.example.org")}} '
        '{{Glossary("frank@example.com")}} {{Glossary("Gone", "bidi \u202etxet")}}')
# Everything report_markdown writes itself: headings, tables, a list, code spans. No links.
STRUCTURE = {"h1", "h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "ul", "li", "strong", "code"}


def yaml_quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def write_tree(root: Path) -> Path:
    for folder, title in TITLES.items():
        entry = root / "files" / "en-us" / "glossary" / folder
        entry.mkdir(parents=True)
        (entry / "index.md").write_text(f"---\ntitle: {yaml_quoted(title)}\n---\n\nNothing here.\n", encoding="utf-8")
    referrer = root / "files" / "en-us" / "glossary" / "referrer"
    referrer.mkdir()
    (referrer / "index.md").write_text(f"---\ntitle: Referrer\n---\n\n{BODY}\n", encoding="utf-8")
    # A French entry, so that report.md lists the untranslated slugs (a markdown list).
    french = root / "files" / "fr" / "glossary" / "referrer"
    french.mkdir(parents=True)
    (french / "index.md").write_text("---\ntitle: Référent\n---\n\nRien.\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def report_md(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("report-escaping")
    result = gloss_graph.build([str(write_tree(folder / "tree"))], folder / "out", use_cache=False)
    return result.outputs["report.md"].read_text(encoding="utf-8")


def github(markdown: str, unsafe: bool = False) -> str:
    """GitHub's flavour: table, autolink, tagfilter, strikethrough, tasklist.
    ``unsafe`` keeps raw HTML, so that any raw tag would show."""
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE if unsafe else 0)


class _Page(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parsed(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def test_the_report_holds_the_hostile_titles(report_md):
    # The tree did what it is meant to: the titles and texts are in the report.
    # The ten entries and the referrer, whose references are all broken.
    assert "## Orphans (11)" in report_md and "## Dead ends (11)" in report_md
    assert "## Broken references (3)" in report_md and "- **fr** (" in report_md


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "raw-html-kept"])
def test_github_rendering_makes_no_link_and_no_tag_from_input(report_md, unsafe):
    page = github(report_md, unsafe=unsafe)
    tags = parsed(page).tags
    assert [t for t in tags if t[0] == "a"] == []  # report.md links nothing of its own either
    assert "href" not in page
    assert {t for t, _ in tags} <= STRUCTURE
    assert "raw HTML omitted" not in page  # nothing was raw HTML to begin with
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in page


def test_github_rendering_shows_every_title_as_text(report_md):
    text = html.unescape("".join(parsed(github(report_md)).text)).replace(WJ, "")
    for folder, title in TITLES.items():
        shown = SHOWN.get(folder, title.replace("\u202e", "\\u202e"))
        assert text.count(shown) >= 2, shown  # orphans and dead ends
    assert "mail eve@example.com, see https://example.com/c or www.example.org" in text
    assert "Glossary/frank@example.com" in text
    assert "files/en-us/glossary/bidi\\u202efolder/index.md" in text  # the code span
    assert "Glossary/bidi\\u202efolder" in text
    assert "Glossary/dave@example.com" in text


def test_no_bidi_control_reaches_the_report(report_md):
    for rendered in (report_md, github(report_md)):
        assert [c for c in BIDI_CONTROLS if c in rendered] == []
    assert "bidi \\\\u202etxet" in report_md  # the link text, escaped and then backslash-escaped


def test_markdown_it_with_linkify_makes_no_link_either(report_md):
    page = MarkdownIt("gfm-like", {"linkify": True, "html": True}).render(report_md)
    assert [t for t in parsed(page).tags if t[0] == "a"] == []
    assert {t for t, _ in parsed(page).tags} <= STRUCTURE


# --- escape and code, one piece of text at a time ----------------------------

AUTOLINKED = [
    "alice@example.com", "a.b-c_d+e@sub.example.co.uk", "mailto:bob@example.org", "MAILTO:BOB@EXAMPLE.ORG",
    "xmpp:carol@example.net/home", "http://example.com", "https://example.com/a?b=c#d", "HTTP://EXAMPLE.COM",
    "ftp://example.com/f", "www.example.com", "www.example.com/path", "<https://example.com>",
    "<alice@example.com>", "[x](https://example.com)", "[x]: https://example.com", "see alice@example.com.",
    "(www.example.com)", "*alice@example.com*",
]


@pytest.mark.parametrize("text", AUTOLINKED)
def test_escape_breaks_every_autolink(text):
    # The raw text is a link: the test would catch escape() letting it through.
    assert "<a " in github(f"x {text} y\n") or text.startswith("[x]:")
    for markdown in (f"x {escape(text)} y\n", f"| a |\n| --- |\n| {escape(text)} |\n", f"- **{escape(text)}**\n"):
        page = github(markdown, unsafe=True)
        assert "<a " not in page, markdown
        assert text in html.unescape("".join(parsed(page).text)).replace(WJ, "")


@pytest.mark.parametrize("text", AUTOLINKED)
def test_code_spans_make_no_link(text):
    page = github(f"x {code(text)} y\n", unsafe=True)
    assert "<a " not in page
    assert html.unescape(re.search(r"<code>(.*)</code>", page).group(1)) == text


def test_escape_and_code_show_bidi_controls_as_escapes():
    assert escape("a\u202eb") == "a\\\\u202eb"  # renders as a\u202eb
    assert github(escape("a\u202eb") + "\n") == "<p>a\\u202eb</p>\n"
    assert code("a\u202eb\u2069") == "`a\\u202eb\\u2069`"
    for char in BIDI_CONTROLS:
        assert char not in escape(f"x{char}y") and char not in code(f"x{char}y")
    # Controls are still shown as U+FFFD, not as escapes.
    assert escape("a\x1bb") == "a\ufffdb" and code("a\x1bb") == "`a\ufffdb`"


def test_escape_puts_an_invisible_joiner_only_before_at():
    assert escape("alice@example.com") == f"alice{WJ}\\@example\\.com"
    assert escape("a\\@b") == f"a\\\\{WJ}\\@b"  # a backslash before the @ stays a backslash
    assert WJ not in escape("http://example.com www.example.com")
