"""What each command imports: the heavy libraries only on the path that
needs them (startup is a large part of a glossary build)."""
from __future__ import annotations

import json
import subprocess
import sys

from conftest import CONTENT

PROBE = """
import json, sys
from gloss_graph.cli import main
main({argv!r})
print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] in {heavy!r})))
"""
HEAVY = ["pyvis", "rdflib", "numpy", "scipy", "networkx", "jinja2", "igraph", "ftfy", "markdown_it", "http"]


def imported(argv: list[str], extra: list[str] = ()) -> set[str]:
    """The packages of HEAVY (and ``extra``) that running ``argv`` imported."""
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv, heavy=HEAVY + list(extra))],
                          capture_output=True, text=True, timeout=120)
    return {name.split(".")[0] for name in json.loads(done.stdout.strip().splitlines()[-1])}


def test_check_imports_no_graph_or_rdf_library():
    assert imported(["check", str(CONTENT), "-q"]) == set()


def test_build_imports_only_what_it_uses(tmp_path):
    assert imported(["build", str(CONTENT), "-o", str(tmp_path), "-q"]) <= {"networkx", "igraph", "ftfy"}


def test_reading_mdn_front_matter_imports_no_yaml():
    """MDN's front matter takes the fast path, numbers and commit hashes
    included (front_matter.RESOLVED): PyYAML is for what it cannot read."""
    from conftest import need_shared

    tree = need_shared("2026", "files")
    assert imported(["check", str(tree), "-q"], extra=["yaml"]) == set()
