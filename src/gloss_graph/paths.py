"""Paths between two glossary terms: how is CORS related to DNS?

``find_paths(source, a, b) -> Paths`` reads an exported RDF file
(glossary.ttl, .nt, .jsonld, ...) or a SOURCE folder, finds the two terms
and returns up to ``MAX_PATHS`` shortest paths of references between them;
``format_text`` and ``format_json`` print them (``gloss-graph path``,
docs/graph.md). The page (templates/graph.js) finds the same paths the same
way, so the command line and the map agree:

- **The graph**: concepts, and the references between two of them (in any
  locale), taken either way: "A references B" and "B references A" both
  join A and B. Each step says which way the reference goes (``->``, A
  references B; ``<-``, B references A; ``<->``, both). Missing terms,
  pages, tags and broader/narrower links are not steps.
- **The paths**: the shortest by breadth-first search from the first term,
  meeting neighbours in sorted order; then the next shortest by Yen's
  method (each path found is re-routed from each of its nodes in turn, the
  shortest detour kept), ties broken by the sorted order of the terms on
  them. Loopless; at most ``MAX_PATHS``.

A term is named by its slug (``Glossary/CORS`` or ``CORS``), or a title in
any locale, case aside. A name that fits no term, or two terms by title,
is a usage error saying so, with the closest names.
"""
from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import GlossGraphError, UsageError
from .graph import REFERENCES, as_data
from .terminal import safe

MAX_PATHS = 3
EN = "en-US"
GLOSSARY = "glossary/"
# How a step reads: the reference goes forward, backward, or both ways.
ARROWS = {"forward": "->", "backward": "<-", "both": "<->"}
DIRECTIONS = {"forward": "references", "backward": "referenced by", "both": "both"}


@dataclass(frozen=True)
class Term:
    id: str  # concept:<lower-case slug>, as in the concept graph and the page
    slug: str  # display case
    title: str  # en-US, else the first locale's, else the slug's last part


@dataclass
class ReferenceGraph:
    """Concepts and the references between two of them."""

    terms: dict[str, Term]  # id -> Term
    references: set[tuple[str, str]]  # (from, to)
    names: dict[str, set[str]] = field(default_factory=dict)  # a title, lower case -> ids

    @cached_property
    def neighbours(self) -> dict[str, list[str]]:
        """Each term's neighbours either way, sorted: the order the search meets them."""
        found: dict[str, set[str]] = {}
        for u, v in self.references:
            found.setdefault(u, set()).add(v)
            found.setdefault(v, set()).add(u)
        return {node: sorted(others) for node, others in found.items()}

    @classmethod
    def from_graph(cls, graph) -> ReferenceGraph:
        """From the concept graph (a graph.GraphData or a networkx graph)."""
        data = as_data(graph)
        terms, names = {}, {}
        for node, attrs in data.nodes.items():
            if attrs.get("kind") != "concept":
                continue
            labels = {loc: str(t) for loc, t in (attrs.get("labels") or {}).items() if t}
            slug = str(attrs.get("slug") or attrs.get("key") or node.split(":", 1)[1])
            terms[node] = Term(node, slug, _title(labels, EN, slug))
            for title in labels.values():
                names.setdefault(title.lower(), set()).add(node)
        references = {(u, v) for u, v, kind in data.edges
                      if kind == REFERENCES and u != v and u in terms and v in terms}
        return cls(dict(sorted(terms.items())), references, names)

    @classmethod
    def from_rdf(cls, path: str | Path) -> ReferenceGraph:
        """From an RDF file written by ``gloss-graph build``: its
        ``skos:Concept``s, their ``gg:slug`` and ``skos:prefLabel``s, and
        ``gg:references`` and ``gg:referencesInHierarchy`` between them."""
        import pyoxigraph

        from . import query
        from .vocabulary import GG_IRI, RDF_TYPE, SKOS_IRI

        store = query.load(path)
        node = pyoxigraph.NamedNode
        ids: dict[str, str] = {}  # IRI -> id
        slugs: dict[str, str] = {}
        for quad in store.quads_for_pattern(None, node(RDF_TYPE), node(SKOS_IRI + "Concept")):
            for slug in store.quads_for_pattern(quad.subject, node(GG_IRI + "slug"), None):
                slugs[quad.subject.value] = slug.object.value
        if not slugs:
            raise GlossGraphError(f"{safe(path)}: holds no skos:Concept with a gg:slug (not a gloss-graph export?)")
        terms, names = {}, {}
        for iri, slug in slugs.items():
            ids[iri] = "concept:" + slug.lower()
            labels = {}
            for quad in store.quads_for_pattern(node(iri), node(SKOS_IRI + "prefLabel"), None):
                labels[quad.object.language or ""] = quad.object.value
                names.setdefault(quad.object.value.lower(), set()).add(ids[iri])
            terms[ids[iri]] = Term(ids[iri], slug, _title(labels, EN.lower(), slug))
        references = set()
        for name in ("references", "referencesInHierarchy"):
            for quad in store.quads_for_pattern(None, node(GG_IRI + name), None):
                u, v = ids.get(quad.subject.value), ids.get(getattr(quad.object, "value", None))
                if u is not None and v is not None and u != v:
                    references.add((u, v))
        return cls(dict(sorted(terms.items())), references, names)

    def find(self, name: str) -> str:
        """The id of the term ``name`` names: its slug, with or without
        ``Glossary/``, or a title in any locale, case aside."""
        wanted = name.strip().lower()
        for key in (wanted, GLOSSARY + wanted):
            if "concept:" + key in self.terms:
                return "concept:" + key
        if wanted.startswith("concept:") and wanted in self.terms:
            return wanted
        found = sorted(self.names.get(wanted, ()))
        if len(found) == 1:
            return found[0]
        if found:
            raise UsageError(f"{safe(repr(name))} is the title of {len(found)} terms: "
                             f"{', '.join(safe(self.terms[i].slug) for i in found)}; give the slug")
        raise UsageError(f"no term has the slug or title {safe(repr(name))}{self._suggest(name)}")

    def _suggest(self, name: str) -> str:
        shown = {}
        for term in self.terms.values():
            for text in (term.slug.removeprefix("Glossary/"), term.title):
                shown.setdefault(text.lower(), text)
        close = difflib.get_close_matches(name.lower(), sorted(shown), n=3, cutoff=0.6)
        return f" (did you mean: {', '.join(safe(shown[c]) for c in close)}?)" if close else ""

    def direction(self, a: str, b: str) -> str:
        """Which way the references between two neighbours go."""
        forth, back = (a, b) in self.references, (b, a) in self.references
        return "both" if forth and back else "forward" if forth else "backward"

    def paths(self, start: str, goal: str, most: int = MAX_PATHS) -> list[list[str]]:
        """Up to ``most`` loopless paths from ``start`` to ``goal``, shortest
        first (Yen's method over breadth-first searches)."""
        if start == goal or start not in self.neighbours or goal not in self.neighbours:
            return []
        first = self._shortest(start, goal, set(), set())
        if first is None:
            return []
        found, seen, candidates = [first], {tuple(first)}, []
        while len(found) < most:
            last = found[-1]
            for i in range(len(last) - 1):
                root = last[:i + 1]
                blocked_steps = {(p[i], p[i + 1]) for p in found if len(p) > i + 1 and p[:i + 1] == root}
                spur = self._shortest(last[i], goal, set(root[:i]), blocked_steps)
                if spur is not None and tuple(root[:i] + spur) not in seen:
                    seen.add(tuple(root[:i] + spur))
                    candidates.append(root[:i] + spur)
            if not candidates:
                break
            candidates.sort(key=lambda p: (len(p), p))
            found.append(candidates.pop(0))
        return found

    def _shortest(self, start: str, goal: str, blocked_nodes: set[str],
                  blocked_steps: set[tuple[str, str]]) -> list[str] | None:
        """Breadth-first, neighbours in sorted order; the first path to reach ``goal``."""
        parent: dict[str, str | None] = {start: None}
        frontier = [start]
        while frontier:
            following = []
            for node in frontier:
                for other in self.neighbours.get(node, ()):
                    if other in parent or other in blocked_nodes or (node, other) in blocked_steps:
                        continue
                    parent[other] = node
                    if other == goal:
                        path = [goal]
                        at: str | None = node
                        while at is not None:
                            path.append(at)
                            at = parent[at]
                        return path[::-1]
                    following.append(other)
            frontier = following
        return None


@dataclass
class Paths:
    """The answer: the two terms and the paths between them (each a list of
    term ids, with the direction of each step)."""

    start: Term
    goal: Term
    paths: list[list[Term]]
    directions: list[list[str]]  # per path, per step: forward, backward or both


def load(source: str | Path, *, locale: str | None = None) -> ReferenceGraph:
    """The reference graph of an RDF file (by its extension) or a SOURCE folder."""
    from .query import RDF_FORMATS

    path = Path(source)
    if path.suffix.lower() in RDF_FORMATS and not path.is_dir():
        return ReferenceGraph.from_rdf(path)
    if not path.exists():
        raise UsageError(f"{safe(source)}: no such file or folder")
    if not path.is_dir():
        raise UsageError(f"{safe(source)}: neither an RDF file ({', '.join(RDF_FORMATS)}) nor a SOURCE folder")
    from .corpus import load as load_corpus
    from .graph import graph_data

    return ReferenceGraph.from_graph(graph_data(load_corpus([str(source)], locale=locale)))


def find_paths(source, a: str, b: str, *, most: int = MAX_PATHS, locale: str | None = None) -> Paths:
    """Up to ``most`` shortest reference paths between the terms named ``a``
    and ``b`` in ``source`` (an RDF file, a SOURCE folder, or a
    ReferenceGraph)."""
    graph = source if isinstance(source, ReferenceGraph) else load(source, locale=locale)
    start, goal = graph.find(a), graph.find(b)
    if start == goal:
        raise UsageError(f"{safe(repr(a))} and {safe(repr(b))} name the same term ({safe(graph.terms[start].slug)})")
    found = graph.paths(start, goal, most)
    return Paths(graph.terms[start], graph.terms[goal], [[graph.terms[i] for i in p] for p in found],
                 [[graph.direction(p[i], p[i + 1]) for i in range(len(p) - 1)] for p in found])


def format_text(answer: Paths) -> str:
    """One line per path: ``1. CORS -> HTTP header <- Request header (2 steps)``."""
    start, goal = _named(answer.start), _named(answer.goal)
    if not answer.paths:
        return f"no reference path between {start} and {goal}\n"
    count = len(answer.paths)
    lines = [f"{count} path{'s' if count != 1 else ''} from {start} to {goal}, shortest first "
             "(-> references, <- is referenced by):"]
    for number, (path, directions) in enumerate(zip(answer.paths, answer.directions), 1):
        words = [safe(path[0].title)]
        for term, direction in zip(path[1:], directions):
            words += [ARROWS[direction], safe(term.title)]
        steps = len(directions)
        lines.append(f"{number}. {' '.join(words)} ({steps} step{'s' if steps != 1 else ''})")
    return "\n".join(lines) + "\n"


def format_json(answer: Paths) -> str:
    def term(t: Term) -> dict:
        return {"slug": t.slug, "title": t.title}

    return json.dumps({
        "from": term(answer.start),
        "to": term(answer.goal),
        "paths": [{"steps": len(directions), "terms": [term(t) for t in path],
                   "directions": [DIRECTIONS[d] for d in directions]}
                  for path, directions in zip(answer.paths, answer.directions)],
    }, ensure_ascii=False, indent=2) + "\n"


def _named(term: Term) -> str:
    return f"{safe(term.title)} ({safe(term.slug)})"


def _title(labels: dict[str, str], first: str, slug: str) -> str:
    if first in labels:
        return labels[first]
    if labels:
        return labels[min(labels)]
    return slug.rsplit("/", 1)[-1]
