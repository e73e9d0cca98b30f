"""Shared fixtures: where the real MDN data is, and built corpora reused
across tests (building is the slow part, so each is built once a session)."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
MDN = SHARED / "mdn"
CONTENT = ROOT / "content"


def write(path: Path, text: str) -> Path:
    """A UTF-8 file, its folders made as needed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def need_shared(*parts: str) -> Path:
    """The path under ../shared/mdn, or skip: it is absent only in a user's
    fresh clone (CI always has it)."""
    path = MDN.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real MDN data not found at {path} (../shared is absent in a fresh clone)")
    return path


@pytest.fixture(scope="session")
def mdn_2022():
    import gloss_graph

    return gloss_graph.load([str(need_shared("2022", "files"))])


@pytest.fixture(scope="session")
def mdn_2026():
    import gloss_graph

    return gloss_graph.load([str(need_shared("2026", "files"))])


@pytest.fixture(scope="session")
def site_files():
    """The whole en-US site (files/en-us), unpacked once from its tarball into
    .cache/site (the benchmark's unpacked copy, shared)."""
    import sys

    tarball = need_shared("mdn-en-us-2026-site.tar.gz")
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import cache as site_cache

    return site_cache.site_pages(tarball)


@pytest.fixture(scope="session")
def content_corpus():
    import gloss_graph

    return gloss_graph.load([str(CONTENT)])


# The browser fixtures live in tests/browser.py and are made available here,
# once: importing them into each test module would make one session fixture
# per module, and Playwright's sync API refuses a second instance alive at once.
from browser import chromium, open_graph  # noqa: E402,F401
