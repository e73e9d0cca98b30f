"""The concept graph: its nodes and edges, documented in docs/architecture.md.

``graph_data(corpus) -> GraphData`` collects them as plain dicts (node id ->
attributes, (from, to, kind) -> attributes); ``build_graph(corpus)`` gives
the same graph as a ``networkx.MultiDiGraph``, for Python users and for
networkx's algorithms and writers (GraphML, GEXF). The exporters are plain
functions over ``GraphData`` and take either (``as_data``), so a build and
a check never import networkx (70 ms, a sixth of a glossary build).

Every output is written in a sorted order, so it does not depend on the
order in which nodes and edges were found.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING
from urllib.parse import quote

from .model import DISAMBIGUATION, PAGE, TO_CONCEPT, TO_EXTERNAL, TO_MISSING, TO_PAGE, Concept, Corpus, Entry, Link
from .resolve import web_host

if TYPE_CHECKING:
    import networkx as nx

MDN = "https://developer.mozilla.org"
# Characters left as they are in MDN URLs; everything else is percent-encoded.
_URL_SAFE = "/()_-.,!*'~:@$&+=;"
# A path segment made of dots only, which URL resolution removes.
_DOT_SEGMENT = re.compile(r"(?:^|/)\.{1,2}(?:/|$)")

REFERENCES, LINKS_TO, TAGGED, BROADER = "references", "links-to", "tagged", "broader"


def mdn_url(locale: str, slug: str) -> str | None:
    """The page of ``slug`` on MDN, or None when no URL can name it.

    Every character outside ``_URL_SAFE`` is percent-encoded, so ``%``,
    ``?``, ``#``, ``\\`` and spaces stay in the path segment they were
    written in. A segment that is ``.`` or ``..`` cannot be kept: browsers
    resolve it away even percent-encoded (the URL Standard reads ``%2e%2e``
    as ``..``), so ``Glossary/../Web/API`` would name another page; such a
    slug gets no URL. Nor does one holding a lone surrogate (a name that
    was not UTF-8, as Python hands it over; discovery shows those bytes
    as U+FFFD, but a library caller may pass one): it cannot be encoded."""
    if "." in slug and _DOT_SEGMENT.search(slug):
        return None
    try:
        path = quote(slug, safe=_URL_SAFE)
    except UnicodeEncodeError:
        return None
    return f"{MDN}/{locale}/docs/{path}"


def concept_id(key: str) -> str:
    return f"concept:{key}"


@dataclass
class GraphData:
    """A graph as plain dicts: the concept graph, or the page's drawn view of it."""

    attrs: dict  # the graph attributes: sources, locales, scheme
    nodes: dict[str, dict]  # node id -> attributes
    edges: dict[tuple[str, str, str], dict]  # (from, to, kind) -> attributes

    @cached_property
    def succ(self) -> dict[str, list[tuple[str, str, dict]]]:
        """node -> [(to, kind, attributes)] of its out-edges."""
        out: dict[str, list] = {}
        for (u, v, k), attrs in self.edges.items():
            out.setdefault(u, []).append((v, k, attrs))
        return out

    @cached_property
    def pred(self) -> dict[str, list[tuple[str, str, dict]]]:
        """node -> [(from, kind, attributes)] of its in-edges."""
        into: dict[str, list] = {}
        for (u, v, k), attrs in self.edges.items():
            into.setdefault(v, []).append((u, k, attrs))
        return into

    def degree(self, node: str) -> int:
        return len(self.succ.get(node, ())) + len(self.pred.get(node, ()))


def as_data(graph) -> GraphData:
    """A GraphData as it is, or a networkx graph's nodes and edges as one."""
    if isinstance(graph, GraphData):
        return graph
    edges = {(u, v, k): attrs for u, v, k, attrs in graph.edges(keys=True, data=True)}
    return GraphData(dict(graph.graph), dict(graph.nodes(data=True)), edges)


def to_networkx(data: GraphData) -> nx.MultiDiGraph:
    """The graph as a networkx.MultiDiGraph, nodes and edges in sorted order."""
    import networkx as nx

    graph = nx.MultiDiGraph(**data.attrs)
    graph.add_nodes_from(sorted(data.nodes.items()))
    graph.add_edges_from((u, v, k, attrs) for (u, v, k), attrs in sorted(data.edges.items()))
    return graph


def graph_data(corpus: Corpus) -> GraphData:
    nodes: dict[str, dict] = {}
    edges: dict[tuple[str, str, str], dict] = {}
    _concepts(corpus, nodes, edges)
    _pages(corpus, nodes)
    _links(corpus, nodes, edges)
    _page_refs(nodes, edges)
    attrs = {
        "sources": list(corpus.sources),
        "locales": corpus.locales,
        "scheme": {loc: {"title": e.title, "summary": e.summary, "file": e.file}
                   for loc, e in sorted(corpus.schemes.items())},
        "replaced": _replaced(corpus),
    }
    return GraphData(attrs, nodes, edges)


def build_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """The concept graph of ``corpus`` as a networkx.MultiDiGraph."""
    return to_networkx(graph_data(corpus))


def _concepts(corpus: Corpus, nodes: dict, edges: dict) -> None:
    parents = set()
    for key, concept in corpus.concepts.items():
        entries = sorted(concept.entries.items())
        nodes[concept_id(key)] = {
            "kind": "concept",
            "key": key,
            "slug": concept.slug,
            "labels": {loc: e.title for loc, e in entries},
            "summaries": {loc: e.summary for loc, e in entries},
            "tags": {loc: list(e.tags) for loc, e in entries if e.tags},
            "files": {loc: e.file for loc, e in entries},
            "urls": _urls(entries),
            "orphaned_translation": concept.orphaned_translation,
            "page_refs": 0,
            "disambiguation": False,  # asked below of the concepts with narrower ones
            "deprecated": is_deprecated(concept),
            "source_commits": {loc: e.source_commit for loc, e in entries if e.source_commit},
        }
        for loc, entry in entries:
            for tag in entry.tags:
                tag_node = nodes.setdefault(f"tag:{tag}", {"kind": "tag", "name": tag, "locales": []})
                if loc not in tag_node["locales"]:
                    tag_node["locales"] = sorted(tag_node["locales"] + [loc])
                edge = edges.setdefault((concept_id(key), f"tag:{tag}", TAGGED), {"locales": []})
                edge["locales"] = sorted(set(edge["locales"]) | {loc})
        parent = key.rsplit("/", 1)[0]
        if parent != key and parent in corpus.concepts:
            edges[(concept_id(key), concept_id(parent), BROADER)] = {}
            parents.add(parent)
    # Only parents are asked: a disambiguation page with no senses below it
    # has nothing to group, and asking costs a look at every reference.
    for parent in parents:
        nodes[concept_id(parent)]["disambiguation"] = is_disambiguation(corpus.concepts[parent])


def is_disambiguation(concept: Concept) -> bool:
    """A page that lists the senses of a word rather than defining one: it
    says so (``page-type: glossary-disambiguation``) or holds
    ``{{GlossaryDisambiguation}}``, in any locale."""
    for entry in concept.entries.values():
        if entry.page_type == "glossary-disambiguation" or any(r.kind == DISAMBIGUATION for r in entry.references):
            return True
    return False


def is_deprecated(concept: Concept) -> bool:
    """``status: deprecated`` in the en-US entry, or in the translations when
    there is no en-US entry (they follow en-US, and may lag behind it)."""
    english = concept.entries.get("en-US")
    entries = [english] if english is not None else concept.entries.values()
    return any("deprecated" in entry.status for entry in entries)


def _replaced(corpus: Corpus) -> dict[str, dict]:
    """Glossary slugs that are no longer a concept (renamed, merged, moved
    out of the glossary; a translation's own slug): key -> {"by": the node
    id of the concept that replaced it, or "url": where the slug now leads}."""
    out = {}
    from .resolve import replaced_terms  # imported while files are read (build._import_graph)

    for key, (kind, target, display) in replaced_terms(corpus.concepts, corpus.redirects).items():
        if kind == TO_CONCEPT:
            out[key] = {"by": concept_id(target)}
        elif kind == TO_PAGE:
            out[key] = {"url": mdn_url(target, display)}
        else:
            out[key] = {"url": target}
    return out


def _urls(entries: list[tuple[str, Entry]]) -> dict[str, str]:
    """locale -> the entry's page on MDN, for the entries that can have one."""
    urls = {}
    for loc, entry in entries:
        url = mdn_url(loc, entry.slug)
        if url is not None:
            urls[loc] = url
    return urls


def _pages(corpus: Corpus, nodes: dict) -> None:
    """Site pages that reference the glossary. The other pages (four in five
    on MDN) would add thousands of nodes and triples that say nothing about
    any term; the report still counts them."""
    referring = {l.source_key for l in corpus.links
                 if l.source_kind == PAGE and l.target_kind in (TO_CONCEPT, TO_MISSING)}
    for key, page in corpus.pages.items():
        if key in referring:
            nodes[f"page:{key}"] = _page_node(key, page.slug, page.locale, page.title, True)


def _page_node(key: str, slug: str, locale: str, title: str, loaded: bool) -> dict:
    return {
        "kind": "page", "key": key, "slug": slug, "title": title, "locale": locale,
        "url": mdn_url(locale, slug) or "", "loaded": loaded, "section": "/".join(slug.split("/")[:2]),
    }


def _links(corpus: Corpus, nodes: dict, edges: dict) -> None:
    """Aggregate Links into edges with a count and the locales they occur in.
    Self-references are left out: a term citing itself links nothing."""
    last_key = last_kind = source = None
    for link in corpus.links:
        if link.source_key != last_key or link.source_kind != last_kind:  # links come document by document
            last_key, last_kind = link.source_key, link.source_kind
            source = concept_id(last_key) if last_kind != PAGE else f"page:{last_key}"
        target, kind = _target_node(link, nodes)
        if target is None or target == source or (link.source_kind == PAGE and kind != REFERENCES):
            continue
        edge = edges.get((source, target, kind))
        if edge is None:
            edge = edges[(source, target, kind)] = {"count": 0, "locales": []}
        edge["count"] += 1
        if link.locale not in edge["locales"]:
            edge["locales"] = sorted(edge["locales"] + [link.locale])
        if kind == REFERENCES:
            edge["fallback"] = edge.get("fallback", False) or link.fallback


def _target_node(link: Link, nodes: dict) -> tuple[str | None, str]:
    if link.target_kind == TO_CONCEPT:
        return concept_id(link.target), REFERENCES
    if link.target_kind == TO_MISSING:
        node_id = f"missing:{link.target}"
        nodes.setdefault(node_id, {"kind": "missing", "key": link.target, "slug": link.looked_for})
        return node_id, REFERENCES
    if link.source_kind == PAGE:
        return None, LINKS_TO
    # Made only for a node not met before: pages and sites are linked to
    # many times, and their URL work is the costly part.
    if link.target_kind == TO_PAGE:
        node_id = f"page:{link.target}"
        if node_id not in nodes:
            nodes[node_id] = _page_node(link.target, link.looked_for, link.locale, "", False)
        return node_id, LINKS_TO
    if link.target_kind == TO_EXTERNAL:
        node_id = f"external:{link.target}"
        if node_id not in nodes:
            domain = web_host(link.target)
            nodes[node_id] = {"kind": "external", "url": link.target, "domain": domain}
        return node_id, LINKS_TO
    return None, LINKS_TO


def _page_refs(nodes: dict, edges: dict) -> None:
    """How many site pages reference each concept (site mode)."""
    referrers: dict[str, set] = defaultdict(set)
    for source, target, kind in edges:
        if kind == REFERENCES and source.startswith("page:") and target.startswith("concept:"):
            referrers[target].add(source)
    for target, pages in referrers.items():
        nodes[target]["page_refs"] = len(pages)


def orphans(nodes: Mapping[str, dict], edges: Iterable[tuple[str, str, str]]) -> list[str]:
    """Concept nodes that no other document references (self-references and
    broader/tag edges do not count). ``nodes``: id -> attributes (a
    GraphData's, or a networkx graph's ``nodes``); ``edges``: (from, to,
    kind) triples (a GraphData's, or ``graph.edges(keys=True)``)."""
    referenced = {v for u, v, k in edges if k == REFERENCES and u != v}
    return [node for node, attrs in nodes.items() if attrs["kind"] == "concept" and node not in referenced]


def dead_ends(nodes: Mapping[str, dict], edges: Iterable[tuple[str, str, str]]) -> list[str]:
    """Concept nodes with no ``references`` edge to another concept: a reader
    who lands there cannot go on. References to missing terms lead nowhere,
    so they do not count."""
    onward = {u for u, v, k in edges if k == REFERENCES and u != v and nodes[v]["kind"] == "concept"}
    return [node for node, attrs in nodes.items() if attrs["kind"] == "concept" and node not in onward]
