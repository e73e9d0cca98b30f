"""gloss-graph: turn a markdown glossary (MDN Web Docs layout) into a
knowledge graph.

    >>> import gloss_graph
    >>> corpus = gloss_graph.load(["content"])          # files -> entries -> references
    >>> graph = gloss_graph.build_graph(corpus)          # the concept graph (networkx)
    >>> result = gloss_graph.build(["content"], "output")  # everything, as the CLI does
    >>> gloss_graph.check(["content"]).exit_status       # what `gloss-graph check` decides
"""
from .build import BuildResult, build
from .corpus import load
from .findings import CheckResult, Finding, check
from .report import health_report
from .graph import build_graph
from .model import Concept, Corpus, Entry, Link, Problem, Reference, SourceFile

__all__ = [
    "BuildResult", "CheckResult", "Concept", "Corpus", "Entry", "Finding", "Link", "Problem", "Reference",
    "SourceFile", "build", "build_graph", "check", "health_report", "load",
]
__version__ = "0.1.0"
