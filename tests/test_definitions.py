"""Definitions (skos:definition) as a reader sees the page: xref macros as
the code text they show, sentences completed or cut at a sentence end but
never left on a colon, no markdown left. Checked on every definition of the
2022 and 2026 MDN glossaries, and on small cases built by hand."""
from __future__ import annotations

import re

import pytest

from gloss_graph.entries import split_front_matter
from gloss_graph.summary import definition

# An article right before punctuation: a word the text lost ("submit a .",
# "innerhalb eines -Elements"). Not before a colon: French "Le descripteur a :"
# is the verb.
GAP = re.compile(r"(?i)\b(?:a|an|the|un|une|le|la|les|du|ein|eine|einen|einem|einer|eines|der|die|das|den|dem)"
                 r"\s+[.,;!?)-](?:\s|$)")
HTML_ELEMENT = re.compile(r"""\{\{\s*htmlelement\(\s*["']([\w-]+)["']\s*\)\s*\}\}""", re.I)


def entries(corpus):
    for concept in corpus.concepts.values():
        yield from concept.entries.values()


def source_paragraph(entry, corpus_root) -> str:
    """The file's first paragraph as written, read here without gloss-graph's reader."""
    text = (corpus_root / entry.file).read_text(encoding="utf-8", errors="replace").replace("\r\n", "\n")
    _, body, _ = split_front_matter(text)
    blocks = [b.strip() for b in re.split(r"\n\s*\n", body) if b.strip()]
    return next((b for b in blocks if not b.startswith(("{{", "#", "<", ">", "```"))), "")


@pytest.mark.shared
@pytest.mark.parametrize("snapshot", ["2022", "2026"])
def test_no_definition_keeps_markdown_or_ends_on_a_colon(request, snapshot):
    from conftest import need_shared

    corpus = request.getfixturevalue(f"mdn_{snapshot}")
    root = need_shared(snapshot, "files")
    checked, bad = 0, []
    for entry in entries(corpus):
        text = entry.summary
        if not text:
            continue
        checked += 1
        problems = [mark for mark in ("**", "{{", "}}") if mark in text]
        # A "[" the reader sees is one the source escaped ("pronounced \[bezje]").
        if text.count("[") > source_paragraph(entry, root).count("\\["):
            problems.append("[")
        if text.rstrip().endswith(":"):
            problems.append("ends with a colon")
        if GAP.search(text):
            problems.append(f"gap: {GAP.search(text).group()!r}")
        if problems:
            bad.append((entry.file, problems, text[-120:]))
    assert checked > 1000
    assert bad == []


@pytest.mark.shared
@pytest.mark.parametrize("snapshot", ["2022", "2026"])
def test_html_element_macros_show_their_element(request, snapshot):
    """{{HTMLElement("form")}} in the first paragraph reads <form> in the
    definition (it was dropped as an HTML tag: "to submit a .")."""
    from conftest import need_shared

    corpus = request.getfixturevalue(f"mdn_{snapshot}")
    root = need_shared(snapshot, "files")
    seen = 0
    for entry in entries(corpus):
        for element in HTML_ELEMENT.findall(source_paragraph(entry, root)):
            seen += 1
            assert f"<{element.lower()}>" in entry.summary.lower(), (entry.file, element, entry.summary)
    assert seen > 10


def test_the_submit_button_reads_as_on_the_page(mdn_2026):
    summary = mdn_2026.concepts["glossary/submit_button"].entries["en-US"].summary
    assert "can be used to submit a <form>." in summary
    assert summary.endswith('<input type="submit">, <input type="image">.')


def body(*blocks: str) -> str:
    return "\n\n".join(blocks) + "\n"


@pytest.mark.parametrize("markdown, expected", [
    # A short list completes the sentence it ends.
    (body("A header is one of:", "- {{HTTPHeader(\"Accept\")}}\n- `Range`"),
     "A header is one of: Accept, Range."),
    (body("Les valeurs sont :", "- row\n- column"), "Les valeurs sont : row, column."),
    # Items with commas are told apart by semicolons.
    (body("Each has:", "- a name\n- a value, which is text"), "Each has: a name; a value, which is text."),
    # A long list: cut after the last full sentence instead.
    (body("It is a rule. There are constraints:", "- " + "x " * 60 + "\n- y"), "It is a rule."),
    # Nothing to cut to: the long items complete it after all.
    (body("There are definitions:", "- " + "long " * 20 + "one.\n- short"),
     "There are definitions: " + ("long " * 20).strip() + " one; short."),
    # A disambiguation page: its macro lists the senses, nothing in the text does.
    (body("The term **x** can mean several things. It may refer to:", "{{GlossaryDisambiguation}}"),
     "The term x can mean several things."),
    (body("Le terme x possède différentes significations :", "{{GlossaryDisambiguation}}"),
     "Le terme x possède différentes significations."),
    # A quotation that follows completes it.
    (body("X is defined as follows:", "> A box that holds a *part*."), "X is defined as follows: A box that holds a part."),
    # "e.g." ends no sentence.
    (body("Some tools, e.g. Git, are used so:", "- " + "z " * 60), "Some tools, e.g. Git, are used so: " + ("z " * 60).strip() + "."),
])
def test_a_colon_never_ends_a_definition(markdown, expected):
    assert definition(markdown) == expected


@pytest.mark.parametrize("markdown, expected", [
    ("Used to submit a {{HTMLElement(\"form\")}}.", "Used to submit a <form>."),
    ("In `{{HtmlElement('input/submit', '&lt;input type=\"submit\"&gt;')}}` form.", 'In <input type="submit"> form.'),
    ("Effectue **l'**analyse.", "Effectue l'analyse."),
    ('Un codec ("**_co_**deur-**_déc_**odeur") code.', 'Un codec ("codeur-décodeur") code.'),
    ("In code `2 ** 3` the marks stay.", "In code 2 ** 3 the marks stay."),
    ("Plain 2 ** 3 stays too.", "Plain 2 ** 3 stays too."),
])
def test_macros_show_their_code_text_and_no_strong_mark_is_left(markdown, expected):
    assert definition(markdown + "\n") == expected
