"""Make the pictures of docs/graph.md: the whole en-US site's map at the
overview scale, coloured by topic (docs/graph.png, shown in the README), and
a local view of one term, its neighbouring terms around it
(docs/graph-local.png).

    .venv/bin/python benchmarks/graph_screenshot.py
    .venv/bin/python benchmarks/graph_screenshot.py --source content --out /tmp/graph.png --local-out /tmp/local.png

The site comes from ../shared/mdn, unpacked once by cache.py; without it,
use --source. Uses Debian's Chromium like the browser tests
(tests/browser.py). Japanese and Chinese titles need a CJK font on the
machine (Debian: fonts-wqy-zenhei or fonts-noto-cjk), or they show as boxes.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

from browser import launch, open_page  # noqa: E402

import gloss_graph  # noqa: E402
from gloss_graph import html  # noqa: E402
from gloss_graph.graph import graph_data  # noqa: E402

LOCAL = "concept:glossary/tcp"  # the term of the local view
DEPTH = 1
LOCAL_HIDES = ("page", "external")  # kinds left out of the local view: the terms around it show


def take(browser, source: str, out: str, width: int, height: int, *, select: str | None = None,
         depth: int = 0, hide: tuple[str, ...] = ()) -> list[str]:
    """Build ``source``, open its page in ``browser`` and save a picture to
    ``out``: the whole map at the overview scale, or with ``select`` the
    local view of that node, ``depth`` steps around it, without the kinds
    in ``hide``. Returns what went wrong in the page (requests, errors)."""
    data = graph_data(gloss_graph.load([source]))
    with tempfile.TemporaryDirectory() as tmp:
        page_path = html.write_html(data, Path(tmp) / "graph.html")
        page, watch = open_page(browser, page_path, viewport={"width": width, "height": height})
        try:
            for kind in hide:
                page.uncheck(f'#kinds input[data-kind="{kind}"]')
            if select and select in data.nodes:
                page.select_option("#depth", str(depth))
                page.evaluate("id => glossGraph.select(id)", select)
            page.wait_for_timeout(200)
            page.screenshot(path=out)
        finally:
            page.context.close()
    return watch.problems()


def default_source() -> str:
    """The whole en-US site when ../shared holds it, else content/."""
    import cache

    try:
        return str(cache.site_pages())
    except FileNotFoundError:
        return str(REPO / "content")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", help="what to draw (default: the whole en-US site, else content/)")
    parser.add_argument("--out", default=str(REPO / "docs" / "graph.png"))
    parser.add_argument("--local-out", default=str(REPO / "docs" / "graph-local.png"))
    parser.add_argument("--select", default=LOCAL, help=f"the node of the local view (default {LOCAL})")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=860)
    args = parser.parse_args(argv)
    source = args.source or default_source()

    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            problems = take(browser, source, args.out, args.width, args.height)
            problems += take(browser, source, args.local_out, args.width, args.height, select=args.select,
                             depth=DEPTH, hide=LOCAL_HIDES)
        finally:
            browser.close()
    if problems:
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(args.out)
    print(args.local_out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
