"""igraph_core: igraph's C extension without the package's Python layer."""
from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys, random
from gloss_graph.igraph_core import core
igraph = core()
igraph.set_random_number_generator(random.Random(1))
graph = igraph.GraphBase(4, [(0, 1), (1, 2), (2, 3)], False)
assert len(graph.layout_fruchterman_reingold(niter=10)) == 4
membership, _ = graph.community_leiden(node_weights=[1, 2, 2, 1], resolution=1.0, normalize_resolution=True)
assert len(membership) == 4
print(sorted(name for name in ("igraph", "texttable", "wcwidth", "numpy") if name in sys.modules))
"""


def test_the_core_works_without_the_python_layer():
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_after_the_core_the_package_still_imports_and_shares_it():
    script = SCRIPT + "import igraph\nassert igraph.GraphBase is core().GraphBase\nprint('same')\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["[]", "same"]
