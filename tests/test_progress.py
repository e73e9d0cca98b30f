"""Progress through every stage: a bar on a terminal (a real pseudo-terminal
here), one line a stage with --verbose elsewhere, nothing otherwise; rich
is imported only on a terminal."""
from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys

import pytest

import gloss_graph as package
from gloss_graph import findings
from gloss_graph.stages import Stages

from conftest import CONTENT, ROOT
from test_cli import gloss_graph
from test_imports import imported

_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07|\r")


def on_a_terminal(*argv: str) -> tuple[int, str, str]:
    """Run gloss-graph with stderr on a pseudo-terminal; (status, stdout, what the terminal showed)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "TERM": "xterm-256color", "COLUMNS": "100"}
    process = subprocess.Popen([sys.executable, "-m", "gloss_graph", *argv], cwd=ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    shown = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 60)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    out = process.stdout.read().decode()
    status = process.wait(timeout=60)
    os.close(leader)
    return status, out, _ESCAPES.sub("\n", shown.decode("utf-8", "replace"))


@pytest.mark.parametrize("workers", ["1", "2"])
def test_build_on_a_terminal_shows_every_stage(tmp_path, workers):
    status, out, shown = on_a_terminal("build", str(CONTENT), "-o", str(tmp_path), "--workers", workers)
    assert status == 0
    labels = ["reading", "resolving references", "writing graph.html"]
    # one process writes the Turtle and the report after the page; two write them while it is laid out
    labels += (["writing glossary.ttl", "making the report"] if workers == "1"
               else ["writing glossary.ttl and the reports"])
    positions = [shown.find(label) for label in labels]
    assert -1 not in positions, shown
    assert positions == sorted(positions)
    assert "wrote" in out  # the summary on stdout, after the bar is gone


def test_check_on_a_terminal_shows_its_stages(tmp_path):
    status, _, shown = on_a_terminal("check", str(CONTENT), "--fail-on", "none")
    assert status == 0
    positions = [shown.find(label) for label in ("reading", "resolving references", "making the report")]
    assert -1 not in positions and positions == sorted(positions), shown


def test_verbose_outside_a_terminal_is_one_line_a_stage(tmp_path):
    done = gloss_graph("build", str(CONTENT), "-o", str(tmp_path), "-v", "--workers", "1")
    assert done.returncode == 0
    assert [l for l in done.stderr.splitlines() if l.startswith("gloss-graph build: ")] == [
        "gloss-graph build: reading 67 files",
        "gloss-graph build: resolving references",
        "gloss-graph build: writing graph.html",
        "gloss-graph build: writing glossary.ttl",
        "gloss-graph build: making the report",
    ]
    quiet = gloss_graph("build", str(CONTENT), "-o", str(tmp_path / "again"), "--workers", "1")
    assert quiet.stderr == ""  # without --verbose, nothing outside a terminal


def test_check_verbose_lines(capsys):
    from gloss_graph.cli import main

    main(["check", str(CONTENT), "-v", "--fail-on", "none", "--format", "json"])
    err = capsys.readouterr().err.splitlines()
    assert err[:3] == ["gloss-graph check: reading 67 files", "gloss-graph check: resolving references",
                       "gloss-graph check: making the report"]


def test_the_library_calls_stage_once_per_stage_in_order(tmp_path):
    seen = []
    package.build([str(CONTENT)], tmp_path, workers=1, stage=lambda name, total: seen.append((name, total)))
    assert seen == [("reading", 67), ("resolving", None), ("page", None), ("turtle", None), ("report", None)]
    seen.clear()
    findings.check([str(CONTENT)], stage=lambda name, total: seen.append(name))
    assert seen == ["reading", "resolving", "report"]


def test_stages_never_repeat_a_stage():
    seen = []
    stages = Stages(lambda name, total: seen.append(name))
    update = stages.reading(lambda done, total: seen.append(done))
    stages.start("reading", 3)
    update(2, 3)
    update(3, 3)
    stages.start("resolving")
    assert seen == ["reading", 2, 3, "resolving"]


def test_rich_is_imported_only_on_a_terminal(tmp_path):
    assert "rich" not in imported(["check", str(CONTENT), "-v", "--fail-on", "none"], extra=["rich"])
    assert "rich" not in imported(["build", str(CONTENT), "-o", str(tmp_path), "-v"], extra=["rich"])
