"""Topic clusters: communities of the glossary's web of references.

``clusters(graph) -> Clusters`` groups the concepts that reference each
other more than they reference the rest: HTTP and networking, CSS layout,
the JavaScript language, cryptography, accessibility. The page colours the
map by them, the report lists them, the Turtle names each as a
``skos:Collection`` (docs/graph.md, docs/report.md, docs/vocabulary.md).

- **The graph clustered**: concepts, and the ``references`` edges between
  two different concepts, taken undirected; a pair's weight is the number
  of references between them, both ways, in every locale. Tags, pages,
  missing terms and ``broader`` edges do not take part: site pages would
  tie every term of a section together whatever its topic.
- **The method**: Leiden (Traag, van Eck and Waltman 2019) maximising
  modularity, igraph's C implementation, run until the partition stops
  changing. igraph draws from a random generator that is seeded here, and
  every input is given in sorted order, so the same graph always gives the
  same clusters. A few milliseconds on the MDN glossary (650 concepts).
- **What counts as a cluster**: a community of at least ``MIN_SIZE``
  concepts. Concepts that reference nothing and nothing references, and
  pairs, belong to no cluster.
- **Its name**: the title of its most central concept, the one the most
  other members reference (then: linked with the most members, the most
  references, the slug). ``hubs`` are its first ``HUBS`` members in that
  order.

A build asks three times (page, Turtle, report): the last graph's clusters
are remembered, and ``build`` computes them before it forks its child, so
they are computed once per build.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from .graph import REFERENCES, GraphData, as_data

SEED = 20221015
MIN_SIZE = 3  # members a community needs to be a cluster
HUBS = 5  # members listed as a cluster's hubs
EN = "en-US"


@dataclass
class Cluster:
    """One topic cluster. Concepts are node ids (``concept:glossary/http``)."""

    number: int  # 1 for the largest, then by size (ties: the central concept's id)
    concept: str  # its most central concept, which names it
    name: str  # that concept's title (en-US, else its first locale's, else its slug's last part)
    locale: str  # the locale of ``name``; "" when it is not a title
    slug: str  # that concept's slug, ``Glossary/HTTP``
    members: list[str]  # sorted
    hubs: list[str]  # up to HUBS members, most central first
    links: dict[int, int] = field(default_factory=dict)  # other cluster's number -> references between


@dataclass
class Clusters:
    clusters: list[Cluster]  # by number
    of: dict[str, int]  # concept node id -> its cluster's number; concepts in no cluster are absent

    def __len__(self) -> int:
        return len(self.clusters)


_last: list = [None, None, None]  # the graph, its size, its clusters


def clusters(graph, *, seed: int = SEED) -> Clusters:
    """The topic clusters of ``graph`` (a graph.GraphData or a networkx
    graph). Deterministic; the last GraphData's answer is remembered."""
    data = as_data(graph)
    size = (len(data.nodes), len(data.edges), seed)
    if _last[0] is data and _last[1] == size:
        return _last[2]
    found = _clusters(data, seed)
    _last[:] = [data, size, found]
    return found


def reference_weights(data: GraphData) -> tuple[list[str], dict[tuple[str, str], int], list[tuple[str, str]]]:
    """The concepts, sorted; ``{(a, b): references between a and b, both
    ways}`` for a < b, sorted: the undirected graph that is clustered; and
    the (from, to) pairs of concepts joined by a reference."""
    nodes = data.nodes
    concepts = sorted(n for n, attrs in nodes.items() if attrs.get("kind") == "concept")
    weights: dict[tuple[str, str], int] = {}
    directed = []
    for (u, v, kind), attrs in data.edges.items():
        if kind != REFERENCES or u == v or nodes[u].get("kind") != "concept" or nodes[v].get("kind") != "concept":
            continue
        directed.append((u, v))
        pair = (u, v) if u < v else (v, u)
        weights[pair] = weights.get(pair, 0) + int(attrs.get("count", 1) or 1)
    return concepts, dict(sorted(weights.items())), directed


def _clusters(data: GraphData, seed: int) -> Clusters:
    concepts, weights, directed = reference_weights(data)
    community = dict(zip(concepts, communities(concepts, weights, seed)))
    groups: dict[int, list[str]] = {}
    for node in concepts:
        groups.setdefault(community[node], []).append(node)
    rank = _centrality(community, weights, directed)
    made = sorted((sorted(members, key=rank) for members in groups.values() if len(members) >= MIN_SIZE),
                  key=lambda ranked: (-len(ranked), ranked[0]))
    found = [_cluster(number, ranked, data.nodes[ranked[0]]) for number, ranked in enumerate(made, 1)]
    of = {node: c.number for c in found for node in c.members}
    for (u, v), weight in weights.items():
        a, b = of.get(u), of.get(v)
        if a is not None and b is not None and a != b:
            found[a - 1].links[b] = found[a - 1].links.get(b, 0) + weight
            found[b - 1].links[a] = found[b - 1].links.get(a, 0) + weight
    for c in found:
        c.links = dict(sorted(c.links.items(), key=lambda item: (-item[1], item[0])))
    return Clusters(found, dict(sorted(of.items())))


def communities(nodes: list[str], weights: dict[tuple[str, str], int], seed: int = SEED) -> list[int]:
    """A community number per node (Leiden, modularity, seeded)."""
    from .igraph_core import core as igraph_core

    igraph = igraph_core()

    if not nodes:
        return []
    index = {n: i for i, n in enumerate(nodes)}
    edges = [(index[u], index[v]) for u, v in weights]
    strength = [0] * len(nodes)
    for (u, v), weight in weights.items():
        strength[index[u]] += weight
        strength[index[v]] += weight
    igraph.set_random_number_generator(random.Random(seed))
    try:
        # GraphBase, igraph's C class: Graph() would import numpy (0.1 s) to
        # check whether the edges came as an array. Node weights are the
        # strengths and the resolution is normalised by their sum: that is
        # modularity (igraph's Graph.community_leiden does the same). Two
        # iterations, igraph's default: running to a fixed point cost twice
        # the time for a modularity no better.
        graph = igraph.GraphBase(len(nodes), edges, False)
        membership, _ = graph.community_leiden(
            edge_weights=list(weights.values()) or None, node_weights=strength, resolution=1.0,
            normalize_resolution=True, n_iterations=2)
    finally:
        igraph.set_random_number_generator(random)
    return list(membership)


def _centrality(community: dict[str, int], weights: dict, directed: list[tuple[str, str]]):
    """A sort key putting a community's most central members first:
    referenced by the most other members, then linked (either way) with the
    most, then the most references to and from members, then the id."""
    referrers = dict.fromkeys(community, 0)
    neighbours = dict.fromkeys(community, 0)
    strength = dict.fromkeys(community, 0)
    for u, v in directed:
        if community[u] == community[v]:
            referrers[v] += 1
    for (u, v), weight in weights.items():
        if community[u] == community[v]:
            neighbours[u] += 1
            neighbours[v] += 1
            strength[u] += weight
            strength[v] += weight
    return lambda n: (-referrers[n], -neighbours[n], -strength[n], n)


def _cluster(number: int, ranked: list[str], attrs: dict) -> Cluster:
    labels = {loc: t for loc, t in (attrs.get("labels") or {}).items() if t}
    slug = str(attrs.get("slug") or attrs.get("key") or ranked[0].split(":", 1)[1])
    if labels:
        locale = EN if EN in labels else min(labels)
        name = labels[locale]
    else:
        locale, name = "", slug.rsplit("/", 1)[-1]
    return Cluster(number, ranked[0], name, locale, slug, sorted(ranked), ranked[:HUBS])
