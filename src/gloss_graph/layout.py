"""Node positions for the HTML graph, computed once in Python.

The page draws with physics off, so the map is laid out at first paint and the
same graph always gives the same map: positions come from a force-directed
layout (Fruchterman-Reingold, igraph's C implementation) started from seeded
positions, rounded so that floating-point noise cannot change the output file.
igraph rather than networkx's Python/numpy version: 25 ms instead of 600 ms
for the 650 simulated nodes of the MDN glossary.

- Each connected component is laid out on its own and scaled by the square
  root of its size; the components are then packed in rows under the largest
  one. (Laying out everything at once flings small components and lone nodes
  to the far edge and squashes the main cluster.)
- Leaves (nodes with one neighbour: most tags, external domains and missing
  terms) are not simulated: they are set around their neighbour afterwards,
  on a small sunflower spiral. This halves the simulated nodes on the real
  glossaries.
- Hubs (a tag on every entry, a much-cited site) would pull everything into
  one ball: an edge pulls less the busier its busier end is.
"""
from __future__ import annotations

import math
import random

from .graph import GraphData

SEED = 20221015
SPACING = 100.0  # roughly the distance between neighbouring nodes, in pixels
LEAF_RADIUS = 0.6 * SPACING  # distance of a leaf from its neighbour
GAP = 2 * SPACING  # between packed components
ITERATIONS = 50
DECIMALS = 1
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

Position = tuple[float, float]


def positions(graph, *, seed: int = SEED) -> dict[str, Position]:
    """``{node: (x, y)}`` for every node of ``graph`` (a graph.GraphData or a
    networkx graph; directions, keys and parallel edges are ignored).
    Deterministic for a given graph."""
    adjacency = undirected(graph)
    placed = [_component(adjacency, nodes, seed) for nodes in components(adjacency)]
    return _pack(placed)


def undirected(graph) -> dict[str, list[str]]:
    """Each node's neighbours, sorted, self-loops left out: the layout's
    result depends on the order in which it meets nodes and edges. Plain
    dicts: networkx's subgraph views recount degrees on every call."""
    if isinstance(graph, GraphData):
        nodes, pairs = graph.nodes, [(u, v) for u, v, _ in graph.edges]
    else:  # a networkx graph
        nodes, pairs = graph, graph.edges()
    adjacency: dict[str, set[str]] = {node: set() for node in nodes}
    for u, v in pairs:
        if u != v:
            adjacency[u].add(v)
            adjacency[v].add(u)
    return {node: sorted(adjacency[node]) for node in sorted(adjacency)}


def components(adjacency: dict[str, list[str]]) -> list[list[str]]:
    """Connected components, each sorted, the largest first (ties by first node)."""
    seen: set[str] = set()
    found = []
    for start in adjacency:
        if start in seen:
            continue
        seen.add(start)
        todo, members = [start], []
        while todo:
            node = todo.pop()
            members.append(node)
            for other in adjacency[node]:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        found.append(sorted(members))
    return sorted(found, key=lambda nodes: (-len(nodes), nodes[0]))


def _component(adjacency: dict[str, list[str]], nodes: list[str], seed: int) -> dict[str, Position]:
    """Positions of one connected component, centred on (0, 0)."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (-SPACING / 2, 0.0), nodes[1]: (SPACING / 2, 0.0)}
    degree = {n: len(adjacency[n]) for n in nodes}
    leaves = [n for n in nodes if degree[n] == 1]
    core = [n for n in nodes if degree[n] > 1]
    inside = set(core)
    edges = [(u, v) for u in core for v in adjacency[u] if u < v and v in inside]
    # Hubs (a tag on every entry, a much-cited site) would pull everything
    # into one ball; an edge pulls less the busier its busier end is.
    weights = [1 / math.sqrt(max(degree[u], degree[v])) for u, v in edges]
    pos = _spring(core, edges, weights, seed, radius=SPACING * math.sqrt(len(core)) / 1.6)
    pos.update(_around_anchors(adjacency, pos, leaves))
    return pos


def _spring(nodes: list[str], edges: list[tuple[str, str]], weights: list[float], seed: int, *,
            radius: float) -> dict[str, Position]:
    """Fruchterman-Reingold over the weighted edges, scaled to ``radius``."""
    import igraph

    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    index = {n: i for i, n in enumerate(nodes)}
    start = random.Random(seed)
    initial = [[start.random(), start.random()] for _ in nodes]
    # igraph draws from its random generator only to part two nodes that
    # land on one spot; a seeded one keeps even that the same every run.
    igraph.set_random_number_generator(random.Random(seed))
    try:
        # GraphBase, igraph's C class: Graph() would import numpy (0.1 s) to
        # check whether the edges came as an array.
        graph = igraph.GraphBase(len(nodes), [(index[u], index[v]) for u, v in edges], False)
        coords = graph.layout_fruchterman_reingold(weights=weights or None, seed=initial, niter=ITERATIONS,
                                                   grid="nogrid")
    finally:
        igraph.set_random_number_generator(random)
    return _scaled(nodes, coords, radius)


def _scaled(nodes: list[str], coords, radius: float) -> dict[str, Position]:
    """Centred on (0, 0), the farthest node at ``radius``."""
    cx = sum(x for x, _ in coords) / len(coords)
    cy = sum(y for _, y in coords) / len(coords)
    far = max(math.hypot(x - cx, y - cy) for x, y in coords) or 1.0
    return {n: ((x - cx) * radius / far, (y - cy) * radius / far) for n, (x, y) in zip(nodes, coords)}


def _around_anchors(adjacency: dict[str, list[str]], pos: dict[str, Position], leaves: list[str]) -> dict[str, Position]:
    """Each leaf on a small spiral around its one neighbour, turned away from
    the component's centre so that leaves fan outwards."""
    by_anchor: dict[str, list[str]] = {}
    for leaf in leaves:
        by_anchor.setdefault(adjacency[leaf][0], []).append(leaf)
    placed = {}
    for anchor, group in sorted(by_anchor.items()):
        ax, ay = pos[anchor]
        outward = math.atan2(ay, ax) if (ax, ay) != (0.0, 0.0) else 0.0
        placed.update(_sunflower(group, (ax, ay), LEAF_RADIUS, outward, first=LEAF_RADIUS))
    return placed


def _sunflower(nodes: list[str], centre: Position, step: float, angle: float, *, first: float = 0.0) -> dict[str, Position]:
    """Evenly spread points around ``centre``: the i-th at radius
    ``first + step * sqrt(i)``, turning by the golden angle."""
    cx, cy = centre
    out = {}
    for i, node in enumerate(nodes):
        r = first + step * math.sqrt(i)
        a = angle + i * GOLDEN_ANGLE
        out[node] = (cx + r * math.cos(a), cy + r * math.sin(a))
    return out


def _pack(components: list[dict[str, Position]]) -> dict[str, Position]:
    """Largest component at the origin, the others in rows beneath it."""
    result: dict[str, Position] = {}
    if not components:
        return result
    main = components[0]
    result.update(main)
    left, top, right, bottom = _box(main)
    row_width = max(right - left, 12 * SPACING)
    x, y, row_height = left, bottom + GAP, 0.0
    for comp in components[1:]:
        c_left, c_top, c_right, c_bottom = _box(comp)
        width, height = c_right - c_left, c_bottom - c_top
        if x > left and x + width > left + row_width:
            x, y, row_height = left, y + row_height + GAP, 0.0
        for node, (px, py) in comp.items():
            result[node] = (px - c_left + x, py - c_top + y)
        x += width + GAP
        row_height = max(row_height, height)
    return {n: (_round(px), _round(py)) for n, (px, py) in sorted(result.items())}


def _box(pos: dict[str, Position]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    return min(xs), min(ys), max(xs), max(ys)


def _round(value: float) -> float:
    rounded = round(value, DECIMALS)
    return 0.0 if rounded == 0 else rounded  # no "-0.0" in the page
