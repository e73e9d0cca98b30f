"""Other ways to write the glossary: N-Triples and JSON-LD of the same RDF
as glossary.ttl, GraphML and GEXF of the concept graph itself.

* ``nt``: canonical N-Triples, one sorted triple a line, for bulk loaders
  and line-based diffs.
* ``jsonld``: compact JSON-LD (an ``@context`` of the export's prefixes, one
  node object per subject), for web tools that read JSON.
* ``graphml`` and ``gexf``: the networkx graph for Gephi, yEd or Cytoscape,
  with dict and list attributes flattened to strings (those formats only
  hold scalars): ``labels`` becomes ``label.en-US``, ``label.fr``...

Every format is deterministic and written atomically.
"""
from __future__ import annotations

import io
import json
import os
import re
from itertools import groupby
from pathlib import Path

import networkx as nx
import pyoxigraph
from networkx.readwrite.gexf import GEXFWriter
from rdflib import Literal, URIRef
from rdflib.namespace import RDF

from . import turtle
from .errors import UsageError
from .iri import DEFAULT_BASE_IRI
from .outputs import write_atomic
from .vocabulary import PREFIXES

# format name -> file suffix
FORMATS = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "graphml": ".graphml", "gexf": ".gexf"}


def write(graph: nx.MultiDiGraph, path: str | os.PathLike, fmt: str, base_iri: str = DEFAULT_BASE_IRI) -> Path:
    """Write ``graph`` to ``path`` in ``fmt`` (a key of FORMATS); returns the path."""
    return write_atomic(path, to_bytes(graph, fmt, base_iri))


def to_bytes(graph: nx.MultiDiGraph, fmt: str, base_iri: str = DEFAULT_BASE_IRI) -> bytes:
    if fmt == "ttl":
        return turtle.turtle_bytes(graph, base_iri)
    if fmt == "nt":
        return turtle.serialize(turtle.to_rdf(graph, base_iri), pyoxigraph.RdfFormat.N_TRIPLES)
    if fmt == "jsonld":
        return jsonld_bytes(turtle.to_rdf(graph, base_iri))
    if fmt == "graphml":
        return graphml_bytes(graph)
    if fmt == "gexf":
        return gexf_bytes(graph)
    raise UsageError(f"unknown RDF/graph format {fmt!r} (choose from {', '.join(FORMATS)})")


# --- JSON-LD ------------------------------------------------------------

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")


def jsonld_bytes(rdf) -> bytes:
    """Compact JSON-LD of an rdflib graph without blank nodes. Written here
    from the sorted triples: rdflib's JSON-LD serializer takes over a second
    on the glossary and does not order its output."""
    nodes = []
    for subject, rows in groupby(turtle.sorted_triples(rdf), key=lambda t: t[0]):
        node: dict = {"@id": str(subject)}
        for predicate, objects in groupby(rows, key=lambda t: t[1]):
            values = [o for _, _, o in objects]
            if predicate == RDF.type and all(isinstance(o, URIRef) for o in values):
                node["@type"] = [_compact(o) for o in values]
            else:
                node[_compact(predicate)] = [_value(o) for o in values]
        nodes.append(node)
    document = {"@context": dict(PREFIXES), "@graph": nodes}
    return (json.dumps(document, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _compact(iri: URIRef) -> str:
    for prefix, namespace in PREFIXES.items():
        if iri.startswith(namespace) and _NAME.match(iri[len(namespace):]):
            return f"{prefix}:{iri[len(namespace):]}"
    return str(iri)


def _value(term) -> dict:
    if isinstance(term, URIRef):
        return {"@id": str(term)}
    if not isinstance(term, Literal):
        raise TypeError(f"cannot write {term!r} as JSON-LD")
    if term.language:
        return {"@value": str(term), "@language": term.language}
    if term.datatype is not None and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        return {"@value": str(term), "@type": str(term.datatype)}
    return {"@value": str(term)}


# --- GraphML and GEXF ---------------------------------------------------

def export_graph(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy holding only scalar attributes, with a ``label`` on every node
    and edge (Gephi shows it) and unique integer edge keys."""
    flat = nx.MultiDiGraph()
    for node, attrs in graph.nodes(data=True):
        flat.add_node(node, label=_node_label(attrs), **_flatten(attrs))
    for i, (u, v, kind, attrs) in enumerate(graph.edges(keys=True, data=True)):
        extra = {"weight": attrs["count"]} if isinstance(attrs.get("count"), int) else {}
        flat.add_edge(u, v, key=i, label=kind, **extra, **_flatten(attrs))
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


def graphml_bytes(graph: nx.MultiDiGraph) -> bytes:
    buffer = io.BytesIO()
    nx.write_graphml(export_graph(graph), buffer, encoding="utf-8", prettyprint=True)
    return buffer.getvalue()


def gexf_bytes(graph: nx.MultiDiGraph) -> bytes:
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
