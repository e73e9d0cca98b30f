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
- Topic clusters (``groups``, from clusters.py) are kept together: in a
  component that holds more than one, each group is laid out on its own as
  a disc (a node in no cluster joins the group of at least half its
  neighbours); the discs are placed by a force-directed layout of the links
  between the groups, pushed apart until none overlap and drawn in towards
  the middle; the nodes in no group (site sections, terms between topics)
  are then placed by a layout of the whole component in which the grouped
  nodes stay pinned. That last layout uses igraph's grid variant, which
  only repels nearby nodes: what it places starts where its neighbours are,
  and it costs a third of the full one. On the MDN glossary the whole
  layout takes about 17 ms, against 27 ms for one layout of everything.
"""
from __future__ import annotations

import math
import random
from collections.abc import Mapping

from .graph import GraphData

SEED = 20221015
SPACING = 100.0  # roughly the distance between neighbouring nodes, in pixels
LEAF_RADIUS = 0.6 * SPACING  # distance of a leaf from its neighbour
GAP = 2 * SPACING  # between packed components
ITERATIONS = 50
GROUP_MARGIN = 1.5 * LEAF_RADIUS  # around a group's disc: room for its leaves
REACH = 0.9  # a group's disc holds this share of its nodes; the few beyond may reach into the gaps
PUSHES = 200  # at most, to part overlapping discs
GATHERS = 3  # rounds of moving discs towards the centre
GRID = "grid"  # igraph's variant for placing the nodes in no group: see the module docstring
DECIMALS = 1
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))

Position = tuple[float, float]


def positions(graph, *, seed: int = SEED, groups: Mapping[str, int] | None = None) -> dict[str, Position]:
    """``{node: (x, y)}`` for every node of ``graph`` (a graph.GraphData or a
    networkx graph; directions, keys and parallel edges are ignored).
    ``groups``: node -> group number (the topic clusters): each group is
    kept together. Deterministic for a given graph and groups."""
    adjacency = undirected(graph)
    placed = [_component(adjacency, nodes, seed, groups or {}) for nodes in components(adjacency)]
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


def _component(adjacency: dict[str, list[str]], nodes: list[str], seed: int,
               groups: Mapping[str, int]) -> dict[str, Position]:
    """Positions of one connected component, centred on (0, 0)."""
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    if len(nodes) == 2:
        return {nodes[0]: (-SPACING / 2, 0.0), nodes[1]: (SPACING / 2, 0.0)}
    degree = {n: len(adjacency[n]) for n in nodes}
    leaves = [n for n in nodes if degree[n] == 1]
    core = [n for n in nodes if degree[n] > 1]
    group = core_groups(adjacency, core, groups)
    if len(set(group.values())) > 1:
        pos = _grouped(adjacency, core, group, seed)
    else:
        pos = _spring(core, *_edges(adjacency, core), seed, radius=_radius(len(core)))
    pos.update(_around_anchors(adjacency, pos, leaves))
    return pos


def _radius(count: int) -> float:
    """How far from its centre a layout of ``count`` nodes reaches."""
    return SPACING * math.sqrt(count) / 1.6


def _edges(adjacency: dict[str, list[str]], nodes: list[str]) -> tuple[list[tuple[str, str]], list[float]]:
    """The edges among ``nodes`` and their pull. Hubs (a tag on every entry,
    a much-cited site) would pull everything into one ball; an edge pulls
    less the busier its busier end is."""
    inside = set(nodes)
    edges = [(u, v) for u in nodes for v in adjacency[u] if u < v and v in inside]
    return edges, [1 / math.sqrt(max(len(adjacency[u]), len(adjacency[v]))) for u, v in edges]


def core_groups(adjacency: dict[str, list[str]], core: list[str], groups: Mapping[str, int]) -> dict[str, int]:
    """The group of each core node that has one: its own, else the group of
    at least half its neighbours (a domain cited only by HTTP terms sits
    with them); nodes between groups get none."""
    found = {n: groups[n] for n in core if n in groups}
    for node in core:
        if node in found:
            continue
        counts: dict[int, int] = {}
        for other in adjacency[node]:
            g = groups.get(other)
            if g is not None:
                counts[g] = counts.get(g, 0) + 1
        if counts:
            best = min(counts, key=lambda g: (-counts[g], g))
            if 2 * counts[best] >= len(adjacency[node]):
                found[node] = best
    return found


def _grouped(adjacency: dict[str, list[str]], core: list[str], group: dict[str, int], seed: int) -> dict[str, Position]:
    """Each group laid out on its own, as a disc; the discs placed by how
    much their groups are linked, none over another; then the nodes in no
    group placed among them, the groups staying where they are."""
    members: dict[int, list[str]] = {}
    for node in core:
        if node in group:
            members.setdefault(group[node], []).append(node)
    names = sorted(members)
    local = [_spring(members[g], *_edges(adjacency, members[g]), seed, radius=_radius(len(members[g])))
             for g in names]
    index = {g: i for i, g in enumerate(names)}
    links: dict[tuple[int, int], int] = {}
    for u in core:
        for v in adjacency[u]:
            a, b = group.get(u), group.get(v)
            if u < v and a is not None and b is not None and a != b:
                pair = (min(index[a], index[b]), max(index[a], index[b]))
                links[pair] = links.get(pair, 0) + 1
    centres = _discs([_reach(placed) + GROUP_MARGIN for placed in local], links, seed)
    pos = {}
    for (cx, cy), placed in zip(centres, local):
        pos.update({n: (cx + x, cy + y) for n, (x, y) in placed.items()})
    free = [n for n in core if n not in group]
    if free:
        pos.update(_among(adjacency, core, pos, free, seed))
    return pos


def _reach(placed: dict[str, Position]) -> float:
    """The radius of a group's disc: what holds REACH of its nodes, as
    force-directed layouts leave a few far out."""
    far = sorted(math.hypot(x, y) for x, y in placed.values())
    return far[min(len(far) - 1, int(REACH * len(far)))]


def _discs(radii: list[float], links: dict[tuple[int, int], int], seed: int) -> list[Position]:
    """Centres for discs of ``radii``: a force-directed layout of the links
    between them, spread to the discs' total area, then pushed apart until
    no two overlap."""
    from .igraph_core import core as igraph_core

    igraph = igraph_core()

    draw = random.Random(seed)
    pairs = sorted(links)
    igraph.set_random_number_generator(random.Random(seed))
    try:
        graph = igraph.GraphBase(len(radii), pairs, False)
        coords = graph.layout_fruchterman_reingold(
            weights=[math.sqrt(links[p]) for p in pairs] or None, niter=300, grid="nogrid",
            seed=[[draw.random(), draw.random()] for _ in radii])
    finally:
        igraph.set_random_number_generator(random)
    span = math.sqrt(sum(r * r for r in radii))
    centres = [list(p) for p in _scaled(list(range(len(radii))), coords, span).values()]
    _part(centres, radii)
    _gather(centres, radii)
    return [(x, y) for x, y in centres]


def _part(centres: list[list[float]], radii: list[float]) -> None:
    """Push overlapping discs apart, each pair along the line joining them,
    until none overlap (or PUSHES rounds)."""
    for _ in range(PUSHES):
        moved = False
        for i in range(len(centres)):
            for j in range(i + 1, len(centres)):
                dx = centres[j][0] - centres[i][0]
                dy = centres[j][1] - centres[i][1]
                gap = math.hypot(dx, dy)
                need = radii[i] + radii[j]
                if gap < need - 0.5:  # half a pixel: float noise would keep it going
                    if gap == 0:
                        dx, dy, gap = 1.0, 0.0, 1.0
                    push = (need - gap) / 2 / gap
                    centres[i][0] -= dx * push
                    centres[i][1] -= dy * push
                    centres[j][0] += dx * push
                    centres[j][1] += dy * push
                    moved = True
        if not moved:
            return


def _gather(centres: list[list[float]], radii: list[float]) -> None:
    """Move each disc straight towards the centre until it touches another
    (nearest discs first, a few rounds): the force-directed layout and the
    pushing leave gaps, and a map with gaps is drawn smaller."""
    for _ in range(GATHERS):
        for i in sorted(range(len(centres)), key=lambda i: (math.hypot(*centres[i]), i)):
            px, py = centres[i]
            # Disc i at t * (px, py) overlaps disc j for t between the roots
            # of |t p - c_j|^2 = (r_i + r_j)^2; it stops at the first it meets.
            a = px * px + py * py
            if a == 0:
                continue
            stop = 0.0
            for j in range(len(centres)):
                if j == i:
                    continue
                qx, qy = centres[j]
                b = px * qx + py * qy
                c = qx * qx + qy * qy - (radii[i] + radii[j]) ** 2
                disc = b * b - a * c
                if disc > 0:
                    low, high = (b - math.sqrt(disc)) / a, (b + math.sqrt(disc)) / a
                    if high < 1:
                        stop = max(stop, high)
                    elif low < 1:  # touching already (within _part's half pixel)
                        stop = 1.0
            centres[i][0], centres[i][1] = px * stop, py * stop


def _among(adjacency: dict[str, list[str]], core: list[str], pos: dict[str, Position], free: list[str],
           seed: int) -> dict[str, Position]:
    """Nodes in no group, placed by a force-directed layout of the whole
    component in which the grouped nodes are pinned where they are."""
    from .igraph_core import core as igraph_core

    igraph = igraph_core()

    draw = random.Random(seed)
    index = {n: i for i, n in enumerate(core)}
    edges, weights = _edges(adjacency, core)
    unit = SPACING  # igraph's layout is on a scale where an edge is about one unit long
    start = []
    for node in core:
        if node in pos:
            start.append([pos[node][0] / unit, pos[node][1] / unit])
        else:  # where its grouped neighbours are, on average
            near = [pos[v] for v in adjacency[node] if v in pos] or [(0.0, 0.0)]
            start.append([sum(p[0] for p in near) / len(near) / unit + draw.uniform(-0.5, 0.5),
                          sum(p[1] for p in near) / len(near) / unit + draw.uniform(-0.5, 0.5)])
    big = 1e9
    low_x = [x if n in pos else -big for n, (x, _) in zip(core, start)]
    low_y = [y if n in pos else -big for n, (_, y) in zip(core, start)]
    igraph.set_random_number_generator(random.Random(seed))
    try:
        graph = igraph.GraphBase(len(core), [(index[u], index[v]) for u, v in edges], False)
        coords = graph.layout_fruchterman_reingold(
            weights=weights or None, seed=start, niter=ITERATIONS, grid=GRID,
            minx=low_x, maxx=[x if n in pos else big for n, (x, _) in zip(core, start)],
            miny=low_y, maxy=[y if n in pos else big for n, (_, y) in zip(core, start)])
    finally:
        igraph.set_random_number_generator(random)
    return {n: (coords[index[n]][0] * unit, coords[index[n]][1] * unit) for n in free}


def _spring(nodes: list[str], edges: list[tuple[str, str]], weights: list[float], seed: int, *,
            radius: float) -> dict[str, Position]:
    """Fruchterman-Reingold over the weighted edges, scaled to ``radius``."""
    from .igraph_core import core as igraph_core

    igraph = igraph_core()

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
