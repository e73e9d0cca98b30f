"""Summaries: a paragraph of markdown rendered as the text a reader sees,
checked against markdown-it-py, a CommonMark parser, on the real glossaries."""
from __future__ import annotations

import os

import pytest
from markdown_it import MarkdownIt

from gloss_graph.entries import split_front_matter
from gloss_graph.summary import first_paragraph_markdown, strip_emphasis, to_plain

from conftest import CONTENT, need_shared

_MD = MarkdownIt("commonmark")


def reference(markdown: str) -> str:
    """The plain text of one paragraph by markdown-it: text, code and line
    breaks kept, every mark, link target, image and HTML tag dropped."""
    parts = []
    for token in _MD.parseInline(markdown):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return " ".join("".join(parts).split())


def paragraphs(root):
    for dirpath, _, names in os.walk(root):
        if "index.md" in names and f"{os.sep}glossary" in dirpath:
            text = open(os.path.join(dirpath, "index.md"), encoding="utf-8", errors="replace").read()
            try:
                _, body, _ = split_front_matter(text.replace("\r\n", "\n"))
            except Exception:  # noqa: BLE001 - files that cannot be read have no summary
                continue
            yield dirpath, first_paragraph_markdown(body)


@pytest.mark.shared
@pytest.mark.parametrize("tree", ["2022/files", "2026/files"])
def test_same_text_as_markdown_it_on_every_real_paragraph_without_macros(tree):
    """Macros are where the two differ on purpose (markdown-it knows none),
    so paragraphs holding one are left out; every other one must agree."""
    checked = 0
    for folder, markdown in paragraphs(need_shared(*tree.split("/"))):
        if "{{" not in markdown:
            assert to_plain(markdown) == reference(markdown), folder
            checked += 1
    assert checked > 300


def test_same_text_as_markdown_it_on_the_sample_glossary():
    for folder, markdown in paragraphs(CONTENT / "files"):
        if "{{" not in markdown:
            assert to_plain(markdown) == reference(markdown), folder


@pytest.mark.parametrize("markdown, text", [
    ("An **API** is *the* `contract`.", "An API is the contract."),
    ("2 * 3 = 6 and snake_case and Accept-*", "2 * 3 = 6 and snake_case and Accept-*"),
    ("[a **link**](/x 'title') and ![an image](/i.png)", "a link and"),
    ("<https://example.org/a_b_c> and <b>bold</b>", "https://example.org/a_b_c and bold"),
    (r"\*not emphasis\* and \<tag>", "*not emphasis* and <tag>"),
    ("&lt;form&gt; &amp; &copy;", "<form> & ©"),
    ("`` a `b` ``", "a `b`"),
    ("***strong and em***", "strong and em"),
    ("__a__ _b_ a_b_c", "a b a_b_c"),
])
def test_inline_markdown(markdown, text):
    assert to_plain(markdown) == text == reference(markdown)


def test_emphasis_pairs_like_commonmark():
    assert strip_emphasis("**a** b* c") == "a b* c"
    assert strip_emphasis("foo*bar*") == "foobar"
    assert strip_emphasis("* a *") == "* a *"


@pytest.mark.shared
def test_mojibake_lines_are_the_ones_ftfy_finds_on_every_real_file(site_files):
    """The cheap pair test in front of ftfy loses no line ftfy would flag."""
    import re

    from ftfy.badness import is_bad

    from gloss_graph.summary import mojibake, suspect_lines

    any_lead = re.compile(r"[\u00c2-\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00e2\u00ef]")
    flagged = 0
    for root in (need_shared("2022", "files"), need_shared("2026", "files"), site_files):
        for dirpath, _, names in os.walk(root):
            if "index.md" not in names:
                continue
            text = open(os.path.join(dirpath, "index.md"), encoding="utf-8", errors="replace").read()
            by_ftfy = [n for n, line in enumerate(text.split("\n"), 1) if any_lead.search(line) and is_bad(line)]
            assert [n for n, _ in mojibake(suspect_lines(text))] == by_ftfy, dirpath
            flagged += len(by_ftfy)
    assert flagged >= 1


# --- reference-style links: shown as their text when the document defines the label ---

def reference_with_definitions(body: str) -> str:
    """markdown-it's text of the first paragraph, with every definition of
    the document in reach (parsed as one document, the paragraph first)."""
    from gloss_graph.summary import _DEFINITIONS

    defs = "\n".join(m.group() for m in _DEFINITIONS.finditer(body))
    env: dict = {}
    _MD.parse(defs, env)  # collects the definitions into env["references"]
    parts = []
    for token in _MD.parseInline(first_paragraph_markdown(body), env):
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                parts.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                parts.append(" ")
    return " ".join("".join(parts).split())


def test_browser_summary_shows_the_link_text_not_its_markdown(content_corpus):
    # content/files/en-us/glossary/browser/index.md: "runs the [JavaScript][] and draws",
    # with "[JavaScript]: https://..." defined at the end of the file.
    summary = content_corpus.concepts["glossary/browser"].entries["en-US"].summary
    assert "runs the JavaScript and draws the result" in summary
    assert "[" not in summary


@pytest.mark.parametrize("body, text", [
    ("A [full][Label] link.\n\n[label]: /x", "A full link."),
    ("A [Collapsed][] link.\n\n[collapsed]: /x", "A Collapsed link."),
    ("A [shortcut] link.\n\n[Shortcut]: </x> 'title'", "A shortcut link."),
    ("A [multi  word] link.\n\n[multi word]: /x", "A multi word link."),
    ("An ![image][i] here.\n\n[i]: /i.png", "An here."),
    ("Not [defined][nope] and [plain] brackets.\n\n[other]: /x", "Not [defined][nope] and [plain] brackets."),
    ("A [`code` *text*][c] link.\n\n[c]: /x", "A code text link."),
])
def test_reference_style_links_as_their_text(body, text):
    from gloss_graph.summary import first_paragraph

    assert first_paragraph(body) == text == reference_with_definitions(body)

