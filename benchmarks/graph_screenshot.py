"""Make docs/graph.png: content/'s graph in headless Chromium, with the API
concept selected so that the side panel shows.

    .venv/bin/python benchmarks/graph_screenshot.py [--out docs/graph.png]

Uses Debian's Chromium like the browser tests (tests/browser.py). Japanese
and Chinese titles need a CJK font on the machine (Debian: fonts-wqy-zenhei
or fonts-noto-cjk), or they show as boxes.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))

from browser import launch, open_page  # noqa: E402

import gloss_graph  # noqa: E402
from gloss_graph import html  # noqa: E402

SELECTED = "concept:glossary/api"


def take(browser, source: str, out: str, width: int, height: int) -> list[str]:
    """Build ``source``, open its page in ``browser``, save the picture to
    ``out``. Returns what went wrong in the page (requests, errors)."""
    graph = gloss_graph.build_graph(gloss_graph.load([source]))
    with tempfile.TemporaryDirectory() as tmp:
        page_path = html.write_html(graph, Path(tmp) / "graph.html")
        page, watch = open_page(browser, page_path, viewport={"width": width, "height": height})
        try:
            if SELECTED in graph:
                page.evaluate("id => glossGraph.select(id)", SELECTED)
                # Show the whole map rather than zooming onto the selection.
                page.evaluate("() => glossGraph.network.fit({animation: false})")
            page.wait_for_timeout(200)
            page.screenshot(path=out)
        finally:
            page.context.close()
    return watch.problems()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default=str(REPO / "content"))
    parser.add_argument("--out", default=str(REPO / "docs" / "graph.png"))
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=860)
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            problems = take(browser, args.source, args.out, args.width, args.height)
        finally:
            browser.close()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
