"""Flood control (flood.py): one broken file cannot bury every other message,
nor make report.json huge.

A tree with a line of 1,000 malformed macros and a file of 10,000 broken
links is built by the real command line once; stderr shows at most
``flood.SHOWN`` problems of one kind per file and then one "and N more"
line, report.json lists at most ``flood.LISTED`` of each kind per file, says
in ``omitted`` how many there were, and keeps the full counts in its summary.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from importlib.resources import files as package_files

from gloss_graph import flood
from gloss_graph.report import cut_floods

from conftest import write

REPO = Path(__file__).resolve().parents[1]
MACROS = 1_000
LINKS = 10_000
MACRO_REASON = "glossary macro is not closed or not well formed; ignored"


def run(args, cwd):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "gloss_graph", *args], cwd=cwd, env=env,
                           capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("flood")
    glossary = folder / "tree" / "files" / "en-us" / "glossary"
    write(glossary / "alpha" / "index.md",
          '---\ntitle: Alpha\nslug: Glossary/Alpha\n---\nSee {{Glossary("Macros")}} and {{Glossary("Links")}}.\n')
    # One line, a thousand macros that are never closed.
    write(glossary / "macros" / "index.md",
          "---\ntitle: Macros\nslug: Glossary/Macros\n---\nSee " + '{{Glossary("Alpha" ' * MACROS + "\n")
    write(glossary / "links" / "index.md", "---\ntitle: Links\nslug: Glossary/Links\n---\n"
          + "".join(f"[gone {i}](/en-US/docs/Glossary/Gone_{i})\n" for i in range(LINKS)))
    # A file after the floods (by name) with one problem of its own: it must not be buried.
    write(glossary / "zulu" / "index.md",
          "---\ntitle: Zulu\nslug: Glossary/Zulu-Other\n---\nZulu {{Glossary(\"Alpha\")}}.\n")
    return folder


@pytest.fixture(scope="module")
def built(tree):
    done = run(["build", "tree", "-o", "out"], tree)
    assert done.returncode == 0, done.stderr
    return done, tree / "out"


def test_stderr_shows_ten_of_a_kind_then_one_line_with_the_rest(built):
    done, _ = built
    lines = done.stderr.splitlines()
    macro_lines = [line for line in lines if "macros/index.md" in line]
    shown = [line for line in macro_lines if line.endswith(MACRO_REASON) and ":5: warning:" in line]
    assert len(shown) == flood.SHOWN
    assert macro_lines[-1] == (f"tree/files/en-us/glossary/macros/index.md: warning: and {MACROS - flood.SHOWN} "
                               f"more like this: {MACRO_REASON}")
    assert len(macro_lines) == flood.SHOWN + 1


def test_the_other_files_problem_is_still_shown(built):
    done, _ = built
    assert any("zulu/index.md:2: warning: slug 'Glossary/Zulu-Other' does not match its folder" in line
               for line in done.stderr.splitlines())
    assert len(done.stderr.splitlines()) == flood.SHOWN + 2  # nothing else on stderr


def test_report_lists_a_hundred_of_a_kind_per_file_and_counts_the_rest(built):
    _, out = built
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    macros = [w for w in report["warnings"] if w["file"].endswith("macros/index.md")]
    assert len(macros) == flood.LISTED and all(w["reason"] == MACRO_REASON for w in macros)
    broken = [b for b in report["broken_references"] if b["file"].endswith("links/index.md")]
    assert len(broken) == flood.LISTED
    # The first hundred, in the section's order (by line).
    assert [b["line"] for b in broken] == list(range(5, 5 + flood.LISTED))
    assert report["omitted"] == [
        {"section": "broken_references", "root": "tree", "file": "files/en-us/glossary/links/index.md",
         "kind": "", "count": LINKS, "listed": flood.LISTED},
        {"section": "warnings", "root": "tree", "file": "files/en-us/glossary/macros/index.md",
         "kind": MACRO_REASON, "count": MACROS, "listed": flood.LISTED},
    ]
    # The summary counts everything.
    assert report["summary"]["broken_references"] == LINKS
    assert report["summary"]["warnings"] == MACROS + 1


def test_report_stays_small(built):
    _, out = built
    # Listed whole, the 10,000 broken references alone took 2.5 MB.
    assert (out / "report.json").stat().st_size < 100_000
    assert (out / "report.md").stat().st_size < 50_000


def test_report_md_says_what_was_cut(built):
    _, out = built
    text = (out / "report.md").read_text(encoding="utf-8")
    assert "## Floods cut short (2)" in text
    assert f"| `tree/files/en-us/glossary/links/index.md` | broken\\_references |  | {LINKS} | {flood.LISTED} |" in text


def test_report_with_omitted_matches_its_schema(built):
    _, out = built
    schema = json.loads(package_files("gloss_graph").joinpath("schema/report.schema.json").read_text("utf-8"))
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(report)


def test_check_lists_as_the_report_does_and_says_how_many_more(tree):
    done = run(["check", "tree", "--format", "json", "--fail-on", "none", "-q"], tree)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    links = [f for f in found if f["file"].endswith("links/index.md") and f["kind"] == "broken-references"]
    assert len(links) == flood.LISTED + 1
    more = [f for f in links if f["line"] is None]
    assert len(more) == 1 and more[0]["message"].startswith(f"and {LINKS - flood.LISTED} more in this file")
    macros = [f for f in found if f["file"].endswith("macros/index.md") and f["kind"] == "warnings"]
    assert len(macros) == flood.LISTED + 1
    assert f"and {MACROS - flood.LISTED} more in this file like: {MACRO_REASON}" in [f["message"] for f in macros][0]


def test_check_text_output_stays_short(tree):
    done = run(["check", "tree", "--fail-on", "none", "-q"], tree)
    assert len(done.stdout.splitlines()) < 2 * flood.LISTED + 20


# --- the kind of a problem, and the cut ----------------------------------------------


@pytest.mark.parametrize("reason, kind", [
    (MACRO_REASON, MACRO_REASON),
    ("slug 'Glossary/A' does not match its folder ('glossary/b'); the slug is used",
     "slug '…' does not match its folder ('…'); the slug is used"),
    ("is not valid UTF-8 (byte 0xe9); undecodable bytes replaced",
     "is not valid UTF-N (byte N); undecodable bytes replaced"),
    ('title is "" ; using "A" from the slug', 'title is "…" ; using "…" from the slug'),
    ("redirect line has no tab between FROM and TO; ignored", "redirect line has no tab between FROM and TO; ignored"),
])
def test_kind_leaves_out_the_specifics(reason, kind):
    assert flood.kind(reason) == kind


def test_two_slugs_are_one_kind_and_two_reasons_two():
    assert flood.kind("slug 'A' does not match its folder ('a')") == \
        flood.kind("slug 'Other/Thing' does not match its folder ('x')")
    assert flood.kind("glossary macro with an empty term; ignored") != flood.kind(MACRO_REASON)


def test_limit_keeps_the_first_of_each_key_in_order():
    items = [("a", 1), ("b", 1), ("a", 2), ("a", 3), ("b", 2), ("c", 1)]
    kept, more = flood.limit(items, lambda i: i[0], 2)
    assert kept == [("a", 1), ("b", 1), ("a", 2), ("b", 2), ("c", 1)]
    assert more == {"a": 3}


def test_cut_floods_leaves_small_sections_alone():
    item = {"root": "r", "file": "f", "line": 1, "reason": "x"}
    sections = {name: [dict(item)] for name in ("broken_references", "untranslated_targets",
                                                "encoding_flaws", "errors", "warnings")}
    assert cut_floods(sections) == []
    assert all(len(items) == 1 for items in sections.values())
