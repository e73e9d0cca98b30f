"""The RDF vocabularies the Turtle export uses, and the project's own terms.

Everything ``glossary.ttl`` says comes from SKOS, Dublin Core terms, FOAF,
RDFS and OWL, except what those cannot say: the few ``gg:`` terms declared
here. Their declarations, and the ``owl:Ontology`` that groups them
(``VOCAB_DOCUMENT``, version ``VOCAB_VERSION``), are written into every export
(``turtle.declarations()``), so a file explains itself without a fetch. docs/vocabulary.md documents every term and
``tests/test_vocabulary_docs.py`` keeps the two in step.

IRIs are plain strings here, so that writing Turtle needs no RDF library;
``GG``, ``SKOS``, ``DCTERMS`` and ``FOAF`` are rdflib namespaces for Python
users, made on first use.
"""
from __future__ import annotations

from dataclasses import dataclass

RDF_IRI = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_IRI = "http://www.w3.org/2000/01/rdf-schema#"
XSD_IRI = "http://www.w3.org/2001/XMLSchema#"
SKOS_IRI = "http://www.w3.org/2004/02/skos/core#"
DCTERMS_IRI = "http://purl.org/dc/terms/"
FOAF_IRI = "http://xmlns.com/foaf/0.1/"
OWL_IRI = "http://www.w3.org/2002/07/owl#"
GG_IRI = "https://w3id.org/gloss-graph/vocab#"
VOCAB_DOCUMENT = "https://w3id.org/gloss-graph/vocab"
# The vocabulary's version (owl:versionInfo): raised when a gg: term is
# added, removed or changes meaning, not with every release of the tool.
VOCAB_VERSION = "2"

# The prefixes of every Turtle file we write: fixed, so the bytes are too.
# Identifiers (concepts, tags, pages) are written as full IRIs: slugs hold
# '/', '(' and '%', which a prefixed name could only carry as backslash
# escapes that many older parsers get wrong.
PREFIXES: dict[str, str] = {
    "dcterms": DCTERMS_IRI,
    "foaf": FOAF_IRI,
    "gg": GG_IRI,
    "owl": OWL_IRI,
    "rdf": RDF_IRI,
    "rdfs": RDFS_IRI,
    "skos": SKOS_IRI,
    "xsd": XSD_IRI,
}

RDF_TYPE = RDF_IRI + "type"
RDF_PROPERTY = RDF_IRI + "Property"
RDFS_CLASS = RDFS_IRI + "Class"
RDFS_LABEL = RDFS_IRI + "label"
RDFS_COMMENT = RDFS_IRI + "comment"
RDFS_SEE_ALSO = RDFS_IRI + "seeAlso"
RDFS_IS_DEFINED_BY = RDFS_IRI + "isDefinedBy"
RDFS_SUB_PROPERTY_OF = RDFS_IRI + "subPropertyOf"
RDFS_SUB_CLASS_OF = RDFS_IRI + "subClassOf"
RDFS_DOMAIN = RDFS_IRI + "domain"
RDFS_RANGE = RDFS_IRI + "range"
SKOS_COLLECTION = SKOS_IRI + "Collection"  # a topic cluster
SKOS_MEMBER = SKOS_IRI + "member"
XSD_STRING = XSD_IRI + "string"
XSD_BOOLEAN = XSD_IRI + "boolean"
XSD_DATE_TIME = XSD_IRI + "dateTime"
OWL_ONTOLOGY = OWL_IRI + "Ontology"
OWL_VERSION_INFO = OWL_IRI + "versionInfo"
OWL_DEPRECATED = OWL_IRI + "deprecated"


def skos(name: str) -> str:
    return SKOS_IRI + name


def gg(name: str) -> str:
    return GG_IRI + name


def dcterms(name: str) -> str:
    return DCTERMS_IRI + name


def foaf(name: str) -> str:
    return FOAF_IRI + name


def owl(name: str) -> str:
    return OWL_IRI + name


@dataclass(frozen=True)
class Term:
    """One term of the ``gg:`` vocabulary, as declared in the file."""

    name: str
    kind: str  # RDFS_CLASS or RDF_PROPERTY
    label: str
    comment: str
    sub_property_of: tuple[str, ...] = ()
    sub_class_of: tuple[str, ...] = ()
    domain: str | None = None
    range: str | None = None

    @property
    def iri(self) -> str:
        return GG_IRI + self.name


TERMS: tuple[Term, ...] = (
    Term(
        "MissingTerm", RDFS_CLASS, "missing glossary term",
        "A glossary slug that some document links to but that has no entry in any "
        "locale: the target of a broken reference. Deliberately not a skos:Concept.",
    ),
    Term(
        "Tag", RDFS_CLASS, "tag",
        "A tag from the front matter of glossary entries, labelled once per locale that uses it.",
    ),
    Term(
        "Topic", RDFS_CLASS, "topic cluster",
        "A group of concepts that reference each other more than the rest (a community of the "
        "reference graph), named after its most central concept. A skos:Collection, told apart "
        "from the collections of a disambiguation page's senses.",
        sub_class_of=(skos("Collection"),),
    ),
    Term(
        "references", RDF_PROPERTY, "references",
        "The glossary entry of the subject links, in its text, to the entry of the object "
        "(in at least one locale). Directed; the same pair is also asserted as skos:related "
        "in both directions. Not used between a concept and its broader or narrower "
        "concepts: see gg:referencesInHierarchy.",
        sub_property_of=(skos("related"),), domain=skos("Concept"), range=skos("Concept"),
    ),
    Term(
        "referencesInHierarchy", RDF_PROPERTY, "references within its hierarchy",
        "Like gg:references, between a concept and one of its broader or narrower concepts "
        "(transitively). Kept apart because SKOS makes skos:related disjoint with "
        "skos:broaderTransitive, so this property is not a sub-property of skos:related.",
        domain=skos("Concept"), range=skos("Concept"),
    ),
    Term(
        "brokenReference", RDF_PROPERTY, "broken reference",
        "The subject (a concept, one locale's entry for it, or a page) links to a glossary "
        "term that has no entry: a broken link on the published site.",
        range=gg("MissingTerm"),
    ),
    Term(
        "slug", RDF_PROPERTY, "slug",
        "The MDN slug of a concept or missing term, in display case (Glossary/API). "
        "Slugs compare case-insensitively on MDN; the IRI holds the slug in lower case.",
        range=XSD_STRING,
    ),
    Term(
        "sourceCommit", RDF_PROPERTY, "source commit",
        "On a translated entry (a foaf:Document): the commit of the English source the "
        "translation was made from, as its front matter records it (l10n.sourceCommit).",
        domain=foaf("Document"), range=XSD_STRING,
    ),
    Term(
        "orphanedTranslation", RDF_PROPERTY, "orphaned translation",
        "True when the concept exists only as a translation whose en-US source could not "
        "be found. Asserted only when true.",
        domain=skos("Concept"), range=XSD_BOOLEAN,
    ),
)


def __getattr__(name: str):
    """rdflib namespaces for Python users and tests: ``vocabulary.SKOS.Concept``."""
    namespaces = {"GG": GG_IRI, "SKOS": SKOS_IRI, "DCTERMS": DCTERMS_IRI, "FOAF": FOAF_IRI, "OWL": OWL_IRI}
    if name in namespaces:
        from rdflib import Namespace

        return Namespace(namespaces[name])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
