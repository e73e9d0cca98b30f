"""The link-health report: what is orphaned, broken, missing or stale.

``health_report(corpus, graph) -> dict`` is the data behind ``report.json``
(documented in docs/report.md, schema in schema/report.schema.json).
"""
from __future__ import annotations

import json
from collections import Counter

import networkx as nx

from .model import PAGE, TO_EXTERNAL, TO_MISSING, Corpus

SCHEMA_VERSION = 1


def summary(corpus: Corpus, graph: nx.MultiDiGraph) -> dict:
    by_locale = Counter(loc for c in corpus.concepts.values() for loc in c.entries)
    glossary_links = [l for l in corpus.links if l.target_kind in ("concept", TO_MISSING)]
    return {
        "files_read": corpus.files_read,
        "files_skipped": corpus.files_skipped,
        "entries_by_locale": dict(sorted(by_locale.items())),
        "concepts": len(corpus.concepts),
        "pages": len(corpus.pages),
        "references": len(glossary_links),
        "broken_references": sum(1 for l in glossary_links if l.target_kind == TO_MISSING),
        "external_links": sum(1 for l in corpus.links if l.target_kind == TO_EXTERNAL and l.source_kind != PAGE),
        "tags": sum(1 for _, kind in graph.nodes(data="kind") if kind == "tag"),
        "errors": sum(1 for p in corpus.problems if p.severity == "error"),
        "warnings": sum(1 for p in corpus.problems if p.severity == "warning"),
    }


def problems(corpus: Corpus, severity: str) -> list[dict]:
    return [
        {"source": p.source, "file": p.file, "line": p.line, "reason": p.reason}
        for p in corpus.problems if p.severity == severity
    ]


def health_report(corpus: Corpus, graph: nx.MultiDiGraph) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "summary": summary(corpus, graph),
        "errors": problems(corpus, "error"),
        "warnings": problems(corpus, "warning"),
    }


def to_json(report: dict) -> str:
    return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
