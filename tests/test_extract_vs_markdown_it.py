"""The fast reference scanner against markdown-it-py, on the real MDN glossaries.

gloss_graph.extract walks a text with one regular expression instead of
parsing it (see its docstring for why). This test keeps it honest: for every
glossary file of ../shared/mdn (2022 en-US and fr, 2026 en-US and de) it
compares what the scanner finds with what markdown-it-py's CommonMark parser
(``MarkdownIt("commonmark")``: raw HTML on, linkify off, reference links on)
finds in the same body:

- links: each (first line of the enclosing block, href) of markdown-it's
  ``link_open`` tokens, plus the ``<a href>`` of its raw HTML tokens (read
  with Python's html.parser), against the scanner's LINK references, each
  URL normalised by markdown-it's own ``normalizeLink``;
- glossary macros: each (first line of the enclosing block, term) found by a
  plain regular expression in the text markdown-it leaves outside code spans,
  code blocks and HTML comments, against the scanner's GLOSSARY references.

Any difference fails, except those that come from these deliberate choices
(each also written where the rule is):

1. Macro calls are not markdown: a ``[x]()`` inside a macro's string is no
   link (macros.py). The oracle replaces each ``{{...}}`` with letters of
   the same length before parsing, for the link comparison.
2. Only http(s) autolinks are kept (autolinks.py): ``<mailto:...>`` and other
   schemes can never reference a page. The oracle drops such autolinks.
3. URLs that markdown-it refuses to link (``javascript:``, ``vbscript:``,
   ``file:``, ``data:``) are reported by the scanner, which copies what is
   written, and dropped by classify_url. They are left out of the comparison
   on the scanner's side.
4. ``\\{{`` is no macro (escapes.py): MDN's writing guide writes it to show a
   call without running it. markdown-it drops the backslash, so the oracle
   is given ``\\{`` + U+2060 + ``{`` there instead.

And these, where the scanner is simpler than CommonMark; none occurs in the
real glossaries, and the oracle is not adjusted for them, so the first one
that does will fail here and call for a decision:

- an unclosed ``<!--`` hides the rest of the text, even inline (code.py);
- markdown inside an HTML block (``<div>`` then ``[x](/y)`` before a blank
  line) is still read (links.py);
- a link reference definition may interrupt a paragraph (reference_links.py);
- fences inside block quotes (``> ```js``) are not seen as fences (code.py).
"""
from __future__ import annotations

import bisect
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from markdown_it import MarkdownIt

from conftest import need_shared
from gloss_graph.entries import decode, split_front_matter
from gloss_graph.extract import find_references
from gloss_graph.model import GLOSSARY, LINK

MD = MarkdownIt("commonmark")
GLOSSARIES = [("2022", "en-us"), ("2022", "fr"), ("2026", "en-us"), ("2026", "de")]
_MACRO_CALL = re.compile(r"\{\{.*?\}\}")
_ORACLE_GLOSSARY = re.compile(r"""\{\{\s*glossary\s*\(\s*(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_COMMENT = re.compile(r"<!--[\s\S]*?(?:-->|\Z)")
_CODE = ("code_inline", "code_block", "fence")


# --- the oracle ---------------------------------------------------------------------


class _Anchors(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value is not None]


def _anchors(html: str) -> list[str]:
    parser = _Anchors()
    parser.feed(html)
    parser.close()
    return parser.hrefs


def _blocks(tokens) -> list:
    """The top-level-or-nested tokens that hold content, with their lines."""
    return [t for t in tokens if t.map is not None and t.type in ("inline", "html_block")]


def _blank_macros(body: str) -> str:
    """Each macro call replaced by as many letters (choice 1)."""
    return _MACRO_CALL.sub(lambda m: "M" * len(m.group(0)), body)


def oracle_links(body: str) -> Counter:
    found: Counter = Counter()
    for block in _blocks(MD.parse(_blank_macros(body))):
        line = block.map[0] + 1
        for token in block.children or [block]:
            if token.type == "link_open":
                href = token.attrs["href"]
                if token.markup == "autolink" and not href.lower().startswith(("http://", "https://")):
                    continue  # choice 2
                found[(line, href)] += 1
            elif token.type in ("html_inline", "html_block"):
                found.update((line, MD.normalizeLink(h.strip())) for h in _anchors(token.content))
    return found


def _prose(tokens) -> str:
    """The text markdown-it leaves outside code, HTML comments removed;
    "\\0" where something was cut, so no macro is made up across a cut."""
    parts = []
    for token in tokens:
        if token.type in _CODE:
            parts.append("\0")
        elif token.type in ("html_inline", "html_block"):
            parts.append(_COMMENT.sub("\0", token.content))
        elif token.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif token.type == "text":
            parts.append(token.content)
        elif token.children:
            parts.append(_prose(token.children))
    return "".join(parts)


def oracle_glossary(body: str) -> Counter:
    body = body.replace("\\{{", "\\{\u2060{")  # choice 4
    found: Counter = Counter()
    for block in _blocks(MD.parse(body)):
        text = _prose(block.children or [block])
        found.update((block.map[0] + 1, (a or b).strip()) for a, b in _ORACLE_GLOSSARY.findall(text))
    return found


# --- the scanner, keyed the same way ---------------------------------------------------


def _block_starts(body: str) -> tuple[list[int], list[int]]:
    blocks = sorted(tuple(b.map) for b in _blocks(MD.parse(body)))
    return [start for start, _ in blocks], [end for _, end in blocks]


def _block_line(starts: list[int], ends: list[int], line: int) -> int:
    """1-based first line of the block holding 1-based ``line``, 0 if none."""
    i = bisect.bisect_right(starts, line - 1) - 1
    return starts[i] + 1 if i >= 0 and line - 1 < ends[i] else 0


def scanner_links(body: str, scan=find_references) -> Counter:
    starts, ends = _block_starts(_blank_macros(body))  # the blocks the oracle saw
    return Counter(
        (_block_line(starts, ends, r.line), MD.normalizeLink(r.target))
        for r in scan(body)[0]
        if r.kind == LINK and MD.validateLink(r.target)  # choice 3
    )


def scanner_glossary(body: str, scan=find_references) -> Counter:
    starts, ends = _block_starts(body)
    return Counter((_block_line(starts, ends, r.line), r.target) for r in scan(body)[0] if r.kind == GLOSSARY)


# --- the comparison ----------------------------------------------------------------


def differences(ours: Counter, oracle: Counter) -> dict:
    return {k: v for k, v in (("scanner only", ours - oracle), ("markdown-it only", oracle - ours)) if v}


def glossary_bodies(year: str, locale: str):
    root = need_shared(year, "files", locale, "glossary")
    for path in sorted(root.rglob("index.md")):
        text = decode(path.read_bytes(), lambda *_: None)
        yield path.relative_to(root).as_posix(), split_front_matter(text)[1]


def compare(year: str, locale: str, ours, oracle) -> tuple[dict, int]:
    found, total = {}, 0
    for name, body in glossary_bodies(year, locale):
        expected = oracle(body)
        total += sum(expected.values())
        diff = differences(ours(body), expected)
        if diff:
            found[name] = diff
    return found, total


def _report(found: dict) -> str:
    return "\n".join(f"{name}: {diff}" for name, diff in list(found.items())[:20])


@pytest.mark.parametrize("year, locale", GLOSSARIES)
def test_links_agree_with_markdown_it(year, locale):
    found, total = compare(year, locale, scanner_links, oracle_links)
    assert total > 500, "the comparison should see hundreds of links in a real glossary"
    assert found == {}, f"{len(found)} files differ:\n" + _report(found)


@pytest.mark.parametrize("year, locale", GLOSSARIES)
def test_glossary_macros_agree_with_markdown_it(year, locale):
    found, total = compare(year, locale, scanner_glossary, oracle_glossary)
    assert total > 500, "the comparison should see hundreds of glossary macros in a real glossary"
    assert found == {}, f"{len(found)} files differ:\n" + _report(found)


# --- the comparison can fail ----------------------------------------------------------


def _without(kind: str, drop):
    """A scanner with a planted bug: it loses the references ``drop`` picks."""
    def scan(body):
        refs, problems = find_references(body)
        return [r for r in refs if not (r.kind == kind and drop(r))], problems
    return scan


def test_the_link_comparison_sees_a_lost_link():
    body = "Intro.\n\nThe [RTT](/en-US/docs/Glossary/Round_Trip_Time_(RTT)) link."
    assert differences(scanner_links(body), oracle_links(body)) == {}
    broken = _without(LINK, lambda r: "(" in r.target)
    assert differences(scanner_links(body, broken), oracle_links(body)) == {
        "markdown-it only": Counter({(3, "/en-US/docs/Glossary/Round_Trip_Time_(RTT)"): 1})
    }


def test_the_link_comparison_sees_a_wrong_line():
    body = "One.\n\nTwo [a](/a)."

    def shifted(text):
        refs, problems = find_references(text)
        return [r.__class__(r.kind, r.target, r.text, r.line - 2, r.column) for r in refs], problems

    assert differences(scanner_links(body, shifted), oracle_links(body)) == {
        "scanner only": Counter({(1, "/a"): 1}),
        "markdown-it only": Counter({(3, "/a"): 1}),
    }


def test_the_macro_comparison_sees_a_macro_taken_from_code():
    body = 'Text {{Glossary("a")}}.\n\n```\n{{Glossary("b")}}\n```'
    assert differences(scanner_glossary(body), oracle_glossary(body)) == {}

    def reads_code(text):
        return find_references(text.replace("```", "   "))

    # line 4 is in no block of prose for markdown-it: keyed 0
    assert differences(scanner_glossary(body, reads_code), oracle_glossary(body)) == {
        "scanner only": Counter({(0, "b"): 1})
    }


def test_a_planted_bug_shows_on_the_real_data():
    # the 2022 en-US glossary links to Glossary/Round_Trip_Time_(RTT): a
    # scanner that lost URLs with parentheses would be caught there
    broken = _without(LINK, lambda r: "(" in r.target)
    found, _ = compare("2022", "en-us", lambda body: scanner_links(body, broken), oracle_links)
    assert found, "dropping links with parentheses in their URL went unnoticed"
