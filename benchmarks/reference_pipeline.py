"""The straightforward pipeline: the baseline ``benchmarks/run.py`` measures
gloss-graph against.

This is the script a user would write in an afternoon with the usual
libraries and their defaults: walk the tree, python-frontmatter for every
file, one regular expression for ``{{Glossary(...)}}`` macros and markdown
links, an rdflib Graph of SKOS triples written by rdflib's default Turtle
serializer, a pyvis Network with default settings written as HTML, and a JSON
summary. It is meant to be honest, not slow: nothing here is done twice on
purpose, and it does the same job as ``gloss-graph build`` in outline (every
page a document referencing the concepts it uses; the glossary a SKOS scheme;
the HTML graph shows the glossary, since a browser cannot lay out 14,000 page
nodes). What it does not do (code blocks, reference-style links, the other
macros, fallback to en-US, problems with line numbers) is what a quick script
leaves out.

    python benchmarks/reference_pipeline.py SOURCE [SOURCE ...] -o OUTDIR

A SOURCE is a locale folder (``files/en-us``) or a folder of them (``files``).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
from pathlib import Path
from urllib.parse import quote

import frontmatter
from pyvis.network import Network
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, RDF, SKOS

MDN = "https://developer.mozilla.org/"
# {{Glossary("term")}} in any letter case and either quote, or a markdown
# link's URL: one pass over each body.
REFERENCE = re.compile(r"""\{\{\s*glossary\(\s*["']([^"']+)["']|\]\(([^)\s]+)\)""", re.IGNORECASE)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path, metavar="SOURCE")
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    docs, refs = read_all(args.sources)
    concepts = {key: d for key, d in docs.items() if d["glossary"]}
    args.output.mkdir(parents=True, exist_ok=True)
    graph = make_rdf(docs, concepts, refs)
    graph.serialize(destination=str(args.output / "glossary.ttl"), format="turtle")
    write_html(concepts, refs, args.output)
    write_summary(docs, concepts, refs, len(graph), args.output / "summary.json")
    return 0


def locale_folders(source: Path) -> list[Path]:
    if (source / "_redirects.txt").is_file() or (source / "glossary").is_dir():
        return [source]
    return sorted(p for p in source.iterdir() if p.is_dir())


def url_locale(folder_name: str) -> str:
    """en-us -> en-US, as MDN writes it in URLs."""
    lang, _, region = folder_name.partition("-")
    return f"{lang}-{region.upper()}" if region else lang


def read_redirects(path: Path) -> dict[str, str]:
    redirects = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#") and "\t" in line:
                old, new = line.split("\t", 1)
                redirects[old.lower()] = new
    return redirects


def read_all(sources: list[Path]) -> tuple[dict, set]:
    """docs: key -> {slug, titles {locale: title}, summary, glossary}; refs: {(from key, to key)}.
    Keys are lower-case slugs; translations join the en-US document of the same slug."""
    docs: dict[str, dict] = {}
    refs: set[tuple[str, str]] = set()
    for source in sources:
        for folder in locale_folders(source):
            locale = url_locale(folder.name)
            redirects = read_redirects(folder / "_redirects.txt")
            for dirpath, _dirs, files in os.walk(folder):
                if "index.md" in files:
                    read_page(os.path.join(dirpath, "index.md"), locale, redirects, docs, refs)
    return docs, refs


def read_page(path: str, locale: str, redirects: dict, docs: dict, refs: set) -> None:
    post = frontmatter.load(path)
    slug = str(post.get("slug", ""))
    key = slug.lower()
    doc = docs.setdefault(key, {"slug": slug, "titles": {}, "summary": "", "glossary": False})
    doc["titles"][locale] = str(post.get("title", slug))
    if key.startswith("glossary/"):
        doc["glossary"] = True
        if not doc["summary"]:
            doc["summary"] = post.content.strip().split("\n\n")[0]
    for macro_term, url in REFERENCE.findall(post.content):
        if macro_term:
            target = "Glossary/" + macro_term.replace(" ", "_")
        elif "/docs/glossary/" in url.lower():
            target = url.split("/docs/", 1)[1].split("#")[0]
        else:
            continue
        target = follow_redirects(target, locale, redirects)
        if target.lower() != key:
            refs.add((key, target))


def follow_redirects(slug: str, locale: str, redirects: dict) -> str:
    for _ in range(10):  # chains are short; a loop must not hang
        new = redirects.get(f"/{locale}/docs/{slug}".lower())
        if new is None or "/docs/" not in new:
            break
        slug = new.split("/docs/", 1)[1]
    return slug


def iri(slug: str, locale: str = "en-US") -> URIRef:
    return URIRef(f"{MDN}{locale}/docs/{quote(slug, safe='/')}")


def make_rdf(docs: dict, concepts: dict, refs: set) -> Graph:
    g = Graph()
    g.bind("skos", SKOS)
    g.bind("dcterms", DCTERMS)
    g.bind("foaf", FOAF)
    scheme = iri("Glossary")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    for doc in concepts.values():
        concept = iri(doc["slug"])
        g.add((concept, RDF.type, SKOS.Concept))
        g.add((concept, SKOS.inScheme, scheme))
        for locale, title in doc["titles"].items():
            g.add((concept, SKOS.prefLabel, Literal(title, lang=locale)))
        g.add((concept, SKOS.definition, Literal(doc["summary"], lang="en")))
    for key, doc in docs.items():
        if not doc["glossary"]:
            page = iri(doc["slug"])
            locale, title = next(iter(doc["titles"].items()))
            g.add((page, RDF.type, FOAF.Document))
            g.add((page, DCTERMS.title, Literal(title, lang=locale)))
            g.add((page, DCTERMS.language, Literal(locale)))
    for source, target in refs:
        predicate = SKOS.related if source in concepts else DCTERMS.references
        # Slugs compare case-insensitively: point at the entry's own IRI when there is one.
        known = docs.get(target.lower())
        g.add((iri(docs[source]["slug"]), predicate, iri(known["slug"] if known else target)))
    return g


def write_html(concepts: dict, refs: set, output: Path) -> None:
    net = Network()
    inbound: dict[str, int] = {}
    for _source, target in refs:
        inbound[target.lower()] = inbound.get(target.lower(), 0) + 1
    for key, doc in sorted(concepts.items()):
        title = doc["titles"].get("en-US") or next(iter(doc["titles"].values()))
        net.add_node(key, label=title, title=str(iri(doc["slug"])), value=inbound.get(key, 0) + 1)
    for source, target in sorted(refs):
        if source in concepts:
            if target.lower() not in concepts and target.lower() not in net.get_nodes():
                net.add_node(target.lower(), label=target, color="red")  # a missing entry
            net.add_edge(source, target.lower())
    # pyvis copies its JavaScript into ./lib next to the page it writes.
    here = os.getcwd()
    os.chdir(output)
    try:
        net.write_html("graph.html")
    finally:
        os.chdir(here)


def write_summary(docs: dict, concepts: dict, refs: set, triples: int, path: Path) -> None:
    referenced = {target.lower() for _source, target in refs}
    summary = {
        "documents": len(docs),
        "pages": len(docs) - len(concepts),
        "concepts": len(concepts),
        "references": len(refs),
        "triples": triples,
        "orphans": sorted(concepts[k]["slug"] for k in concepts if k not in referenced),
        "missing": sorted({t for _s, t in refs if t.lower() not in docs}),
    }
    path.write_text(json.dumps(summary, indent=2, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
