"""Other ways to write the glossary: N-Triples and JSON-LD of the same RDF
as glossary.ttl, GraphML and GEXF of the concept graph itself.

* ``nt``: canonical N-Triples, one sorted triple a line, for bulk loaders
  and line-based diffs.
* ``jsonld``: compact JSON-LD (an ``@context`` of the export's prefixes, one
  node object per subject), for web tools that read JSON.
* ``graphml`` and ``gexf``: the networkx graph for Gephi, yEd or Cytoscape,
  with dict and list attributes flattened to strings (those formats only
  hold scalars): ``labels`` becomes ``labels.en-US``, ``labels.fr``...

GraphML and GEXF are XML 1.0, which cannot hold some characters at all, not
even as character references, yet a title or a folder name may. Before
either is written, every string (node ids, attribute names and values) has
these replaced with U+FFFD, the replacement character, so that the reader
sees something was there: the C0 controls but tab, line feed and carriage
return; DEL and the C1 controls (allowed, but discouraged and meaningless in
a title); the surrogates (a file name that is not UTF-8 reaches Python as
lone surrogates); and U+FFFE, U+FFFF. Two ids (or names) that differ only
there would become one, so a cleaned one that meets another gets ``~2``,
``~3``... appended (``xml_safe_names``).

Every format is deterministic and written atomically.
"""
from __future__ import annotations

import io
import json
import os
import re
from itertools import groupby
from pathlib import Path

from . import turtle
from .graph import GraphData, to_networkx
from .errors import UsageError
from .iri import DEFAULT_BASE_IRI
from .outputs import write_atomic
from .vocabulary import PREFIXES, RDF_TYPE, XSD_STRING

# format name -> file suffix
FORMATS = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "graphml": ".graphml", "gexf": ".gexf"}


def write(graph, path: str | os.PathLike, fmt: str, base_iri: str = DEFAULT_BASE_IRI, **rdf_options) -> Path:
    """Write ``graph`` to ``path`` in ``fmt`` (a key of FORMATS); returns the
    path. ``rdf_options``: ``english_tag``, ``license``, ``provenance``, as
    ``turtle.triples`` takes them (the RDF formats only)."""
    return write_atomic(path, to_bytes(graph, fmt, base_iri, **rdf_options))


def to_bytes(graph, fmt: str, base_iri: str = DEFAULT_BASE_IRI, **rdf_options) -> bytes:
    if fmt == "ttl":
        return turtle.turtle_bytes(graph, base_iri, **rdf_options)
    if fmt == "nt":
        import pyoxigraph

        found = turtle.triples(graph, base_iri, **rdf_options)
        return turtle.serialize(turtle.sorted_triples(found), pyoxigraph.RdfFormat.N_TRIPLES)
    if fmt == "jsonld":
        return jsonld_bytes(turtle.sorted_triples(turtle.triples(graph, base_iri, **rdf_options)))
    if fmt == "graphml":
        return graphml_bytes(graph)
    if fmt == "gexf":
        return gexf_bytes(graph)
    raise UsageError(f"unknown RDF/graph format {fmt!r} (choose from {', '.join(FORMATS)})")


# --- JSON-LD ------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def jsonld_bytes(ordered: list[turtle.Triple]) -> bytes:
    """Compact JSON-LD of sorted triples (turtle.sorted_triples). Written
    here: rdflib's JSON-LD serializer takes over a second on the glossary and
    does not order its output."""
    nodes = []
    for subject, rows in groupby(ordered, key=lambda t: t[0]):
        node: dict = {"@id": subject}
        for predicate, objects in groupby(rows, key=lambda t: t[1]):
            values = [(o, kind, extra) for _, _, o, kind, extra in objects]
            if predicate == RDF_TYPE and all(kind == turtle.IRI for _, kind, _ in values):
                node["@type"] = [_compact(o) for o, _, _ in values]
            else:
                node[_compact(predicate)] = [_value(*v) for v in values]
        nodes.append(node)
    document = {"@context": dict(PREFIXES), "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _compact(iri: str) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and _NAME.match(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _value(value: str, kind: int, extra: str) -> dict:
    if kind == turtle.IRI:
        return {"@id": value}
    if kind == turtle.LANG:
        return {"@value": value, "@language": extra}
    if extra and extra != XSD_STRING:
        return {"@value": value, "@type": extra}
    return {"@value": value}


# --- GraphML and GEXF ---------------------------------------------------

# What XML 1.0 cannot hold, and the controls it discourages (see the module docstring).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def xml_text(value):
    """A string with every character XML 1.0 cannot hold shown as U+FFFD;
    anything else unchanged."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def xml_safe_names(names) -> dict[str, str]:
    """name -> the name to write: ``xml_text`` of it, still unique. A name
    XML can hold keeps it; a cleaned one that meets a name already taken
    gets ``~2``, ``~3``... (names in sorted order, so always the same)."""
    ordered = sorted(set(names))
    chosen = {name: name for name in ordered if not _NOT_XML.search(name)}
    taken = set(chosen)
    for name in ordered:
        if name in chosen:
            continue
        clean = base = xml_text(name)
        n = 1
        while clean in taken:
            n += 1
            clean = f"{base}~{n}"
        chosen[name] = clean
        taken.add(clean)
    return chosen


def export_graph(graph):
    """A networkx copy holding only scalar attributes, with a ``label`` on
    every node and edge (Gephi shows it), unique integer edge keys, and only
    strings XML 1.0 can hold. GraphML and GEXF are written by networkx."""
    import networkx as nx

    if isinstance(graph, GraphData):
        graph = to_networkx(graph)
    nodes = {node: _flatten(attrs) for node, attrs in graph.nodes(data=True)}
    edges = [(u, v, kind, _flatten(attrs), attrs) for u, v, kind, attrs in graph.edges(keys=True, data=True)]
    ids = xml_safe_names(str(node) for node in nodes)
    names = xml_safe_names({name for attrs in nodes.values() for name in attrs}
                           | {name for *_, attrs, _ in edges for name in attrs})

    def clean(attrs: dict) -> dict:
        return {names[name]: xml_text(value) for name, value in attrs.items()}

    flat = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        flat.add_node(ids[str(node)], label=xml_text(_node_label(attrs)), **clean(nodes[node]))
    for i, (u, v, kind, attrs, raw) in enumerate(edges):
        extra = {"weight": raw["count"]} if isinstance(raw.get("count"), int) else {}
        flat.add_edge(ids[str(u)], ids[str(v)], key=i, label=xml_text(kind), **extra, **clean(attrs))
    return flat


def _node_label(attrs: dict) -> str:
    kind = attrs.get("kind")
    if kind == "concept":
        labels = attrs.get("labels") or {}
        return labels.get("en-US") or next(iter(labels.values()), "") or attrs.get("slug", "")
    if kind == "tag":
        return attrs.get("name", "")
    if kind == "page":
        return attrs.get("title") or attrs.get("slug", "")
    if kind == "external":
        return attrs.get("url", "")
    return attrs.get("slug", "")


def _flatten(attrs: dict) -> dict:
    """{labels: {fr: x}} -> {label.fr: x}; lists joined with ', '; None dropped.
    Names that GEXF reserves (label, weight, type, id...) are prefixed."""
    flat = {}
    for name, value in sorted(attrs.items()):
        if name in ("label", "weight", "type", "id", "start", "end"):
            name = f"attr_{name}"
        if isinstance(value, dict):
            for sub, item in sorted(value.items()):
                flat[f"{name}.{sub}"] = _scalar(item)
        elif value is not None:
            flat[name] = _scalar(value)
    return flat


def _scalar(value):
    if isinstance(value, (list, tuple, set)):
        return ", ".join(str(v) for v in (sorted(value) if isinstance(value, set) else value))
    if isinstance(value, (bool, int, float, str)):
        return value
    return str(value)


def graphml_bytes(graph) -> bytes:
    import networkx as nx

    buffer = io.BytesIO()
    nx.write_graphml(export_graph(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def gexf_bytes(graph) -> bytes:
    from networkx.readwrite.gexf import GEXFWriter

    writer = GEXFWriter(encoding="utf-8", prettyprint=True)
    # networkx stamps today's date and its own version into <meta>: the
    # bytes would change every day. Say who wrote it, and nothing variable.
    meta = writer.xml.find("meta")
    meta.attrib.pop("lastmodifieddate", None)
    meta.find("creator").text = "gloss-graph"
    writer.add_graph(export_graph(graph))
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()
