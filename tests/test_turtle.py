"""The Turtle export on small graphs built by hand, following the graph
contract in docs/architecture.md: what each node and edge becomes."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

from gloss_graph import turtle
from gloss_graph.errors import UsageError
from gloss_graph.vocabulary import DCTERMS, FOAF, GG, SKOS

BASE = "https://w3id.org/gloss-graph/id/"
C = f"{BASE}concept/"


def concept(g, slug, labels, **extra):
    key = slug.lower()
    g.add_node(f"concept:{key}", kind="concept", key=key, slug=slug, labels=labels,
               summaries=extra.pop("summaries", {}), tags=extra.pop("tags", {}),
               files={loc: f"{loc.lower()}/{key}/index.md" for loc in labels},
               urls={loc: f"https://developer.mozilla.org/{loc}/docs/{slug}" for loc in labels},
               orphaned_translation=extra.pop("orphaned_translation", False), page_refs=0, **extra)
    return f"concept:{key}"


def ref(g, u, v, locales=("en-US",)):
    g.add_edge(u, v, key="references", count=1, locales=list(locales), fallback=False)


def small_graph() -> nx.MultiDiGraph:
    """API <-> DOM reference, Boolean with child Boolean/HTML that it
    references (a disambiguation page), a broken reference, a tag, a page, a
    web link, and an orphaned French translation."""
    g = nx.MultiDiGraph(sources=["content"], locales=["en-US", "fr"],
                        scheme={"en-US": {"title": "Glossary", "summary": "Words.", "file": "g.md"},
                                "fr": {"title": "Glossaire", "summary": "", "file": "g.md"}})
    api = concept(g, "Glossary/API", {"en-US": "API", "fr": "API"},
                  summaries={"en-US": "An API is...", "fr": "Une API est..."},
                  tags={"fr": ["Glossaire"]})
    dom = concept(g, "Glossary/DOM", {"en-US": "DOM"})
    boolean = concept(g, "Glossary/Boolean", {"en-US": "Boolean"})
    child = concept(g, "Glossary/Boolean/HTML", {"en-US": "Boolean (HTML)"})
    minitel = concept(g, "Glossary/Minitel", {"fr": "Minitel"}, orphaned_translation=True)
    g.add_node("missing:glossary/hyperlink", kind="missing", key="glossary/hyperlink", slug="Glossary/Hyperlink")
    g.add_node("tag:Glossaire", kind="tag", name="Glossaire", locales=["fr"])
    g.add_node("page:web/http", kind="page", key="web/http", slug="Web/HTTP", title="HTTP", locale="en-US",
               url="https://developer.mozilla.org/en-US/docs/Web/HTTP", loaded=True, section="Web/HTTP")
    g.add_node("external:https://en.wikipedia.org/wiki/API", kind="external",
               url="https://en.wikipedia.org/wiki/API", domain="en.wikipedia.org")
    g.add_node("external:javascript:alert(1)", kind="external", url="javascript:alert(1)", domain="")
    ref(g, api, dom)
    ref(g, dom, api)
    ref(g, boolean, child)
    ref(g, dom, "missing:glossary/hyperlink")
    ref(g, "page:web/http", dom)
    ref(g, "page:web/http", "missing:glossary/hyperlink")
    g.add_edge(child, boolean, key="broader")
    g.add_edge(api, "tag:Glossaire", key="tagged", locales=["fr"])
    g.add_edge(api, "external:https://en.wikipedia.org/wiki/API", key="links-to", count=1, locales=["en-US"])
    g.add_edge(api, "page:web/http", key="links-to", count=1, locales=["en-US"])
    g.add_edge(api, "external:javascript:alert(1)", key="links-to", count=1, locales=["en-US"])
    del minitel
    return g


@pytest.fixture(scope="module")
def rdf():
    return turtle.to_rdf(small_graph())


def u(local):
    """A concept's IRI: the slug after Glossary/, in lower case (MDN compares slugs so)."""
    return URIRef(C + local.lower())


def test_one_concept_scheme_with_labels_per_locale_and_top_concepts(rdf):
    schemes = list(rdf.subjects(RDF.type, SKOS.ConceptScheme))
    assert schemes == [URIRef(f"{BASE}scheme")]
    scheme = schemes[0]
    assert set(rdf.objects(scheme, SKOS.prefLabel)) == {Literal("Glossary", lang="en"), Literal("Glossaire", lang="fr")}
    assert set(rdf.objects(scheme, SKOS.definition)) == {Literal("Words.", lang="en")}  # empty fr summary left out
    # Boolean/HTML has a broader concept, so it is the only one not at the top.
    tops = set(rdf.objects(scheme, SKOS.hasTopConcept))
    assert tops == {u("API"), u("DOM"), u("Boolean"), u("Minitel")}
    assert tops == set(rdf.subjects(SKOS.topConceptOf, scheme))
    assert set(rdf.subjects(SKOS.inScheme, scheme)) == tops | {u("Boolean/HTML")}


def test_concept_labels_definitions_and_pages(rdf):
    api = u("API")
    assert (api, RDF.type, SKOS.Concept) in rdf
    assert set(rdf.objects(api, SKOS.prefLabel)) == {Literal("API", lang="en"), Literal("API", lang="fr")}
    assert set(rdf.objects(api, SKOS.definition)) == {Literal("An API is...", lang="en"), Literal("Une API est...", lang="fr")}
    assert rdf.value(api, GG.slug) == Literal("Glossary/API")
    fr_page = URIRef("https://developer.mozilla.org/fr/docs/Glossary/API")
    assert set(rdf.objects(api, FOAF.page)) == {URIRef("https://developer.mozilla.org/en-US/docs/Glossary/API"), fr_page}
    assert (fr_page, RDF.type, FOAF.Document) in rdf
    assert rdf.value(fr_page, DCTERMS.language) == Literal("fr")
    assert rdf.value(fr_page, FOAF.primaryTopic) == api


def test_references_are_directed_and_related_both_ways(rdf):
    assert (u("API"), GG.references, u("DOM")) in rdf
    assert (u("DOM"), GG.references, u("API")) in rdf
    assert (u("API"), SKOS.related, u("DOM")) in rdf and (u("DOM"), SKOS.related, u("API")) in rdf


def test_reference_along_the_hierarchy_is_not_skos_related(rdf):
    parent, child = u("Boolean"), u("Boolean/HTML")
    assert (child, SKOS.broader, parent) in rdf and (parent, SKOS.narrower, child) in rdf
    assert (parent, GG.referencesInHierarchy, child) in rdf
    assert (parent, GG.references, child) not in rdf
    assert not set(rdf.triples((parent, SKOS.related, child))) | set(rdf.triples((child, SKOS.related, parent)))


def test_transitive_ancestor_reference_is_kept_out_of_skos_related():
    g = small_graph()
    grandchild = concept(g, "Glossary/Boolean/HTML/Attribute", {"en-US": "Boolean attribute"})
    g.add_edge(grandchild, "concept:glossary/boolean/html", key="broader")
    ref(g, grandchild, "concept:glossary/boolean")
    rdf = turtle.to_rdf(g)
    a, b = u("Boolean/HTML/Attribute"), u("Boolean")
    assert (a, GG.referencesInHierarchy, b) in rdf
    assert (a, SKOS.related, b) not in rdf and (b, SKOS.related, a) not in rdf


def test_self_reference_asserts_nothing():
    g = small_graph()
    ref(g, "concept:glossary/api", "concept:glossary/api")
    rdf = turtle.to_rdf(g)
    api = u("API")
    for prop in (GG.references, GG.referencesInHierarchy, SKOS.related):
        assert (api, prop, api) not in rdf


def test_missing_term_is_queryable_and_not_a_concept(rdf):
    missing = URIRef(f"{BASE}concept/hyperlink")  # the IRI its concept will have once written
    assert set(rdf.objects(missing, RDF.type)) == {GG.MissingTerm}
    assert rdf.value(missing, GG.slug) == Literal("Glossary/Hyperlink")
    page = URIRef("https://developer.mozilla.org/en-US/docs/Web/HTTP")
    english_dom = URIRef("https://developer.mozilla.org/en-US/docs/Glossary/DOM")  # the entry holding the link
    assert set(rdf.subjects(GG.brokenReference, missing)) == {u("DOM"), english_dom, page}


def test_site_page_is_a_document_that_references_concepts(rdf):
    page = URIRef("https://developer.mozilla.org/en-US/docs/Web/HTTP")
    assert (page, RDF.type, FOAF.Document) in rdf
    assert rdf.value(page, DCTERMS.title) == Literal("HTTP", lang="en")
    assert rdf.value(page, DCTERMS.language) == Literal("en")
    assert set(rdf.objects(page, DCTERMS.references)) == {u("DOM")}


def test_tags_and_links(rdf):
    tag = URIRef(f"{BASE}tag/Glossaire")
    assert (u("API"), DCTERMS.subject, tag) in rdf
    assert (tag, RDF.type, GG.Tag) in rdf
    assert set(rdf.objects(tag, RDFS.label)) == {Literal("Glossaire", lang="fr")}
    # Web links and MDN pages the entry links to, said by the English
    # entry that holds them (not the concept); javascript: is dropped.
    english = URIRef("https://developer.mozilla.org/en-US/docs/Glossary/API")
    assert set(rdf.objects(english, RDFS.seeAlso)) == {
        URIRef("https://en.wikipedia.org/wiki/API"), URIRef("https://developer.mozilla.org/en-US/docs/Web/HTTP")}
    assert not set(rdf.objects(u("API"), RDFS.seeAlso))
    assert not set(rdf.objects(URIRef("https://developer.mozilla.org/fr/docs/Glossary/API"), RDFS.seeAlso))


def test_orphaned_translation_flag(rdf):
    assert rdf.value(u("Minitel"), GG.orphanedTranslation) == Literal(True)
    assert rdf.value(u("API"), GG.orphanedTranslation) is None


def test_vocabulary_is_declared_in_the_file(rdf):
    assert (GG.references, RDFS.subPropertyOf, SKOS.related) in rdf
    for term in (GG.references, GG.referencesInHierarchy, GG.brokenReference, GG.MissingTerm, GG.Tag, GG.slug):
        assert rdf.value(term, RDFS.label) is not None and rdf.value(term, RDFS.comment) is not None
    assert (GG.referencesInHierarchy, RDFS.subPropertyOf, SKOS.related) not in rdf


def test_no_blank_nodes(rdf):
    assert not any(isinstance(t, rdflib.BNode) for triple in rdf for t in triple)


def test_bytes_parse_strictly_and_give_back_the_model():
    g = small_graph()
    data = turtle.turtle_bytes(g)
    strict = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))
    model = turtle.to_rdf(g)
    assert len(strict) == len(model)
    reparsed = rdflib.Graph().parse(data=data, format="turtle")
    assert isomorphic(reparsed, model)


def test_base_iri_chooses_the_namespace_of_identifiers():
    rdf = turtle.to_rdf(small_graph(), base_iri="http://example.org/kb")
    concepts = set(rdf.subjects(RDF.type, SKOS.Concept))
    assert URIRef("http://example.org/kb/concept/api") in concepts
    assert all(str(c).startswith("http://example.org/kb/concept/") for c in concepts)


@pytest.mark.parametrize("bad", ["not an iri", "relative/path/", "http://exa mple.org/", ""])
def test_bad_base_iri_is_a_usage_error(bad):
    with pytest.raises(UsageError, match="--base-iri"):
        turtle.to_rdf(small_graph(), base_iri=bad)


def test_same_graph_same_bytes_whatever_the_insertion_order():
    g = small_graph()
    shuffled = nx.MultiDiGraph(**g.graph)
    shuffled.add_nodes_from(reversed(list(g.nodes(data=True))))
    shuffled.add_edges_from(reversed(list(g.edges(keys=True, data=True))))
    assert turtle.turtle_bytes(shuffled) == turtle.turtle_bytes(g)


def test_same_bytes_across_processes_and_hash_seeds(tmp_path):
    """Python's string hashing (and pyoxigraph's own) differ per process:
    nothing in the output may depend on them."""
    script = ("import sys; sys.path.insert(0, %r); from test_turtle import small_graph; "
              "from gloss_graph import turtle; sys.stdout.buffer.write(turtle.turtle_bytes(small_graph()))"
              % str(Path(__file__).parent))
    outputs = set()
    for seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        outputs.add(subprocess.run([sys.executable, "-c", script], env=env, check=True, capture_output=True).stdout)
    assert outputs == {turtle.turtle_bytes(small_graph())}


def test_write_turtle_is_atomic_and_leaves_no_temporary_file(tmp_path):
    target = tmp_path / "out" / "glossary.ttl"
    assert turtle.write_turtle(small_graph(), target) == target
    assert target.read_bytes() == turtle.turtle_bytes(small_graph())
    assert [p.name for p in target.parent.iterdir()] == ["glossary.ttl"]


def test_failed_write_keeps_the_previous_file(tmp_path, monkeypatch):
    target = tmp_path / "glossary.ttl"
    target.write_bytes(b"previous")

    def broken(*args, **kwargs):
        raise RuntimeError("serializer failed")

    monkeypatch.setattr(pyoxigraph, "serialize", broken)
    with pytest.raises(RuntimeError):
        turtle.write_turtle(small_graph(), target)
    assert target.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["glossary.ttl"]


def test_empty_graph_still_gives_a_valid_scheme():
    g = nx.MultiDiGraph(sources=[], locales=[], scheme={})
    data = turtle.turtle_bytes(g)
    rdf = rdflib.Graph().parse(data=data, format="turtle")
    scheme = URIRef(f"{BASE}scheme")
    assert (scheme, RDF.type, SKOS.ConceptScheme) in rdf
    assert list(rdf.objects(scheme, SKOS.prefLabel)) == [Literal("Glossary")]
    assert not list(rdf.subjects(RDF.type, SKOS.Concept))
