"""The package's lazily imported names stay what they are documented to be."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_build_is_the_function_after_the_command_line_imported_its_module(tmp_path):
    """``gloss-graph build`` imports the submodule gloss_graph.build; that
    must not make ``gloss_graph.build`` the module instead of the function."""
    script = (
        "import gloss_graph.build, gloss_graph\n"
        "assert callable(gloss_graph.build) and gloss_graph.build.__name__ == 'build', gloss_graph.build\n"
        "from gloss_graph.build import check_output\n"
        "print('ok')\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "ok\n", done.stderr
