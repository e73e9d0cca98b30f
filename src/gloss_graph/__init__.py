"""gloss-graph: turn a markdown glossary (MDN Web Docs layout) into a
knowledge graph.

    >>> import gloss_graph
    >>> corpus = gloss_graph.load(["content"])          # files -> entries -> references
    >>> graph = gloss_graph.build_graph(corpus)          # the concept graph (networkx)
    >>> result = gloss_graph.build(["content"], "output")  # everything, as the CLI does
    >>> gloss_graph.check(["content"]).exit_status       # what `gloss-graph check` decides
    >>> gloss_graph.fix(["content"]).diff                 # what `gloss-graph fix` would change

The names below are imported on first use, so that ``import gloss_graph``
(and every command) pays only for the stages it runs.
"""
from __future__ import annotations

import importlib
import sys
import types

__version__ = "0.2.0"

_WHERE = {
    "BuildResult": "build", "build": "build",
    "load": "corpus",
    "CheckResult": "findings", "Finding": "findings", "check": "findings",
    "health_report": "report",
    "FixResult": "fixes", "fix": "fixes",
    "build_graph": "graph",
    "Concept": "model", "Corpus": "model", "Entry": "model", "Link": "model", "Problem": "model",
    "Reference": "model", "SourceFile": "model",
}
__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + __all__)


class _Package(types.ModuleType):
    """Importing a submodule sets the package's attribute of that name to
    the module: importing ``gloss_graph.build`` (as ``gloss-graph build``
    does) before anyone asked for ``gloss_graph.build`` would hide the
    function behind its module. The name keeps the function."""

    def __setattr__(self, name: str, value) -> None:
        if isinstance(value, types.ModuleType) and value.__name__ == f"{__name__}.{_WHERE.get(name)}":
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
