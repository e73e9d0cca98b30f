"""The RDF vocabularies the Turtle export uses, and the project's own terms.

Everything ``glossary.ttl`` says comes from SKOS, Dublin Core terms, FOAF and
RDFS, except what those cannot say: the few ``gg:`` terms declared here. Their
declarations are written into every export (``declarations()``), so a file
explains itself without a fetch. docs/vocabulary.md documents every term and
``tests/test_vocabulary_docs.py`` keeps the two in step.
"""
from __future__ import annotations

from dataclasses import dataclass

from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import RDF, RDFS, XSD

GG_IRI = "https://w3id.org/gloss-graph/vocab#"
VOCAB_DOCUMENT = URIRef("https://w3id.org/gloss-graph/vocab")

GG = Namespace(GG_IRI)
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")

# The prefixes of every Turtle file we write: fixed, so the bytes are too.
# Identifiers (concepts, tags, pages) are written as full IRIs: slugs hold
# '/', '(' and '%', which a prefixed name could only carry as backslash
# escapes that many older parsers get wrong.
PREFIXES: dict[str, str] = {
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "gg": GG_IRI,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "skos": str(SKOS),
    "xsd": str(XSD),
}


@dataclass(frozen=True)
class Term:
    """One term of the ``gg:`` vocabulary, as declared in the file."""

    name: str
    kind: URIRef  # rdfs:Class or rdf:Property
    label: str
    comment: str
    sub_property_of: tuple[URIRef, ...] = ()
    domain: URIRef | None = None
    range: URIRef | None = None

    @property
    def iri(self) -> URIRef:
        return GG[self.name]


TERMS: tuple[Term, ...] = (
    Term(
        "MissingTerm", RDFS.Class, "missing glossary term",
        "A glossary slug that some document links to but that has no entry in any "
        "locale: the target of a broken reference. Deliberately not a skos:Concept.",
    ),
    Term(
        "Tag", RDFS.Class, "tag",
        "A tag from the front matter of glossary entries, labelled once per locale that uses it.",
    ),
    Term(
        "references", RDF.Property, "references",
        "The glossary entry of the subject links, in its text, to the entry of the object "
        "(in at least one locale). Directed; the same pair is also asserted as skos:related "
        "in both directions. Not used between a concept and its broader or narrower "
        "concepts: see gg:referencesInHierarchy.",
        sub_property_of=(SKOS.related,), domain=SKOS.Concept, range=SKOS.Concept,
    ),
    Term(
        "referencesInHierarchy", RDF.Property, "references within its hierarchy",
        "Like gg:references, between a concept and one of its broader or narrower concepts "
        "(transitively). Kept apart because SKOS makes skos:related disjoint with "
        "skos:broaderTransitive, so this property is not a sub-property of skos:related.",
        domain=SKOS.Concept, range=SKOS.Concept,
    ),
    Term(
        "brokenReference", RDF.Property, "broken reference",
        "The subject (a concept or a page) links to a glossary term that has no entry: "
        "a broken link on the published site.",
        range=GG.MissingTerm,
    ),
    Term(
        "slug", RDF.Property, "slug",
        "The MDN slug of a concept or missing term, in display case (Glossary/API). "
        "Slugs compare case-insensitively on MDN.",
        range=XSD.string,
    ),
    Term(
        "orphanedTranslation", RDF.Property, "orphaned translation",
        "True when the concept exists only as a translation whose en-US source could not "
        "be found. Asserted only when true.",
        domain=SKOS.Concept, range=XSD.boolean,
    ),
)


def declarations() -> list[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The triples that declare every ``gg:`` term, written into each export."""
    triples = []
    for term in TERMS:
        triples += [
            (term.iri, RDF.type, term.kind),
            (term.iri, RDFS.label, Literal(term.label, lang="en")),
            (term.iri, RDFS.comment, Literal(term.comment, lang="en")),
            (term.iri, RDFS.isDefinedBy, VOCAB_DOCUMENT),
        ]
        triples += [(term.iri, RDFS.subPropertyOf, parent) for parent in term.sub_property_of]
        if term.domain is not None:
            triples.append((term.iri, RDFS.domain, term.domain))
        if term.range is not None:
            triples.append((term.iri, RDFS.range, term.range))
    return triples
