"""igraph's C core, without the Python layer around it.

``import igraph`` runs the package's Python modules too (drawing, and
summary tables through texttable and wcwidth): 28 to 44 ms of a glossary
build that takes half a second, for ``GraphBase``, its layouts, Leiden and
``set_random_number_generator``, which are all in the C extension. So the
extension is loaded from its file alone, under its own name
(``igraph._igraph``), where ``import igraph`` would find it later. If that
ever fails (another packaging of igraph), the package is imported as usual.
"""
from __future__ import annotations

import functools
import importlib.machinery
import importlib.util
import os
import sys


@functools.cache
def core():
    """The module holding GraphBase and set_random_number_generator."""
    if "igraph" in sys.modules:
        return sys.modules["igraph"]
    try:
        return _extension()
    except (ImportError, OSError, AttributeError, StopIteration):
        import igraph

        return igraph


def _extension():
    name = "igraph._igraph"
    if name in sys.modules:
        return sys.modules[name]
    package = importlib.util.find_spec("igraph")
    folder = os.path.dirname(package.origin)
    path = next(os.path.join(folder, f) for f in sorted(os.listdir(folder))
                if f.startswith("_igraph.") and f.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)))
    loader = importlib.machinery.ExtensionFileLoader(name, path)
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    sys.modules[name] = module
    module.GraphBase  # noqa: B018 - what the build uses must be there
    module.set_random_number_generator  # noqa: B018
    return module
