"""The Turtle export of content/ and of the real MDN snapshots in
../shared/mdn: strict parsing by two parsers, the same graph back, SKOS
integrity, and the orphans query agreeing with the report."""
from __future__ import annotations

import json
from collections import Counter, defaultdict

import networkx as nx
import pyoxigraph
import pytest
import rdflib
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS

import gloss_graph
from gloss_graph import graph as graph_module
from gloss_graph import query, report, turtle
from gloss_graph.vocabulary import GG, SKOS

from conftest import CONTENT, need_shared


def index_md_count(glossary_folder) -> int:
    """Entries on disk: index.md files under glossary/, minus the index page."""
    return sum(1 for _ in glossary_folder.rglob("index.md")) - 1


@pytest.fixture(scope="module", params=[
    "content", pytest.param("2022", marks=pytest.mark.shared), pytest.param("2026", marks=pytest.mark.shared)])
def export(request, content_corpus):
    """(corpus, graph, rdflib model, Turtle bytes) for each data set."""
    if request.param == "content":
        corpus = content_corpus
    else:
        corpus = request.getfixturevalue(f"mdn_{request.param}")
    graph = gloss_graph.build_graph(corpus)
    model = turtle.to_rdf(graph)
    return request.param, corpus, graph, model, turtle.turtle_bytes(graph)


# --- parsing -------------------------------------------------------------

def test_pyoxigraph_strict_parse_gives_every_triple(export):
    name, _, _, model, data = export
    triples = list(pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE))  # no lenient flag
    assert len(triples) == len(model) > 0


def test_rdflib_reparse_is_isomorphic_to_the_model(export):
    _, _, _, model, data = export
    reparsed = rdflib.Graph().parse(data=data, format="turtle")
    assert len(reparsed) == len(model)
    assert isomorphic(reparsed, model)


def test_oxigraph_reparse_is_the_same_set_of_triples(export):
    """Compared as N-Triples lines: no blank nodes, so isomorphism is equality."""
    _, _, _, model, data = export
    parsed = {str(t) for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)}
    built = {str(t) for t in pyoxigraph.parse(
        model.serialize(format="nt", encoding="utf-8"), format=pyoxigraph.RdfFormat.N_TRIPLES)}
    assert parsed == built


def test_bytes_are_the_same_on_a_second_build(export):
    name, corpus, graph, _, data = export
    assert turtle.turtle_bytes(gloss_graph.build_graph(corpus)) == data


# --- SKOS integrity ------------------------------------------------------

def skos_problems(model: rdflib.Graph) -> list[str]:
    """What the SKOS reference (S13, S14, S27) and qSKOS would flag, plus the
    export's own promises. Empty when all is well."""
    problems = []
    concepts = set(model.subjects(RDF.type, SKOS.Concept))
    pref = Counter((c, (o.language or "").lower()) for c, o in model.subject_objects(SKOS.prefLabel) if c in concepts)
    problems += [f"{c} has {n} prefLabels in {lang!r}" for (c, lang), n in pref.items() if n > 1]
    for c in concepts:
        if not list(model.objects(c, SKOS.prefLabel)):
            problems.append(f"{c} has no prefLabel")
        overlap = set(model.objects(c, SKOS.prefLabel)) & set(model.objects(c, SKOS.altLabel))
        problems += [f"{c}: {label!r} is both prefLabel and altLabel" for label in overlap]
    broader = nx.DiGraph(list(model.subject_objects(SKOS.broader)))
    if not nx.is_directed_acyclic_graph(broader):
        problems.append(f"skos:broader cycle: {nx.find_cycle(broader)}")
    for child, parent in broader.edges:
        if (parent, SKOS.narrower, child) not in model:
            problems.append(f"{child} broader {parent} without the narrower")
    for a, b in model.subject_objects(SKOS.related):
        if a == b:
            problems.append(f"{a} related to itself")
        if (b, SKOS.related, a) not in model:
            problems.append(f"{a} related {b} is not symmetric")
        ancestors_a = nx.descendants(broader, a) if a in broader else set()
        ancestors_b = nx.descendants(broader, b) if b in broader else set()
        if b in ancestors_a or a in ancestors_b:
            problems.append(f"{a} related {b}, but one is broader than the other")
    for a, b in model.subject_objects(GG.references):
        if (a, SKOS.related, b) not in model:
            problems.append(f"{a} gg:references {b} without skos:related")
    schemes = set(model.subjects(RDF.type, SKOS.ConceptScheme))
    if len(schemes) != 1:
        problems.append(f"{len(schemes)} concept schemes")
    for c in concepts:
        if set(model.objects(c, SKOS.inScheme)) != schemes:
            problems.append(f"{c} not in the scheme")
    for missing in model.subjects(RDF.type, GG.MissingTerm):
        if missing in concepts:
            problems.append(f"missing term {missing} is a skos:Concept")
    return problems


def test_skos_integrity(export):
    _, _, _, model, _ = export
    assert skos_problems(model) == []


def test_the_integrity_check_can_fail():
    """The checker itself, on a graph breaking each rule once."""
    ex = rdflib.Namespace("http://example.org/")
    bad = rdflib.Graph()
    for c in (ex.a, ex.b, ex.c):
        bad.add((c, RDF.type, SKOS.Concept))
        bad.add((c, SKOS.inScheme, ex.s))
    bad.add((ex.s, RDF.type, SKOS.ConceptScheme))
    bad.add((ex.a, SKOS.prefLabel, Literal("A", lang="en")))
    bad.add((ex.a, SKOS.prefLabel, Literal("Other A", lang="en")))  # two in one language
    bad.add((ex.b, SKOS.prefLabel, Literal("B", lang="en")))
    bad.add((ex.b, SKOS.altLabel, Literal("B", lang="en")))  # pref and alt overlap
    bad.add((ex.c, SKOS.prefLabel, Literal("C", lang="en")))
    bad.add((ex.a, SKOS.broader, ex.b))
    bad.add((ex.b, SKOS.narrower, ex.a))
    bad.add((ex.b, SKOS.broader, ex.a))  # cycle
    bad.add((ex.c, SKOS.related, ex.a))  # not symmetric
    bad.add((ex.a, SKOS.related, ex.b))  # related to its broader
    bad.add((ex.b, SKOS.related, ex.a))
    found = " | ".join(skos_problems(bad))
    for expected in ("2 prefLabels", "both prefLabel and altLabel", "cycle", "not symmetric",
                     "one is broader", "without the narrower"):
        assert expected in found


@pytest.mark.shared
def test_each_french_entry_of_2022_has_one_french_label(mdn_2022):
    model = turtle.to_rdf(gloss_graph.build_graph(mdn_2022))
    french = {c for c, label in model.subject_objects(SKOS.prefLabel)
              if label.language == "fr" and (c, RDF.type, SKOS.Concept) in model}
    expected = index_md_count(need_shared("2022", "files", "fr", "glossary"))
    assert expected > 400  # the snapshot holds about 490 French entries
    assert len(french) == expected


def test_content_scheme_and_locales(content_corpus):
    """content/ has scheme pages in en-US, fr and ja; concepts in four locales."""
    model = turtle.to_rdf(gloss_graph.build_graph(content_corpus))
    scheme = next(model.subjects(RDF.type, SKOS.ConceptScheme))
    # en-US is tagged "en" (the language-tag policy); other locales as MDN names them.
    assert {label.language for label in model.objects(scheme, SKOS.prefLabel)} == {"en", "fr", "ja"}
    languages = {label.language for label in model.objects(None, SKOS.prefLabel)}
    assert languages == {"en", "fr", "ja", "zh-cn"}
    # Minitel exists only in French and its en-US source was never found.
    minitel = URIRef(turtle.iri.concept(turtle.DEFAULT_BASE_IRI, "Glossary/Minitel"))
    assert model.value(minitel, GG.orphanedTranslation) == Literal(True)
    # Boolean is a disambiguation page: its two senses are members of a
    # collection labelled like it, not narrower concepts; its macro still
    # references them (no hierarchy between them now, so gg:references).
    boolean = URIRef(turtle.iri.concept(turtle.DEFAULT_BASE_IRI, "Glossary/Boolean"))
    senses = URIRef(turtle.iri.disambiguation(turtle.DEFAULT_BASE_IRI, "Glossary/Boolean"))
    children = {URIRef(turtle.iri.concept(turtle.DEFAULT_BASE_IRI, f"Glossary/Boolean/{c}")) for c in ("HTML", "JavaScript")}
    assert not set(model.objects(boolean, SKOS.narrower)) and not set(model.subjects(SKOS.broader, boolean))
    assert (senses, RDF.type, SKOS.Collection) in model and set(model.objects(senses, SKOS.member)) == children
    assert model.value(senses, RDFS.label) == Literal("Boolean", lang="en")
    assert set(model.objects(boolean, GG.references)) >= children


# --- orphans ---------------------------------------------------------------

def orphan_slugs_from_query(data: bytes, tmp_path) -> set[str]:
    path = tmp_path / "glossary.ttl"
    path.write_bytes(data)
    results = query.run_named(query.load(path), "orphans")
    return {row["slug"] for row in query.rows(results)}


def test_orphans_query_equals_the_report(export, tmp_path):
    _, corpus, graph, _, data = export
    expected = {item["slug"] for item in report.health_report(corpus, graph)["orphans"]}
    assert expected == {graph.nodes[n]["slug"] for n in graph_module.orphans(graph.nodes, graph.edges(keys=True))}
    assert orphan_slugs_from_query(data, tmp_path) == expected


def test_content_orphans_as_documented(content_corpus, tmp_path):
    """content/README.md section 9: Bandwidth (self-reference only) and Packet
    (named only in code) in site mode, plus the French-only Minitel."""
    data = turtle.turtle_bytes(gloss_graph.build_graph(content_corpus))
    assert orphan_slugs_from_query(data, tmp_path) == {"Glossary/Bandwidth", "Glossary/Packet", "Glossary/Minitel"}


def test_build_writes_turtle_whose_orphans_match_report_json(tmp_path):
    """End to end, as a user runs it: `build content`, then the orphans query
    on OUTPUT/glossary.ttl against OUTPUT/report.json."""
    result = gloss_graph.build([str(CONTENT)], tmp_path / "out")
    ttl = tmp_path / "out" / "glossary.ttl"
    listed = {item["slug"] for item in json.loads((tmp_path / "out" / "report.json").read_text())["orphans"]}
    found = {row["slug"] for row in query.rows(query.run_named(query.load(ttl), "orphans"))}
    assert found == listed and listed
    assert ttl.read_bytes() == turtle.turtle_bytes(result.graph)


@pytest.mark.shared
@pytest.mark.parametrize("snapshot, locale", [("2022", "fr"), ("2026", "de")])
def test_named_queries_agree_with_the_graph_on_real_data(request, snapshot, locale, tmp_path):
    """broken and untranslated, checked against the graph they came from.
    (Every 2026 en-US entry has a German one, so only 2022 leaves terms
    untranslated.)"""
    graph = gloss_graph.build_graph(request.getfixturevalue(f"mdn_{snapshot}"))
    path = tmp_path / "g.ttl"
    turtle.write_turtle(graph, path)
    store = query.load(path)
    broken = {(row["slug"], row["referrerSlug"]) for row in query.rows(query.run_named(store, "broken"))}
    expected = {(graph.nodes[v]["slug"], graph.nodes[u]["slug"])
                for u, v, k in graph.edges(keys=True)
                if k == "references" and graph.nodes[v]["kind"] == "missing" and graph.nodes[u]["kind"] == "concept"}
    assert broken == expected and expected
    untranslated = {row["slug"] for row in query.rows(query.run_named(store, "untranslated", [locale]))}
    expected = {a["slug"] for _, a in graph.nodes(data=True)
                if a["kind"] == "concept" and locale not in a["labels"] and "en-US" in a["labels"]}
    assert untranslated == expected and (expected or snapshot == "2026")
