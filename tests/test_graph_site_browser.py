"""graph.html of the whole en-US site in headless Chromium: labels that
never print over each other at three zoom levels (and with CORS selected,
whose neighbours used to be a pile of labels), only hubs and topic names at
the overview, ready within a second, no frame over 100 ms while zooming,
the tab under 300 MB.

What is printed is measured, not asked of the page: an init script wraps
the canvas's ``fillText`` and records each text's box on the screen, from
the text metrics (``measureText``) and the canvas transform in force when
it is drawn. Two boxes overlap when they share any area.
"""
from __future__ import annotations

import importlib.util
import statistics
from pathlib import Path

import pytest

from browser import VIEWPORT, screenshot, watched_page

pytestmark = [pytest.mark.browser, pytest.mark.shared]

REPO = Path(__file__).resolve().parents[1]

RECORD_TEXT = """(() => {
  const log = [];
  window.__printed = log;
  const fillText = CanvasRenderingContext2D.prototype.fillText;
  CanvasRenderingContext2D.prototype.fillText = function (text, x, y, maxWidth) {
    const m = this.measureText(text);
    const t = this.getTransform();
    const ratio = this.canvas.width / (this.canvas.clientWidth || this.canvas.width);
    const corners = [
      [x - m.actualBoundingBoxLeft, y - m.actualBoundingBoxAscent],
      [x + m.actualBoundingBoxRight, y + m.actualBoundingBoxDescent],
    ].map(([px, py]) => [(t.a * px + t.c * py + t.e) / ratio, (t.b * px + t.d * py + t.f) / ratio]);
    log.push({
      text: String(text),
      box: [Math.min(corners[0][0], corners[1][0]), Math.min(corners[0][1], corners[1][1]),
            Math.max(corners[0][0], corners[1][0]), Math.max(corners[0][1], corners[1][1])],
    });
    return fillText.apply(this, arguments);
  };
})();"""

# Everything printed by one drawing of the map, at the scale given as a
# multiple of the overview's (the scale the page opens at).
PRINTED_AT = """(zoom) => {
  const network = glossGraph.network;
  network.fit({ animation: false });
  if (zoom !== 1) network.moveTo({ scale: network.getScale() * zoom, animation: false });
  window.__printed.length = 0;
  network.redraw();
  return window.__printed.slice();
}"""


def _speed():
    spec = importlib.util.spec_from_file_location("html_speed", REPO / "benchmarks" / "html_speed.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def site_page(site_files, tmp_path_factory):
    import gloss_graph
    from gloss_graph import html
    from gloss_graph.graph import graph_data

    data = graph_data(gloss_graph.load([str(site_files)]))
    path = html.write_html(data, tmp_path_factory.mktemp("site") / "graph.html")
    return path, data


def open_recording(chromium, path):
    context, page, watch = watched_page(chromium, viewport=VIEWPORT)
    context.add_init_script(RECORD_TEXT)
    page.goto(path.resolve().as_uri())
    page.wait_for_selector("body[data-ready]", state="attached", timeout=60_000)
    return context, page, watch


def overlaps(printed: list[dict]) -> list[tuple[str, str]]:
    found = []
    for i, a in enumerate(printed):
        for b in printed[i + 1:]:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
            if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                found.append((a["text"], b["text"]))
    return found


def test_labels_never_print_over_each_other(chromium, site_page):
    path, data = site_page
    context, page, watch = open_recording(chromium, path)
    try:
        counts = []
        for zoom in (1, 2.5, 6):
            printed = page.evaluate(PRINTED_AT, zoom)
            counts.append(len(printed))
            assert overlaps(printed) == [], f"zoom {zoom}"
            screenshot(page, f"site-labels-zoom-{zoom}.png")
        # More labels as you zoom in: the overview holds few.
        assert 5 <= counts[0] < counts[1], counts
        # CORS selected: it and many of its neighbours are named, none over another.
        page.evaluate("() => glossGraph.select('concept:glossary/cors', { focus: true })")
        # One drawing: cleared, drawn and read in one go, so that no frame
        # the browser draws in between adds to the record.
        printed = page.evaluate("() => { window.__printed.length = 0; glossGraph.network.redraw(); "
                                "return window.__printed.slice(); }")
        texts = [p["text"] for p in printed]
        assert "CORS" in texts and len(printed) >= 15
        assert overlaps(printed) == []
        screenshot(page, "site-labels-cors.png")
        assert watch.problems() == []
    finally:
        context.close()


def test_the_overview_names_only_topics_and_the_largest_hubs(chromium, site_page):
    path, data = site_page
    from gloss_graph import clusters as topic

    context, page, watch = open_recording(chromium, path)
    try:
        sizes = page.evaluate("() => Object.fromEntries(glossGraph.nodes.get().map(n => [n.id, n.size]))")
        labels = page.evaluate("() => Object.fromEntries(glossGraph.nodes.get().map(n => [n.id, n.label]))")
        printed = {p["text"] for p in page.evaluate(PRINTED_AT, 1)}
        names = {c.name for c in topic.clusters(data).clusters}
        largest = sorted(sizes, key=lambda n: -sizes[n])[:len(sizes) // 20]  # the top 5%
        hubs = {labels[n] for n in largest}
        assert printed - names - hubs == set()
        assert len(printed & names) >= 5  # the big topics are named
        assert watch.problems() == []
    finally:
        context.close()


def test_ready_within_a_second_smooth_zoom_and_under_300_mb(chromium, site_page):
    """Five opens, each in a fresh context. Time and frames are judged on
    the best of them: what the page itself costs shows in every open, while
    another process taking this 2-core machine's CPU for a moment (other
    builds and test runs share it) shows in some. Memory is judged on every
    open."""
    path, _ = site_page
    speed = _speed()
    ready, frames, memory = [], [], []
    for _ in range(5):
        context, page, watch = watched_page(chromium, viewport=VIEWPORT)
        try:
            page.goto(path.resolve().as_uri())
            page.wait_for_selector("body[data-ready]", state="attached", timeout=60_000)
            ready.append(page.evaluate("() => performance.getEntriesByName('graph-ready')[0].startTime"))
            frames.append(max(speed.zoom_frames(page)))
            memory.append(speed.memory(page))
            assert watch.problems() == []
        finally:
            context.close()
    assert min(ready) < 1000, ready
    assert min(frames) < 100, frames
    assert statistics.median(frames) < 1000, frames  # and never a stall
    for used in memory:
        assert 0 < used["js_heap_mb"] < 300 and 0 < used["renderer_pss_mb"] < 300, memory
