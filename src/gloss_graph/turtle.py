"""The concept graph as SKOS, written as Turtle.

``to_rdf(graph)`` builds an ``rdflib.Graph`` (the model: easy to inspect,
query and extend in Python); ``turtle_bytes`` and ``write_turtle`` write it.
docs/vocabulary.md explains every class and property used here.

Writing goes through pyoxigraph rather than rdflib's own Turtle serializer:
for the whole en-US site (~66,000 triples) rdflib's pretty-printer takes
seconds, pyoxigraph's writer a few hundredths of a second, and it only ever
emits what its strict parser accepts (benchmarks/turtle_speed.py measures
both). Triples are sorted first, so the bytes depend only on the graph.

One consequence: pyoxigraph writes language tags in lower case (``"API"@en-us``),
as RDF 1.1 allows -- tags compare case-insensitively -- so the model is built
with lower-case tags too and a re-parse of the file gives back the same graph.
``dcterms:language`` keeps the locale as MDN spells it (``"en-US"``).
"""
from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pyoxigraph
import rdflib
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from . import iri
from .errors import UsageError
from .iri import DEFAULT_BASE_IRI
from .outputs import write_atomic
from .vocabulary import DCTERMS, FOAF, GG, PREFIXES, SKOS, declarations

__all__ = ["DEFAULT_BASE_IRI", "to_rdf", "turtle_bytes", "write_turtle"]

MDN = "https://developer.mozilla.org"
HEADER = (
    b"# A SKOS concept scheme written by gloss-graph. The gg: terms are declared\n"
    b"# in this file and documented in docs/vocabulary.md.\n"
)
Triple = tuple[URIRef, URIRef, "URIRef | Literal"]


def to_rdf(graph: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE_IRI) -> rdflib.Graph:
    """The concept graph as an rdflib graph of SKOS concepts (no blank nodes)."""
    try:
        base = iri.check_base(base_iri)
    except ValueError as err:
        raise UsageError(f"--base-iri: {err}") from None
    rdf = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, namespace)
    rdf.addN((s, p, o, rdf) for s, p, o in _triples(graph, base))
    return rdf


def turtle_bytes(graph: nx.MultiDiGraph, base_iri: str = DEFAULT_BASE_IRI) -> bytes:
    """The Turtle file's bytes: the same graph always gives the same bytes."""
    return serialize(to_rdf(graph, base_iri), pyoxigraph.RdfFormat.TURTLE)


def write_turtle(graph: nx.MultiDiGraph, path: str | os.PathLike, base_iri: str = DEFAULT_BASE_IRI) -> Path:
    """Write ``path`` atomically (temporary file, then rename); returns it."""
    return write_atomic(path, turtle_bytes(graph, base_iri))


def serialize(rdf: rdflib.Graph, fmt: pyoxigraph.RdfFormat) -> bytes:
    """Sorted triples, fixed prefixes, written by pyoxigraph."""
    data = pyoxigraph.serialize(oxigraph_triples(rdf), format=fmt, prefixes=PREFIXES)
    return HEADER + data if fmt == pyoxigraph.RdfFormat.TURTLE else data


# --- writing: rdflib terms -> sorted pyoxigraph triples -----------------

# Subjects are grouped by what they are, so a reader meets the vocabulary,
# then the scheme, the concepts, and the rest.
_SUBJECT_ORDER = {
    RDF.Property: 0, RDFS.Class: 0, SKOS.ConceptScheme: 1, SKOS.Concept: 2,
    GG.MissingTerm: 3, GG.Tag: 4, FOAF.Document: 5,
}


def sorted_triples(rdf: rdflib.Graph) -> list[Triple]:
    """Every triple of ``rdf`` in a fixed order: subject group, subject,
    rdf:type first, predicate, object."""
    group: dict = {}
    for subject, kind in rdf.subject_objects(RDF.type):
        group[subject] = min(group.get(subject, 9), _SUBJECT_ORDER.get(kind, 6))
    return sorted(rdf, key=lambda t: (
        group.get(t[0], 9), str(t[0]), t[1] != RDF.type, str(t[1]), isinstance(t[2], Literal),
        str(t[2]), getattr(t[2], "language", None) or "", str(getattr(t[2], "datatype", None) or ""),
    ))


def oxigraph_triples(rdf: rdflib.Graph) -> list[pyoxigraph.Triple]:
    """``sorted_triples(rdf)`` as pyoxigraph terms."""
    return [pyoxigraph.Triple(_term(s), _term(p), _term(o)) for s, p, o in sorted_triples(rdf)]


def _term(term):
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(term)
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(term, language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(term, datatype=pyoxigraph.NamedNode(term.datatype))
        return pyoxigraph.Literal(term)
    # The export never makes blank nodes: their labels would change the bytes.
    kind = "blank node" if isinstance(term, BNode) else type(term).__name__
    raise TypeError(f"cannot write a {kind} deterministically: {term!r}")


# --- building: concept graph -> triples ---------------------------------

def _triples(graph: nx.MultiDiGraph, base: str) -> Iterator[Triple]:
    yield from declarations()
    ids = _identifiers(graph, base)
    scheme = URIRef(iri.scheme(base))
    yield from _scheme(graph, scheme)
    for node, attrs in graph.nodes(data=True):
        subject = ids.get(node)
        if subject is None:
            continue
        kind = attrs["kind"]
        if kind == "concept":
            yield from _concept(graph, node, attrs, subject, scheme, ids)
        elif kind == "page":
            yield from _page(graph, node, attrs, subject, ids)
        elif kind == "tag":
            yield from _tag(attrs, subject)
        elif kind == "missing":
            yield (subject, RDF.type, GG.MissingTerm)
            yield (subject, GG.slug, Literal(attrs["slug"]))


def _identifiers(graph: nx.MultiDiGraph, base: str) -> dict[str, URIRef]:
    """Node id -> IRI. Pages and web links whose address cannot be made a
    valid IRI get none, and are left out of the export."""
    ids = {}
    for node, attrs in graph.nodes(data=True):
        kind = attrs["kind"]
        if kind == "concept":
            value = iri.concept(base, attrs["slug"])
        elif kind == "missing":
            value = iri.missing(base, attrs["slug"])
        elif kind == "tag":
            value = iri.tag(base, attrs["name"])
        elif kind in ("page", "external"):
            value = iri.web_iri(attrs["url"])
        else:
            value = None
        if value is not None:
            ids[node] = URIRef(value)
    return ids


def _out(graph: nx.MultiDiGraph, node: str) -> Iterator[tuple[str, str]]:
    """(target, edge kind) of a node's out-edges. Read from graph.succ:
    out_edges(node) builds an edge view and checks its argument on every
    call, which showed up in profiles of the whole site."""
    for target, kinds in graph.succ[node].items():
        for kind in kinds:
            yield target, kind


def _lang(locale: str) -> str:
    return locale.lower()  # see the module docstring


def _document(url: str, locale: str) -> Iterator[Triple]:
    yield (URIRef(url), RDF.type, FOAF.Document)
    yield (URIRef(url), DCTERMS.language, Literal(locale))


def _scheme(graph: nx.MultiDiGraph, scheme: URIRef) -> Iterator[Triple]:
    yield (scheme, RDF.type, SKOS.ConceptScheme)
    pages = graph.graph.get("scheme") or {}
    if not any(info.get("title") for info in pages.values()):
        yield (scheme, SKOS.prefLabel, Literal("Glossary"))
    for locale, info in sorted(pages.items()):
        if info.get("title"):
            yield (scheme, SKOS.prefLabel, Literal(info["title"], lang=_lang(locale)))
        if info.get("summary"):
            yield (scheme, SKOS.definition, Literal(info["summary"], lang=_lang(locale)))
        url = iri.web_iri(f"{MDN}/{locale}/docs/Glossary")
        if url:
            yield (scheme, FOAF.page, URIRef(url))
            yield from _document(url, locale)


def _concept(graph, node, attrs, subject, scheme, ids) -> Iterator[Triple]:
    yield (subject, RDF.type, SKOS.Concept)
    yield (subject, SKOS.inScheme, scheme)
    yield (subject, GG.slug, Literal(attrs["slug"]))
    for locale, title in sorted(attrs.get("labels", {}).items()):
        if title:
            yield (subject, SKOS.prefLabel, Literal(title, lang=_lang(locale)))
    for locale, summary in sorted(attrs.get("summaries", {}).items()):
        if summary:
            yield (subject, SKOS.definition, Literal(summary, lang=_lang(locale)))
    for locale, url in sorted(attrs.get("urls", {}).items()):
        page = iri.web_iri(url)
        if page:
            yield (subject, FOAF.page, URIRef(page))
            yield from _document(page, locale)
    if attrs.get("orphaned_translation"):
        yield (subject, GG.orphanedTranslation, Literal(True))
    has_broader = False
    for target, kind in _out(graph, node):
        obj = ids.get(target)
        if obj is None or target == node:
            continue
        target_kind = graph.nodes[target]["kind"]
        if kind == "broader" and target_kind == "concept":
            has_broader = True
            yield (subject, SKOS.broader, obj)
            yield (obj, SKOS.narrower, subject)
        elif kind == "references" and target_kind == "concept":
            yield from _reference(graph, node, target, subject, obj)
        elif kind == "references" and target_kind == "missing":
            yield (subject, GG.brokenReference, obj)
        elif kind == "links-to":
            yield (subject, RDFS.seeAlso, obj)
        elif kind == "tagged":
            yield (subject, DCTERMS.subject, obj)
    if not has_broader:
        yield (subject, SKOS.topConceptOf, scheme)
        yield (scheme, SKOS.hasTopConcept, subject)


def _reference(graph, node, target, subject, obj) -> Iterator[Triple]:
    """SKOS makes skos:related disjoint with skos:broaderTransitive, so a
    reference along the hierarchy gets its own property and no skos:related."""
    if target in _ancestors(graph, node) or node in _ancestors(graph, target):
        yield (subject, GG.referencesInHierarchy, obj)
    else:
        yield (subject, GG.references, obj)
        yield (subject, SKOS.related, obj)
        yield (obj, SKOS.related, subject)


def _ancestors(graph: nx.MultiDiGraph, node: str) -> set[str]:
    found: set[str] = set()
    todo = [node]
    while todo:
        for parent, kind in _out(graph, todo.pop()):
            if kind == "broader" and parent not in found:
                found.add(parent)
                todo.append(parent)
    return found


def _page(graph, node, attrs, subject, ids) -> Iterator[Triple]:
    yield from _document(str(subject), attrs["locale"])
    if attrs.get("title"):
        yield (subject, DCTERMS.title, Literal(attrs["title"], lang=_lang(attrs["locale"])))
    for target, kind in _out(graph, node):
        obj = ids.get(target)
        if kind != "references" or obj is None:
            continue
        target_kind = graph.nodes[target]["kind"]
        if target_kind == "concept":
            yield (subject, DCTERMS.references, obj)
        elif target_kind == "missing":
            yield (subject, GG.brokenReference, obj)


def _tag(attrs, subject) -> Iterator[Triple]:
    yield (subject, RDF.type, GG.Tag)
    locales = attrs.get("locales") or []
    if not locales:
        yield (subject, RDFS.label, Literal(attrs["name"]))
    for locale in locales:
        yield (subject, RDFS.label, Literal(attrs["name"], lang=_lang(locale)))
