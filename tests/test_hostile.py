"""Hostile and broken input: clear errors, nothing lost, nothing executed,
the same bytes on every run (issue "Hostile and broken input").

The hostile tree (tests/hostile/, completed by ``make_hostile_tree``) is built
once per module by the real command line in a subprocess, with a memory limit
and a time limit, because what is being tested includes "does not hang" and
"does not blow up". ``CASES`` in hostile_corpus.py says what each file must do;
tests/hostile/README.md is the same table for people.
"""
from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hostile_corpus import (
    CASES,
    ESCAPE_MARKER,
    PWNED_MARKERS,
    STATIC,
    ZEN_LINE,
    Case,
    make_hostile_tree,
    remove_tree,
)

REPO = Path(__file__).resolve().parents[1]


def turtle_language(locale: str) -> str:
    """The language tag the export writes for a locale, as pyoxigraph spells it."""
    from gloss_graph.turtle import language_tag

    return language_tag(locale).lower()


OUTPUTS = ("glossary.ttl", "graph.html", "report.json", "report.md")
# A hang guard, not a speed target: the hostile tree (60 files, one of 10 MB)
# builds in seconds; a reader that blocks on a named pipe, or a pattern that
# backtracks for minutes over a 100 KB file, never finishes in practice.
HANG_SECONDS = 120
SMALL_HANG_SECONDS = 60
MEMORY_LIMIT = 4 * 1024**3  # an alias bomb walked would need far more

SKOS = "http://www.w3.org/2004/02/skos/core#"
GG = "https://w3id.org/gloss-graph/vocab#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
PREF_LABEL = ox.NamedNode(SKOS + "prefLabel")
CONCEPT = ox.NamedNode(SKOS + "Concept")
SLUG = ox.NamedNode(GG + "slug")
REFERENCES = (ox.NamedNode(GG + "references"), ox.NamedNode(GG + "referencesInHierarchy"))


# --- running the command line ---------------------------------------------------


def _limit_memory():  # runs in the child, before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


def run_cli(args, cwd, *, seed="0", timeout=HANG_SECONDS, python=("-m", "gloss_graph")):
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(
        [sys.executable, *python, *args], cwd=cwd, env=env, capture_output=True, text=True,
        timeout=timeout, preexec_fn=_limit_memory,
    )


@dataclass
class Built:
    folder: Path  # the working folder: hostile/ and the output folder are in it
    out: Path
    returncode: int | None
    stdout: str
    stderr: str
    failure: str = ""  # why the build did not finish

    def require(self):
        if self.failure:
            pytest.fail(self.failure)
        return self

    @property
    def report(self) -> dict:
        return json.loads((self.out / "report.json").read_text(encoding="utf-8"))

    def triples(self) -> list:
        # Strict: pyoxigraph's Turtle parser without the lenient flag.
        return list(ox.parse((self.out / "glossary.ttl").read_bytes(), format=ox.RdfFormat.TURTLE))

    def html_data(self) -> dict:
        return graph_data((self.out / "graph.html").read_text(encoding="utf-8"))


def build_hostile(folder: Path, *, seed: str, out: str = "out", timeout=HANG_SECONDS) -> Built:
    """``gloss-graph build hostile -o OUT`` from ``folder``: the SOURCE is
    relative, so nothing of this machine's paths belongs in the outputs."""
    try:
        done = run_cli(["build", "hostile", "-o", out, "--quiet"], folder, seed=seed, timeout=timeout)
    except subprocess.TimeoutExpired as err:
        return Built(folder, folder / out, None, _text(err.stdout), _text(err.stderr),
                     f"gloss-graph build did not finish within {timeout} s on the hostile tree "
                     f"(a reader blocked on the named pipe, or a pattern backtracking?)")
    return Built(folder, folder / out, done.returncode, done.stdout, done.stderr)


def _text(data) -> str:
    return data.decode("utf-8", "replace") if isinstance(data, bytes) else (data or "")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile-build")
    make_hostile_tree(folder)
    for marker in PWNED_MARKERS + (ESCAPE_MARKER,):
        marker.unlink(missing_ok=True)
    built = build_hostile(folder, seed="1")
    yield built
    remove_tree(folder / "hostile")


def graph_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page, re.S)
    assert match, "graph.html holds no #graph-data script element"
    return json.loads(match.group(1))


def problems_of(report: dict, case: Case) -> list[dict]:
    """The case's problems from report.json, each with its severity added
    ("error" or "warning", as in CASES)."""
    return [
        dict(p, severity=key[:-1])
        for key in ("errors", "warnings")
        for p in report[key]
        if p["root"] == "hostile" and p["file"] == case.path
    ]


BAD = [c for c in CASES if c.severity]
GOOD = [c for c in CASES if not c.severity]
LANDING = [c for c in CASES if c.lands is not False]


def case_id(case: Case) -> str:
    return (case.locale + ":" if case.locale != "en-us" else "") + (case.folder or case.path)


# --- the corpus itself ------------------------------------------------------------


def test_readme_lists_every_case_and_only_those():
    readme = (STATIC / "README.md").read_text(encoding="utf-8")
    rows = [line for line in readme.splitlines() if line.startswith("| `")]
    listed = {re.match(r"\| (`+) ?(.*?) ?\1 \|", row).group(2).replace("\\|", "|") for row in rows}
    assert listed == {c.path.removeprefix("files/") for c in CASES}


def test_static_files_in_cases_exist(tmp_path):
    """Every case names a file the tree really has (or, for the special
    files, a path that exists as what it is meant to be)."""
    root = make_hostile_tree(tmp_path)
    try:
        for c in CASES:
            assert os.path.lexists(root / c.path), c.path
        assert (root / "files/en-us/glossary/huge/index.md").stat().st_size >= 10 * 1024 * 1024
        assert (root / "files/en-us/glossary/bom/index.md").read_bytes().startswith(b"\xef\xbb\xbf---")
        assert b"\r\n" in (root / "files/en-us/glossary/crlf/index.md").read_bytes()
    finally:
        remove_tree(root)


# --- the build as a whole ---------------------------------------------------------


def test_build_finishes_writes_everything_and_exits_3(hostile):
    hostile.require()
    assert hostile.returncode == 3, hostile.stderr[-2000:]
    for name in OUTPUTS:
        assert (hostile.out / name).stat().st_size > 0


def test_no_traceback_reaches_the_user(hostile):
    hostile.require()
    assert "Traceback" not in hostile.stderr
    assert "Traceback" not in hostile.stdout


def test_report_counts_what_was_skipped(hostile):
    summary = hostile.require().report["summary"]
    errors = [c for c in CASES if c.severity == ("error",)]
    # Each file that must be an error is skipped; cases that may be either
    # add to this only when the reader chose to refuse them.
    assert summary["files_skipped"] >= len([c for c in errors if not c.file])
    assert summary["errors"] == len(hostile.report["errors"])


@pytest.mark.parametrize("case", BAD, ids=case_id)
def test_each_bad_file_is_reported_with_reason_and_line(hostile, case):
    report = hostile.require().report
    found = problems_of(report, case)
    assert found, f"{case.path} is named in neither errors nor warnings of report.json"
    assert any(p["severity"] in case.severity for p in found), found
    for p in found:
        assert p["reason"].strip() and "\n" not in p["reason"], p
    for line in case.lines:
        assert any(p["line"] == line and p["severity"] in case.severity for p in found), (
            f"{case.path}: expected a {'/'.join(case.severity)} at line {line}; got "
            + repr([(p["severity"], p["line"], p["reason"]) for p in found])
        )


@pytest.mark.parametrize("case", BAD, ids=case_id)
def test_each_bad_file_is_named_on_stderr(hostile, case):
    hostile.require()
    lines = [line for line in hostile.stderr.splitlines() if line.startswith(f"hostile/{case.path}")]
    assert lines, f"hostile/{case.path} not named on stderr"
    assert any(f": {word}: " in line for line in lines for word in case.severity), lines


@pytest.mark.parametrize("case", GOOD, ids=case_id)
def test_good_files_are_not_errors(hostile, case):
    errors = [p for p in problems_of(hostile.require().report, case) if p["severity"] == "error"]
    assert errors == []


def _landed(report: dict, case: Case) -> dict | None:
    """The report's concept for a case's file, if it was read."""
    if case.locale != "en-us":
        return next((c for c in report["concepts"] if case.locale in {l.lower() for l in c["locales"]}
                     and c["slug"] == "Glossary/Alpha"), None)
    return next((c for c in report["concepts"] if c["root"] == "hostile" and c["file"] == case.path), None)


@pytest.mark.parametrize("case", LANDING, ids=case_id)
def test_entries_land_in_every_output(hostile, case):
    report = hostile.require().report
    concept = _landed(report, case)
    if case.lands is None:  # must land exactly when it was only warned about
        refused = any(p["severity"] == "error" for p in problems_of(report, case))
        assert (concept is None) == refused, (case.path, problems_of(report, case))
        if refused:
            return
    assert concept is not None, f"{case.path} is not among report.json's concepts"
    locale = "en-US" if case.locale == "en-us" else case.locale
    if case.title is not None and locale == "en-US":
        assert concept["title"] == case.title
    # Turtle: a skos:Concept with this slug and, where known, this title.
    triples = hostile.triples()
    subjects = {t.subject for t in triples if t.predicate == SLUG and t.object.value == concept["slug"]}
    assert len(subjects) == 1, concept["slug"]
    subject = subjects.pop()
    assert any(t.subject == subject and t.predicate == RDF_TYPE and t.object == CONCEPT for t in triples)
    labels = {(t.object.value, (t.object.language or "").lower()) for t in triples
              if t.subject == subject and t.predicate == PREF_LABEL}
    title = case.title if case.title is not None else concept["title"]
    # en-US text is tagged "en" (the export's language-tag policy).
    assert (title, turtle_language(locale)) in labels, labels
    # graph.html: a node whose details carry the slug and the label.
    details = [d for d in hostile.html_data()["details"].values()
               if d.get("kind") == "concept" and d.get("slug") == concept["slug"]]
    assert len(details) == 1
    assert details[0]["labels"].get(locale) == title


def test_every_good_title_is_a_preflabel(hostile):
    """The same, from the other side: the set of en-US labels holds every
    good entry's title (nothing lost), and no concept has two labels in
    one language (the duplicate slug must not merge two titles)."""
    triples = hostile.require().triples()
    by_subject: dict = {}
    for t in triples:
        if t.predicate == PREF_LABEL:
            by_subject.setdefault(t.subject, []).append(((t.object.language or "").lower(), t.object.value))
    for subject, labels in by_subject.items():
        languages = [lang for lang, _ in labels]
        assert len(languages) == len(set(languages)), (subject, labels)
    en = {value for labels in by_subject.values() for lang, value in labels if lang == "en"}
    wanted = {c.title for c in CASES if c.lands is True and c.title and c.locale == "en-us"}
    assert wanted <= en, wanted - en


def test_turtle_parses_strictly(hostile):
    triples = hostile.require().triples()
    assert any(t.predicate == RDF_TYPE and t.object == CONCEPT for t in triples)


def test_duplicate_slug_keeps_the_entry_in_its_own_folder_and_names_it(hostile):
    report = hostile.require().report
    duplicates = [c for c in report["concepts"] if c["slug"].lower() == "glossary/duplicate"]
    assert [c["title"] for c in duplicates] == ["Duplicate (the one in its own folder)"]
    copy = next(c for c in CASES if c.folder == "duplicate-copy")
    reasons = [p["reason"] for p in problems_of(report, copy) if p["severity"] == "error"]
    assert any("glossary/duplicate/index.md" in r for r in reasons), reasons


# --- references kept, and kept right ------------------------------------------------


def _references(triples) -> set[tuple[str, str]]:
    slug = {t.subject: t.object.value for t in triples if t.predicate == SLUG}
    return {(slug.get(t.subject), slug.get(t.object)) for t in triples if t.predicate in REFERENCES}


@pytest.mark.parametrize("source, target", [
    ("Glossary/Alpha", "Glossary/Beta"),
    ("Glossary/Alpha", "Glossary/Gamma"),
    ("Glossary/Beta", "Glossary/Delta"),
    ("Glossary/Unterminated-macro", "Glossary/Beta"),  # after an unclosed macro
    ("Glossary/Empty-term", "Glossary/Gamma"),  # after two empty terms
    ("Glossary/Unclosed-comment", "Glossary/Alpha"),  # after an inline '<!--'
    ("Glossary/Regex-backtracking", "Glossary/Alpha"),  # after runs made to backtrack
    ("Glossary/Redirect-user", "Glossary/Alpha"),  # through Old_alpha's redirect
    ("Glossary/Many-references", "Glossary/Delta"),
    ("Glossary/Huge", "Glossary/Beta"),
    ("Glossary/BOM", "Glossary/Alpha"),
    ("Glossary/Title-number", "Glossary/Alpha"),
])
def test_references_survive(hostile, source, target):
    assert (source, target) in _references(hostile.require().triples())


def test_many_references_are_all_counted(hostile):
    """10,000 macros in one entry: each is a reference (the summary counts
    glossary references; the other entries add a few more)."""
    summary = hostile.require().report["summary"]
    assert summary["references"] >= 10_000


def test_broken_references_keep_line_and_column_even_with_crlf(hostile):
    broken = {(b["file"].rsplit("/", 2)[-2], b["target"], b["line"], b["column"])
              for b in hostile.require().report["broken_references"]}
    assert ("gamma", "Glossary/Nowhere", 10, 19) in broken
    assert ("crlf", "Glossary/Nowhere_CRLF", 8, 14) in broken


def test_empty_terms_are_no_reference_to_the_glossary_itself(hostile):
    report = hostile.require().report
    empty = next(c for c in CASES if c.folder == "empty-term")
    assert [b for b in report["broken_references"] if b["file"] == empty.path] == []
    for b in report["broken_references"]:
        assert b["target"].rstrip("/_ ").lower() != "glossary", b
    missing = {t.object.value for t in hostile.triples() if t.predicate == SLUG}
    assert not any(m.rstrip("/_ ").lower() == "glossary" for m in missing)


def test_redirect_loop_ends_as_a_broken_reference(hostile):
    broken = [b for b in hostile.require().report["broken_references"] if b["source"] == "Glossary/Redirect-user"]
    assert [b["text"] for b in broken] == ["Loop_A"]


def test_symlinked_folder_is_read_once(hostile):
    report = hostile.require().report
    assert [c["file"] for c in report["concepts"] if c["slug"] == "Glossary/Loop"] == [
        "files/en-us/glossary/loop/index.md"]
    assert not any("/again/" in p["file"] for p in report["errors"] + report["warnings"])


# --- nothing executed, nothing escapes ------------------------------------------------


def test_yaml_payloads_never_ran(hostile):
    hostile.require()
    for marker in PWNED_MARKERS:
        assert not marker.exists(), f"{marker} exists: a YAML tag ran a command"
    texts = [hostile.stdout, hostile.stderr] + [(hostile.out / n).read_text(encoding="utf-8") for n in OUTPUTS]
    assert not any(ZEN_LINE in t for t in texts), "a YAML tag imported the module `this`"


def test_nothing_written_outside_the_output_folder(hostile):
    hostile.require()
    assert not ESCAPE_MARKER.exists()
    assert {p.name for p in hostile.folder.iterdir()} <= {"hostile", "out", "out-again"}
    written = {p.name for p in hostile.out.iterdir() if not p.name.startswith(".")}
    assert written == set(OUTPUTS)


def test_payloads_stay_inert_in_the_page_source(hostile):
    """Statically, before any browser: the payloads never appear raw in
    graph.html, and the embedded data gives them back exactly."""
    page = (hostile.require().out / "graph.html").read_text(encoding="utf-8")
    assert "window.__xss=1</script>" not in page
    assert "<img src=x" not in page
    assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", page, re.I)
    labels = {d.get("label") for d in graph_data(page)["details"].values()}
    assert "</script><script>window.__xss=1</script>" in labels
    assert "\"'><img src=x onerror=\"window.__xss=1\">" in labels


# --- exit statuses -----------------------------------------------------------------


def good_tree(folder: Path) -> Path:
    """A clean tree: the good entries of the hostile corpus, nothing else."""
    root = folder / "good"
    glossary = root / "files" / "en-us" / "glossary"
    glossary.mkdir(parents=True)
    shutil.copy(STATIC / "files/en-us/glossary/index.md", glossary / "index.md")
    for name in ("alpha", "beta", "gamma", "delta"):
        shutil.copytree(STATIC / "files/en-us/glossary" / name, glossary / name)
    shutil.copytree(STATIC / "files/fr", root / "files" / "fr")
    return root


def test_exit_0_when_every_file_is_read(tmp_path):
    good_tree(tmp_path)
    done = run_cli(["build", "good", "-o", "out", "--quiet"], tmp_path, timeout=SMALL_HANG_SECONDS)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert {p.name for p in (tmp_path / "out").iterdir() if not p.name.startswith(".")} == set(OUTPUTS)


@pytest.mark.parametrize("args", [
    ["build", "no-such-folder", "-o", "out"],
    ["build", "empty", "-o", "out"],
    ["build", "--no-such-option"],
], ids=["missing SOURCE", "SOURCE without a glossary", "unknown option"])
def test_exit_2_for_usage_errors(tmp_path, args):
    (tmp_path / "empty").mkdir()
    done = run_cli(args, tmp_path, timeout=SMALL_HANG_SECONDS)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "error" in done.stderr.splitlines()[-1]
    assert not (tmp_path / "out").exists()


# --- files that hang or take forever, one at a time --------------------------------------


def test_named_pipe_is_reported_not_waited_on(tmp_path):
    root = good_tree(tmp_path)
    fifo = root / "files/en-us/glossary/unreadable-fifo"
    fifo.mkdir()
    os.mkfifo(fifo / "index.md")
    try:
        done = run_cli(["build", "good", "-o", "out", "--quiet"], tmp_path, timeout=SMALL_HANG_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail("gloss-graph build waited on a named pipe called index.md")
    assert done.returncode == 3
    assert "good/files/en-us/glossary/unreadable-fifo/index.md: error: " in done.stderr


def test_backtracking_file_is_read_and_keeps_its_reference(tmp_path):
    root = good_tree(tmp_path)
    shutil.copytree(STATIC / "files/en-us/glossary/regex-backtracking",
                    root / "files/en-us/glossary/regex-backtracking")
    try:
        done = run_cli(["build", "good", "-o", "out", "--quiet"], tmp_path, timeout=SMALL_HANG_SECONDS)
    except subprocess.TimeoutExpired:
        pytest.fail("a 100 KB file made the reference scanner backtrack for over a minute")
    assert done.returncode == 0, done.stderr[-2000:]
    triples = list(ox.parse((tmp_path / "out/glossary.ttl").read_bytes(), format=ox.RdfFormat.TURTLE))
    assert ("Glossary/Regex-backtracking", "Glossary/Alpha") in _references(triples)


# --- determinism ------------------------------------------------------------------


def test_two_builds_under_different_hash_seeds_are_byte_identical(hostile):
    hostile.require()
    again = build_hostile(hostile.folder, seed="2", out="out-again").require()
    try:
        for name in OUTPUTS:
            first = (hostile.out / name).read_bytes()
            assert first == (again.out / name).read_bytes(), f"{name} differs between runs"
            # (Not the home folder: HOME may be /tmp, and a slug here holds "/tmp/".)
            for path in (str(hostile.folder), str(REPO)):
                assert path.encode() not in first, f"{name} holds the absolute path {path}"
    finally:
        shutil.rmtree(again.out)


# --- atomic outputs ---------------------------------------------------------------

# Runs the command line with os.fdopen wrapped: when the temporary file of
# output NAME is written, half the bytes go out and then the process is
# killed (SIGKILL: no clean-up at all) or interrupted (KeyboardInterrupt, as
# Ctrl-C gives).
INTERRUPTER = r"""
import os, signal, sys
from gloss_graph.cli import main

mode, name = sys.argv[1], sys.argv[2]
real_fdopen = os.fdopen

class HalfThenStop:
    def __init__(self, handle):
        self.handle = handle
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return self.handle.__exit__(*exc)
    def __getattr__(self, attr):
        return getattr(self.handle, attr)
    def write(self, data):
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        if mode == "kill":
            os.kill(os.getpid(), signal.SIGKILL)
        raise KeyboardInterrupt

def fdopen(fd, *args, **kwargs):
    handle = real_fdopen(fd, *args, **kwargs)
    target = os.path.basename(os.readlink(f"/proc/self/fd/{fd}"))
    return HalfThenStop(handle) if target.startswith("." + name + ".") else handle

os.fdopen = fdopen
sys.exit(main(sys.argv[3:]))
"""


@pytest.mark.parametrize("mode", ["kill", "interrupt"])
@pytest.mark.parametrize("name", ["glossary.ttl", "graph.html", "report.json"])
def test_interrupted_build_leaves_previous_outputs_intact(tmp_path, mode, name):
    root = good_tree(tmp_path)
    args = ["build", "good", "-o", "out", "--quiet"]
    assert run_cli(args, tmp_path, timeout=SMALL_HANG_SECONDS).returncode == 0
    before = {n: (tmp_path / "out" / n).read_bytes() for n in OUTPUTS}
    # Change the input, so that new outputs differ from the old ones.
    extra = root / "files/en-us/glossary/epsilon"
    extra.mkdir()
    (extra / "index.md").write_text(
        "---\ntitle: Epsilon\nslug: Glossary/Epsilon\n---\n\nEpsilon refers to {{Glossary(\"Alpha\")}}.\n")
    assert run_cli(["build", "good", "-o", "complete", "--quiet"], tmp_path,
                   timeout=SMALL_HANG_SECONDS).returncode == 0
    after = {n: (tmp_path / "complete" / n).read_bytes() for n in OUTPUTS}
    assert all(before[n] != after[n] for n in ("glossary.ttl", "graph.html", "report.json"))

    done = run_cli(["-c", INTERRUPTER, mode, name, *args], tmp_path, timeout=SMALL_HANG_SECONDS, python=())
    fired = f"the interrupter did not fire: is {name} no longer written through a temporary file?"
    if mode == "kill":
        assert done.returncode == -signal.SIGKILL, (fired, done.stderr)
    else:
        assert done.returncode == 130, (fired, done.stderr)
        assert "Traceback" not in done.stderr
    out = tmp_path / "out"
    assert (out / name).read_bytes() == before[name], f"{name} was changed by the interrupted build"
    for n in OUTPUTS:
        assert (out / n).read_bytes() in (before[n], after[n]), f"{n} is neither the old nor a complete new file"
    visible = {p.name for p in out.iterdir() if not p.name.startswith(".")}
    assert visible == set(OUTPUTS)
    if mode == "interrupt":  # a clean interruption removes its temporary file
        assert not [p.name for p in out.iterdir() if p.name.endswith(".tmp")]


# --- generated input through the whole pipeline ------------------------------------------

_SEGMENT_CHARS = st.characters(
    exclude_categories=("Cs", "Cc", "Zl", "Zp"), exclude_characters="/\\\0")
_segment = st.text(_SEGMENT_CHARS, min_size=1, max_size=20).map(str.strip).filter(
    lambda s: s not in ("", ".", "..") and len(s.encode()) < 200)


def _yaml_keeps(value: str) -> bool:
    """PyYAML itself folds some line breaks (NEL) when it writes raw Unicode:
    such values cannot be given to gloss-graph intact, so they are not
    generated."""
    return yaml.safe_load(yaml.safe_dump({"v": value}, allow_unicode=True))["v"] == value


_slug = st.lists(_segment, min_size=1, max_size=2).map(lambda parts: "Glossary/" + "/".join(parts))
_slug = _slug.filter(_yaml_keeps)
_title = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40).filter(
    lambda t: t.strip() != "" and _yaml_keeps(t))
_markdown_bits = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\0"), max_size=40),
    st.sampled_from(["\n", "\n\n", "```\n", "    ", "<!--", "-->", "`", "[", "](", ")", "<a href=\"",
                     "\">", "</a>", "{{", "}}", "{{Glossary(\"", "\")}}", "\"", "'", "\\", "---\n"]),
    _segment.map(lambda s: f'{{{{Glossary("{s}")}}}}'),
    _segment.map(lambda s: f"[{s}](/en-US/docs/Glossary/{s})"),
)
_body = st.lists(_markdown_bits, max_size=30).map("".join)
_tags = st.one_of(st.none(), st.text(max_size=20),
                  st.lists(st.one_of(st.text(max_size=20), st.integers()), max_size=4))
_garbage = st.one_of(
    st.binary(max_size=200),
    st.text(max_size=200).map(lambda t: ("---\n" + t + "\n---\n").encode("utf-8", "surrogatepass")),
)


@st.composite
def glossaries(draw):
    """A few valid entries (slug, title, body, tags) and a few files of garbage."""
    entries = draw(st.lists(st.tuples(_slug, _title, _body, _tags), max_size=5,
                            unique_by=lambda e: e[0].lower()))
    garbage = draw(st.lists(_garbage, max_size=3))
    return entries, garbage


def _write_generated(root: Path, entries, garbage) -> None:
    glossary = root / "files" / "en-us" / "glossary"
    glossary.mkdir(parents=True)
    for slug, title, body, tags in entries:
        folder = glossary / slug.split("/", 1)[1].lower()
        folder.mkdir(parents=True, exist_ok=True)
        front = yaml.safe_dump({"title": title, "slug": slug, "tags": tags}, allow_unicode=True)
        (folder / "index.md").write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
    for i, data in enumerate(garbage):
        folder = glossary / f"zz\\garbage-{i}"  # a backslash: no generated slug has one
        folder.mkdir()
        (folder / "index.md").write_bytes(data)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(glossaries())
def test_generated_glossaries_build_and_every_valid_entry_lands(generated):
    import gloss_graph
    from gloss_graph.errors import GlossGraphError

    entries, garbage = generated
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "src"
        _write_generated(root, entries, garbage)
        try:
            gloss_graph.build([str(root)], str(Path(tmp) / "out"), use_cache=False)
        except GlossGraphError:
            # A clear error is allowed only when nothing valid was given.
            assert not entries
            return
        triples = list(ox.parse((Path(tmp) / "out" / "glossary.ttl").read_bytes(), format=ox.RdfFormat.TURTLE))
    labels = {(t.object.value, (t.object.language or "").lower()) for t in triples if t.predicate == PREF_LABEL}
    slugs = {t.object.value for t in triples if t.predicate == SLUG}
    for slug, title, _, _ in entries:
        assert (title.strip(), "en") in labels, (slug, title)
        assert slug in slugs, slug


# --- the page in a browser ------------------------------------------------------------

# the chromium and open_graph fixtures come from conftest.py (one browser per session)


@pytest.mark.browser
def test_hostile_page_shows_payloads_as_text_and_runs_none(hostile, open_graph):
    page, watch = open_graph(hostile.require().out / "graph.html")
    ids = page.evaluate("glossGraph.nodes.getIds()")
    assert "concept:glossary/xss-title" in ids
    for node in sorted(ids):
        page.evaluate("id => glossGraph.select(id)", node)
        page.wait_for_function("id => document.getElementById('panel-body').dataset.node === id", arg=node)
    page.evaluate("id => glossGraph.select(id)", "concept:glossary/xss-title")
    page.wait_for_function("() => document.getElementById('panel-body').dataset.node === 'concept:glossary/xss-title'")
    assert "</script><script>window.__xss=1</script>" in page.text_content("#panel-body")
    page.evaluate("id => glossGraph.select(id)", "concept:glossary/xss-tags")
    page.wait_for_function("() => document.getElementById('panel-body').dataset.node === 'concept:glossary/xss-tags'")
    assert '<img src=x onerror="window.__xss=1">' in page.text_content("#panel-body")
    page.evaluate("id => glossGraph.select(id)", "concept:glossary/xss-body")
    page.wait_for_function("() => document.getElementById('panel-body').dataset.node === 'concept:glossary/xss-body'")
    assert "<img_src=x_onerror=window.__xss=1>" in page.text_content("#panel-body")  # a missing term
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert page.evaluate("""[...document.querySelectorAll('a[href]')]
        .filter(a => !/^https?:/i.test(a.getAttribute('href').trim())).length""") == 0
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert watch.dialogs == []
    assert watch.problems() == []
