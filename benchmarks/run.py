"""Benchmark ``gloss-graph build`` against the straightforward reference pipeline.

    python benchmarks/run.py            # make bench: whole en-US site, 5 runs each
    python benchmarks/run.py --smoke    # make bench-smoke: one run each, small subset
    python benchmarks/run.py --runs 9

Both pipelines run as whole processes on the same input, alternating (A, B,
A, B, ...) so that a slow spell of the machine hits both alike. Before timing,
every input file is read once, so that neither pipeline pays for a cold disk
cache. Each run writes into a fresh, empty output folder.

Inputs, from ``../shared`` next to the repository:
  site            the whole en-US site, unpacked once from the tarball (cache.py)
  glossary trees  ``mdn/2022/files`` (en-US + fr) and ``mdn/2026/files`` (en-US + de),
                  built as two runs whose times are added: one build of all four
                  would join two en-US snapshots of the same entries.

gloss-graph is run as a user runs it (``gloss-graph build SOURCE -o OUT``,
with ``--timings -q``); its incremental cache lives in the output folder,
which is new for every run, so these are first builds, writing the cache
as a first build does (``--extra=--no-cache`` leaves that out). The incremental
rebuild is measured apart: one glossary entry changed, then a rebuild into
the same output folder.

Memory. Two figures per run, both for the process and everything it starts:
  * the largest single process's exact peak RSS, from ``os.wait4`` (the
    kernel's high-water mark for the child and its reaped workers). It is
    per run, unlike ``getrusage(RUSAGE_CHILDREN)``, whose ``ru_maxrss`` is a
    high-water mark over all children ever waited for, so deltas between
    runs mean nothing; ``/usr/bin/time -v`` reads the same number from the
    same call but is not on every machine.
  * the whole process tree's RSS, summed over the build and its worker
    processes, sampled from /proc every 20 ms (a worker pool's footprint is
    the sum, which no rusage call gives). Pages shared between processes
    count once per process, so it is an upper bound. /proc/<pid>/statm costs
    microseconds to read; PSS (smaps_rollup) would count shared pages fairly
    but costs milliseconds per read, enough to disturb the timing.
  The memory target is judged on the larger of the two.

Speed is reported, never asserted: the exit status is non-zero only when a
pipeline fails (or writes nothing), so the smoke mode can run in CI.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import cache  # noqa: E402  (a sibling module; benchmarks/ is not a package)

REPO_ROOT = cache.REPO_ROOT
REFERENCE_SCRIPT = Path(__file__).resolve().parent / "reference_pipeline.py"
GLOSSARY_TREES = ("mdn/2022/files", "mdn/2026/files")
FULL_RUNS = 5
SMOKE_PAGES = 300
SAMPLE_INTERVAL = 0.02  # seconds between memory samples
MIB = 2**20

GLOSS_GRAPH = "gloss-graph"
REFERENCE = "reference"

# (name, what is measured, limit, unit). Issue 6's targets.
SITE_WALL_LIMIT = 2.0
SITE_RATIO_LIMIT = 8.0
SITE_MEMORY_LIMIT = 300.0
GLOSSARY_WALL_LIMIT = 0.6
REBUILD_WALL_AIM = 0.5  # issue 6 item 5 calls it an aim


class BenchError(Exception):
    """A pipeline failed: the benchmark stops with a non-zero exit status."""


# ---------------------------------------------------------------- one run


@dataclass
class Run:
    wall: float  # seconds, whole process
    max_rss: float  # MiB, largest single process (exact)
    tree_rss: float  # MiB, process tree summed (sampled)
    timings: dict[str, float] = field(default_factory=dict)  # gloss-graph phases
    outputs: list[str] = field(default_factory=list)
    exit_status: int = 0


def run_process(cmd: list[str], output: Path, label: str, ok: tuple[int, ...] = (0,)) -> Run:
    """Run one pipeline as a whole process writing into ``output``.
    An exit status outside ``ok``, or no output at all, is a failure."""
    output.mkdir(parents=True, exist_ok=True)
    log_dir = Path(tempfile.mkdtemp(prefix="log-", dir=output.parent))
    out_log, err_log = log_dir / "stdout", log_dir / "stderr"
    with open(out_log, "wb") as out, open(err_log, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=output.parent)
        sampler = TreeSampler(proc.pid)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        sampler.stop()
    proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
    stderr = err_log.read_text(encoding="utf-8", errors="replace")
    shutil.rmtree(log_dir)
    # What the build wrote for its users; its own cache and lock (dot files) are not outputs.
    outputs = sorted(p.name for p in output.iterdir() if not p.name.startswith(".")) if output.is_dir() else []
    if code not in ok:
        tail = "\n".join(stderr.strip().splitlines()[-20:])
        raise BenchError(f"{label} failed with exit status {code}: {' '.join(cmd)}\n{tail}")
    if not outputs:
        raise BenchError(f"{label} exited 0 but wrote nothing into {output}: {' '.join(cmd)}")
    max_rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024) / MIB
    return Run(wall, max_rss, sampler.peak / MIB, parse_timings(stderr), outputs, code)


class TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process and its descendants, from /proc."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self._done = threading.Event()
        self._page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096

    def run(self) -> None:
        while True:
            self.peak = max(self.peak, self.tree_rss())
            if self._done.wait(SAMPLE_INTERVAL):
                return

    def stop(self) -> None:
        self._done.set()
        self.join()

    def tree_rss(self) -> int:
        total, todo = 0, [self.pid]
        while todo:
            pid = todo.pop()
            try:
                with open(f"/proc/{pid}/statm", "rb") as f:
                    total += int(f.read().split()[1]) * self._page
                for task in os.listdir(f"/proc/{pid}/task"):
                    with open(f"/proc/{pid}/task/{task}/children", "rb") as f:
                        todo.extend(int(c) for c in f.read().split())
            except (OSError, ValueError, IndexError):
                continue  # exited between two reads, or no /proc here
        return total


def parse_timings(stderr: str) -> dict[str, float]:
    """The phase timings ``gloss-graph build --timings`` prints as JSON on
    stderr: ``{"discover": 0.01, ...}`` or ``{"timings": {...}}``, on one line
    or indented, after any other messages. Empty when there is none."""
    lines = stderr.strip().splitlines()
    for start in reversed([i for i, line in enumerate(lines) if line.lstrip().startswith("{")]):
        for text in ("\n".join(lines[start:]), lines[start]):
            try:
                data = json.loads(text)
            except ValueError:
                continue
            if isinstance(data, dict) and isinstance(data.get("timings"), dict):
                data = data["timings"]
            if isinstance(data, dict):
                found = {str(k): float(v) for k, v in data.items() if _is_number(v)}
                if found:
                    return found
    return {}


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# ---------------------------------------------------------------- pipelines


def gloss_graph_cmd() -> list[str]:
    script = Path(sys.executable).parent / "gloss-graph"
    if not script.exists():
        raise BenchError(f"{script}: the gloss-graph console script is not installed next to this Python (make setup)")
    return [str(script), "build"]


# Extra arguments for every timed ``gloss-graph build`` (``--extra=--no-cache``).
EXTRA_ARGS: list[str] = []


def gloss_graph_build(sources: list[Path], output: Path, extra: list[str] | None = None) -> list[str]:
    # -q: no progress bar or summary; the work measured is the build itself.
    extra = EXTRA_ARGS if extra is None else extra
    return gloss_graph_cmd() + [str(s) for s in sources] + ["-o", str(output), "--timings", "-q", *extra]


def reference_build(sources: list[Path], output: Path) -> list[str]:
    return [sys.executable, str(REFERENCE_SCRIPT)] + [str(s) for s in sources] + ["-o", str(output)]


COMMANDS = {GLOSS_GRAPH: gloss_graph_build, REFERENCE: reference_build}
# gloss-graph exits 3 when it wrote every output but had to skip some input
# files: a finished build, noted in the results, not a crash.
SUCCESS = {GLOSS_GRAPH: (0, 3), REFERENCE: (0,)}


def run_builds(pipeline: str, builds: list[list[Path]], work: Path, label: str) -> Run:
    """One measurement: the builds one after the other, times and phases
    added, memory the largest of them."""
    runs = []
    for sources in builds:
        output = Path(tempfile.mkdtemp(prefix="run-", dir=work)) / "out"
        try:
            cmd = COMMANDS[pipeline](sources, output)
            runs.append(run_process(cmd, output, f"{pipeline} ({label})", SUCCESS[pipeline]))
        finally:
            shutil.rmtree(output.parent, ignore_errors=True)
    phases: dict[str, float] = {}
    for run in runs:
        for name, seconds in run.timings.items():
            phases[name] = phases.get(name, 0.0) + seconds
    return Run(
        wall=sum(r.wall for r in runs),
        max_rss=max(r.max_rss for r in runs),
        tree_rss=max(r.tree_rss for r in runs),
        timings=phases,
        outputs=sorted({o for r in runs for o in r.outputs}),
        exit_status=max(r.exit_status for r in runs),
    )


def measure_rebuilds(site: Path, work: Path, runs: int) -> list[Run]:
    """gloss-graph's incremental rebuild: build once, then, ``runs`` times,
    change one glossary entry and build again into the same output folder
    (where its cache lives). The site is mirrored with hard links so that
    the edited file is a new file and the unpacked site stays untouched."""
    tree = work / "edited" / "files" / "en-us"
    shutil.copytree(site, tree, copy_function=_link_or_copy)
    output = work / "edited-out"
    extra = [a for a in EXTRA_ARGS if a != "--no-cache"]  # the rebuild is what the cache is for
    run_process(gloss_graph_build([tree], output, extra), output, "gloss-graph (first build before rebuilds)", SUCCESS[GLOSS_GRAPH])
    entries = sorted(p for p in (tree / "glossary").glob("*/index.md"))
    timed = []
    for i in range(runs):
        _edit(entries[i % len(entries)], i)
        cmd = gloss_graph_build([tree], output, extra)
        timed.append(run_process(cmd, output, "gloss-graph (rebuild after one change)", SUCCESS[GLOSS_GRAPH]))
    return timed


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system
        shutil.copy2(src, dst)


def _edit(path: Path, i: int) -> None:
    """Append a sentence with a glossary reference, as a new file (not
    through the hard link, which would change the unpacked site)."""
    text = path.read_text(encoding="utf-8")
    path.unlink()
    path.write_text(f'{text}\nEdit {i + 1} for the benchmark: see {{{{Glossary("HTML")}}}}.\n', encoding="utf-8")


# ---------------------------------------------------------------- inputs


def find_shared() -> Path:
    shared = cache.shared_dir()
    if not (shared / "mdn").is_dir():
        raise BenchError(f"{shared}/mdn: the MDN data folder is missing (expected next to the repository)")
    return shared


def make_subset(site: Path, dest: Path, pages: int = SMOKE_PAGES) -> Path:
    """A small site-shaped tree: ``pages`` pages taken at an even stride over
    the sorted site (so every section and some glossary entries are in it),
    the glossary's own index page, and ``_redirects.txt``."""
    every = sorted(
        Path(dirpath, "index.md").relative_to(site).as_posix()
        for dirpath, _dirs, files in os.walk(site)
        if "index.md" in files
    )
    step = max(1, len(every) // pages)
    chosen = set(every[::step][:pages])
    chosen.update(p for p in ("glossary/index.md",) if p in every)
    for rel in sorted(chosen):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site / rel, target)
    if (site / "_redirects.txt").is_file():
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(site / "_redirects.txt", dest / "_redirects.txt")
    return dest


def read_tree(root: Path) -> dict[str, int]:
    """Read every markdown file once (warming the disk cache for both
    pipelines alike) and describe the input."""
    pages = chars = 0
    for dirpath, _dirs, files in os.walk(root):
        for name in files:
            data = Path(dirpath, name).read_bytes()
            if name == "index.md":
                pages += 1
                chars += len(data.decode("utf-8", errors="replace"))
    return {"pages": pages, "chars": chars}


# ---------------------------------------------------------------- figures


def spread(values: list[float]) -> dict:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "runs": [round(v, 4) for v in values],
    }


def summarize(runs: list[Run]) -> dict:
    phase_names = list(dict.fromkeys(name for r in runs for name in r.timings))
    return {
        "wall_s": spread([r.wall for r in runs]),
        "max_rss_mib": max(r.max_rss for r in runs),
        "tree_rss_mib": max(r.tree_rss for r in runs),
        "peak_memory_mib": max(max(r.max_rss, r.tree_rss) for r in runs),
        "phases_s": {n: statistics.median(r.timings.get(n, 0.0) for r in runs) for n in phase_names},
        "outputs": runs[-1].outputs,
        "exit_statuses": sorted({r.exit_status for r in runs}),
    }


def judge(measured: float | None, limit: float, higher_is_better: bool = False, smoke: bool = False) -> str:
    if smoke:
        return "n/a (smoke)"
    if measured is None:
        return "n/a"
    ok = measured >= limit if higher_is_better else measured <= limit
    return "PASS" if ok else "MISS"


def targets(results: dict, smoke: bool) -> list[dict]:
    site = results["site"]
    trees = results["glossary_trees"]
    gg_site = site.get(GLOSS_GRAPH)
    ratio = site.get("ratio")
    gg_trees = trees.get(GLOSS_GRAPH)
    rows = [
        ("site build, wall (median)", gg_site and gg_site["wall_s"]["median"], f"<= {SITE_WALL_LIMIT} s", SITE_WALL_LIMIT, False, "s"),
        ("site build vs reference (speed-up)", ratio, f">= {SITE_RATIO_LIMIT:g}x", SITE_RATIO_LIMIT, True, "x"),
        ("site build, peak memory", gg_site and gg_site["peak_memory_mib"], f"<= {SITE_MEMORY_LIMIT:g} MiB", SITE_MEMORY_LIMIT, False, "MiB"),
        ("four glossary trees, wall (median)", gg_trees and gg_trees["wall_s"]["median"], f"<= {GLOSSARY_WALL_LIMIT} s", GLOSSARY_WALL_LIMIT, False, "s"),
    ]
    rebuild = results.get("site_rebuild")
    if rebuild:
        rows.append(("site rebuild, 1 entry changed (aim)", rebuild["wall_s"]["median"], f"<= {REBUILD_WALL_AIM} s",
                     REBUILD_WALL_AIM, False, "s"))
    return [
        {"target": name, "limit": text, "measured": value, "unit": unit,
         "verdict": judge(value, limit, better, smoke)}
        for name, value, text, limit, better, unit in rows
    ]


def describe_machine() -> dict:
    cpu_model = meminfo = ""
    try:
        cpu_model = next(
            (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
             if line.startswith("model name")), "")
        meminfo = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    memory_gib = round(int(meminfo.split()[1]) / 2**20, 1) if meminfo else None
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu_model or platform.processor() or "unknown",
        "memory_gib": memory_gib,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "system": platform.platform(),
        "libraries": _library_versions(),
    }


def _library_versions() -> dict[str, str]:
    versions = {}
    for dist in ("gloss-graph", "rdflib", "networkx", "pyvis", "python-frontmatter", "PyYAML", "markdown-it-py"):
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    try:
        import yaml

        versions["PyYAML"] += " (libyaml)" if yaml.__with_libyaml__ else " (pure Python)"
    except ImportError:
        pass
    return versions


def load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def _load(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.2f}"


def git_commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with uncommitted changes)" if dirty else "")


# ---------------------------------------------------------------- report


def report(results: dict) -> str:
    m = results["machine"]
    lines = [
        f"gloss-graph benchmark ({results['mode']}: {results['runs']} run(s) of each pipeline, alternating)",
        f"timed: {results['gloss_graph_command']}  vs  python benchmarks/reference_pipeline.py SOURCE -o OUT",
        f"machine: {m['nproc']} CPU(s), {m['cpu_model']}, {m['memory_gib']} GiB memory, {m['python']}, {m['system']}",
        f"commit: {results['commit']}",
        f"load average (1 min) before / after: {_load(results['load_before'])} / {_load(results['load_after'])}"
        f" on {m['nproc']} CPU(s); other work on the machine slows both pipelines and widens min..max",
        "",
    ]
    for key, title in (("site", "site"), ("glossary_trees", "glossary trees")):
        inp = results["inputs"][key]
        lines.append(f"input {title}: {inp['description']}: {inp['pages']:,} pages, {inp['chars'] / 1e6:.1f} M characters")
    lines += ["", f"{'input':<16}{'pipeline':<20}{'median s':>10}{'min s':>9}{'max s':>9}"
              f"{'max RSS MiB':>13}{'tree RSS MiB':>14}"]
    for key, title in (("site", "site"), ("glossary trees", "glossary_trees")):
        block = results[title]
        for pipeline in (GLOSS_GRAPH, REFERENCE):
            if pipeline in block:
                s = block[pipeline]
                w = s["wall_s"]
                lines.append(f"{key:<16}{pipeline:<20}{w['median']:>10.3f}{w['min']:>9.3f}{w['max']:>9.3f}"
                             f"{s['max_rss_mib']:>13.0f}{s['tree_rss_mib']:>14.0f}")
        for pipeline in (GLOSS_GRAPH, REFERENCE):
            if block.get(pipeline, {}).get("exit_statuses", [0]) != [0]:
                lines.append(f"{'':<16}note: {pipeline} exited {block[pipeline]['exit_statuses']} "
                             "(3: outputs written, some input files skipped)")
        if block.get("ratio") is not None:
            lines.append(f"{key:<16}{'ratio reference/gloss-graph':<36}{block['ratio']:>7.2f}x")
    if results.get("site_rebuild"):
        s = results["site_rebuild"]
        w = s["wall_s"]
        lines.append(f"{'site, 1 changed':<16}{GLOSS_GRAPH + ' rebuild':<20}{w['median']:>10.3f}{w['min']:>9.3f}"
                     f"{w['max']:>9.3f}{s['max_rss_mib']:>13.0f}{s['tree_rss_mib']:>14.0f}")
    lines += _phase_lines(results)
    lines += ["", f"{'target (issue 6)':<40}{'limit':>12}{'measured':>14}  verdict"]
    for t in results["targets"]:
        value = "-" if t["measured"] is None else f"{t['measured']:.2f} {t['unit']}"
        lines.append(f"{t['target']:<40}{t['limit']:>12}{value:>14}  {t['verdict']}")
    return "\n".join(lines)


def _phase_lines(results: dict) -> list[str]:
    site = results["site"].get(GLOSS_GRAPH)
    trees = results["glossary_trees"].get(GLOSS_GRAPH)
    rebuild = results.get("site_rebuild")
    if site is None and trees is None:
        return []
    names = list(dict.fromkeys(n for b in (site, trees, rebuild) if b for n in b["phases_s"]))
    if not names:
        return ["", "gloss-graph phases: none reported (no --timings JSON on stderr)"]
    lines = ["", f"{'gloss-graph phase (median s)':<30}{'site':>10}{'glossary trees':>16}{'site rebuild':>14}"]
    for name in names:
        cells = [f"{b['phases_s'][name]:.3f}" if b and name in b["phases_s"] else "-" for b in (site, trees, rebuild)]
        lines.append(f"{name:<30}{cells[0]:>10}{cells[1]:>16}{cells[2]:>14}")
    return lines


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark gloss-graph build against the reference pipeline.")
    parser.add_argument("--smoke", action="store_true",
                        help=f"one run each on a {SMOKE_PAGES}-page subset of the site (checks that it works)")
    parser.add_argument("--runs", type=int, help=f"runs of each pipeline (default {FULL_RUNS}, 1 with --smoke)")
    parser.add_argument("--pipeline", choices=("both", GLOSS_GRAPH, REFERENCE), default="both",
                        help="measure only one pipeline")
    parser.add_argument("--extra", action="append", default=[], metavar="ARG",
                        help="extra argument for the timed gloss-graph builds, e.g. --extra=--no-cache (repeatable)")
    parser.add_argument("--json", type=Path, help="where to write the results "
                        "(default output/bench.json, output/bench-smoke.json with --smoke)")
    parser.add_argument("--cache-dir", type=Path, default=cache.DEFAULT_CACHE,
                        help="where the site is unpacked once (default .cache/site)")
    args = parser.parse_args(argv)
    if args.runs is None:
        args.runs = 1 if args.smoke else FULL_RUNS
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.json is None:
        args.json = REPO_ROOT / "output" / ("bench-smoke.json" if args.smoke else "bench.json")
    return args


def measure(args: argparse.Namespace) -> dict:
    shared = find_shared()
    pipelines = [GLOSS_GRAPH, REFERENCE] if args.pipeline == "both" else [args.pipeline]
    EXTRA_ARGS[:] = args.extra
    if GLOSS_GRAPH in pipelines:
        gloss_graph_cmd()  # fail before the long part if it is not installed
    load_before = load_average()
    print("unpacking the site (once; reused from the cache folder afterwards)...", flush=True)
    site = cache.site_pages(cache.default_tarball(), args.cache_dir)
    with tempfile.TemporaryDirectory(prefix="gloss-graph-bench-") as tmp:
        work = Path(tmp)
        site_desc = f"mdn/{cache.SITE_TARBALL_NAME}, files/en-us"
        if args.smoke:
            site = make_subset(site, work / "subset" / "files" / "en-us")
            site_desc += f", every n-th page ({SMOKE_PAGES}-page subset)"
        trees = [shared / t for t in GLOSSARY_TREES]
        inputs = {"site": {"description": site_desc, **read_tree(site)},
                  "glossary_trees": {"description": " + ".join(GLOSSARY_TREES) + " (two builds, times added)",
                                     **_add(read_tree(t) for t in trees)}}
        jobs = {"site": [[site]], "glossary_trees": [[t] for t in trees]}
        runs: dict[str, dict[str, list[Run]]] = {key: {p: [] for p in pipelines} for key in jobs}
        for i in range(args.runs):
            print(f"run {i + 1}/{args.runs}...", flush=True)
            for key, builds in jobs.items():
                for pipeline in pipelines:  # alternating: A, B, A, B, ...
                    runs[key][pipeline].append(run_builds(pipeline, builds, work, key))
        rebuilds = measure_rebuilds(site, work, args.runs) if GLOSS_GRAPH in pipelines else []
    results = {
        "mode": "smoke" if args.smoke else "full",
        "gloss_graph_command": "gloss-graph build SOURCE -o OUT " + " ".join(["--timings", "-q", *args.extra]),
        "runs": args.runs,
        "commit": git_commit(),
        "load_before": load_before,
        "load_after": load_average(),
        "machine": describe_machine(),
        "inputs": inputs,
    }
    for key, by_pipeline in runs.items():
        block = {p: summarize(r) for p, r in by_pipeline.items()}
        if GLOSS_GRAPH in block and REFERENCE in block:
            block["ratio"] = block[REFERENCE]["wall_s"]["median"] / block[GLOSS_GRAPH]["wall_s"]["median"]
        results[key] = block
    if rebuilds:
        results["site_rebuild"] = summarize(rebuilds)
    results["targets"] = targets(results, args.smoke)
    return results


def _add(parts) -> dict[str, int]:
    total: dict[str, int] = {}
    for part in parts:
        for k, v in part.items():
            total[k] = total.get(k, 0) + v
    return total


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        results = measure(args)
    except (BenchError, FileNotFoundError) as err:
        print(f"benchmark: error: {err}", file=sys.stderr)
        return 1
    print()
    print(report(results))
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nresults written to {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
