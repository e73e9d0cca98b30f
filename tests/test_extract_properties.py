"""Properties of the reference scanner, checked on generated input.

1. Any term and shown text, written into a glossary macro with its strings
   properly escaped, come back unchanged (up to the trimming and entity
   decoding that are part of the macro's meaning).
2. Arbitrary text never makes the scanner raise, and every position it
   reports points at a ``{{``, ``[`` or ``<`` of the input.
"""
from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gloss_graph.extract import find_references
from gloss_graph.model import GLOSSARY, LINK

# What can be written inside a macro string: any printable text, quotes,
# backslashes, commas, parentheses, braces, markdown and HTML marks and
# non-ASCII included. Left out, because they cannot be written in a macro
# string at all:
# - line breaks ("\n", and "\r", which the reader turns into "\n"): a
#   KumaScript string is a JavaScript-style literal, which cannot hold a raw
#   line break, and a macro call is one line;
# - surrogates ("Cs"): they cannot be encoded in a UTF-8 file.
# Other control characters stay in: nothing forbids them, and the scanner
# must not trip on them.
MACRO_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\n\r"),
    max_size=40,
)
# Text rich in the characters that matter to the scanner, for the tests that
# must find structure in it.
HOSTILE = st.lists(
    st.one_of(
        st.sampled_from(list('{}[]()<>!`~\\"\'#*_-:/ \t\n&;=|>.')),
        st.sampled_from(["{{", "}}", "](", "```", "<!--", "-->", "<a href=", "{{Glossary(", "\n\n", "    ", "- "]),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=120,
).map("".join)
MACRO_NAMES = st.sampled_from(["Glossary", "glossary", "GLOSSARY", "gLoSsArY"])
SPACES = st.sampled_from(["", " ", "  ", "\t"])
_ENTITY = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);")


def write_string(value: str, quote: str) -> str:
    """A macro string literal: backslashes and the quote escaped."""
    return quote + value.replace("\\", "\\\\").replace(quote, "\\" + quote) + quote


def shown(value: str) -> str:
    """What a reader sees of a macro's text: entities closed by ";" are
    decoded (the macro writes the text into HTML)."""
    return _ENTITY.sub(lambda m: html.unescape(m.group(0)), value)


@st.composite
def glossary_macros(draw):
    term = draw(MACRO_TEXT.filter(lambda t: t.strip()))
    text = draw(st.none() | MACRO_TEXT)
    third = draw(st.none() | st.sampled_from(['1', '"x"', "'y, (z)'"]))
    space = lambda: draw(SPACES)  # noqa: E731 - a fresh draw each call
    args = [write_string(term, draw(st.sampled_from("\"'")))]
    if text is not None:
        args.append(write_string(text, draw(st.sampled_from("\"'"))))
        if third is not None:
            args.append(third)
    joined = f"{space()},{space()}".join(args)
    macro = f"{{{{{space()}{draw(MACRO_NAMES)}{space()}({space()}{joined}{space()}){space()}}}}}"
    return macro, term, text


@settings(max_examples=500)
@given(glossary_macros(), st.sampled_from(["", "See ", "- ", "Text [link](/x) and "]))
def test_any_term_and_shown_text_survive_the_macro_parser(generated, before):
    macro, term, text = generated
    found, problems = find_references(before + macro + " after.")
    assert problems == []
    assert len(found) == 1 + ("[link]" in before)
    (ref,) = [r for r in found if r.kind == GLOSSARY]
    # arguments are trimmed; an empty shown text shows the term
    assert ref.target == term.strip()
    assert ref.text == shown((text or "").strip() or term.strip())
    assert (ref.line, ref.column) == (1, len(before) + 1)


@settings(max_examples=300)
@given(glossary_macros(), st.integers(min_value=1, max_value=10_000), st.integers(min_value=0, max_value=3))
def test_macro_positions_on_later_lines(generated, first_line, blank_lines):
    macro, term, _ = generated
    text = "Intro line.\n" + "\n" * blank_lines + "Then " + macro
    (ref,) = find_references(text, first_line=first_line)[0]
    assert ref.target == term.strip()
    assert (ref.line, ref.column) == (first_line + 1 + blank_lines, 6)


def offset(text: str, line: int, column: int, first_line: int) -> int:
    """The character offset of a 1-based (line, column) in text."""
    lines = text.split("\n")
    assert first_line <= line < first_line + len(lines)
    start = sum(len(s) + 1 for s in lines[: line - first_line])
    assert 1 <= column <= len(lines[line - first_line]) + 1
    return start + column - 1


@settings(max_examples=1000, suppress_health_check=[HealthCheck.too_slow])
@given(HOSTILE, st.integers(min_value=1, max_value=500), st.sampled_from([None, "glossary"]))
def test_arbitrary_text_never_raises_and_positions_point_at_an_opening(text, first_line, keep):
    from gloss_graph.reach import reach

    keep = reach({"fr": {"a/b": "Glossary/C"}}) if keep else None
    found, problems = find_references(text, first_line=first_line, keep=keep, locale="fr")
    last_line = first_line + text.count("\n")
    for ref in found:
        at = offset(text, ref.line, ref.column, first_line)
        if ref.kind == LINK:
            assert text[at] in "[<", (ref, text[at:at + 10])
        else:
            assert text.startswith("{{", at), (ref, text[at:at + 10])
    for line, reason in problems:
        assert first_line <= line <= last_line
        assert reason and "\n" not in reason
    assert [(r.line, r.column) for r in found] == sorted((r.line, r.column) for r in found)


@settings(max_examples=300)
@given(st.lists(st.sampled_from([
    '{{Glossary("a")}}', "[b](/en-US/docs/Glossary/B)", "<https://example.com/c>", '<a href="/d">d</a>',
    "[e][l]", "`code`", "<!-- x -->", "text", " ", "\n", "\n\n", "- ", "    ", "```", "~~~", "\\",
]), max_size=30))
def test_structured_text_never_raises_and_positions_point_at_an_opening(pieces):
    text = "".join(pieces) + "\n\n[l]: /en-US/docs/Glossary/E"
    found, _ = find_references(text)
    for ref in found:
        at = offset(text, ref.line, ref.column, 1)
        assert text[at] in "[<" if ref.kind == LINK else text.startswith("{{", at)
