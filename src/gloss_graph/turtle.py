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

docs/vocabulary.md explains every class and property used here, the IRI
promise and the language-tag policy.

Language tags: en-US, MDN's only English, is written ``en`` unless
``english_tag="en-US"`` asks for it in full; every other locale as MDN names
it. pyoxigraph writes tags in lower case (``"API"@pt-br``), as RDF 1.1
allows -- tags compare case-insensitively -- so the triples carry lower-case
tags too and a re-parse of the file gives back the same graph.
``dcterms:language`` holds the same tag in its BCP 47 case (``"pt-BR"``).
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from . import iri
from .errors import UsageError
from .graph import GraphData, as_data
from .iri import DEFAULT_BASE_IRI
from .outputs import write_atomic
from .provenance import describe
from .rdf_options import AUTO, ENGLISH_TAGS, MDN_LICENSE, check_english_tag, check_license
from .vocabulary import (
    FOAF_IRI, GG_IRI, OWL_DEPRECATED, OWL_ONTOLOGY, OWL_VERSION_INFO, PREFIXES, RDF_TYPE, RDFS_COMMENT,
    RDFS_DOMAIN, RDFS_IS_DEFINED_BY, RDFS_LABEL, RDFS_RANGE, RDFS_SEE_ALSO, RDFS_SUB_PROPERTY_OF, SKOS_IRI,
    TERMS, VOCAB_DOCUMENT, VOCAB_VERSION, XSD_BOOLEAN, XSD_DATE_TIME, DCTERMS_IRI, RDF_PROPERTY, RDFS_CLASS,
    SKOS_MEMBER, RDFS_SUB_CLASS_OF, gg,
)

__all__ = ["AUTO", "DEFAULT_BASE_IRI", "ENGLISH_TAGS", "MDN_LICENSE", "Triple", "language_tag", "to_rdf",
           "triples", "sorted_triples", "turtle_bytes", "write_turtle"]

MDN = "https://developer.mozilla.org"
TOPIC = gg("Topic")
HEADER = (
    b"# A SKOS concept scheme written by gloss-graph. The gg: terms are declared\n"
    b"# in this file and documented in docs/vocabulary.md.\n"
)

# A triple: (subject IRI, predicate IRI, object, object kind, language or datatype).
IRI, LITERAL, LANG = 0, 1, 2  # object kinds: an IRI; a literal (datatype IRI or ""); a language-tagged literal
Triple = tuple[str, str, str, int, str]

SKOS_CONCEPT = SKOS_IRI + "Concept"
SKOS_SCHEME = SKOS_IRI + "ConceptScheme"
SKOS_COLLECTION = SKOS_IRI + "Collection"
FOAF_DOCUMENT = FOAF_IRI + "Document"
GG_MISSING = GG_IRI + "MissingTerm"
GG_TAG = GG_IRI + "Tag"
_SKOS = {name: SKOS_IRI + name for name in (
    "prefLabel", "definition", "inScheme", "broader", "narrower", "related", "topConceptOf", "hasTopConcept",
    "member")}
_GG = {name: GG_IRI + name for name in (
    "slug", "orphanedTranslation", "references", "referencesInHierarchy", "brokenReference", "sourceCommit")}
DCTERMS_LANGUAGE, DCTERMS_SUBJECT = DCTERMS_IRI + "language", DCTERMS_IRI + "subject"
DCTERMS_REFERENCES, DCTERMS_TITLE = DCTERMS_IRI + "references", DCTERMS_IRI + "title"
DCTERMS_LICENSE, DCTERMS_SOURCE = DCTERMS_IRI + "license", DCTERMS_IRI + "source"
DCTERMS_MODIFIED, DCTERMS_IS_REPLACED_BY = DCTERMS_IRI + "modified", DCTERMS_IRI + "isReplacedBy"
FOAF_PAGE, FOAF_PRIMARY_TOPIC = FOAF_IRI + "page", FOAF_IRI + "primaryTopic"
TRUE = ("true", LITERAL, XSD_BOOLEAN)

# Subjects are grouped by what they are, so a reader meets the vocabulary,
# then the scheme, the concepts, and the rest.
_SUBJECT_ORDER = {
    OWL_ONTOLOGY: 0, RDF_PROPERTY: 0, RDFS_CLASS: 0, SKOS_SCHEME: 1, SKOS_CONCEPT: 2, SKOS_COLLECTION: 3,
    GG_MISSING: 4, GG_TAG: 5, FOAF_DOCUMENT: 6,
}


def turtle_bytes(graph, base_iri: str = DEFAULT_BASE_IRI, *, english_tag: str = "en", license: str | None = AUTO,
                 provenance=None) -> bytes:
    """The Turtle file's bytes: the same graph always gives the same bytes.
    ``english_tag``, ``license`` and ``provenance``: see ``triples``."""
    found = triples(graph, base_iri, english_tag=english_tag, license=license, provenance=provenance)
    return HEADER + TurtleWriter(PREFIXES).write(sorted_triples(found))


def write_turtle(graph, path: str | os.PathLike, base_iri: str = DEFAULT_BASE_IRI, *, english_tag: str = "en",
                 license: str | None = AUTO, provenance=None) -> Path:
    """Write ``path`` atomically (temporary file, then rename); returns it."""
    return write_atomic(path, turtle_bytes(graph, base_iri, english_tag=english_tag, license=license,
                                           provenance=provenance))


def serialize(ordered: list[Triple], fmt) -> bytes:
    """Triples in the given order, fixed prefixes, written by pyoxigraph."""
    import pyoxigraph

    data = pyoxigraph.serialize(_oxigraph(ordered), format=fmt, prefixes=PREFIXES)
    return HEADER + data if fmt == pyoxigraph.RdfFormat.TURTLE else data


class TurtleWriter:
    """Triples in the given order as pyoxigraph's Turtle serializer writes
    them, byte for byte, in a third of its time: that serializer wants one
    pyoxigraph object per term and per triple, which was most of the cost of
    writing 25,000 triples.

    The text is what pyoxigraph writes: its prefix lines, one subject after
    another with ``;`` between predicates and ``,`` between objects, ``a``
    for rdf:type, a tab before each continued predicate. Strings are escaped
    as it escapes them (``ESCAPES``; tests/test_turtle_writer.py compares
    every code point). The few terms whose spelling needs its judgment, an
    IRI in a prefix's namespace (``gg:slug``, ``xsd:a\\.``) and a typed
    literal (``true``), are written by pyoxigraph itself, once each."""

    def __init__(self, prefixes: dict[str, str]):
        self.prefixes = prefixes
        self.namespaces = tuple(prefixes.values())
        self._terms: dict[tuple, str] = {}

    def write(self, ordered: list[Triple]) -> bytes:
        if not ordered:
            return b""
        out = [self._prefix_lines()]
        append, obj = out.append, self.object
        # Subjects, predicates and IRI objects repeat: each is spelt once,
        # then looked up (rdf:type as a predicate is "a").
        iris: dict[str, str] = {}
        predicates: dict[str, str] = {RDF_TYPE: "a"}

        def iri(value: str, known: dict[str, str]) -> str:
            spelt = known[value] = self.iri(value)
            return spelt

        last_s = last_p = None
        for s, p, o, kind, extra in ordered:
            if s != last_s:
                if last_s is not None:
                    append(" .\n")
                append(iris.get(s) or iri(s, iris))
                append(" ")
                append(predicates.get(p) or iri(p, predicates))
            elif p != last_p:
                append(" ;\n\t")
                append(predicates.get(p) or iri(p, predicates))
            else:
                append(" ,")
            append(" ")
            append((iris.get(o) or iri(o, iris)) if kind == IRI else obj(o, kind, extra))
            last_s, last_p = s, p
        append(" .\n")
        return "".join(out).encode("utf-8")

    def iri(self, value: str) -> str:
        if not value.startswith(self.namespaces):
            return f"<{value}>"
        key = (value,)
        if key not in self._terms:
            import pyoxigraph

            self._terms[key] = self._by_pyoxigraph(pyoxigraph.NamedNode(value))
        return self._terms[key]

    def object(self, value: str, kind: int, extra: str) -> str:
        if kind == IRI:
            return self.iri(value)
        text = value.translate(ESCAPES) if _NEEDS_ESCAPE.search(value) else value
        if kind == LANG:
            return f'"{text}"@{extra}'
        if not extra:
            return f'"{text}"'
        key = (value, extra)
        if key not in self._terms:
            import pyoxigraph

            self._terms[key] = self._by_pyoxigraph(pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(extra)))
        return self._terms[key]

    def _prefix_lines(self) -> str:
        """The @prefix lines, in pyoxigraph's order (not the dict's)."""
        import pyoxigraph

        node = pyoxigraph.NamedNode("urn:x:s")
        text = pyoxigraph.serialize([pyoxigraph.Triple(node, node, node)], format=pyoxigraph.RdfFormat.TURTLE,
                                    prefixes=self.prefixes).decode("utf-8")
        return "".join(line + "\n" for line in text.splitlines() if line.startswith("@prefix "))

    def _by_pyoxigraph(self, term) -> str:
        """How pyoxigraph writes one term in object position."""
        import pyoxigraph

        subject = pyoxigraph.NamedNode("urn:x:s")
        line = pyoxigraph.serialize([pyoxigraph.Triple(subject, subject, term)], format=pyoxigraph.RdfFormat.TURTLE,
                                    prefixes=self.prefixes).decode("utf-8").splitlines()[-1]
        return line[len("<urn:x:s> <urn:x:s> "):-len(" .")]


# How pyoxigraph escapes a string: the short escapes, \uXXXX for the other
# C0 controls, DEL and the two noncharacters U+FFFE and U+FFFF.
ESCAPES = {code: f"\\u{code:04X}" for code in [*range(0x20), 0x7F, 0xFFFE, 0xFFFF]}
ESCAPES.update({0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"})
_NEEDS_ESCAPE = re.compile("[\x00-\x1f\x7f\"\\\\\ufffe\uffff]")


def to_rdf(graph, base_iri: str = DEFAULT_BASE_IRI, *, english_tag: str = "en", license: str | None = AUTO,
           provenance=None):
    """The concept graph as an rdflib graph of SKOS concepts (no blank nodes)."""
    import rdflib
    from rdflib import Literal, URIRef

    found = triples(graph, base_iri, english_tag=english_tag, license=license, provenance=provenance)
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
    """Distinct triples in a fixed order: subject group, subject, then the
    subject's rdf:type first and the rest in tuple order (predicate,
    object, object kind, language or datatype)."""
    group: dict[str, int] = {}
    by_subject: dict[str, set[Triple]] = {}
    for triple in found:
        s = triple[0]
        own = by_subject.get(s)
        if own is None:
            own = by_subject[s] = set()
        own.add(triple)
        if triple[1] == RDF_TYPE:
            rank = _SUBJECT_ORDER.get(triple[2], 7)
            if rank < group.get(s, 9):
                group[s] = rank
    # Subjects first, then each subject's few triples: sorting all 24,000
    # at once compared the same long subject IRIs over and over. Plain
    # tuple order, without a key function, is what makes this cheap.
    ordered: list[Triple] = []
    for s in sorted(by_subject, key=lambda s: (group.get(s, 9), s)):
        own = sorted(by_subject[s])
        if s in group:
            ordered += [t for t in own if t[1] == RDF_TYPE]
            ordered += [t for t in own if t[1] != RDF_TYPE]
        else:
            ordered += own
    return ordered


def _oxigraph(ordered: list[Triple]) -> list:
    """pyoxigraph triples, each IRI and each plain or typed literal made once.
    This loop is most of the cost of writing: kept flat on purpose."""
    import pyoxigraph

    named_node, literal, make = pyoxigraph.NamedNode, pyoxigraph.Literal, pyoxigraph.Triple
    named: dict[str, pyoxigraph.NamedNode] = {}
    typed: dict[tuple[str, str], pyoxigraph.Literal] = {}  # dcterms:language "en", true, ...
    get = named.get
    out = []
    append = out.append
    for s, p, o, kind, extra in ordered:
        subject = get(s)
        if subject is None:
            subject = named[s] = named_node(s)
        predicate = get(p)
        if predicate is None:
            predicate = named[p] = named_node(p)
        if kind == IRI:
            obj = get(o)
            if obj is None:
                obj = named[o] = named_node(o)
        elif kind == LANG:
            obj = literal(o, language=extra)
        else:
            obj = typed.get((o, extra))
            if obj is None:
                obj = typed[(o, extra)] = literal(o, datatype=named_node(extra)) if extra else literal(o)
        append(make(subject, predicate, obj))
    return out


# --- options ------------------------------------------------------------------


def language_tag(locale: str, english_tag: str = "en") -> str:
    """The BCP 47 tag a locale's text is written with: en-US as
    ``english_tag``, every other locale as MDN names it."""
    return english_tag if locale == "en-US" else locale


def _lang(locale: str, english_tag: str = "en") -> str:
    """The tag of a literal in ``locale``'s language, lower case as
    pyoxigraph writes it (see the module docstring)."""
    return language_tag(locale, english_tag).lower()


# --- the concept graph -> triples ---------------------------------------------


def triples(graph, base_iri: str = DEFAULT_BASE_IRI, *, english_tag: str = "en", license: str | None = AUTO,
            provenance=None) -> list[Triple]:
    """Every triple of the export, unsorted, possibly repeated.

    ``english_tag``: ``"en"`` (the default) or ``"en-US"``, how en-US text
    is tagged. ``license``: an IRI for the scheme's ``dcterms:license``,
    None for none, or ``AUTO``: CC BY-SA 2.5 when the input is MDN.
    ``provenance``: a ``provenance.Provenance``; by default it is found
    from the graph's SOURCE folders (``provenance.describe``)."""
    try:
        base = iri.check_base(base_iri)
    except ValueError as err:
        raise UsageError(f"--base-iri: {err}") from None
    check_english_tag(english_tag)
    license = check_license(license)
    data = as_data(graph)
    if provenance is None:
        provenance = describe(data.attrs.get("sources") or [])
    if license == AUTO:
        license = MDN_LICENSE if provenance.mdn else None
    found = declarations()
    walk = _Walk(data, base, english_tag)
    found.extend(walk.triples())
    found.extend(walk.scheme_metadata(license, provenance))
    found.extend(cluster_triples(data, base, english_tag))
    return found


def cluster_triples(graph, base: str, english_tag: str = "en") -> list[Triple]:
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
        out.append((subject, RDF_TYPE, TOPIC, IRI, ""))
        if cluster.locale:
            out.append((subject, RDFS_LABEL, cluster.name, LANG, _lang(cluster.locale, english_tag)))
        else:
            out.append((subject, RDFS_LABEL, cluster.name, LITERAL, ""))
        out += [(subject, SKOS_MEMBER, iri.concept(base, data.nodes[member]["slug"]), IRI, "")
                for member in cluster.members]
    return out


def declarations() -> list[Triple]:
    """The triples that declare the ``gg:`` vocabulary and every term of it,
    written into each export."""
    out: list[Triple] = [
        (VOCAB_DOCUMENT, RDF_TYPE, OWL_ONTOLOGY, IRI, ""),
        (VOCAB_DOCUMENT, DCTERMS_TITLE, "gloss-graph vocabulary", LANG, "en"),
        (VOCAB_DOCUMENT, RDFS_COMMENT, "The few terms gloss-graph's SKOS exports of MDN-style glossaries use "
                                       "beyond SKOS, Dublin Core, FOAF, RDFS and OWL.", LANG, "en"),
        (VOCAB_DOCUMENT, OWL_VERSION_INFO, VOCAB_VERSION, LITERAL, ""),
    ]
    for term in TERMS:
        out += [
            (term.iri, RDF_TYPE, term.kind, IRI, ""),
            (term.iri, RDFS_LABEL, term.label, LANG, "en"),
            (term.iri, RDFS_COMMENT, term.comment, LANG, "en"),
            (term.iri, RDFS_IS_DEFINED_BY, VOCAB_DOCUMENT, IRI, ""),
        ]
        out += [(term.iri, RDFS_SUB_PROPERTY_OF, parent, IRI, "") for parent in term.sub_property_of]
        out += [(term.iri, RDFS_SUB_CLASS_OF, parent, IRI, "") for parent in term.sub_class_of]
        if term.domain is not None:
            out.append((term.iri, RDFS_DOMAIN, term.domain, IRI, ""))
        if term.range is not None:
            out.append((term.iri, RDFS_RANGE, term.range, IRI, ""))
    return out


def _without_http_twins(links: list[str]) -> list[str]:
    """``http://x`` left out where ``https://x`` is linked too: one page."""
    if len(links) < 2:
        return links
    present = set(links)
    return [link for link in links if not (link.startswith("http://") and "https://" + link[7:] in present)]


class _Walk:
    """One pass over the concept graph, node by node."""

    def __init__(self, graph: GraphData, base: str, english_tag: str):
        self.graph = graph
        self.nodes = graph.nodes
        self.base = base
        self.english_tag = english_tag
        self.scheme = iri.scheme(base)
        self._tags: dict[str, tuple[str, str]] = {}
        self.ids = self._identifiers()
        self.out: list[Triple] = []
        # Every node's out-edges and broader parents, read from the graph once.
        self.edges: dict[str, list[tuple[str, str, dict]]] = {}
        self.parents: dict[str, list[str]] = {}
        self.children: dict[str, list[str]] = {}
        for (u, v, kind), attrs in graph.edges.items():
            self.edges.setdefault(u, []).append((v, kind, attrs))
            if kind == "broader":
                self.parents.setdefault(u, []).append(v)
                self.children.setdefault(v, []).append(u)
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
        self._replaced()
        return self.out

    def _lang(self, locale: str) -> tuple[str, str]:
        """(the tag of literals, lower case as written; dcterms:language's value)."""
        found = self._tags.get(locale)
        if found is None:
            found = self._tags[locale] = (_lang(locale, self.english_tag), language_tag(locale, self.english_tag))
        return found

    def _identifiers(self) -> dict[str, str]:
        """Node id -> IRI. Pages and web links whose address cannot be made a
        valid IRI get none, and are left out of the export; so does a link
        to the glossary's own index page, which is the scheme's foaf:page."""
        ids = {}
        for node, attrs in self.nodes.items():
            kind = attrs["kind"]
            if kind in ("concept", "missing"):
                value = iri.term(self.base, attrs["key"])
            elif kind == "tag":
                value = iri.tag(self.base, attrs["name"])
            elif kind == "page":
                value = iri.web_iri(attrs["url"]) if attrs["key"] != "glossary" else None
            elif kind == "external":
                value = iri.web_iri(attrs["url"])
            else:
                value = None
            if value is not None:
                ids[node] = value
        return ids

    def _out(self, node: str) -> list[tuple[str, str, dict]]:
        """(target, edge kind, edge attributes) of a node's out-edges."""
        return self.edges.get(node, [])

    def _document(self, url: str, locale: str) -> None:
        self.out += [(url, RDF_TYPE, FOAF_DOCUMENT, IRI, ""), (url, DCTERMS_LANGUAGE, self._lang(locale)[1], LITERAL, "")]

    def _scheme(self) -> None:
        scheme, out = self.scheme, self.out
        out.append((scheme, RDF_TYPE, SKOS_SCHEME, IRI, ""))
        pages = self.graph.attrs.get("scheme") or {}
        if not any(info.get("title") for info in pages.values()):
            out.append((scheme, _SKOS["prefLabel"], "Glossary", LITERAL, ""))
        for locale, info in sorted(pages.items()):
            if info.get("title"):
                out.append((scheme, _SKOS["prefLabel"], info["title"], LANG, self._lang(locale)[0]))
            if info.get("summary"):
                out.append((scheme, _SKOS["definition"], info["summary"], LANG, self._lang(locale)[0]))
            url = iri.web_iri(f"{MDN}/{locale}/docs/Glossary")
            if url:
                out.append((scheme, FOAF_PAGE, url, IRI, ""))
                self._document(url, locale)

    def scheme_metadata(self, license: str | None, provenance) -> list[Triple]:
        """Licence, sources and date of the scheme (provenance.py)."""
        scheme, out = self.scheme, []
        if license:
            out.append((scheme, DCTERMS_LICENSE, license, IRI, ""))
        sources = list(provenance.remotes)
        if provenance.mdn:
            locales = self.graph.attrs.get("locales") or []
            sources += [url for url in (iri.web_iri(f"{MDN}/{loc}/docs/Glossary") for loc in locales) if url]
        out += [(scheme, DCTERMS_SOURCE, source, IRI, "") for source in sources]
        if provenance.modified:
            out.append((scheme, DCTERMS_MODIFIED, provenance.modified, LITERAL, XSD_DATE_TIME))
        return out

    def _concept(self, node: str, attrs: dict, subject: str) -> None:
        out, scheme = self.out, self.scheme
        out += [(subject, RDF_TYPE, SKOS_CONCEPT, IRI, ""), (subject, _SKOS["inScheme"], scheme, IRI, ""),
                (subject, _GG["slug"], attrs["slug"], LITERAL, "")]
        for locale, title in sorted(attrs.get("labels", {}).items()):
            if title:
                out.append((subject, _SKOS["prefLabel"], title, LANG, self._lang(locale)[0]))
        for locale, summary in sorted(attrs.get("summaries", {}).items()):
            if summary:
                out.append((subject, _SKOS["definition"], summary, LANG, self._lang(locale)[0]))
        documents = self._entry_documents(subject, attrs)
        if attrs.get("orphaned_translation"):
            out.append((subject, _GG["orphanedTranslation"], *TRUE))
        if attrs.get("deprecated"):
            out.append((subject, OWL_DEPRECATED, *TRUE))
        has_broader = False
        links: list[tuple[str, list]] = []
        for target, kind, edge in self._out(node):
            obj = self.ids.get(target)
            if obj is None or target == node:
                continue
            target_kind = self.nodes[target]["kind"]
            if kind == "broader" and target_kind == "concept":
                if not self.nodes[target].get("disambiguation"):
                    has_broader = True
                    out += [(subject, _SKOS["broader"], obj, IRI, ""), (obj, _SKOS["narrower"], subject, IRI, "")]
            elif kind == "references" and target_kind == "concept":
                self._reference(node, target, subject, obj)
                self._per_document(documents, edge, DCTERMS_REFERENCES, obj)
            elif kind == "references" and target_kind == "missing":
                out.append((subject, _GG["brokenReference"], obj, IRI, ""))
                self._per_document(documents, edge, _GG["brokenReference"], obj)
            elif kind == "links-to":
                links.append((obj, edge.get("locales") or ()))
            elif kind == "tagged":
                out.append((subject, DCTERMS_SUBJECT, obj, IRI, ""))
        if links:
            self._links(documents, links)
        if not has_broader:
            out += [(subject, _SKOS["topConceptOf"], scheme, IRI, ""), (scheme, _SKOS["hasTopConcept"], subject, IRI, "")]
        if attrs.get("disambiguation"):
            self._senses(node, attrs)

    def _entry_documents(self, subject: str, attrs: dict) -> dict[str, str]:
        """Each locale's entry as a foaf:Document: its MDN page, about the
        concept. Returns locale -> the document's IRI."""
        out, documents = self.out, {}
        commits = attrs.get("source_commits") or {}
        for locale, url in sorted(attrs.get("urls", {}).items()):
            page = iri.web_iri(url)
            if not page:
                continue
            documents[locale] = page
            out.append((subject, FOAF_PAGE, page, IRI, ""))
            self._document(page, locale)
            out.append((page, FOAF_PRIMARY_TOPIC, subject, IRI, ""))
            if commits.get(locale):
                out.append((page, _GG["sourceCommit"], commits[locale], LITERAL, ""))
        return documents

    def _per_document(self, documents: dict[str, str], edge: dict, predicate: str, obj: str) -> None:
        """The link, stated by the entry of each locale whose text holds it."""
        for locale in edge.get("locales") or ():
            document = documents.get(locale)
            if document is not None:
                self.out.append((document, predicate, obj, IRI, ""))

    def _links(self, documents: dict[str, str], links: list[tuple[str, list]]) -> None:
        """Web and MDN links, from each locale's entry that holds them (the
        concept reaches them through foaf:page); an http address is left out
        where its https twin is linked from the same entry."""
        out = self.out
        by_locale: dict[str, list[str]] = {}
        for obj, locales in links:
            for locale in locales:
                by_locale.setdefault(locale, []).append(obj)
        for locale, objs in by_locale.items():
            document = documents.get(locale)
            if document is not None:
                out += [(document, RDFS_SEE_ALSO, obj, IRI, "") for obj in _without_http_twins(objs)]

    def _senses(self, node: str, attrs: dict) -> None:
        """A disambiguation page's senses (its nested entries) as a labelled
        skos:Collection: they are not narrower than the word they share. The
        label is an rdfs:label: the same text as the page's skos:prefLabel
        on a second resource would read to SKOS checkers as one concept."""
        members = [self.ids[child] for child in self.children.get(node, ()) if child in self.ids]
        if not members:
            return
        collection = iri.disambiguation(self.base, attrs["key"])
        out = self.out
        out.append((collection, RDF_TYPE, SKOS_COLLECTION, IRI, ""))
        for locale, title in sorted(attrs.get("labels", {}).items()):
            if title:
                out.append((collection, RDFS_LABEL, title, LANG, self._lang(locale)[0]))
        out += [(collection, _SKOS["member"], member, IRI, "") for member in members]
        out += [(collection, FOAF_PAGE, page, IRI, "") for page in filter(None, map(iri.web_iri, attrs.get("urls", {}).values()))]

    def _reference(self, node: str, target: str, subject: str, obj: str) -> None:
        """SKOS makes skos:related disjoint with skos:broaderTransitive, so a
        reference along the hierarchy gets its own property and no skos:related."""
        if target in self._ancestors(node) or node in self._ancestors(target):
            self.out.append((subject, _GG["referencesInHierarchy"], obj, IRI, ""))
        else:
            self.out += [(subject, _GG["references"], obj, IRI, ""), (subject, _SKOS["related"], obj, IRI, ""),
                         (obj, _SKOS["related"], subject, IRI, "")]

    def _ancestors(self, node: str) -> set[str]:
        """The concepts broader than ``node``, transitively: nested slugs,
        less the disambiguation pages (they are not broader)."""
        found = self._ancestry.get(node)
        if found is None:
            found = self._ancestry[node] = set()
            todo = [node]
            while todo:
                for parent in self.parents.get(todo.pop(), ()):
                    if parent not in found and not self.nodes[parent].get("disambiguation"):
                        found.add(parent)
                        todo.append(parent)
        return found

    def _page(self, node: str, attrs: dict, subject: str) -> None:
        self._document(subject, attrs["locale"])
        if attrs.get("title"):
            self.out.append((subject, DCTERMS_TITLE, attrs["title"], LANG, self._lang(attrs["locale"])[0]))
        for target, kind, _ in self._out(node):
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
            self.out.append((subject, RDFS_LABEL, attrs["name"], LANG, self._lang(locale)[0]))

    def _replaced(self) -> None:
        """The IRIs of slugs that are no concept any more (graph attribute
        ``replaced``), deprecated and pointing at what replaced them, so a
        store holding an older export can follow."""
        taken = set(self.ids.values())
        for key, info in sorted((self.graph.attrs.get("replaced") or {}).items()):
            old = iri.term(self.base, key)
            if old in taken:
                continue  # the slug names something else in this export (a missing term)
            by = self.ids.get(info["by"]) if "by" in info else iri.web_iri(info.get("url", ""))
            if by is None or by == old:
                continue
            self.out += [(old, OWL_DEPRECATED, *TRUE), (old, DCTERMS_IS_REPLACED_BY, by, IRI, "")]
