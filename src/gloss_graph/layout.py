"""Node positions for the HTML graph, computed once in Python.

The page draws with physics off, so the map is laid out at first paint and the
same graph always gives the same map: positions come from networkx's
Fruchterman-Reingold ``spring_layout`` with a fixed seed, rounded so that tiny
floating-point noise cannot change the output file.

Each connected component is laid out on its own and scaled by the square root
of its size, then the components are packed in rows under the largest one.
Laying out the whole graph at once would fling small components and lone
nodes to the far edge and squash the main cluster into the middle.
"""
from __future__ import annotations

import math

import networkx as nx

SEED = 20221015
SPACING = 55.0  # roughly the distance between neighbouring nodes, in pixels
GAP = 2 * SPACING  # between packed components
DECIMALS = 1


def positions(graph: nx.Graph, *, seed: int = SEED) -> dict[str, tuple[float, float]]:
    """``{node: (x, y)}`` for every node of ``graph`` (directions, keys and
    parallel edges are ignored). Deterministic for a given graph."""
    simple = _undirected(graph)
    components = sorted(
        (sorted(c) for c in nx.connected_components(simple)),
        key=lambda nodes: (-len(nodes), nodes[0]),
    )
    placed = [_component(simple.subgraph(nodes), seed) for nodes in components]
    return _pack(placed)


def _undirected(graph: nx.Graph) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from(sorted((u, v) if u <= v else (v, u) for u, v in graph.edges() if u != v))
    return simple


def _component(sub: nx.Graph, seed: int) -> dict[str, tuple[float, float]]:
    """Positions centred on (0, 0), about SPACING apart."""
    nodes = sorted(sub)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    radius = SPACING * math.sqrt(len(nodes)) / 1.6
    # A copy with sorted nodes and edges: spring_layout's result depends on
    # the order in which it meets them.
    ordered = nx.Graph()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(sorted(sub.edges()))
    try:
        raw = nx.spring_layout(ordered, seed=seed, scale=radius, center=(0.0, 0.0))
    except ImportError:  # numpy/scipy not installed: still deterministic, less readable
        raw = _spiral(nodes, radius)
    return {n: (float(x), float(y)) for n, (x, y) in raw.items()}


def _spiral(nodes: list[str], radius: float) -> dict[str, tuple[float, float]]:
    """A sunflower spiral: evenly spread points, used only when networkx's
    layouts cannot run because numpy or scipy is missing."""
    golden = math.pi * (3 - math.sqrt(5))
    count = len(nodes)
    return {
        node: (
            radius * math.sqrt((i + 0.5) / count) * math.cos(i * golden),
            radius * math.sqrt((i + 0.5) / count) * math.sin(i * golden),
        )
        for i, node in enumerate(nodes)
    }


def _pack(components: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Largest component at the origin, the others in rows beneath it."""
    result: dict[str, tuple[float, float]] = {}
    if not components:
        return result
    main = components[0]
    result.update(main)
    left, top, right, bottom = _box(main)
    row_width = max(right - left, 20 * SPACING)
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


def _box(pos: dict[str, tuple[float, float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    return min(xs), min(ys), max(xs), max(ys)


def _round(value: float) -> float:
    rounded = round(value, DECIMALS)
    return 0.0 if rounded == 0 else rounded  # no "-0.0" in the page
