"""The concept graph as SKOS, written as Turtle.

``triples(graph)`` walks the concept graph (a ``graph.GraphData`` or a
networkx graph) once and gives every triple as a tuple of plain strings
(``Triple``); everything else is a view of that list:

- ``turtle_bytes`` / ``write_turtle``: the file. The triples are sorted (so
  the bytes depend only on the graph) and handed to pyoxigraph's writer,
  which formats the whole site's 24,000 triples in milliseconds and only ever
  emits what its strict parser accepts.
- ``to_rdf``: an ``rdflib.Graph`` of the same triples, the model for Python
  users (easy to inspect, query and extend). The build does not make one:
  rdflib's memory store costs about 25 µs a triple, a large share of a
  glossary build, for a graph that would only be written out
  (benchmarks/turtle_speed.py measures both ways).

docs/vocabulary.md explains every class and property used here.

pyoxigraph writes language tags in lower case (``"API"@en-us``), as RDF 1.1
allows -- tags compare case-insensitively -- so the triples carry lower-case
tags too and a re-parse of the file gives back the same graph.
``dcterms:language`` keeps the locale as MDN spells it (``"en-US"``).
"""
from __future__ import annotations

import os
from pathlib import Path

from . import iri
from .errors import UsageError
from .graph import GraphData, as_data
from .iri import DEFAULT_BASE_IRI
from .outputs import write_atomic
from .vocabulary import (
    FOAF_IRI, GG_IRI, PREFIXES, RDF_TYPE, RDFS_COMMENT, RDFS_DOMAIN, RDFS_IS_DEFINED_BY, RDFS_LABEL,
    RDFS_RANGE, RDFS_SEE_ALSO, RDFS_SUB_PROPERTY_OF, SKOS_IRI, TERMS, VOCAB_DOCUMENT, XSD_BOOLEAN,
    DCTERMS_IRI, RDF_PROPERTY, RDFS_CLASS, SKOS_COLLECTION, SKOS_MEMBER,
)

__all__ = ["DEFAULT_BASE_IRI", "Triple", "to_rdf", "triples", "sorted_triples", "turtle_bytes", "write_turtle"]

MDN = "https://developer.mozilla.org"
HEADER = (
    b"# A SKOS concept scheme written by gloss-graph. The gg: terms are declared\n"
    b"# in this file and documented in docs/vocabulary.md.\n"
)

# A triple: (subject IRI, predicate IRI, object, object kind, language or datatype).
IRI, LITERAL, LANG = 0, 1, 2  # object kinds: an IRI; a literal (datatype IRI or ""); a language-tagged literal
Triple = tuple[str, str, str, int, str]

SKOS_CONCEPT = SKOS_IRI + "Concept"
SKOS_SCHEME = SKOS_IRI + "ConceptScheme"
FOAF_DOCUMENT = FOAF_IRI + "Document"
GG_MISSING = GG_IRI + "MissingTerm"
GG_TAG = GG_IRI + "Tag"
_SKOS = {name: SKOS_IRI + name for name in (
    "prefLabel", "definition", "inScheme", "broader", "narrower", "related", "topConceptOf", "hasTopConcept")}
_GG = {name: GG_IRI + name for name in (
    "slug", "orphanedTranslation", "references", "referencesInHierarchy", "brokenReference")}
DCTERMS_LANGUAGE, DCTERMS_SUBJECT = DCTERMS_IRI + "language", DCTERMS_IRI + "subject"
DCTERMS_REFERENCES, DCTERMS_TITLE = DCTERMS_IRI + "references", DCTERMS_IRI + "title"
FOAF_PAGE = FOAF_IRI + "page"

# Subjects are grouped by what they are, so a reader meets the vocabulary,
# then the scheme, the concepts, and the rest.
_SUBJECT_ORDER = {
    RDF_PROPERTY: 0, RDFS_CLASS: 0, SKOS_SCHEME: 1, SKOS_CONCEPT: 2, GG_MISSING: 3, GG_TAG: 4, FOAF_DOCUMENT: 5,
}


def turtle_bytes(graph, base_iri: str = DEFAULT_BASE_IRI) -> bytes:
    """The Turtle file's bytes: the same graph always gives the same bytes."""
    import pyoxigraph

    return serialize(sorted_triples(triples(graph, base_iri)), pyoxigraph.RdfFormat.TURTLE)


def write_turtle(graph, path: str | os.PathLike, base_iri: str = DEFAULT_BASE_IRI) -> Path:
    """Write ``path`` atomically (temporary file, then rename); returns it."""
    return write_atomic(path, turtle_bytes(graph, base_iri))


def serialize(ordered: list[Triple], fmt) -> bytes:
    """Triples in the given order, fixed prefixes, written by pyoxigraph."""
    import pyoxigraph

    data = pyoxigraph.serialize(_oxigraph(ordered), format=fmt, prefixes=PREFIXES)
    return HEADER + data if fmt == pyoxigraph.RdfFormat.TURTLE else data


def to_rdf(graph, base_iri: str = DEFAULT_BASE_IRI):
    """The concept graph as an rdflib graph of SKOS concepts (no blank nodes)."""
    import rdflib
    from rdflib import Literal, URIRef

    found = triples(graph, base_iri)
    rdf = rdflib.Graph(bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        rdf.bind(prefix, namespace)

    def obj(value: str, kind: int, extra: str):
        if kind == IRI:
            return URIRef(value)
        if kind == LANG:
            return Literal(value, lang=extra)
        return Literal(value, datatype=URIRef(extra)) if extra else Literal(value)

    rdf.addN((URIRef(s), URIRef(p), obj(o, kind, extra), rdf) for s, p, o, kind, extra in found)
    return rdf


def sorted_triples(found: list[Triple]) -> list[Triple]:
    """Distinct triples in a fixed order: subject group, subject, rdf:type
    first, predicate, IRIs before literals, object, language, datatype."""
    group: dict[str, int] = {}
    by_subject: dict[str, set[Triple]] = {}
    for triple in found:
        s, p, o = triple[:3]
        by_subject.setdefault(s, set()).add(triple)
        if p == RDF_TYPE:
            group[s] = min(group.get(s, 9), _SUBJECT_ORDER.get(o, 6))
    # Subjects first, then each subject's few triples: sorting all 24,000
    # at once compared the same long subject IRIs over and over.
    ordered: list[Triple] = []
    for s in sorted(by_subject, key=lambda s: (group.get(s, 9), s)):
        ordered += sorted(by_subject[s], key=_within_subject)
    return ordered


def _within_subject(t: Triple) -> tuple:
    kind, extra = t[3], t[4]
    return (t[1] != RDF_TYPE, t[1], kind != IRI, t[2], extra if kind == LANG else "", extra if kind == LITERAL else "")


def _oxigraph(ordered: list[Triple]) -> list:
    import pyoxigraph

    named: dict[str, pyoxigraph.NamedNode] = {}

    def node(value: str) -> pyoxigraph.NamedNode:
        found = named.get(value)
        if found is None:
            found = named[value] = pyoxigraph.NamedNode(value)
        return found

    out = []
    for s, p, o, kind, extra in ordered:
        if kind == IRI:
            obj = node(o)
        elif kind == LANG:
            obj = pyoxigraph.Literal(o, language=extra)
        else:
            obj = pyoxigraph.Literal(o, datatype=node(extra)) if extra else pyoxigraph.Literal(o)
        out.append(pyoxigraph.Triple(node(s), node(p), obj))
    return out


# --- the concept graph -> triples ---------------------------------------------


def triples(graph, base_iri: str = DEFAULT_BASE_IRI) -> list[Triple]:
    """Every triple of the export, unsorted, possibly repeated."""
    try:
        base = iri.check_base(base_iri)
    except ValueError as err:
        raise UsageError(f"--base-iri: {err}") from None
    found = declarations()
    data = as_data(graph)
    found.extend(_Walk(data, base).triples())
    found.extend(cluster_triples(data, base))
    return found


def cluster_triples(graph, base: str) -> list[Triple]:
    """One ``skos:Collection`` per topic cluster (clusters.py), named
    ``<base>cluster/<slug of its most central concept>``: its name as
    ``rdfs:label`` (in the language of that concept's title) and its
    concepts as ``skos:member``."""
    from .clusters import clusters

    data = as_data(graph)
    out: list[Triple] = []
    for cluster in clusters(data).clusters:
        subject = f"{base}cluster/{iri.slug_path(cluster.slug)}"
        out.append((subject, RDF_TYPE, SKOS_COLLECTION, IRI, ""))
        if cluster.locale:
            out.append((subject, RDFS_LABEL, cluster.name, LANG, _lang(cluster.locale)))
        else:
            out.append((subject, RDFS_LABEL, cluster.name, LITERAL, ""))
        out += [(subject, SKOS_MEMBER, iri.concept(base, data.nodes[member]["slug"]), IRI, "")
                for member in cluster.members]
    return out


def declarations() -> list[Triple]:
    """The triples that declare every ``gg:`` term, written into each export."""
    out: list[Triple] = []
    for term in TERMS:
        out += [
            (term.iri, RDF_TYPE, term.kind, IRI, ""),
            (term.iri, RDFS_LABEL, term.label, LANG, "en"),
            (term.iri, RDFS_COMMENT, term.comment, LANG, "en"),
            (term.iri, RDFS_IS_DEFINED_BY, VOCAB_DOCUMENT, IRI, ""),
        ]
        out += [(term.iri, RDFS_SUB_PROPERTY_OF, parent, IRI, "") for parent in term.sub_property_of]
        if term.domain is not None:
            out.append((term.iri, RDFS_DOMAIN, term.domain, IRI, ""))
        if term.range is not None:
            out.append((term.iri, RDFS_RANGE, term.range, IRI, ""))
    return out


def _lang(locale: str) -> str:
    return locale.lower()  # see the module docstring


class _Walk:
    """One pass over the concept graph, node by node."""

    def __init__(self, graph: GraphData, base: str):
        self.graph = graph
        self.nodes = graph.nodes
        self.base = base
        self.scheme = iri.scheme(base)
        self.ids = self._identifiers()
        self.out: list[Triple] = []
        # Every node's out-edges and broader parents, read from the graph once.
        self.edges: dict[str, list[tuple[str, str]]] = {}
        self.parents: dict[str, list[str]] = {}
        for u, v, kind in graph.edges:
            self.edges.setdefault(u, []).append((v, kind))
            if kind == "broader":
                self.parents.setdefault(u, []).append(v)
        self._ancestry: dict[str, set[str]] = {}

    def triples(self) -> list[Triple]:
        self._scheme()
        for node, attrs in self.nodes.items():
            subject = self.ids.get(node)
            if subject is None:
                continue
            kind = attrs["kind"]
            if kind == "concept":
                self._concept(node, attrs, subject)
            elif kind == "page":
                self._page(node, attrs, subject)
            elif kind == "tag":
                self._tag(attrs, subject)
            elif kind == "missing":
                self.out += [(subject, RDF_TYPE, GG_MISSING, IRI, ""), (subject, _GG["slug"], attrs["slug"], LITERAL, "")]
        return self.out

    def _identifiers(self) -> dict[str, str]:
        """Node id -> IRI. Pages and web links whose address cannot be made a
        valid IRI get none, and are left out of the export."""
        ids = {}
        for node, attrs in self.nodes.items():
            kind = attrs["kind"]
            if kind == "concept":
                value = iri.concept(self.base, attrs["slug"])
            elif kind == "missing":
                value = iri.missing(self.base, attrs["slug"])
            elif kind == "tag":
                value = iri.tag(self.base, attrs["name"])
            elif kind in ("page", "external"):
                value = iri.web_iri(attrs["url"])
            else:
                value = None
            if value is not None:
                ids[node] = value
        return ids

    def _out(self, node: str) -> list[tuple[str, str]]:
        """(target, edge kind) of a node's out-edges."""
        return self.edges.get(node, [])

    def _document(self, url: str, locale: str) -> None:
        self.out += [(url, RDF_TYPE, FOAF_DOCUMENT, IRI, ""), (url, DCTERMS_LANGUAGE, locale, LITERAL, "")]

    def _scheme(self) -> None:
        scheme, out = self.scheme, self.out
        out.append((scheme, RDF_TYPE, SKOS_SCHEME, IRI, ""))
        pages = self.graph.attrs.get("scheme") or {}
        if not any(info.get("title") for info in pages.values()):
            out.append((scheme, _SKOS["prefLabel"], "Glossary", LITERAL, ""))
        for locale, info in sorted(pages.items()):
            if info.get("title"):
                out.append((scheme, _SKOS["prefLabel"], info["title"], LANG, _lang(locale)))
            if info.get("summary"):
                out.append((scheme, _SKOS["definition"], info["summary"], LANG, _lang(locale)))
            url = iri.web_iri(f"{MDN}/{locale}/docs/Glossary")
            if url:
                out.append((scheme, FOAF_PAGE, url, IRI, ""))
                self._document(url, locale)

    def _concept(self, node: str, attrs: dict, subject: str) -> None:
        out, scheme = self.out, self.scheme
        out += [(subject, RDF_TYPE, SKOS_CONCEPT, IRI, ""), (subject, _SKOS["inScheme"], scheme, IRI, ""),
                (subject, _GG["slug"], attrs["slug"], LITERAL, "")]
        for locale, title in sorted(attrs.get("labels", {}).items()):
            if title:
                out.append((subject, _SKOS["prefLabel"], title, LANG, _lang(locale)))
        for locale, summary in sorted(attrs.get("summaries", {}).items()):
            if summary:
                out.append((subject, _SKOS["definition"], summary, LANG, _lang(locale)))
        for locale, url in sorted(attrs.get("urls", {}).items()):
            page = iri.web_iri(url)
            if page:
                out.append((subject, FOAF_PAGE, page, IRI, ""))
                self._document(page, locale)
        if attrs.get("orphaned_translation"):
            out.append((subject, _GG["orphanedTranslation"], "true", LITERAL, XSD_BOOLEAN))
        has_broader = False
        for target, kind in self._out(node):
            obj = self.ids.get(target)
            if obj is None or target == node:
                continue
            target_kind = self.nodes[target]["kind"]
            if kind == "broader" and target_kind == "concept":
                has_broader = True
                out += [(subject, _SKOS["broader"], obj, IRI, ""), (obj, _SKOS["narrower"], subject, IRI, "")]
            elif kind == "references" and target_kind == "concept":
                self._reference(node, target, subject, obj)
            elif kind == "references" and target_kind == "missing":
                out.append((subject, _GG["brokenReference"], obj, IRI, ""))
            elif kind == "links-to":
                out.append((subject, RDFS_SEE_ALSO, obj, IRI, ""))
            elif kind == "tagged":
                out.append((subject, DCTERMS_SUBJECT, obj, IRI, ""))
        if not has_broader:
            out += [(subject, _SKOS["topConceptOf"], scheme, IRI, ""), (scheme, _SKOS["hasTopConcept"], subject, IRI, "")]

    def _reference(self, node: str, target: str, subject: str, obj: str) -> None:
        """SKOS makes skos:related disjoint with skos:broaderTransitive, so a
        reference along the hierarchy gets its own property and no skos:related."""
        if target in self._ancestors(node) or node in self._ancestors(target):
            self.out.append((subject, _GG["referencesInHierarchy"], obj, IRI, ""))
        else:
            self.out += [(subject, _GG["references"], obj, IRI, ""), (subject, _SKOS["related"], obj, IRI, ""),
                         (obj, _SKOS["related"], subject, IRI, "")]

    def _ancestors(self, node: str) -> set[str]:
        found = self._ancestry.get(node)
        if found is None:
            found = self._ancestry[node] = set()
            todo = [node]
            while todo:
                for parent in self.parents.get(todo.pop(), ()):
                    if parent not in found:
                        found.add(parent)
                        todo.append(parent)
        return found

    def _page(self, node: str, attrs: dict, subject: str) -> None:
        self._document(subject, attrs["locale"])
        if attrs.get("title"):
            self.out.append((subject, DCTERMS_TITLE, attrs["title"], LANG, _lang(attrs["locale"])))
        for target, kind in self._out(node):
            obj = self.ids.get(target)
            if kind != "references" or obj is None:
                continue
            target_kind = self.nodes[target]["kind"]
            if target_kind == "concept":
                self.out.append((subject, DCTERMS_REFERENCES, obj, IRI, ""))
            elif target_kind == "missing":
                self.out.append((subject, _GG["brokenReference"], obj, IRI, ""))

    def _tag(self, attrs: dict, subject: str) -> None:
        self.out.append((subject, RDF_TYPE, GG_TAG, IRI, ""))
        locales = attrs.get("locales") or []
        if not locales:
            self.out.append((subject, RDFS_LABEL, attrs["name"], LITERAL, ""))
        for locale in locales:
            self.out.append((subject, RDFS_LABEL, attrs["name"], LANG, _lang(locale)))
