"""How fast the HTML graph page becomes interactive in headless Chromium.

    .venv/bin/python benchmarks/html_speed.py            # en-US glossary and whole site, 5 opens each
    .venv/bin/python benchmarks/html_speed.py --runs 9
    .venv/bin/python benchmarks/html_speed.py --only glossary

Inputs: the whole en-US site, unpacked once from ``../shared/mdn`` by
cache.py, built in site mode (``site``), and its ``glossary/`` folder alone
(``glossary``). Each page is written once, then opened ``--runs`` times,
each time in a fresh browser context, from file:// with every other request
blocked (none may occur).

Per open it records:
  ready      milliseconds from navigation start to the page's
             ``graph-ready`` mark, set after vis-network's first drawing,
             when search, filters and clicks work;
  cpu        milliseconds the page's main thread ran until then (Chromium's
             TaskDuration in thread time): what the page costs, whatever
             else the machine is doing; ``ready`` also holds waiting;
  search     milliseconds from typing "API" (Enter) to its panel showing;
  select     milliseconds to select a node, neighbours highlighted;
  frame      the longest frame, in milliseconds, while the mouse wheel zooms
             in and out over the map (``zoom_frames``: the gaps between
             animation frames, so a slow drawing or a long task shows);
  heap, pss  megabytes: the page's JavaScript heap in use (Chrome DevTools
             Protocol, Performance.getMetrics) and the memory of the largest
             renderer process (SystemInfo.getProcessInfo, then /proc), its
             proportional set size: resident memory with the pages it shares
             with the other Chromium processes (libraries, mostly) counted
             in shares; the tab's memory (``memory``, which also gives RSS).

The medians are judged against the targets: ready within 1 s, no frame over
100 ms, the tab under 300 MB. The load average is printed: on a busy
machine ``ready`` grows, ``cpu`` does not. Speed is reported, not asserted
(exit status 0) unless ``--check`` is given.
"""
from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO / "tests"))

import cache  # noqa: E402  (a sibling module; benchmarks/ is not a package)
from browser import launch, watched_page  # noqa: E402

TARGETS_MS = {"glossary": 1000, "site": 1000}
FRAME_TARGET_MS = 100
MEMORY_TARGET_MB = 300

MEASURE_INTERACTION = """async () => {
  const g = glossGraph;
  const box = document.getElementById('search');
  let t = performance.now();
  box.value = 'API';
  box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter'}));
  const search = performance.now() - t;
  const found = document.getElementById('panel-body').dataset.node;
  box.value = '';
  box.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape'}));
  g.select(null);
  const ids = g.visibleIds();
  const target = ids[Math.floor(ids.length / 2)];
  t = performance.now();
  g.select(target);
  const select = performance.now() - t;
  return {search, select, found};
}"""


def build_pages(site: Path, out: Path, only: list[str]) -> dict[str, dict]:
    import gloss_graph
    from gloss_graph import html

    sources = {"glossary": site / "glossary", "site": site}
    pages = {}
    for name in only:
        started = time.perf_counter()
        graph = gloss_graph.build_graph(gloss_graph.load([str(sources[name])]))
        loaded = time.perf_counter()
        path = html.write_html(graph, out / f"{name}.html")
        written = time.perf_counter()
        view = html.view_graph(graph)
        pages[name] = {
            "path": path,
            "graph_nodes": graph.number_of_nodes(),
            "view_nodes": len(view.nodes),
            "view_edges": len(view.edges),
            "bytes": path.stat().st_size,
            "load_s": round(loaded - started, 2),
            "html_s": round(written - loaded, 2),
        }
    return pages


RECORD_FRAMES = """() => {
  window.__frames = [];
  window.__recording = true;
  const tick = (now) => {
    window.__frames.push(now);
    if (window.__recording) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


def zoom_frames(page, steps: int = 24) -> list[float]:
    """Milliseconds between animation frames while the mouse wheel zooms in
    ``steps`` notches over the middle of the map, then out again."""
    box = page.locator("#graph canvas").bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.evaluate(RECORD_FRAMES)
    for step in range(2 * steps):
        page.mouse.wheel(0, -120 if step < steps else 120)
        page.wait_for_timeout(16)
    page.wait_for_timeout(100)
    times = page.evaluate("() => { window.__recording = false; return window.__frames; }")
    return [b - a for a, b in zip(times, times[1:])]


def memory(page) -> dict:
    """The page's JavaScript heap in use, and the proportional set size and
    resident memory of the largest renderer process, in megabytes (an upper
    bound for the page's own renderer, whatever else the browser has open)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("Performance.enable")
    metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
    browser_cdp = page.context.browser.new_browser_cdp_session()
    try:
        processes = browser_cdp.send("SystemInfo.getProcessInfo")["processInfo"]
    finally:
        browser_cdp.detach()
    sizes = [_sizes_mb(p["id"]) for p in processes if p["type"] == "renderer"]
    pss, rss = max(sizes, default=(0.0, 0.0))
    return {"js_heap_mb": round(metrics["JSHeapUsedSize"] / 2**20, 1), "renderer_pss_mb": pss,
            "renderer_rss_mb": rss}


def _sizes_mb(pid: int) -> tuple[float, float]:
    """(Pss, Rss) of a process, from /proc/PID/smaps_rollup."""
    found = {}
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines()[1:]:
            name, _, rest = line.partition(":")
            found[name] = int(rest.split()[0]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return round(found.get("Pss", 0.0), 1), round(found.get("Rss", 0.0), 1)


def open_once(browser, path: Path) -> dict:
    context, page, watch = watched_page(browser)
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
    try:
        page.goto(path.resolve().as_uri())
        page.wait_for_selector("body[data-ready]", state="attached", timeout=60_000)
        ready = page.evaluate("() => performance.getEntriesByName('graph-ready')[0].startTime")
        metrics = {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}
        interaction = page.evaluate(MEASURE_INTERACTION)
        page.evaluate("() => glossGraph.network.fit({animation: false})")
        frames = zoom_frames(page)
        used = memory(page)
    finally:
        context.close()
    return {
        "ready_ms": round(ready),
        "cpu_ms": round(metrics.get("TaskDuration", 0.0) * 1000),
        "search_ms": round(interaction["search"]),
        "select_ms": round(interaction["select"]),
        "search_found": interaction["found"],
        "frame_ms": round(max(frames, default=0.0)),
        "heap_mb": used["js_heap_mb"],
        "pss_mb": used["renderer_pss_mb"],
        "problems": watch.problems(),
    }


def median(values: list[float]) -> float:
    return round(statistics.median(values)) if values else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=sorted(TARGETS_MS), action="append")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--check", action="store_true", help="exit 1 when a median misses its target")
    args = parser.parse_args(argv)
    only = args.only or ["glossary", "site"]

    from playwright.sync_api import sync_playwright

    site = cache.site_pages()
    results = {"load_average": os.getloadavg()[0], "cpus": os.cpu_count(), "pages": {}}
    failed = False
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        pages = build_pages(site, Path(tmp), only)
        browser = launch(playwright)
        try:
            for name, info in pages.items():
                runs = [open_once(browser, info["path"]) for _ in range(args.runs)]
                problems = sorted({p for r in runs for p in r["problems"]})
                summary = {k: v for k, v in info.items() if k != "path"}
                summary.update({
                    "runs": runs,
                    "ready_ms": median([r["ready_ms"] for r in runs]),
                    "cpu_ms": median([r["cpu_ms"] for r in runs]),
                    "search_ms": median([r["search_ms"] for r in runs]),
                    "select_ms": median([r["select_ms"] for r in runs]),
                    "frame_ms": median([r["frame_ms"] for r in runs]),
                    "heap_mb": statistics.median([r["heap_mb"] for r in runs]),
                    "pss_mb": statistics.median([r["pss_mb"] for r in runs]),
                    "target_ms": TARGETS_MS[name],
                    "problems": problems,
                })
                good = (summary["ready_ms"] <= TARGETS_MS[name] and summary["frame_ms"] <= FRAME_TARGET_MS
                        and summary["pss_mb"] < MEMORY_TARGET_MB and not problems)
                summary["verdict"] = "ok" if good else "MISSED"
                failed |= summary["verdict"] != "ok"
                results["pages"][name] = summary
        finally:
            browser.close()
    results["load_average_after"] = os.getloadavg()[0]
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return 1 if failed and args.check else 0


def report(results: dict) -> str:
    lines = [
        f"HTML graph, time to interactive in headless Chromium ({results['cpus']} CPUs, "
        f"load average {results['load_average']:.1f} before, {results['load_average_after']:.1f} after)",
        f"{'page':9} {'view nodes':>10} {'edges':>6} {'MiB':>5} {'html s':>6} "
        f"{'ready ms':>9} {'cpu ms':>7} {'search ms':>9} {'select ms':>9} {'frame ms':>8} {'heap MB':>7} "
        f"{'pss MB':>6}  targets",
    ]
    for name, s in results["pages"].items():
        lines.append(
            f"{name:9} {s['view_nodes']:>10} {s['view_edges']:>6} {s['bytes'] / 2**20:>5.1f} {s['html_s']:>6} "
            f"{s['ready_ms']:>9} {s['cpu_ms']:>7} {s['search_ms']:>9} {s['select_ms']:>9} {s['frame_ms']:>8} "
            f"{s['heap_mb']:>7} {s['pss_mb']:>6}  "
            f"{s['target_ms']} ms, {FRAME_TARGET_MS} ms, {MEMORY_TARGET_MB} MB: {s['verdict']}"
        )
        lines.append(f"{'':9} ready per run: {[r['ready_ms'] for r in s['runs']]}")
        for problem in s["problems"]:
            lines.append(f"{'':9} {problem}")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
