"""_redirects.txt read fast gives what reading it line by line gives."""
from __future__ import annotations

import random

import pytest

from gloss_graph.redirects import _line_by_line, parse_redirects, read_redirects

from conftest import CONTENT, MDN, need_shared

PIECES = [
    "/en-US/docs/A%20b\t/en-US/docs/C", "# c", "", "  ", "/x/docs/a#b?c\t http://x ", "/fr/docs/\t/fr/docs/", "bad",
    "/a/b\tc", "/en/docs/X \t/en/docs/Y\tz", "\xa0", "/en-US/docs/Q\t", "\t/en/docs/x", "/en/docs/a\t\xa0/en/docs/b",
    "/en/docs/a\t/fr/docs/#x", "/en/docs/%2Fx/\t /en/docs/Y/ ", "/en/docs/a\t\t/en/docs/b", "/en/docs/A\xa0\t/en/docs/B\x0b",
    "/en/docs//lead\t/en/docs/b", "/en/docs/a b\t/en/docs/c d", "/en/docs/Glossary/X\t/en-US/docs/Glossary/Y",
    "/en/docs/a\thttps://example.org/x#y", "/en/docs/a?q\t/en/docs/b", "/en/docs/A\t/en/docs/B", "/en/docs/a\t/en/docs/c",
]


def test_equal_to_line_by_line_on_generated_files():
    generator = random.Random(7)
    for _ in range(5000):
        lines = [generator.choice(PIECES) for _ in range(generator.randint(0, 6))]
        text = generator.choice(["\n", "\r\n", "\r"]).join(lines) + generator.choice(["", "\n"])
        fast, slow = [], []
        normalised = text.replace("\r\n", "\n").replace("\r", "\n")
        assert parse_redirects(text, fast) == _line_by_line(normalised, slow), repr(text)
        assert fast == slow


@pytest.mark.shared
def test_equal_to_line_by_line_on_every_real_file(site_files):
    files = [p for tree in ("2022", "2026") for p in need_shared(tree, "files").glob("*/_redirects.txt")]
    files += [site_files / "_redirects.txt", *CONTENT.glob("files/*/_redirects.txt")]
    assert len(files) >= 6
    for path in files:
        text = path.read_bytes().decode("utf-8", "replace")
        assert read_redirects(path) == _line_by_line(text.replace("\r\n", "\n").replace("\r", "\n"), None), path
    assert MDN.is_dir()
