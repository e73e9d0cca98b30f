"""Two builds into one output folder: the second waits, both finish, and the
folder holds complete, valid outputs and cache."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

from gloss_graph.cache import CACHE_NAME, FORMAT
from gloss_graph.lock import OutputLock

from conftest import ROOT

SCRIPT = Path(sys.executable).with_name("gloss-graph")


@pytest.fixture(scope="module")
def subset(site_files, tmp_path_factory):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import run

    return run.make_subset(site_files, tmp_path_factory.mktemp("subset") / "files" / "en-us", pages=400)


def test_two_builds_started_together_both_finish_with_valid_outputs(subset, tmp_path):
    out = tmp_path / "out"
    command = [str(SCRIPT), "build", str(subset), "-o", str(out), "-q"]
    first = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    statuses = [first.wait(timeout=120), second.wait(timeout=120)]
    errors = first.stderr.read() + second.stderr.read()
    assert statuses == [0, 0], errors
    pyoxigraph.parse((out / "glossary.ttl").read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    assert json.loads((out / "report.json").read_text())["summary"]["pages"] > 300
    assert json.loads((out / CACHE_NAME).read_text())["format"] == FORMAT
    clean = tmp_path / "clean"
    subprocess.run([str(SCRIPT), "build", str(subset), "-o", str(clean), "-q", "--no-cache"], check=True)
    for name in ("glossary.ttl", "graph.html", "report.json", "report.md"):
        assert (out / name).read_bytes() == (clean / name).read_bytes(), name


def test_a_build_waits_for_the_lock_and_says_so_then_gives_up(tmp_path):
    glossary = tmp_path / "src/files/en-us/glossary/api"
    glossary.mkdir(parents=True)
    (glossary / "index.md").write_text("---\ntitle: API\nslug: Glossary/API\n---\nText.\n")
    out = tmp_path / "out"
    out.mkdir()
    with OutputLock(out, 1):
        done = subprocess.run([str(SCRIPT), "build", str(tmp_path / "src"), "-o", str(out), "-q",
                               "--lock-timeout", "0.3"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert lines[0].startswith("gloss-graph build: waiting for another gloss-graph build into")
    assert lines[-1].startswith("gloss-graph build: error: another gloss-graph build is writing into")
    assert "Traceback" not in done.stderr
    assert not (out / "glossary.ttl").exists()
    again = subprocess.run([str(SCRIPT), "build", str(tmp_path / "src"), "-o", str(out), "-q"])
    assert again.returncode == 0 and (out / "glossary.ttl").is_file()
