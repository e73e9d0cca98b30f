"""The interactive HTML graph: one self-contained page, no network access.

The concept graph (see docs/architecture.md) is first reduced to the *view*,
the graph as drawn: concepts, tags and missing terms as they are; MDN pages
grouped into one node per section (``section:web/api``); external URLs
grouped into one node per domain (``domain:example.com``). Pages that take part
in no edge are left out. The view stays at a few thousand nodes even for the
whole MDN site, which is what keeps the page fast (docs/graph.md).

The page draws with vis-network, the copy that ships inside the pyvis package,
inlined so that the page never touches the network. Its node and edge records
are the ones pyvis's ``Network.add_node`` and ``Edge`` make (``vis_node``,
``vis_edge``; tests/test_html.py checks them against pyvis itself), built
here without importing pyvis, which costs a quarter of a second. pyvis's own
template is not used because it loads Bootstrap and vis-network from CDNs
even with ``cdn_resources="in_line"`` (pyvis issues #228 and #229); the page
comes from our own template (templates/graph.html), filled by
``string.Template``: a dozen placeholders need no template engine (jinja2
cost 20 ms to import and compile, on the build's critical path). Every value
put in is either escaped here (the title) or made safe for its place
(``json_for_html``, the checked scripts, our own constants).

Everything taken from content travels as JSON inside
``<script type="application/json">`` with ``<``, ``>``, ``&``, U+2028 and
U+2029 escaped, and the page script writes it with DOM text APIs only.
A Content-Security-Policy allows exactly the page's own inline scripts.
"""
from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import math
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from string import Template
from pathlib import Path
from urllib.parse import urlsplit

from .clusters import Clusters, clusters
from .graph import GraphData, as_data
from .layout import positions
from .outputs import write_atomic

KINDS = ("concept", "tag", "page", "external", "missing")
EDGE_KINDS = ("references", "links-to", "tagged", "broader")

# Colour and shape per kind; the legend in templates/graph.html matches.
STYLE = {
    "concept": {"shape": "dot", "color": "#2f6fde"},
    "tag": {"shape": "diamond", "color": "#2e9d5b"},
    "page": {"shape": "square", "color": "#8a56d6"},
    "external": {"shape": "triangle", "color": "#a07a3c"},
    "missing": {"shape": "star", "color": "#d62f2f"},
}
ORPHAN_BORDER = "#ff8c00"
# Concepts are coloured by topic cluster (clusters.py): the largest clusters
# get these colours, in order, and the others OTHER_CLUSTER; concepts in no
# cluster keep STYLE's blue. Shapes still tell the kinds apart.
CLUSTER_COLORS = (
    "#4e79a7", "#e15759", "#59a14f", "#b07aa1", "#edc948", "#76b7b2",
    "#9c755f", "#ff9da7", "#8cd17d", "#499894", "#d37295", "#a0cbe8",
)
OTHER_CLUSTER = "#b5bcc6"
EDGE_COLOR = {
    "references": "#7d8ea8",
    "links-to": "#b59bdc",
    "tagged": "#8cc9a3",
    "broader": "#333333",
}

LABELS_BY_PAGE = 10**9  # vis-network's drawThreshold: it never draws a label itself
VIS_DIR = "lib/vis-9.1.2"  # inside the pyvis package
TEMPLATE = "graph.html"

_PLAIN_HTTP = re.compile(r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:[/?#][!-~]*)?\Z")
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


# --- public API -------------------------------------------------------------


def write_html(graph, path: str | os.PathLike, *, title: str | None = None) -> Path:
    """Write the page for ``graph`` to ``path`` atomically (a temporary file in
    the same folder, then ``os.replace``), so a reader never sees half a page."""
    return write_atomic(path, render_html(graph, title=title))


class CachedLayout:
    """``positions`` remembered between builds: reused exactly when the drawn
    graph (its nodes and undirected edges) is the same as last time, else
    computed afresh. Never a partial reuse: the map is a function of the
    graph alone, so a rebuild and a clean build give the same bytes."""

    @dataclass
    class Stored:
        key: str = ""
        positions: dict[str, tuple[float, float]] = field(default_factory=dict)

    def __init__(self, stored: "CachedLayout.Stored | None" = None):
        self.last = stored or CachedLayout.Stored()
        self.now = self.last

    def __call__(self, view: GraphData, groups: dict[str, int] | None = None) -> dict[str, tuple[float, float]]:
        key = layout_key(view, groups)
        if key != self.last.key or set(self.last.positions) != set(view.nodes):
            self.now = CachedLayout.Stored(key, positions(view, groups=groups))
        return self.now.positions

    def stored(self) -> "CachedLayout.Stored":
        return self.now


def layout_key(view: GraphData, groups: dict[str, int] | None = None) -> str:
    """A digest of what the layout depends on: nodes, their groups (topic
    clusters) and undirected edges."""
    digest = hashlib.blake2b(digest_size=16)
    groups = groups or {}
    for node in sorted(view.nodes):
        digest.update(f"{node}\1{groups.get(node, '')}\0".encode("utf-8", "surrogatepass"))
    for u, v in sorted({(u, v) if u <= v else (v, u) for u, v, _ in view.edges if u != v}):
        digest.update(f"{u}\1{v}\0".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def render_html(graph, *, title: str | None = None, layout=None, stale: list[dict] | None = None,
                mentions=()) -> str:
    """The whole page as a string (``graph``: a graph.GraphData or a networkx
    graph). Same graph, same string. ``layout`` maps the drawn graph to
    positions (``layout.positions`` unless given). ``stale``: the report's
    ``stale_translations`` items, marked on the titles in the side panel.
    ``mentions``: mentions.Mention items, listed in the side panel of the
    term they name ("Mentioned without a link")."""
    graph = as_data(graph)
    view = view_graph(graph)
    found = clusters(graph)
    where = (layout or _positions)(view, found.of)
    data = page_data(graph, view, where, found)
    add_stale_marks(data["details"], stale)
    add_mentions(data["details"], mentions)
    script = _asset("graph.js")
    vis_js = _vis_asset("vis-network.min.js")
    for name, code in (("vis-network.min.js", vis_js), ("graph.js", script)):
        if "</script" in code.lower():  # would end the inline <script> early
            raise ValueError(f"{name} cannot be inlined: it contains '</script'")
    return Template(_asset(TEMPLATE)).substitute(
        title=_escape(title or _default_title(graph)),
        csp=_csp([vis_js, script]),
        vis_css=_vis_asset("vis-network.css"),
        page_css=_asset("graph.css"),
        vis_js=vis_js,
        page_js=script,
        data_json=json_for_html(data),
        orphan_border=ORPHAN_BORDER,
        **{f"color_{kind}": STYLE[kind]["color"] for kind in KINDS},
        **{f"edge_{kind.replace('-', '_')}": color for kind, color in EDGE_COLOR.items()},
    )


def _positions(view: GraphData, groups: dict[str, int]) -> dict[str, tuple[float, float]]:
    return positions(view, groups=groups)


def _escape(text: str) -> str:
    """Text for an element's content or an attribute, escaped as markupsafe
    (and so jinja2) escapes it: the page's bytes did not change with it."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&#34;").replace("'", "&#39;"))


def _compact_json(value) -> str:
    """Compact JSON, keys sorted: msgspec (three times as fast as the json
    module on a site's page data), the json module for what it refuses."""
    import msgspec

    try:
        return msgspec.json.encode(value, order="sorted").decode("utf-8")
    except (TypeError, ValueError, msgspec.EncodeError):
        return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def json_for_html(value) -> str:
    """JSON that is safe inside ``<script type="application/json">``: no
    ``</script>``, no ``<!--``, nothing an HTML parser acts on."""
    text = _compact_json(value)
    for char, escaped in _JSON_ESCAPES.items():  # str.replace scans in C; str.translate took 80 ms
        if char in text:
            text = text.replace(char, escaped)
    return text


# --- the view: the graph as drawn -------------------------------------------


def view_graph(graph) -> GraphData:
    """The graph as the page draws it by default.

    Concept, tag and missing nodes keep their ids. Page nodes that take part
    in an edge become ``section:<section, lower case>``, external nodes become
    ``domain:<domain>``; edges between the same two view nodes with the same
    kind are merged, adding up ``count`` and counting the original pairs in
    ``pairs``. Self-loops are dropped.
    """
    graph = as_data(graph)
    to_view: dict[str, str] = {}
    groups: dict[str, list[str]] = defaultdict(list)
    for node in sorted(graph.nodes):
        attrs = graph.nodes[node]
        kind = attrs.get("kind")
        if kind not in KINDS:
            continue
        if kind == "page":
            if graph.degree(node) == 0:
                continue
            target = "section:" + page_section(attrs).lower()
        elif kind == "external":
            target = "domain:" + external_domain(attrs)
        else:
            target = node
        to_view[node] = target
        groups[target].append(node)
    nodes = {target: {"kind": graph.nodes[groups[target][0]]["kind"], "members": groups[target]}
             for target in sorted(groups)}
    merged: dict[tuple[str, str, str], dict] = {}
    for (u, v, key), attrs in sorted(graph.edges.items(), key=lambda e: e[0]):
        if u not in to_view or v not in to_view or key not in EDGE_KINDS:
            continue
        a, b = to_view[u], to_view[v]
        if a == b:
            continue
        edge = merged.setdefault((a, b, key), {"count": 0, "pairs": 0, "locales": set()})
        edge["count"] += int(attrs.get("count", 1) or 1)
        edge["pairs"] += 1
        edge["locales"].update(attrs.get("locales") or ())
    edges = {(a, b, key): {"count": edge["count"], "pairs": edge["pairs"], "locales": sorted(edge["locales"])}
             for (a, b, key), edge in sorted(merged.items())}
    return GraphData({}, nodes, edges)


def page_section(attrs: dict) -> str:
    """The section a page is grouped under: its ``section`` attribute, or the
    first two segments of its slug."""
    section = attrs.get("section") or "/".join((attrs.get("slug") or attrs.get("key") or "").split("/")[:2])
    return section or "(no section)"


def external_domain(attrs: dict) -> str:
    domain = attrs.get("domain") or urlsplit(attrs.get("url") or "").hostname or ""
    return domain.lower() or "(no domain)"


def is_orphan(graph: GraphData, node: str) -> bool:
    """A concept nothing references (no inbound ``references`` edge)."""
    return not any(key == "references" for _, key, _ in graph.pred.get(node, ()))


def site_mode(graph: GraphData) -> bool:
    return any(a.get("kind") == "page" and a.get("loaded") for a in graph.nodes.values())


# --- page data ---------------------------------------------------------------


def page_data(graph: GraphData, view: GraphData, where: dict, found: Clusters | None = None) -> dict:
    """What the page script reads: vis-network records (as pyvis makes them),
    per-node details for the side panel and search, and the filter menus."""
    details = {node: _details(graph, view, node) for node in sorted(view.nodes)}
    for node, number in (found.of.items() if found else ()):
        if node in details:
            details[node]["cluster"] = number
    nodes = [vis_node(node, _vis_node(details[node], where[node])) for node in sorted(view.nodes)]
    edges = [vis_edge(u, v, _vis_edge(index, key, attrs))
             for index, ((u, v, key), attrs) in enumerate(sorted(view.edges.items(), key=lambda e: e[0]))]
    tags = sorted(n for n, attrs in view.nodes.items() if attrs["kind"] == "tag")
    return {
        "locales": list(graph.attrs.get("locales") or _locales_of(details)),
        "site": site_mode(graph),
        "nodes": nodes,
        "edges": edges,
        "details": details,
        "tags": [[tag, details[tag]["label"]] for tag in tags],
        "clusters": cluster_list(found) if found else [],
        "kind_colors": {kind: [style["color"], _darker(style["color"])] for kind, style in STYLE.items()},
        "options": vis_options(len(nodes), len(edges)),
    }


def add_stale_marks(details: dict, stale: list[dict] | None) -> None:
    """Give each concept with a stale (or unknown) translation a ``stale``
    detail, ``{locale: [status, reason]}``, which the side panel shows beside
    that locale's title. Concepts without one get no key, so a page without
    stale translations is byte for byte what it was before they existed."""
    for item in stale or ():
        info = details.get("concept:" + item["slug"].lower())
        if info is not None:
            info.setdefault("stale", {})[item["locale"]] = [item["status"], item["reason"]]


def add_mentions(details: dict, mentions) -> None:
    """Give each concept named somewhere without a link a ``mentioned``
    detail: ``[source node id or "", source slug, locale, the words,
    confidence]``, the sure ones first, then by source. A site page is named
    by its slug (pages are drawn by section, not one by one)."""
    found: dict[str, list] = {}
    for m in mentions:
        target = "concept:" + m.target
        if target not in details:
            continue
        source = "concept:" + m.source if m.source_kind != "page" and "concept:" + m.source in details else ""
        found.setdefault(target, []).append([source, m.source_slug, m.locale, m.text, m.confidence])
    for target, items in found.items():
        details[target]["mentioned"] = sorted(items, key=lambda i: (i[4] != "high", i[1].lower(), i[2], i[3]))


def cluster_list(found: Clusters) -> list[dict]:
    """The topic clusters as the page lists them (legend, names on the map)."""
    return [{"number": c.number, "name": c.name, "concept": c.concept, "size": len(c.members),
             "color": cluster_color(c.number), "hubs": c.hubs} for c in found.clusters]


def vis_options(node_count: int, edge_count: int) -> dict:
    """Positions come from Python, so physics stays off and vis-network only
    draws; edges are straight lines and hidden while panning a big graph."""
    big = node_count + edge_count > 4000
    return {
        "autoResize": True,
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False, "randomSeed": 1},
        "interaction": {
            "hover": False,
            "tooltipDelay": 250,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "multiselect": False,
            "navigationButtons": False,
            "keyboard": False,
        },
        "nodes": {
            "borderWidth": 1,
            "borderWidthSelected": 3,
            "labelHighlightBold": True,
            "font": {"size": 14, "face": "system-ui, sans-serif", "color": "#1b1b1b",
                     "strokeWidth": 3, "strokeColor": "#ffffff"},
            # The page draws the labels itself (graph.js, "labels"): only as
            # many as fit without overlapping, the most important first.
            "scaling": {"label": {"enabled": False, "drawThreshold": LABELS_BY_PAGE}},
        },
        "edges": {
            "smooth": False,
            "width": 1,
            "selectionWidth": 2,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"inherit": False, "opacity": 0.5, "highlight": "#1b1b1b"},
        },
    }


def _details(graph: GraphData, view: GraphData, node: str) -> dict:
    attrs = view.nodes[node]
    kind = attrs["kind"]
    members = attrs["members"]
    edge_locales = sorted({
        loc for _, _, e in view.pred.get(node, []) + view.succ.get(node, []) for loc in e.get("locales", ())
    })
    if kind == "concept":
        info = _concept_details(graph, node)
    elif kind == "tag":
        data = graph.nodes[node]
        name = str(data.get("name") or node.split(":", 1)[1])
        info = {"label": name, "locales": sorted(data.get("locales") or edge_locales), "size": 0}
    elif kind == "missing":
        data = graph.nodes[node]
        slug = str(data.get("slug") or data.get("key") or node.split(":", 1)[1])
        info = {"label": slug.rsplit("/", 1)[-1], "slug": slug, "locales": edge_locales}
    elif kind == "page":
        pages = sorted(
            [str(graph.nodes[m].get("title") or ""), str(graph.nodes[m].get("slug") or m.split(":", 1)[1]),
             safe_url(graph.nodes[m].get("url"))]
            for m in members
        )
        label = min(page_section(graph.nodes[m]) for m in members)
        info = {"label": label, "pages": pages, "locales": edge_locales}
    else:  # external
        urls = sorted(str(graph.nodes[m].get("url") or m.split(":", 1)[1]) for m in members)
        info = {"label": node.split(":", 1)[1], "urls": [[u, safe_url(u)] for u in urls], "locales": edge_locales}
    info["kind"] = kind
    info.setdefault("size", 0)
    info["size"] = _size(kind, info, view, node)
    return info


def _concept_details(graph: GraphData, node: str) -> dict:
    data = graph.nodes[node]
    labels = {loc: str(t) for loc, t in sorted((data.get("labels") or {}).items()) if t}
    slug = str(data.get("slug") or data.get("key") or node.split(":", 1)[1])
    referrers = {u for u, key, _ in graph.pred.get(node, ()) if key == "references"}
    from_concepts = sum(1 for u in referrers if graph.nodes[u].get("kind") == "concept")
    from_pages = max(len(referrers) - from_concepts, int(data.get("page_refs") or 0))
    tags = {loc: sorted(str(t) for t in ts) for loc, ts in sorted((data.get("tags") or {}).items()) if ts}
    return {
        "label": _first_label(labels, slug),
        "slug": slug,
        "labels": labels,
        "summaries": {loc: str(s) for loc, s in sorted((data.get("summaries") or {}).items()) if s},
        "tags": tags,
        "tag_ids": sorted({f"tag:{t}" for ts in tags.values() for t in ts}),
        "urls": {loc: u for loc, u in sorted((data.get("urls") or {}).items()) if safe_url(u)},
        "locales": sorted(labels) or sorted(data.get("files") or {}),
        "orphan": not referrers,
        "orphaned_translation": bool(data.get("orphaned_translation")),
        "inbound": from_concepts + from_pages,
        "page_refs": int(data.get("page_refs") or 0),
    }


def _first_label(labels: dict[str, str], slug: str) -> str:
    if "en-US" in labels:
        return labels["en-US"]
    if labels:
        return labels[sorted(labels)[0]]
    return slug.rsplit("/", 1)[-1]


def _size(kind: str, info: dict, view: GraphData, node: str) -> float:
    """Node radius. Concepts grow with the square root of their inbound
    references, so that the much-cited stand out; groups grow with the log of
    their members, so that Web/API's thousands do not cover the map."""
    if kind == "concept":
        return round(min(8 + 2 * math.sqrt(info["inbound"]), 60), 1)
    elif kind == "page":
        weight = len(info["pages"])
    elif kind == "external":
        weight = len(info["urls"])
    else:
        weight = len(view.pred.get(node, ()))
    base = {"concept": 8, "tag": 7, "page": 9, "external": 7, "missing": 9}[kind]
    return round(base + 3 * math.log2(1 + weight), 1)


def vis_node(node_id: str, options: dict) -> dict:
    """The record ``pyvis.Network.add_node(node_id, **options)`` makes (with
    the network's default font colour): the options, then id, label (the
    id when the label is empty) and shape; the default colour where none is given."""
    record = {k: v for k, v in options.items() if k not in ("label", "shape", "color")}
    if "group" not in options:
        record["color"] = options.get("color", "#97c2fc")
    record.update(id=node_id, label=options.get("label") or node_id, shape=options.get("shape", "dot"))
    return record


def vis_edge(source: str, target: str, options: dict) -> dict:
    """The record of ``pyvis.edge.Edge(source, target, directed=True, **options)``."""
    record = dict(options)
    record.update({"from": source, "to": target})
    record.setdefault("arrows", "to")
    return record


def _vis_node(info: dict, xy: tuple[float, float]) -> dict:
    kind = info["kind"]
    fill = cluster_color(info["cluster"]) if info.get("cluster") else STYLE[kind]["color"]
    # Selected (the chosen node and its neighbours): black border, bold label.
    color = {"background": fill, "border": _darker(fill),
             "highlight": {"background": fill, "border": "#000000"}}
    node = {
        "label": info["label"],
        # Tooltip: plain text only (vis-network 9 shows a string title with innerText).
        "title": f"{info['label']} ({_kind_name(info)})",
        "shape": STYLE[kind]["shape"],
        "size": info["size"],
        # Big nodes get big labels, so hubs stay named when zoomed out.
        "font": {"size": max(14, round(14 + (info["size"] - 14) * 0.5))},
        "x": xy[0],
        "y": xy[1],
    }
    if kind == "concept" and info["orphan"]:
        color["border"] = ORPHAN_BORDER
        node["borderWidth"] = 4
    if kind == "concept" and info["orphaned_translation"]:
        node["shapeProperties"] = {"borderDashes": [4, 3]}
        node["borderWidth"] = max(node.get("borderWidth", 1), 3)
    if kind == "missing":
        node["borderWidth"] = 2
        color["border"] = "#7a0000"
    node["color"] = color
    return node


def cluster_color(number: int) -> str:
    """The fill of cluster ``number`` (1 is the largest)."""
    return CLUSTER_COLORS[number - 1] if 0 < number <= len(CLUSTER_COLORS) else OTHER_CLUSTER


def _vis_edge(index: int, kind: str, attrs: dict) -> dict:
    edge = {"id": f"e{index}", "kind": kind, "count": attrs["count"], "pairs": attrs["pairs"],
            "color": {"color": EDGE_COLOR[kind]}}
    if kind == "broader":
        edge["dashes"] = True
    return edge


def _kind_name(info: dict) -> str:
    kind = info["kind"]
    if kind == "page":
        return f"MDN section, {len(info['pages'])} pages"
    if kind == "external":
        return f"external site, {len(info['urls'])} links"
    if kind == "missing":
        return "missing term"
    if kind == "concept" and info["orphan"]:
        return "concept, nothing references it"
    return kind


def _darker(color: str) -> str:
    r, g, b = (int(color[i:i + 2], 16) for i in (1, 3, 5))
    return "#{:02x}{:02x}{:02x}".format(*(int(c * 0.7) for c in (r, g, b)))


def safe_url(url) -> str:
    """``url`` when it is an absolute http(s) URL, else "": only such URLs
    may become links (never ``javascript:`` or ``data:``)."""
    if not isinstance(url, str):
        return ""
    if _PLAIN_HTTP.match(url):  # most: nothing for urlsplit to decide
        return url
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return ""
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return ""


def _locales_of(details: dict) -> list[str]:
    found = {loc for info in details.values() for loc in info.get("locales", ())}
    return sorted(found, key=lambda loc: (loc != "en-US", loc))


def _default_title(graph: GraphData) -> str:
    scheme = graph.attrs.get("scheme") or {}
    for locale in ["en-US", *sorted(scheme)]:
        title = (scheme.get(locale) or {}).get("title")
        if title:
            return f"{title}: concept graph"
    return "Glossary concept graph"


# --- assets -------------------------------------------------------------------


def _asset(name: str) -> str:
    """A file of the package's templates folder. Read by path: the package
    is always installed as files (importlib.resources would import zipfile
    for nothing, 5 ms of every build)."""
    return (Path(__file__).parent / "templates" / name).read_text(encoding="utf-8")


def _vis_asset(name: str) -> str:
    """vis-network as shipped inside the installed pyvis package: the page
    inlines it so that opening it never touches the network."""
    spec = importlib.util.find_spec("pyvis")  # found, not imported: importing pyvis costs 0.2 s
    path = Path(next(iter(spec.submodule_search_locations))) / VIS_DIR / name
    text = path.read_text(encoding="utf-8")
    # The source map is not shipped; without this line a browser's developer
    # tools would go looking for it.
    return re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)


def _csp(scripts: list[str]) -> str:
    """Only the page's own inline scripts may run: a ``<script>`` smuggled in
    through content, an inline event handler or a ``javascript:`` URL would
    not, and no request can leave the page."""
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"
        for code in scripts
    )
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; "
        "img-src data:; "
        "base-uri 'none'; form-action 'none'"
    )
