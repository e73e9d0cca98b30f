"""Benchmark gloss-graph on the rows of the speed targets, against the
straightforward reference pipeline where a row has one.

    python benchmarks/run.py             # make bench: 5 rounds
    python benchmarks/run.py --runs 9    # more rounds
    python benchmarks/run.py --smoke     # make bench-smoke: 1 round, 300-page subset of the site

Rows (GLOSSARY = ../shared/mdn/2026/files, en-US + de; SITE = files/en-us of
the site tarball, unpacked once by cache.py):

  glossary_build   gloss-graph build GLOSSARY -o FRESH -q --timings, and the reference
  glossary_check   gloss-graph check GLOSSARY -q --format json  (exit status 0 or 1)
  site_build       gloss-graph build SITE -o FRESH -q --timings, and the reference
  site_one_change  one glossary entry edited in a hard-linked mirror of SITE, then a
                   rebuild into an output folder that holds the last build
  site_unchanged   the same rebuild again with nothing changed: it must say so and
                   leave every file's mtime alone
  site_check       gloss-graph check SITE -q --format json
  site_memory      one more, untimed site build of each pipeline, whose memory is sampled

gloss-graph runs as ``python -m gloss_graph`` with this Python, so
PYTHONPATH decides which source is measured. Every input is read once
before timing. Each round runs every row's jobs, gloss-graph's and the
reference's on the same input, so a slow spell of the machine hits both
alike; figures are medians with min and max. Timed runs are not sampled for
memory; the memory runs give the largest single process's exact peak RSS
(``os.wait4``) and the peak of the process tree's summed PSS (sampled every
20 ms from /proc/<pid>/smaps_rollup). benchmarks/README.md says why.

Speed is reported, never asserted: the exit status is non-zero only when a
pipeline fails (an unexpected exit status, or a build that writes nothing),
so the smoke mode can run in CI.
"""
from __future__ import annotations

import argparse
import importlib.util
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
GLOSSARY = "mdn/2026/files"
FULL_RUNS = 5
SMOKE_PAGES = 300
SAMPLE_INTERVAL = 0.02  # seconds between memory samples
MIB = 2**20

GLOSS_GRAPH = "gloss-graph"
REFERENCE = "reference"
PIPELINES = (GLOSS_GRAPH, REFERENCE)
# gloss-graph build exits 3 when it wrote every output but had to skip some
# input files: a finished build, noted in the results, not a crash. check
# exits 1 when it found findings that fail it: a finished check.
BUILD_OK = {GLOSS_GRAPH: (0, 3), REFERENCE: (0,)}
CHECK_OK = (0, 1)
NOTHING_CHANGED = "nothing changed"  # what an up-to-date build prints (without -q)
# gloss-graph trusts an input's mtime only when the file is more than 2 s
# older than the cache the last build wrote (a file changed within the same
# clock tick as a build could otherwise pass for unchanged). An entry edited
# right before the one-change rebuild would make the following rebuild read
# it again, so the round edits its entry first and the one-change rebuild
# starts at least this long after the edit.
EDIT_AGE = 2.5  # seconds

# The rows in the order they are reported, with the jobs each runs.
ROWS = {
    "glossary_build": {GLOSS_GRAPH: "gloss-graph build GLOSSARY -o FRESH -q --timings",
                       REFERENCE: "python benchmarks/reference_pipeline.py GLOSSARY -o FRESH"},
    "glossary_check": {GLOSS_GRAPH: "gloss-graph check GLOSSARY -q --format json >/dev/null"},
    "site_build": {GLOSS_GRAPH: "gloss-graph build SITE -o FRESH -q --timings",
                   REFERENCE: "python benchmarks/reference_pipeline.py SITE -o FRESH"},
    "site_unchanged": {GLOSS_GRAPH: "gloss-graph build MIRROR -o PREPARED --timings, nothing changed"},
    "site_one_change": {GLOSS_GRAPH: "gloss-graph build MIRROR -o PREPARED --timings, one entry edited"},
    "site_check": {GLOSS_GRAPH: "gloss-graph check SITE -q --format json >/dev/null"},
    "site_memory": {GLOSS_GRAPH: "gloss-graph build SITE -o FRESH -q --timings, untimed, memory sampled",
                    REFERENCE: "python benchmarks/reference_pipeline.py SITE -o FRESH, untimed, memory sampled"},
}
MEMORY_ROW = "site_memory"


class BenchError(Exception):
    """A pipeline failed: the benchmark stops with a non-zero exit status."""


# ---------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    """``measure`` of ``row`` must be at most ``limit``. Measures: "wall"
    (gloss-graph's median, s), "ratio" (gloss-graph's median over the
    reference's), "memory" (gloss-graph's peak, MiB), "failed runs" (runs
    whose rebuild did not do what the row requires; ``label`` says what)."""

    row: str
    measure: str
    limit: float
    label: str = ""

    @property
    def unit(self) -> str:
        return {"wall": "s", "ratio": "x", "memory": "MiB", "failed runs": "runs"}[self.measure]

    @property
    def limit_text(self) -> str:
        return "none" if self.measure == "failed runs" else f"<= {self.limit:g} {self.unit}"

    @property
    def text(self) -> str:
        return self.label or {"wall": "wall, median", "ratio": "vs reference", "memory": "peak memory"}[self.measure]


TARGETS = (
    Target("glossary_build", "wall", 0.7),
    Target("glossary_build", "ratio", 0.8),
    Target("glossary_check", "wall", 0.35),
    Target("site_build", "wall", 2.0),
    Target("site_build", "ratio", 0.3),
    Target("site_unchanged", "wall", 0.4),
    Target("site_unchanged", "failed runs", 0, "runs that rebuilt"),  # no "nothing changed", or an mtime changed
    Target("site_one_change", "wall", 0.8),
    Target("site_one_change", "failed runs", 0, "runs that missed the edit"),  # said "nothing changed"
    Target("site_check", "wall", 1.2),
    Target(MEMORY_ROW, "memory", 200.0),
)


def measured(rows: dict, target: Target) -> float | None:
    """The figure ``target`` judges, from the results' rows; None when that
    row (or one of its pipelines) was not measured."""
    block = rows.get(target.row, {})
    ours = block.get(GLOSS_GRAPH)
    if ours is None:
        return None
    if target.measure == "wall":
        return ours["wall_s"]["median"]
    if target.measure == "ratio":
        theirs = block.get(REFERENCE)
        return None if theirs is None else ours["wall_s"]["median"] / theirs["wall_s"]["median"]
    if target.measure == "memory":
        return ours["peak_mib"]
    return float(len(ours["failed_runs"]))


def judge(value: float | None, limit: float, smoke: bool = False) -> str:
    if smoke:
        return "n/a (smoke)"
    if value is None:
        return "n/a"
    return "PASS" if value <= limit else "MISS"


def targets(rows: dict, smoke: bool) -> list[dict]:
    verdicts = []
    for target in TARGETS:
        value = measured(rows, target)
        verdicts.append({"row": target.row, "measure": target.measure, "target": target.text,
                         "limit": target.limit, "limit_text": target.limit_text, "unit": target.unit, "measured": value,
                         "verdict": judge(value, target.limit, smoke)})
    return verdicts


# ---------------------------------------------------------------- one process


@dataclass
class Run:
    wall: float  # seconds, whole process
    max_rss: float  # MiB, largest single process (exact, from os.wait4)
    tree_pss: float | None = None  # MiB, process tree summed (sampled; memory runs only)
    timings: dict[str, float] = field(default_factory=dict)  # gloss-graph's phases
    outputs: list[str] = field(default_factory=list)
    exit_status: int = 0
    stdout: str = ""
    problem: str = ""  # how a rebuild misbehaved; empty when it did what its row requires


def run_process(cmd: list[str], label: str, *, ok: tuple[int, ...] = (0,), output: Path | None = None,
                cwd: Path | None = None, keep_stdout: bool = True, sample: bool = False) -> Run:
    """Run one job as a whole process and wait for it. ``output``: the folder
    a build writes (made first when missing); a build that leaves no output
    there fails, as does an exit status outside ``ok``. ``keep_stdout``:
    False sends stdout to /dev/null. ``sample``: sample the process tree's
    PSS meanwhile (it costs CPU: not for timed runs)."""
    if output is not None:
        output.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="gloss-graph-bench-log-") as logs:
        out_path, err_path = Path(logs, "stdout"), Path(logs, "stderr")
        with open(out_path if keep_stdout else os.devnull, "wb") as out, open(err_path, "wb") as err:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd)
            sampler = TreeSampler(proc.pid) if sample else None
            if sampler:
                sampler.start()
            _pid, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            if sampler:
                sampler.stop()
        proc.returncode = code = os.waitstatus_to_exitcode(status)  # reaped here, not by Popen
        stderr = err_path.read_text(encoding="utf-8", errors="replace")
        stdout = out_path.read_text(encoding="utf-8", errors="replace") if keep_stdout else ""
    if code not in ok:
        tail = "\n".join(stderr.strip().splitlines()[-20:])
        raise BenchError(f"{label} failed with exit status {code}: {' '.join(cmd)}\n{tail}")
    outputs = user_outputs(output) if output is not None else []
    if output is not None and not outputs:
        raise BenchError(f"{label} exited {code} but wrote nothing into {output}: {' '.join(cmd)}")
    max_rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024) / MIB
    tree_pss = sampler.peak / MIB if sampler and sampler.seen else None
    return Run(wall, max_rss, tree_pss, parse_timings(stderr), outputs, code, stdout)


def user_outputs(folder: Path) -> list[str]:
    """What a build wrote for its users; its own cache and lock (dot files) are not outputs."""
    return sorted(p.name for p in folder.iterdir() if not p.name.startswith(".")) if folder.is_dir() else []


class TreeSampler(threading.Thread):
    """Peak of the summed PSS of a process and its descendants, from
    /proc/<pid>/smaps_rollup. PSS shares each page out among the processes
    that map it, so a forked child's pages shared with its parent count
    once in the sum, where RSS would count them in both."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0  # bytes
        self.seen = False  # whether any sample could be read
        self._done = threading.Event()

    def run(self) -> None:
        while True:
            total = tree_pss(self.pid)
            if total is not None:
                self.peak, self.seen = max(self.peak, total), True
            if self._done.wait(SAMPLE_INTERVAL):
                return

    def stop(self) -> None:
        self._done.set()
        self.join()


def tree_pss(pid: int) -> int | None:
    """The summed PSS in bytes of ``pid`` and its descendants now; None when
    ``pid``'s own figure cannot be read (gone, or no smaps_rollup here)."""
    first = pss(pid)
    if first is None:
        return None
    return first + sum(pss(p) or 0 for p in descendants(pid))


def pss(pid: int) -> int | None:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024  # in kB
    except (OSError, ValueError, IndexError):
        pass  # exited between two reads, or no /proc here
    return None


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        try:
            for task in os.listdir(f"/proc/{parent}/task"):
                with open(f"/proc/{parent}/task/{task}/children", "rb") as f:
                    children = [int(c) for c in f.read().split()]
                found += children
                todo += children
        except (OSError, ValueError):
            continue
    return found


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


# ---------------------------------------------------------------- commands


def gloss_graph(*args: str) -> list[str]:
    """gloss-graph as ``python -m gloss_graph`` with this Python: the same
    ``run()`` as the console script, from whatever source PYTHONPATH names."""
    return [sys.executable, "-m", "gloss_graph", *args]


def gloss_graph_build(source: Path, output: Path, extra: list[str], quiet: bool = True) -> list[str]:
    # -q: no summary; the work measured is the build itself.
    return gloss_graph("build", str(source), "-o", str(output), *(["-q"] if quiet else []), "--timings", *extra)


def gloss_graph_check(source: Path) -> list[str]:
    return gloss_graph("check", str(source), "-q", "--format", "json")


def reference_build(source: Path, output: Path) -> list[str]:
    return [sys.executable, str(REFERENCE_SCRIPT), str(source), "-o", str(output)]


def gloss_graph_source() -> Path:
    """The gloss_graph package this Python (and so every timed job) imports."""
    spec = importlib.util.find_spec("gloss_graph")
    if spec is None or not spec.origin:
        raise BenchError("gloss_graph cannot be imported by this Python (make setup, or PYTHONPATH=src)")
    return Path(spec.origin).resolve().parent


def compile_bytecode(package: Path) -> None:
    """Compile the measured package's modules, as installing a wheel does.
    The libraries both pipelines import were compiled when pip installed
    them; an edited source (or PYTHONDONTWRITEBYTECODE, which stops Python
    caching what it compiles) would otherwise make every timed run of
    gloss-graph compile its own modules again, about 30 ms."""
    import compileall

    if not compileall.compile_dir(str(package), quiet=1):
        raise BenchError(f"{package}: a module does not compile")


# ---------------------------------------------------------------- the rounds


class Bench:
    """Every row's runs, measured round by round on the given inputs. The
    rebuild rows work on a hard-linked mirror of the site (``prepare``), so
    that an edited entry is a new file and the unpacked site stays as it is."""

    def __init__(self, work: Path, glossary: Path, site: Path, pipelines: list[str], extra: list[str]):
        self.work, self.glossary, self.site = work, glossary, site
        self.pipelines = pipelines
        self.extra = extra
        self.rebuild_extra = [a for a in extra if a != "--no-cache"]  # the rebuild is what the cache is for
        self.mirror = work / "mirror" / "files" / "en-us"
        self.prepared = work / "prepared-out"
        self.entries: list[Path] = []
        self.runs: dict[str, dict[str, list[Run]]] = {row: {} for row in ROWS}

    def ours(self) -> bool:
        return GLOSS_GRAPH in self.pipelines

    def theirs(self) -> bool:
        return REFERENCE in self.pipelines

    def record(self, row: str, pipeline: str, run: Run) -> None:
        self.runs[row].setdefault(pipeline, []).append(run)

    def prepare(self) -> None:
        """The mirror, and one untimed build of it into the rebuilds' output folder."""
        if not self.ours():
            return
        shutil.copytree(self.site, self.mirror, copy_function=_link_or_copy)
        self.entries = editable_entries(self.mirror)
        self.rebuild("preparing the rebuilds' output folder")

    def round(self, i: int) -> None:
        """Round ``i``: every row's jobs once, each reference job right after
        gloss-graph's on the same input. The one-change rebuild's entry is
        edited first (see EDIT_AGE)."""
        if self.ours():
            edited = self.entries[i % len(self.entries)]
            edit(edited, i)
            self.record("glossary_build", GLOSS_GRAPH, self.fresh_build(GLOSS_GRAPH, self.glossary))
        if self.theirs():
            self.record("glossary_build", REFERENCE, self.fresh_build(REFERENCE, self.glossary))
        if self.ours():
            self.record("glossary_check", GLOSS_GRAPH, self.check(self.glossary))
            self.record("site_build", GLOSS_GRAPH, self.fresh_build(GLOSS_GRAPH, self.site))
        if self.theirs():
            self.record("site_build", REFERENCE, self.fresh_build(REFERENCE, self.site))
        if self.ours():
            self.record("site_one_change", GLOSS_GRAPH, self.one_change(edited))
            self.record("site_unchanged", GLOSS_GRAPH, self.unchanged())
            self.record("site_check", GLOSS_GRAPH, self.check(self.site))

    def memory(self) -> dict[str, Run]:
        """One more site build of each pipeline, its memory sampled."""
        return {p: self.fresh_build(p, self.site, sample=True) for p in self.pipelines}

    def fresh_build(self, pipeline: str, source: Path, sample: bool = False) -> Run:
        folder = Path(tempfile.mkdtemp(prefix="fresh-", dir=self.work))
        output = folder / "out"
        try:
            if pipeline == GLOSS_GRAPH:
                cmd = gloss_graph_build(source, output, self.extra)
            else:
                cmd = reference_build(source, output)
            return run_process(cmd, f"{pipeline} build of {source}", ok=BUILD_OK[pipeline], output=output,
                               cwd=folder, sample=sample)
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def check(self, source: Path) -> Run:
        return run_process(gloss_graph_check(source), f"{GLOSS_GRAPH} check of {source}", ok=CHECK_OK,
                           cwd=self.work, keep_stdout=False)

    def rebuild(self, what: str) -> Run:
        # Without -q: the build says whether anything changed.
        cmd = gloss_graph_build(self.mirror, self.prepared, self.rebuild_extra, quiet=False)
        return run_process(cmd, f"{GLOSS_GRAPH} rebuild ({what})", ok=BUILD_OK[GLOSS_GRAPH],
                           output=self.prepared, cwd=self.work)

    def one_change(self, entry: Path) -> Run:
        wait_until_older(entry, EDIT_AGE)
        run = self.rebuild("one entry edited")
        if NOTHING_CHANGED in run.stdout:
            run.problem = f"said nothing changed after {entry.relative_to(self.mirror)} was edited"
        return run

    def unchanged(self) -> Run:
        before = mtimes(self.prepared)
        run = self.rebuild("nothing changed")
        after = mtimes(self.prepared)
        rewritten = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
        if NOTHING_CHANGED not in run.stdout:
            run.problem = "did not say that nothing changed"
        if rewritten:
            run.problem = "; ".join(filter(None, [run.problem, "changed the mtime of " + ", ".join(rewritten)]))
        return run


def mtimes(folder: Path) -> dict[str, int]:
    """Every file in ``folder`` (outputs, cache and lock alike) and its mtime."""
    return {e.name: e.stat().st_mtime_ns for e in os.scandir(folder) if e.is_file()}


def wait_until_older(path: Path, seconds: float) -> None:
    """Sleep until ``path`` was last modified at least ``seconds`` ago."""
    age = time.time() - path.stat().st_mtime
    if age < seconds:
        time.sleep(seconds - age)


def editable_entries(site: Path) -> list[Path]:
    """The glossary entries a round may edit: every one but HTML itself, which
    the appended sentence references."""
    entries = sorted(p for p in (site / "glossary").glob("*/index.md") if p.parent.name.lower() != "html")
    if not entries:
        raise BenchError(f"{site}/glossary: no glossary entry to edit for the rebuild rows")
    return entries


def _link_or_copy(src: str, dst: str) -> None:
    try:
        os.link(src, dst)
    except OSError:  # another file system
        shutil.copy2(src, dst)


def edit(path: Path, i: int) -> None:
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
    # copy2 keeps the files' times, as unpacked: files new to gloss-graph's
    # cache only because they were copied a moment ago would not be trusted.
    for rel in sorted(chosen):
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(site / rel, target)
    if (site / "_redirects.txt").is_file():
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copy2(site / "_redirects.txt", dest / "_redirects.txt")
    return dest


def read_tree(root: Path) -> dict[str, int]:
    """Read every file once (warming the disk cache for both pipelines
    alike) and count the markdown pages and their characters."""
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
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": [round(v, 4) for v in values]}


def summarize(runs: list[Run]) -> dict:
    """A timed row's figures for one pipeline."""
    phase_names = list(dict.fromkeys(name for r in runs for name in r.timings))
    return {
        "wall_s": spread([r.wall for r in runs]),
        "max_rss_mib": max(r.max_rss for r in runs),
        "phases_s": {n: statistics.median(r.timings.get(n, 0.0) for r in runs) for n in phase_names},
        "outputs": runs[-1].outputs,
        "exit_statuses": sorted({r.exit_status for r in runs}),
        "failed_runs": [r.problem for r in runs if r.problem],
    }


def memory_figures(run: Run) -> dict:
    """The memory row's figures for one pipeline; judged on the larger of the two."""
    return {
        "max_rss_mib": run.max_rss,
        "tree_pss_mib": run.tree_pss,
        "peak_mib": max(run.max_rss, run.tree_pss or 0.0),
        "wall_s_sampled": run.wall,
        "outputs": run.outputs,
    }


def row_figures(bench: Bench, memory: dict[str, Run]) -> dict:
    rows: dict[str, dict] = {}
    for row, by_pipeline in bench.runs.items():
        block = {p: summarize(runs) for p, runs in by_pipeline.items() if runs}
        if GLOSS_GRAPH in block and REFERENCE in block:
            block["ratio"] = block[GLOSS_GRAPH]["wall_s"]["median"] / block[REFERENCE]["wall_s"]["median"]
        rows[row] = block
    rows[MEMORY_ROW] = {p: memory_figures(run) for p, run in memory.items()}
    return rows


def describe_machine() -> dict:
    cpu_model = meminfo = ""
    try:
        cpu_model = next(
            (line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
             if line.startswith("model name")), "")
        meminfo = next(line for line in Path("/proc/meminfo").read_text().splitlines() if line.startswith("MemTotal"))
    except (OSError, StopIteration):
        pass
    return {
        "nproc": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "cpu_model": cpu_model or platform.processor() or "unknown",
        "memory_gib": round(int(meminfo.split()[1]) / 2**20, 1) if meminfo else None,
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "system": platform.platform(),
        "libraries": _library_versions(),
    }


LIBRARIES = ("gloss-graph", "rdflib", "networkx", "pyoxigraph", "igraph", "msgspec", "ftfy", "PyYAML",
             "markdown-it-py", "python-frontmatter", "pyvis")


def _library_versions() -> dict[str, str]:
    versions = {}
    for dist in LIBRARIES:
        try:
            versions[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            versions[dist] = "not installed"
    return versions


def load_average() -> float | None:
    try:
        return round(os.getloadavg()[0], 2)
    except (AttributeError, OSError):
        return None


def git_commit(folder: Path) -> str:
    """The commit checked out where ``folder`` is, marked when it has uncommitted changes."""
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=folder,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=folder,
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" (with uncommitted changes)" if dirty else "")


# ---------------------------------------------------------------- report


def report(results: dict) -> str:
    m = results["machine"]
    libraries = ", ".join(f"{name} {version}" for name, version in m["libraries"].items())
    lines = [
        f"gloss-graph benchmark ({results['mode']}: {results['runs']} round(s); in each, every row's jobs, "
        "the reference's right after gloss-graph's)",
        f"gloss-graph: {results['gloss_graph']}",
        f"commit: {results['commit']}",
        f"machine: {m['nproc']} CPU(s), {m['cpu_model']}, {m['memory_gib']} GiB memory, {m['python']}, {m['system']}",
        f"libraries: {libraries}",
        f"load average (1 min) before / after: {_number(results['load_before'])} / {_number(results['load_after'])}"
        f" on {m['nproc']} CPU(s); other work on the machine slows every job and widens min..max",
        "",
    ]
    for key, inp in results["inputs"].items():
        lines.append(f"input {key}: {inp['description']}: {inp['pages']:,} pages, {inp['chars'] / 1e6:.1f} M characters")
    lines += ["", "jobs:"]
    for row, jobs in results["jobs"].items():
        lines += [f"  {row:<17}{pipeline:<13}{job}" for pipeline, job in jobs.items()]
    if results["extra"]:
        lines.append(f"  extra arguments for gloss-graph's builds: {' '.join(results['extra'])}"
                     " (--no-cache left out of the rebuilds)")
    lines += ["", *_row_lines(results["rows"]), *_phase_lines(results["rows"]), "", *_target_lines(results["targets"])]
    return "\n".join(lines)


def _row_lines(rows: dict) -> list[str]:
    lines = [f"{'row':<17}{'pipeline':<13}{'median s':>10}{'min s':>9}{'max s':>9}{'max RSS MiB':>13}{'tree PSS MiB':>14}"]
    for row, block in rows.items():
        for pipeline in PIPELINES:
            s = block.get(pipeline)
            if s is None:
                continue
            if row == MEMORY_ROW:
                lines.append(f"{row:<17}{pipeline:<13}{'-':>10}{'-':>9}{'-':>9}{s['max_rss_mib']:>13.0f}"
                             f"{_number(s['tree_pss_mib'], '.0f', '-'):>14}")
                continue
            w = s["wall_s"]
            lines.append(f"{row:<17}{pipeline:<13}{w['median']:>10.3f}{w['min']:>9.3f}{w['max']:>9.3f}"
                         f"{s['max_rss_mib']:>13.0f}{'-':>14}")
            if s.get("exit_statuses", [0]) != [0]:
                meaning = "1: findings that fail the check" if row.endswith("_check") else \
                    "3: outputs written, some input files skipped"
                lines.append(f"{'':<17}note: exit status {s['exit_statuses']} ({meaning})")
            lines += [f"{'':<17}note: {problem}" for problem in s.get("failed_runs", [])]
        if block.get("ratio") is not None:
            lines.append(f"{row:<17}{'gloss-graph / reference':<32}{block['ratio']:>7.2f}x")
    return lines


def _phase_lines(rows: dict) -> list[str]:
    timed = {row: b[GLOSS_GRAPH]["phases_s"] for row, b in rows.items()
             if row != MEMORY_ROW and b.get(GLOSS_GRAPH, {}).get("phases_s")}
    if not timed:
        return []
    names = list(dict.fromkeys(n for phases in timed.values() for n in phases))
    lines = ["", f"{'gloss-graph phase (median s)':<30}" + "".join(f"{row:>17}" for row in timed)]
    for name in names:
        cells = [f"{phases[name]:.3f}" if name in phases else "-" for phases in timed.values()]
        lines.append(f"{name:<30}" + "".join(f"{c:>17}" for c in cells))
    return lines


def _target_lines(verdicts: list[dict]) -> list[str]:
    lines = [f"{'row':<17}{'target':<26}{'limit':>12}{'measured':>14}  verdict"]
    for t in verdicts:
        if t["measured"] is None:
            value = "-"
        elif t["unit"] == "runs":
            value = f"{t['measured']:.0f} runs"
        else:
            value = f"{t['measured']:.{1 if t['unit'] == 'MiB' else 3}f} {t['unit']}"
        lines.append(f"{t['row']:<17}{t['target']:<26}{t['limit_text']:>12}{value:>14}  {t['verdict']}")
    return lines


def _number(value: float | None, spec: str = ".2f", missing: str = "unknown") -> str:
    return missing if value is None else format(value, spec)


# ---------------------------------------------------------------- main


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark gloss-graph against the reference pipeline.")
    parser.add_argument("--smoke", action="store_true",
                        help=f"one round on a {SMOKE_PAGES}-page subset of the site (checks that it works)")
    parser.add_argument("--runs", type=int, help=f"rounds (default {FULL_RUNS}, 1 with --smoke)")
    parser.add_argument("--pipeline", choices=("both", *PIPELINES), default="both",
                        help="measure only one pipeline")
    parser.add_argument("--extra", action="append", default=[], metavar="ARG",
                        help="extra argument for gloss-graph's builds (not its checks), e.g. --extra=--workers=1 "
                             "(repeatable; --no-cache is left out of the rebuilds)")
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
    pipelines = list(PIPELINES) if args.pipeline == "both" else [args.pipeline]
    source = gloss_graph_source() if GLOSS_GRAPH in pipelines else None  # fail before the long part
    if source is not None:
        compile_bytecode(source)
    glossary = shared / GLOSSARY
    if not glossary.is_dir():
        raise BenchError(f"{glossary}: the glossary input is missing")
    load_before = load_average()
    print("unpacking the site (once; reused from the cache folder afterwards)...", flush=True)
    site = cache.site_pages(cache.default_tarball(), args.cache_dir)
    site_desc = f"mdn/{cache.SITE_TARBALL_NAME}, files/en-us"
    with tempfile.TemporaryDirectory(prefix="gloss-graph-bench-") as tmp:
        work = Path(tmp)
        if args.smoke:
            site = make_subset(site, work / "subset" / "files" / "en-us")
            site_desc += f", every n-th page ({SMOKE_PAGES}-page subset)"
        inputs = {"glossary": {"description": f"{GLOSSARY} ({', '.join(sorted(p.name for p in glossary.iterdir() if p.is_dir()))})",
                               **read_tree(glossary)},
                  "site": {"description": site_desc, **read_tree(site)}}
        bench = Bench(work, glossary, site, pipelines, list(args.extra))
        bench.prepare()
        for i in range(args.runs):
            print(f"round {i + 1}/{args.runs}...", flush=True)
            bench.round(i)
        print("memory (one more site build of each pipeline, sampled)...", flush=True)
        memory = bench.memory()
    rows = row_figures(bench, memory)
    return {
        "mode": "smoke" if args.smoke else "full",
        "runs": args.runs,
        "gloss_graph": f"{sys.executable} -m gloss_graph, from {source}" if source else "not measured",
        "extra": list(args.extra),
        "commit": git_commit(source or REPO_ROOT),
        "load_before": load_before,
        "load_after": load_average(),
        "machine": describe_machine(),
        "inputs": inputs,
        "jobs": {row: {p: job for p, job in jobs.items() if p in pipelines} for row, jobs in ROWS.items()},
        "rows": rows,
        "targets": targets(rows, args.smoke),
    }


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
