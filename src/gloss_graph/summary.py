"""Plain text from markdown: an entry's summary (its first paragraph) and the
lines whose text looks like mojibake.

The summary is rendered here rather than by a markdown parser: markdown-it-py
took 50 µs a paragraph (and 30 ms to import), a large share of a glossary
build. One paragraph holds only inline markdown, and each construct is one
small substitution: macros as the text they show, code spans and backslash
escapes kept as written, autolinks as their address, images dropped, links
as their text (reference-style ones too, when the document defines their
label), HTML tags dropped, emphasis marks paired as CommonMark pairs them
(a lone ``*`` in ``Accept-*`` stays). tests/test_summary.py checks the
result against markdown-it-py's on every first paragraph of the real MDN
glossaries that holds no macro.
"""
from __future__ import annotations

import functools
import re
import unicodedata

from .extract import macros
from .extract.entities import unescape
from .extract.reference_links import _DEFINITION, normalize

_SKIP_LINE = re.compile(r"^\s*(?:\{\{[^}]*\}\}\s*|#.*|<!--.*-->|\[[^\]]+\]:.*|[-*_]{3,}|\|.*)$")
_COMMENT = re.compile(r"<!--[\s\S]*?-->")

_MACRO = re.compile(macros._MACRO)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)([\s\S]+?)(?<!`)\1(?!`)")
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
_AUTOLINK = re.compile(r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>")
_DESTINATION = r"(?:<[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
_TITLE = r"""(?:\s+(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?"""
_LINK = re.compile(rf"(!?)\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]\(\s*{_DESTINATION}{_TITLE}\s*\)")
# [text][label], [text][] and [text]: a link when the document defines the label.
_REFERENCE = re.compile(r"(!?)\[((?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\](?:\[((?:[^\[\]\\]|\\.)*)\])?")
_DEFINITIONS = re.compile(_DEFINITION, re.MULTILINE)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>|<!--[\s\S]*?-->")
_RUN = re.compile(r"\*+|_+")
_HELD = re.compile("\x00(\\d+)\x00")
_SPACE = re.compile(r"\s+")
_ASCII_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

# Mojibake of UTF-8 read as Windows-1252 or Latin-1 is a lead character
# (the reading of a UTF-8 lead byte) followed by the reading of a
# continuation byte (0x80-0xBF: U+0080-U+00BF in Latin-1, or what
# Windows-1252 puts at 0x80-0x9F). ftfy judges only lines holding such a
# pair: it is slow on long texts and costs 25 ms to import, and a French
# "âge" or a German "Öl" never needs it. On every real MDN file this finds
# exactly the lines ftfy alone finds (tests/test_summary.py).
_LEAD = "\u00c2-\u00c3\u00c5\u00ce\u00cf\u00d0\u00d1\u00e2\u00ef"
_CONTINUATION = ("\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014"
                 "\u2018-\u201a\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122")
_SUSPECT = re.compile(f"[{_LEAD}][{_CONTINUATION}]")


def first_paragraph(body: str) -> str:
    """The first paragraph of prose, as plain text. Its reference-style
    links are links (shown as their text) when ``body`` defines their label."""
    paragraph = first_paragraph_markdown(body)
    labels = definitions(body) if "[" in paragraph and "]:" in body else frozenset()
    return to_plain(paragraph, labels)


def definitions(body: str) -> frozenset[str]:
    """The labels of the link reference definitions ``[label]: url`` in
    ``body``, normalized as CommonMark matches them."""
    return frozenset(normalize(m.group("def_label")) for m in _DEFINITIONS.finditer(body))


def first_paragraph_markdown(body: str) -> str:
    """The first paragraph of prose as written (its lines joined): what is
    left after headings, macro-only lines, comments, fences, quotes and HTML
    blocks at the top."""
    lines: list[str] = []
    for line in _COMMENT.sub("", body).split("\n"):
        if not line.strip():
            if lines:
                break
            continue
        if not lines and (_SKIP_LINE.match(line) or line.lstrip().startswith(("```", "~~~", ">", "<"))):
            continue
        lines.append(line.strip())
    return " ".join(lines)


def to_plain(markdown: str, labels: frozenset[str] = frozenset()) -> str:
    """One paragraph of inline markdown as the text a reader sees.
    ``labels``: the link labels the document defines (``definitions``)."""
    held: list[str] = []

    def hold(text: str) -> str:
        """Keep ``text`` out of reach of the later substitutions."""
        if "\x00" in text:  # what it holds was held first (a macro in a code span)
            text = _HELD.sub(lambda m: held[int(m.group(1))], text)
        held.append(text)
        return f"\x00{len(held) - 1}\x00"

    text = markdown.replace("\x00", "\ufffd")
    if "{{" in text:
        # Held like code: {{HTMLElement("form")}} shows "<form>", which is
        # no HTML tag to drop (definitions read "to submit a <form>").
        text = _MACRO.sub(lambda m: hold(_shown(m)), text)
    if "`" in text:
        text = _CODE_SPAN.sub(lambda m: hold(_code(m.group(2))), text)
    if "\\" in text:
        text = _ESCAPE.sub(lambda m: hold(m.group(1)), text)
    if "<" in text:
        text = _AUTOLINK.sub(lambda m: hold(m.group(1)), text)
    if "[" in text:
        text = _LINK.sub(lambda m: "" if m.group(1) else m.group(2), text)
        if labels:
            text = _REFERENCE.sub(lambda m: _referenced(m, labels), text)
    if "<" in text:
        text = _TAG.sub("", text)
    text = unescape(strip_emphasis(text))
    if held:
        text = _HELD.sub(lambda m: held[int(m.group(1))], text)
    return _SPACE.sub(" ", text).strip()


def _referenced(match: re.Match, labels: frozenset[str]) -> str:
    """A reference-style link as its text (an image as nothing) when its
    label is defined; as written otherwise, as CommonMark shows it."""
    bang, text, label = match.groups()
    if normalize(label or text) not in labels:
        return match.group()
    return "" if bang else text


def _shown(match: re.Match) -> str:
    return macros.shown_text(match.group("macro_name"), macros.parse_args(match.group("macro_args")))


def _code(content: str) -> str:
    """A code span's text: CommonMark strips one space on each side, when
    there is one on both and the span is not all spaces."""
    content = content.replace("\n", " ")
    both = content.startswith(" ") and content.endswith(" ") and content.strip()
    return content[1:-1] if both else content


def strip_emphasis(text: str) -> str:
    """Drop the ``*`` and ``_`` runs that CommonMark pairs into emphasis,
    keep the others (``2 * 3``, ``Accept-*``, ``snake_case``). The flanking
    rules are CommonMark's (section 6.2); a closer takes the nearest opener of
    the same character, and as many marks as both have."""
    if "*" not in text and "_" not in text:
        return text
    cut: list[tuple[int, int]] = []
    openers: list[tuple[int, int, str]] = []
    for run in _RUN.finditer(text):
        start, end = run.span()
        opener, closer = _flanking(text, start, end)
        match = next((i for i in range(len(openers) - 1, -1, -1) if openers[i][2] == text[start]), None) if closer else None
        if match is not None:
            o_start, o_end, _ = openers[match]
            marks = min(o_end - o_start, end - start)
            cut += [(o_end - marks, o_end), (start, start + marks)]
            del openers[match:]
        elif opener:
            openers.append((start, end, text[start]))
    if not cut:
        return text
    parts, last = [], 0
    for start, end in sorted(cut):
        parts.append(text[last:start])
        last = end
    parts.append(text[last:])
    return "".join(parts)


def _flanking(text: str, start: int, end: int) -> tuple[bool, bool]:
    """(can open, can close) for the delimiter run text[start:end]."""
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    left = not after.isspace() and (not _punctuation(after) or before.isspace() or _punctuation(before))
    right = not before.isspace() and (not _punctuation(before) or after.isspace() or _punctuation(after))
    if text[start] == "*":
        return left, right
    # "_" also may not open or close inside a word.
    return left and (not right or _punctuation(before)), right and (not left or _punctuation(after))


def _punctuation(char: str) -> bool:
    return char in _ASCII_PUNCTUATION or (char > "\x7f" and unicodedata.category(char)[0] in "PS")


# --- definitions: the first paragraph, finished ---------------------------------

_ITEM = re.compile(r"^([-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_STRAY_STRONG = re.compile(r"(?<!\s)\*{2,}|\*{2,}(?!\s)")
_CLAUSE_START = re.compile(r"(?<=[.!?])[\"'»”’)]?\s+(?=[A-ZÀ-ÖØ-Þ\u0400-\u042f])")
SHORT_ITEM, SHORT_LIST = 80, 12  # a list completes a sentence when its items are this short and few


def definition(body: str) -> str:
    """An entry's definition as a reader of the page sees it: its first
    paragraph in plain text (``first_paragraph``), never ending on a colon
    and holding no mark of markdown.

    A paragraph that ends with a colon announces what follows. A short list
    (each item a few words, like header names) completes it: "one of the
    following HTTP headers: Accept, Accept-Language, Range." Otherwise the
    text is cut after its last full sentence; with none to cut to, it is
    completed by the list's items or the quotation that follows, or ends
    with a full stop where the colon stood ("...depending on the context."
    before ``{{GlossaryDisambiguation}}``). Strong-emphasis marks that
    CommonMark leaves unpaired (``**l'**analyse``) are dropped."""
    text = first_paragraph(body)
    if "**" in text:
        text = _without_stray_strong(text, first_paragraph_markdown(body))
    if text.endswith(":"):
        text = _finished(text, _after_first_paragraph(body))
    return text


def _without_stray_strong(text: str, markdown: str) -> str:
    """``**`` runs left in the text, unless code or an escape holds them
    (``2 ** 3`` between spaces stays too)."""
    if "`" in markdown or "\\*" in markdown:
        return text
    return _SPACE.sub(" ", _STRAY_STRONG.sub("", text)).strip()


def _after_first_paragraph(body: str) -> list[str]:
    """The lines after the first paragraph, as ``first_paragraph_markdown``
    finds it."""
    lines = _COMMENT.sub("", body).split("\n")
    started = False
    for i, line in enumerate(lines):
        if not line.strip():
            if started:
                return lines[i:]
            continue
        if not started and (_SKIP_LINE.match(line) or line.lstrip().startswith(("```", "~~~", ">", "<"))):
            continue
        started = True
    return []


def _finished(text: str, rest: list[str]) -> str:
    """``text``, which ends with a colon, completed or cut (see ``definition``)."""
    items, quote = _list_items(rest), _quotation(rest)
    stem = text[:-1].rstrip()
    # Items holding commas are told apart by semicolons.
    joined = ("; " if any("," in item for item in items) else ", ").join(items)
    if items and len(items) <= SHORT_LIST and all(len(item) <= SHORT_ITEM for item in items):
        return _sentence(f"{text} {joined}")
    cut = _last_sentence(stem)
    if cut:
        return cut
    if items:
        return _sentence(f"{text} {'; '.join(items)}")
    if quote:
        return _sentence(f"{text} {quote}")
    return _sentence(stem)


def _list_items(rest: list[str]) -> list[str]:
    """The plain text of the first line of each top-level item of a list
    that comes right after the paragraph; [] when something else does."""
    items: list[str] = []
    for line in rest:
        if not line.strip():
            continue
        match = _ITEM.match(line)
        if match:
            item = to_plain(match.group(2)).rstrip(" ,;.:")
            if item:
                items.append(item)
        elif items and line[:1] in (" ", "\t"):
            continue  # the item's own continuation, or a list nested in it
        else:
            break
    return items


def _quotation(rest: list[str]) -> str:
    """The plain text of a block quotation right after the paragraph."""
    quoted = []
    for line in rest:
        if not line.strip():
            if quoted:
                break
            continue
        if not line.lstrip().startswith(">"):
            break
        quoted.append(line.lstrip()[1:].strip())
    return to_plain(" ".join(quoted)) if quoted else ""


def _last_sentence(text: str) -> str:
    """``text`` up to the end of its last full sentence but the final one;
    "" when it holds a single sentence. A full stop after a one-letter word
    or inside an abbreviation (``e.g.``, ``z. B.``) ends no sentence."""
    ends = [m.start() for m in _CLAUSE_START.finditer(text) if not _abbreviation(text, m.start())]
    return text[:ends[-1]].rstrip() if ends else ""


def _abbreviation(text: str, end: int) -> bool:
    """Whether the sentence-ending mark just before ``end`` closes an abbreviation."""
    stop = text[:end].rstrip("\"'»”’)")
    word = stop[:-1].rsplit(None, 1)[-1] if stop[:-1].split() else ""
    return len(word.strip("(")) <= 1 or "." in word


def _sentence(text: str) -> str:
    """``text`` ending as a sentence: a full stop unless one is there."""
    text = text.rstrip(" :;,")
    return text if text.endswith((".", "!", "?", "…")) else text + "."


def suspect_lines(text: str) -> tuple[tuple[int, str], ...]:
    """(line, text) of each line holding a lead and a continuation character:
    the only lines that can be mojibake. Found while reading; whether they
    are is ftfy's judgement (``mojibake``), made once, for the report."""
    if not _SUSPECT.search(text):
        return ()
    return tuple((n, line) for n, line in enumerate(text.split("\n"), start=1) if _SUSPECT.search(line))


def mojibake(lines: tuple[tuple[int, str], ...]) -> list[tuple[int, str]]:
    """(line, snippet around the first suspect character) of the suspect
    lines that ftfy judges to be mojibake."""
    if not lines:
        return []
    is_bad = _ftfy_is_bad()
    found = []
    for number, line in lines:
        if is_bad(line):
            at = _SUSPECT.search(line).start()
            found.append((number, line[max(at - 20, 0) : at + 20].strip()))
    return found


@functools.cache
def _ftfy_is_bad():
    """ftfy's ``is_bad``. Importing ``ftfy`` runs its package ``__init__``,
    which loads its codecs, fixers and wcwidth tables (35 ms, most of a
    report's time); ``is_bad`` lives in ``ftfy/badness.py``, which needs only
    ``re``. So that one file is loaded by itself, and the package is
    imported the usual way only if that fails (another ftfy layout)."""
    try:
        import importlib.util

        origin = importlib.util.find_spec("ftfy").submodule_search_locations[0]
        spec = importlib.util.spec_from_file_location("gloss_graph._ftfy_badness", f"{origin}/badness.py")
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module.is_bad
    except Exception:  # noqa: BLE001 - any surprise: the ordinary import
        from ftfy.badness import is_bad

        return is_bad
