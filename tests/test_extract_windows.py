"""Site pages are scanned paragraph by paragraph around the word "glossary";
what that finds must be what the whole scan finds, on every page of MDN."""
from __future__ import annotations

import os

import pytest

from gloss_graph.corpus import discover_all, redirect_tables
from gloss_graph.entries import Unreadable, split_front_matter
from gloss_graph.extract.scanner import scan
from gloss_graph.extract.windows import scan_windows
from gloss_graph.reach import reach


def bodies(root):
    for dirpath, _, names in os.walk(root):
        if "index.md" in names:
            with open(os.path.join(dirpath, "index.md"), "rb") as handle:
                text = handle.read().decode("utf-8", "replace").replace("\r\n", "\n").replace("\r", "\n")
            try:
                _, body, line = split_front_matter(text)
            except Unreadable:
                continue
            yield dirpath, body, line


@pytest.mark.shared
def test_the_same_references_as_the_whole_scan_on_every_page_of_the_site(site_files):
    keep = reach(redirect_tables(discover_all([str(site_files)]), []))
    compared = found = 0
    for folder, body, line in bodies(site_files):
        assert scan_windows(body, line, keep, "en-US") == scan(body, line, keep, "en-US"), folder
        compared += 1
        found += bool(scan(body, line, keep, "en-US")[0])
    assert compared == 14073 and found > 2000


@pytest.mark.parametrize("body", [
    "```\n{{Glossary(\"a\")}}\n```\n\nText {{Glossary(\"b\")}}.\n",
    "<!-- a comment\n\nwith {{Glossary(\"hidden\")}}\n\n-->\nThen {{Glossary(\"shown\")}}.\n",
    "<!-- never closed\n\n{{Glossary(\"hidden\")}}\n",
    "Para `<!--` in code.\n\nThen {{Glossary(\"shown\")}}.\n",
    "- item\n\n      {{Glossary(\"in indented code\")}}\n\n    {{Glossary(\"in the item\")}}\n",
    "See [the term][t].\n\n[t]: /en-US/docs/Glossary/T\n",
    "~~~js\nlet x = '{{Glossary(\"a\")}}';\n\n~~~\n[x](/en-US/docs/Glossary/X)\n",
    "<a href=\"/en-US/docs/Web\">text\n\nmore {{Glossary(\"inside\")}} text</a>\n",
    "Text with glossary but no reference.\n",
])
def test_the_same_references_as_the_whole_scan_on_hand_made_pages(body):
    keep = reach({})
    assert scan_windows(body, 5, keep, "en-US") == scan(body, 5, keep, "en-US")
