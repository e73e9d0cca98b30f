"""Node positions for the HTML graph, computed once in Python.

The page draws with physics off, so the map is laid out at first paint and the
same graph always gives the same map: positions come from a Fruchterman-Reingold
spring layout with a fixed seed, rounded so that floating-point noise cannot
change the output file.

- Each connected component is laid out on its own and scaled by the square
  root of its size; the components are then packed in rows under the largest
  one. (Laying out everything at once flings small components and lone nodes
  to the far edge and squashes the main cluster.)
- Leaves (nodes with one neighbour: most tags, external domains and missing
  terms) are not simulated: they are set around their neighbour afterwards,
  on a small sunflower spiral. This halves the simulated nodes on the real
  glossaries.
- Components under ``SMALL`` nodes use networkx's ``spring_layout``. For
  bigger ones it is too slow here: at 600 nodes and more it switches to its
  sparse variant, which loops over nodes in Python or, by default, minimises
  an energy with scipy, 10 to 25 s on the 2022 glossary. ``_spring`` is the
  same algorithm written with whole-array numpy operations (about 1 s).
"""
from __future__ import annotations

import math

import networkx as nx

SEED = 20221015
SPACING = 100.0  # roughly the distance between neighbouring nodes, in pixels
LEAF_RADIUS = 0.6 * SPACING  # distance of a leaf from its neighbour
GAP = 2 * SPACING  # between packed components
SMALL = 500  # networkx's own threshold for its dense algorithm
ITERATIONS = 50
DECIMALS = 1
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

Position = tuple[float, float]


def positions(graph: nx.Graph, *, seed: int = SEED) -> dict[str, Position]:
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
    """A simple graph with sorted nodes and edges: the layout's result
    depends on the order in which it meets them."""
    simple = nx.Graph()
    simple.add_nodes_from(sorted(graph))
    simple.add_edges_from(sorted({(u, v) if u <= v else (v, u) for u, v in graph.edges() if u != v}))
    return simple


def _component(sub: nx.Graph, seed: int) -> dict[str, Position]:
    """Positions of one connected component, centred on (0, 0)."""
    nodes = sorted(sub)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (-SPACING / 2, 0.0), nodes[1]: (SPACING / 2, 0.0)}
    leaves = [n for n in nodes if sub.degree(n) == 1]
    core = [n for n in nodes if sub.degree(n) > 1]
    core_graph = nx.Graph()
    core_graph.add_nodes_from(core)
    # Hubs (a tag on every entry, a much-cited site) would pull everything
    # into one ball; an edge pulls less the busier its busier end is.
    core_graph.add_weighted_edges_from(
        (u, v, 1 / math.sqrt(max(sub.degree(u), sub.degree(v))))
        for u, v in sorted(sub.subgraph(core).edges())
    )
    pos = _spring(core_graph, seed, radius=SPACING * math.sqrt(len(core)) / 1.6)
    pos.update(_around_anchors(sub, pos, leaves))
    return pos


def _spring(graph: nx.Graph, seed: int, *, radius: float) -> dict[str, Position]:
    nodes = list(graph)
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    try:
        if len(nodes) < SMALL:
            raw = nx.spring_layout(graph, seed=seed, scale=radius, center=(0.0, 0.0),
                                   iterations=ITERATIONS, weight="weight")
        else:
            raw = _fast_spring(graph, seed, radius)
    except ImportError:  # numpy not installed: still deterministic, less readable
        raw = _sunflower(nodes, (0.0, 0.0), radius / math.sqrt(len(nodes)), 0.0)
    return {n: (float(x), float(y)) for n, (x, y) in raw.items()}


def _fast_spring(graph: nx.Graph, seed: int, radius: float) -> dict[str, Position]:
    """Fruchterman-Reingold as networkx's dense variant does it (same forces,
    same linear cooling, same start from a seeded uniform draw), with the
    attraction computed over the edge list instead of an n-by-n matrix."""
    import numpy as np

    nodes = list(graph)
    index = {n: i for i, n in enumerate(nodes)}
    edges = np.array([(index[u], index[v]) for u, v in graph.edges()], dtype=np.intp).reshape(-1, 2)
    weight = np.array([w for _, _, w in graph.edges(data="weight", default=1.0)], dtype=float)
    pos = np.random.RandomState(seed).rand(len(nodes), 2)
    k = math.sqrt(1.0 / len(nodes))
    step = 0.1  # a tenth of the starting square, cooled to nothing
    cooling = step / (ITERATIONS + 1)
    for _ in range(ITERATIONS):
        delta = pos[:, None, :] - pos[None, :, :]
        dist2 = np.einsum("ijk,ijk->ij", delta, delta)
        np.maximum(dist2, 1e-4, out=dist2)
        push = (k * k) / dist2
        np.fill_diagonal(push, 0.0)
        move = np.einsum("ijk,ij->ik", delta, push)
        along = pos[edges[:, 0]] - pos[edges[:, 1]]
        pull = along * (weight * np.sqrt((along * along).sum(axis=1)) / k)[:, None]
        np.subtract.at(move, edges[:, 0], pull)
        np.add.at(move, edges[:, 1], pull)
        length = np.maximum(np.sqrt((move * move).sum(axis=1)), 0.01)
        pos += move * (step / length)[:, None]
        step -= cooling
    pos = nx.rescale_layout(pos, scale=radius)
    return {n: (float(x), float(y)) for n, (x, y) in zip(nodes, pos)}


def _around_anchors(sub: nx.Graph, pos: dict[str, Position], leaves: list[str]) -> dict[str, Position]:
    """Each leaf on a small spiral around its one neighbour, turned away from
    the component's centre so that leaves fan outwards."""
    by_anchor: dict[str, list[str]] = {}
    for leaf in leaves:
        by_anchor.setdefault(next(iter(sub[leaf])), []).append(leaf)
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
