"""The link-health report: what is orphaned, broken, missing or stale.

``health_report(corpus, graph) -> dict`` is the data behind ``report.json``
(documented in docs/report.md, schema in schema/report.schema.json);
``write_reports`` writes it as report.json and report.md.

Every section is computed from the concept graph where the graph holds the
answer (orphans, dead ends, components, clusters, hubs), so that the report and the
SPARQL queries over the same graph agree; from the Corpus where only it
knows (file, line and column of a reference, front matter, mojibake).
Every list is sorted, so two reports of the same input are byte-identical
and two reports of successive checkouts diff cleanly.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from . import flood
from .graph import REFERENCES, GraphData, as_data, dead_ends as dead_end_nodes, orphans as orphan_nodes
from .model import PAGE, TO_CONCEPT, TO_EXTERNAL, TO_MISSING, Corpus, Entry, Link
from . import suppression
from .outputs import write_atomic
from .suggest import Suggester
from .summary import mojibake

SCHEMA_VERSION = 1
EN = "en-US"
HUBS = 10  # concepts listed in each hub ranking
COMPONENT_MEMBERS_MAX = 10  # a component's members are listed up to this size
PAGERANK_DIGITS = 6  # rounded, so that float noise never changes the file


def health_report(corpus: Corpus, graph, stale: dict | None = None, mentions: list | None = None) -> dict:
    """The whole report as plain JSON-ready data (keys in a fixed order).
    ``graph``: the concept graph, a graph.GraphData or a networkx graph.
    ``stale``: ``stale_sections(corpus)`` when already computed (the build
    computes it once, for the report and the page); computed here if None.
    ``mentions``: mentions.find_mentions(corpus), found here if None."""
    from .clusters import clusters

    data = as_data(graph)
    concepts = concept_links(data)
    if mentions is None:
        from .mentions import find_mentions

        mentions = find_mentions(corpus)
    return _report(corpus, data.nodes, list(data.edges), components(concepts), hubs(concepts),
                   topic_clusters(data.nodes, clusters(data)), stale, mentions)


def check_report(corpus: Corpus, data: GraphData, stale: dict | None = None, mentions: list | None = None) -> dict:
    """The report without its sections about the graph's shape (components,
    hubs, clusters): every section a finding comes from, made from the plain
    graph data, with no networkx (what ``check`` runs). Unlinked mentions
    only when ``mentions`` are given (check looks for them when asked)."""
    return _report(corpus, data.nodes, list(data.edges), None, None, None, stale, mentions)


def _report(corpus: Corpus, nodes, edges: list, found_components, found_hubs, found_clusters, stale: dict | None,
            mentions: list | None) -> dict:
    where = _Roots(corpus)
    stale = stale if stale is not None else stale_sections(corpus)
    orphan_items = orphans(corpus, nodes, edges)
    sections = {
        "orphans": orphan_items,
        "broken_references": broken_references(corpus, where, suggestions=False),
        "dead_ends": dead_ends(corpus, nodes, edges),
        "untranslated": untranslated(corpus),
        "untranslated_targets": untranslated_targets(corpus, where),
        "orphaned_translations": orphaned_translations(corpus),
        "glossary_redirects": glossary_redirects(corpus),
        "staleness": stale["staleness"],
        "stale_translations": stale["stale_translations"],
        "unlinked_mentions": unlinked_mentions(corpus, mentions or [], {o["slug"] for o in orphan_items}),
        "components": found_components,
        "clusters": found_clusters,
        "hubs": found_hubs,
        "concepts": concept_list(corpus, nodes, edges),
        "encoding_flaws": encoding_flaws(corpus),
        "errors": problems(corpus, "error"),
        "warnings": problems(corpus, "warning"),
    }
    if found_components is None:
        del sections["components"], sections["clusters"], sections["hubs"]
    if mentions is None:
        del sections["unlinked_mentions"]
    suppressed = suppression.apply(sections, corpus)  # what entries' front matter asks to leave out
    counts = summary(corpus, nodes, sections, suppressed)  # of everything, before floods are cut
    sections["omitted"] = cut_floods(sections)
    add_suggestions(corpus, sections["broken_references"])  # for what is listed, not for a flood
    return {
        "schema_version": SCHEMA_VERSION,
        "sources": list(corpus.sources),
        "locales": corpus.locales,
        "summary": counts,
        **sections,
    }


def summary(corpus: Corpus, nodes, sections: dict | None = None, suppressed: int = 0) -> dict:
    """Counts: what was read, then one count per section, and the items
    entries' front matter suppressed. ``nodes``: the graph's nodes (id ->
    attributes)."""
    by_locale = Counter(loc for c in corpus.concepts.values() for loc in c.entries)
    glossary_links = [l for l in corpus.links if l.target_kind in (TO_CONCEPT, TO_MISSING)]
    counts = {
        "files_read": corpus.files_read,
        "files_skipped": corpus.files_skipped,
        "entries_by_locale": dict(sorted(by_locale.items(), key=lambda item: _locale_order(item[0]))),
        "concepts": len(corpus.concepts),
        "pages": corpus.page_count,
        "references": len(glossary_links),
        "broken_references": sum(1 for l in glossary_links if l.target_kind == TO_MISSING),
        "external_links": sum(1 for l in corpus.links if l.target_kind == TO_EXTERNAL and l.source_kind != PAGE),
        "tags": sum(1 for attrs in nodes.values() if attrs["kind"] == "tag"),
        "errors": sum(1 for p in corpus.problems if p.severity == "error"),
        "warnings": sum(1 for p in corpus.problems if p.severity == "warning"),
    }
    if sections is not None:
        counts.update({
            "orphans": len(sections["orphans"]),
            "dead_ends": len(sections["dead_ends"]),
            "untranslated": {loc: len(slugs) for loc, slugs in sections["untranslated"].items()},
            "untranslated_targets": len(sections["untranslated_targets"]),
            "orphaned_translations": len(sections["orphaned_translations"]),
            "stale_translations": sections["staleness"]["stale"],
        })
        if "components" in sections:
            counts["components"] = len(sections["components"])
            counts["clusters"] = len(sections["clusters"])
        if "unlinked_mentions" in sections:
            counts["unlinked_mentions"] = len(sections["unlinked_mentions"])
        counts["encoding_flaws"] = len(sections["encoding_flaws"])
        counts["suppressed"] = suppressed
    return counts


# --- concepts nobody reaches, and concepts that reach nothing -------------

def orphans(corpus: Corpus, nodes, edges) -> list[dict]:
    """Concepts with no inbound ``references`` edge from another node: no
    other entry (and, in site mode, no page) references them. The graph
    already leaves self-references out and holds a disambiguation parent's
    references to its children; ``queries/orphans.rq`` asks the same.
    ``nodes`` and ``edges`` as ``graph.orphans`` takes them."""
    return sorted((_concept_item(corpus, nodes[node]["key"]) for node in orphan_nodes(nodes, edges)), key=_by_slug)


def dead_ends(corpus: Corpus, nodes, edges) -> list[dict]:
    """Concepts with no outbound ``references`` edge to another concept, in
    any locale: a reader who lands there cannot go on to another term.
    References to missing terms lead nowhere, so they do not count."""
    return sorted((_concept_item(corpus, nodes[node]["key"]) for node in dead_end_nodes(nodes, edges)), key=_by_slug)


# --- references that point at nothing ---------------------------------------

def broken_references(corpus: Corpus, where: _Roots | None = None, suggestions: bool = True) -> list[dict]:
    """One item per reference to a glossary slug with no entry anywhere,
    with what the writer probably meant (``add_suggestions``), unless
    ``suggestions`` is false (they are then ``None``, to be added later)."""
    where = where or _Roots(corpus)
    items = []
    for link in corpus.links:
        if link.target_kind != TO_MISSING:
            continue
        items.append({
            "source": _source_slug(corpus, link),
            "locale": link.locale,
            "target": link.looked_for,
            "text": link.text,
            "root": where.root(link.locale, link.file),
            "file": link.file,
            "line": link.line,
            "column": link.column,
            "suggestion": None,
            "suggestion_reason": None,
        })
    if suggestions:
        add_suggestions(corpus, items)
    return sorted(items, key=_by_place)


def add_suggestions(corpus: Corpus, items: list[dict]) -> None:
    """Fill in each broken reference's ``suggestion`` and its reason. The
    report asks only for the items it keeps after cutting floods: a file of
    10,000 broken links would otherwise cost a search of every name for each."""
    suggest = Suggester(corpus)
    for item in items:
        found = suggest(item["target"], item["locale"])
        item["suggestion"] = found.slug if found else None
        item["suggestion_reason"] = found.reason if found else None


# --- places to add a link ------------------------------------------------------

def unlinked_mentions(corpus: Corpus, mentions: list, orphan_slugs: set[str]) -> list[dict]:
    """One item per unlinked mention (mentions.py), by place; ``orphan``
    says whether the concept mentioned is an orphan (linking it there would
    give it its first referrer)."""
    items = []
    for m in mentions:
        target = corpus.concepts[m.target].slug
        source = m.source_slug if m.source_kind == PAGE else corpus.concepts[m.source].slug
        items.append({
            "target": target, "source": source, "locale": m.locale, "root": m.root, "file": m.file,
            "line": m.line, "column": m.column, "text": m.text, "confidence": m.confidence,
            "why_low": m.why_low or None, "name": m.name, "name_kind": m.name_kind,
            "linked_in": m.linked_in, "mentioned_in": m.mentioned_in, "orphan": target in orphan_slugs,
        })
    return items  # find_mentions sorts them by place


# --- translations -------------------------------------------------------------

def untranslated(corpus: Corpus) -> dict[str, list[str]]:
    """For each loaded locale but en-US: en-US concepts with no entry in it."""
    english = [c for c in corpus.concepts.values() if EN in c.entries]
    return {
        loc: sorted((c.slug for c in english if loc not in c.entries), key=_slug_order)
        for loc in corpus.locales if loc != EN
    }


def untranslated_targets(corpus: Corpus, where: _Roots | None = None) -> list[dict]:
    """References in a translation that MDN sends to the English page,
    because the target has no entry in the translation's locale."""
    where = where or _Roots(corpus)
    items = []
    for link in corpus.links:
        if not (link.fallback and link.target_kind == TO_CONCEPT):
            continue
        items.append({
            "source": _source_slug(corpus, link),
            "locale": link.locale,
            "target": corpus.concepts[link.target].slug,
            "text": link.text,
            "root": where.root(link.locale, link.file),
            "file": link.file,
            "line": link.line,
            "column": link.column,
        })
    return sorted(items, key=_by_place)


def orphaned_translations(corpus: Corpus) -> list[dict]:
    """Translated entries whose en-US source cannot be found (by slug, by
    ``translation_of`` or through en-US redirects): one item per entry."""
    items = []
    for concept in corpus.concepts.values():
        if not concept.orphaned_translation:
            continue
        for loc, entry in concept.entries.items():
            if loc == EN:
                continue
            items.append({
                "slug": entry.slug,
                "title": entry.title,
                "locale": loc,
                "root": entry.source,
                "file": entry.file,
                "translation_of": entry.translation_of,
            })
    return sorted(items, key=lambda i: (_slug_order(i["slug"]), i["locale"]))


def stale_sections(corpus: Corpus) -> dict:
    """The ``staleness`` and ``stale_translations`` sections: which
    translations lag behind their English file's git history
    (staleness.py, docs/translations.md), or why that could not be told.

    ``staleness`` is ``{"determined", "reason", "stale", "unknown",
    "fresh"}`` (the counts null when not determined); ``stale_translations``
    one item per stale or unknown translation, or null when not determined,
    so that "not known" never reads as "none". Without a ``.git`` above the
    en-US SOURCE this costs a few ``stat`` calls: staleness.py (git,
    subprocess) is not imported."""
    from .gitdir import NOT_IN_WORK_TREE, in_work_tree

    roots = {c.entries[EN].source for c in corpus.concepts.values() if EN in c.entries and len(c.entries) > 1}
    if not roots:  # no translation: nothing to judge, and no git needed to say so
        return _stale_sections(True, "", [], 0)
    if not in_work_tree(roots):
        return _stale_sections(False, NOT_IN_WORK_TREE, [], 0)
    from .staleness import judge_corpus

    judged = judge_corpus(corpus)
    rows = [_stale_row(corpus, record) for record in judged.records]
    rows.sort(key=lambda i: (i["locale"], *_slug_order(i["slug"]), i["file"]))
    return _stale_sections(judged.determined, judged.reason, rows, judged.fresh)


def _stale_sections(determined: bool, reason: str, rows: list[dict], fresh: int) -> dict:
    def count(status: str) -> int | None:
        return sum(1 for row in rows if row["status"] == status) if determined else None

    return {
        "staleness": {"determined": determined, "reason": reason, "stale": count("stale"),
                      "unknown": count("unknown"), "fresh": fresh if determined else None},
        "stale_translations": rows if determined else None,
    }


def _stale_row(corpus: Corpus, record) -> dict:
    """A ``staleness.StaleTranslation`` as the report lists it, with the
    SOURCE of each file (the record only has the path inside it)."""
    concept = corpus.concepts[record.slug.lower()]
    entry, english = concept.entries[record.locale], concept.entries[EN]
    return {
        "locale": record.locale,
        "slug": record.slug,
        "title": entry.title,
        "root": entry.source,
        "file": record.file,
        "english_root": english.source,
        "english_file": record.english_file,
        "source_commit": record.source_commit,
        "commits_behind": record.commits_behind,
        "last_english_change": record.last_english_change,
        "last_english_commit": record.last_english_commit,
        "status": record.status,
        "reason": record.reason,
    }


# --- renamed terms ------------------------------------------------------------

def glossary_redirects(corpus: Corpus) -> list[dict]:
    """Every redirect from a glossary slug that leads, following chains as
    MDN does (the locale's redirects, then en-US's), to a concept: one item
    ``{"locale", "from", "to"}`` per redirect line, ``from`` the lower-case
    slug as the table keys it, ``to`` the concept's display slug. A redirect
    whose source is itself an entry in its locale is left out: MDN serves
    the entry, so the redirect never acts. ``gloss-graph diff`` reads this
    to tell a renamed term from a removed one."""
    from .resolve import resolver_for

    resolver = resolver_for(corpus)
    items = []
    for loc, table in corpus.redirects.items():
        for source in table:
            # Compared, not startswith(): twice as fast over 17,000 keys a table.
            if not "glossary/" <= source < "glossary0" or (loc, source) in resolver.concept_of:
                continue
            kind, key, _, _ = resolver.locate(loc, source)
            if kind == TO_CONCEPT:
                items.append({"locale": loc, "from": source, "to": corpus.concepts[key].slug})
    return sorted(items, key=lambda i: (_locale_order(i["locale"]), i["from"]))


# --- the shape of the graph ---------------------------------------------------

@dataclass
class ConceptLinks:
    """The glossary's own web of references: concepts, and the
    ``references`` edges between two of them (one per pair, ``count``
    summed over locales). Pages, tags, missing terms and ``broader`` edges
    are left out. Both dicts are in sorted order."""

    nodes: dict[str, dict]  # concept node id -> {"slug", "title"}
    counts: dict[tuple[str, str], int]  # (from, to) -> references

    @cached_property
    def successors(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {n: [] for n in self.nodes}
        for u, v in self.counts:
            out[u].append(v)
        return out

    @cached_property
    def predecessors(self) -> dict[str, list[str]]:
        into: dict[str, list[str]] = {n: [] for n in self.nodes}
        for u, v in self.counts:
            into[v].append(u)
        return into


def concept_links(graph) -> ConceptLinks:
    data = as_data(graph)
    nodes = {node: {"slug": attrs["slug"], "title": _title(attrs["labels"])}
             for node, attrs in sorted(data.nodes.items()) if attrs["kind"] == "concept"}
    counts = {(u, v): attrs.get("count", 1) for (u, v, k), attrs in sorted(data.edges.items())
              if k == REFERENCES and u != v and u in nodes and v in nodes}
    return ConceptLinks(nodes, counts)


def components(concepts: ConceptLinks) -> list[dict]:
    """Weakly connected components, largest first (ties by first member).
    Members are listed for components of up to COMPONENT_MEMBERS_MAX
    concepts: the small islands are what an editor wants to connect; the
    main component's members would be most of the glossary."""
    neighbours = {n: concepts.successors[n] + concepts.predecessors[n] for n in concepts.nodes}
    seen: set[str] = set()
    found = []
    for start in concepts.nodes:
        if start in seen:
            continue
        seen.add(start)
        todo, group = [start], []
        while todo:
            node = todo.pop()
            group.append(concepts.nodes[node]["slug"])
            for other in neighbours[node]:
                if other not in seen:
                    seen.add(other)
                    todo.append(other)
        members = sorted(group, key=_slug_order)
        found.append((len(members), members))
    found.sort(key=lambda item: (-item[0], _slug_order(item[1][0])))
    return [{"size": size, "members": members if size <= COMPONENT_MEMBERS_MAX else None}
            for size, members in found]


def topic_clusters(nodes, found) -> list[dict]:
    """The topic clusters (clusters.py), largest first: each named after its
    most central concept, its members by slug, its hubs (most central
    first) and the other clusters it shares references with (most first).
    ``nodes``: the graph's nodes; ``found``: a clusters.Clusters."""
    def term(node: str) -> dict:
        return {"slug": nodes[node]["slug"], "title": _title(nodes[node]["labels"])}

    by_number = {c.number: c for c in found.clusters}
    return [{
        "name": c.name,
        "slug": c.slug,
        "size": len(c.members),
        "members": sorted((nodes[n]["slug"] for n in c.members), key=_slug_order),
        "hubs": [term(n) for n in c.hubs],
        "links": [{"cluster": by_number[other].name, "slug": by_number[other].slug, "references": count}
                  for other, count in c.links.items()],
    } for c in found.clusters]


def hubs(concepts: ConceptLinks) -> dict:
    """Top concepts by inbound references (distinct referring concepts, then
    total references) and by PageRank over the concept graph, which rewards
    being referenced by terms that are themselves referenced."""
    inbound = [
        {
            "slug": attrs["slug"],
            "title": attrs["title"],
            "referrers": len(concepts.predecessors[n]),
            "references": sum(concepts.counts[(u, n)] for u in concepts.predecessors[n]),
        }
        for n, attrs in concepts.nodes.items() if concepts.predecessors[n]
    ]
    inbound.sort(key=lambda i: (-i["referrers"], -i["references"], _slug_order(i["slug"])))
    ranks = pagerank(concepts.successors)
    ranked = [
        {"slug": concepts.nodes[n]["slug"], "title": concepts.nodes[n]["title"],
         "pagerank": round(score, PAGERANK_DIGITS)}
        for n, score in ranks.items()
    ]
    ranked.sort(key=lambda i: (-i["pagerank"], _slug_order(i["slug"])))
    return {"by_inbound": inbound[:HUBS], "by_pagerank": ranked[:HUBS]}


def pagerank(successors: dict[str, list[str]], alpha: float = 0.85, max_iter: int = 100,
             tol: float = 1.0e-6) -> dict:
    """PageRank by power iteration, unweighted, over ``successors`` (node ->
    the nodes it links to), as networkx's ``pagerank`` computes it (dangling
    nodes spread evenly, stop when the change summed over nodes is below
    ``len(graph) * tol``; equal to its result to 12 digits on MDN). Written
    out here because networkx's runs on scipy, whose import alone costs more
    than the whole computation on a glossary."""
    nodes = list(successors)
    if not nodes:
        return {}
    share = 1.0 / len(nodes)
    dangling = [n for n in nodes if not successors[n]]
    rank = dict.fromkeys(nodes, share)
    for _ in range(max_iter):
        last = rank
        spread = alpha * sum(last[n] for n in dangling) * share + (1.0 - alpha) * share
        rank = dict.fromkeys(nodes, spread)
        for node in nodes:
            targets = successors[node]
            if targets:
                give = alpha * last[node] / len(targets)
                for target in targets:
                    rank[target] += give
        if sum(abs(rank[n] - last[n]) for n in nodes) < len(nodes) * tol:
            return rank
    raise ValueError(f"PageRank did not converge in {max_iter} iterations")


def concept_list(corpus: Corpus, nodes, edges) -> list[dict]:
    """Every concept, by slug: where its en-US (else first) entry is, its
    locales, how many other concepts reference it and, in site mode, how
    many loaded pages do (0 without site pages). Scripts and ``findings``
    look concepts up here."""
    referrers: Counter = Counter(
        v for u, v, k in edges if k == REFERENCES and u != v and nodes[u]["kind"] == "concept"
        and nodes[v]["kind"] == "concept")
    items = []
    for node, attrs in nodes.items():
        if attrs["kind"] == "concept":
            item = _concept_item(corpus, attrs["key"])
            item["referrers"] = referrers[node]
            item["pages"] = attrs["page_refs"]
            items.append(item)
    return sorted(items, key=_by_slug)


# --- what could not be read well ----------------------------------------------

def encoding_flaws(corpus: Corpus) -> list[dict]:
    """Lines that look like mojibake: the suspect lines found while reading, as ftfy judges them."""
    items = [
        {"slug": entry.slug, "locale": loc, "root": entry.source, "file": entry.file,
         "line": line, "snippet": snippet}
        for concept in corpus.concepts.values()
        for loc, entry in concept.entries.items()
        for line, snippet in mojibake(entry.suspect_lines)
    ]
    items += [
        {"slug": entry.slug, "locale": loc, "root": entry.source, "file": entry.file,
         "line": line, "snippet": snippet}
        for loc, entry in corpus.schemes.items()
        for line, snippet in mojibake(entry.suspect_lines)
    ]
    return sorted(items, key=_by_place)


# --- floods ------------------------------------------------------------------------

# The sections listed by file, and what counts as one kind in each: the
# problem's kind (flood.kind) for errors and warnings, the section itself
# for the others.
FLOODABLE = ("broken_references", "untranslated_targets", "encoding_flaws", "errors", "warnings")


def cut_floods(sections: dict) -> list[dict]:
    """Keep at most ``flood.LISTED`` items of one kind per file in each
    section of ``FLOODABLE`` (the first, in the section's order), so that a
    hostile tree cannot make the report huge; return what was cut, one
    item per (section, file, kind): ``{"section", "root", "file", "kind",
    "count", "listed"}``, ``kind`` "" where the section is one kind,
    ``count`` how many there were in all."""
    omitted = []
    for name in FLOODABLE:
        key = _problem_key if name in ("errors", "warnings") else _file_key
        sections[name], cut = flood.limit(sections[name], key, flood.LISTED)
        omitted += [{"section": name, "root": root, "file": file, "kind": kind, "count": count,
                     "listed": flood.LISTED} for (root, file, kind), count in cut.items()]
    return sorted(omitted, key=lambda i: (i["root"], i["file"], FLOODABLE.index(i["section"]), i["kind"]))


def _file_key(item: dict) -> tuple[str, str, str]:
    return (item["root"], item["file"], "")


def _problem_key(item: dict) -> tuple[str, str, str]:
    return (item["root"], item["file"], flood.kind(item["reason"]))


def problems(corpus: Corpus, severity: str) -> list[dict]:
    items = [
        {"root": p.source, "file": p.file, "line": p.line, "reason": p.reason}
        for p in corpus.problems if p.severity == severity
    ]
    return sorted(items, key=lambda i: (i["root"], i["file"], i["line"] or 0, i["reason"]))


# --- writing --------------------------------------------------------------------

def to_json(report: dict) -> str:
    """report.json's text: two-space indents, keys in the report's order,
    characters as they are. msgspec writes it ten times as fast as the
    json module, whose indenting encoder is pure Python (35 ms on MDN 2026);
    the bytes are the same but for a float under 1e-4, which msgspec writes
    as 0.00001 where json writes 1e-05 (the same number either way)."""
    import msgspec

    try:
        return msgspec.json.format(msgspec.json.encode(report), indent=2).decode("utf-8") + "\n"
    except (TypeError, ValueError, msgspec.EncodeError):  # a value msgspec refuses: the json module's way
        return json.dumps(report, ensure_ascii=False, indent=2, sort_keys=False) + "\n"


def write_reports(report: dict, output: str | Path) -> dict[str, Path]:
    """Write ``report.json`` and ``report.md`` into ``output``, atomically."""
    from .report_markdown import to_markdown

    output = Path(output)
    return {
        "report.json": write_atomic(output / "report.json", to_json(report)),
        "report.md": write_atomic(output / "report.md", to_markdown(report)),
    }


# --- helpers ----------------------------------------------------------------------

class _Roots:
    """The SOURCE root a (locale, file) came from, as the user gave it. A
    Link only knows its file relative to that root; the documents know
    their root. With one SOURCE the answer is always that SOURCE."""

    def __init__(self, corpus: Corpus):
        self.sources = list(corpus.sources)
        self.known: dict[tuple[str, str], str] = {}
        docs: list[Entry] = [e for c in corpus.concepts.values() for e in c.entries.values()]
        docs += list(corpus.pages.values()) + list(corpus.schemes.values())
        for doc in docs:
            self.known[(doc.locale, doc.file)] = doc.source

    def root(self, locale: str, file: str) -> str:
        found = self.known.get((locale, file))
        if found is not None:
            return found
        # A site page of a second locale with a slug already loaded is not
        # kept in Corpus.pages; find the SOURCE that holds its file.
        for source in self.sources:
            if (Path(source) / file).is_file():
                return source
        return self.sources[0] if len(self.sources) == 1 else ""


def _source_slug(corpus: Corpus, link: Link) -> str:
    if link.source_kind == PAGE:
        page = corpus.pages.get(link.source_key)
        return page.slug if page is not None else link.source_key
    concept = corpus.concepts.get(link.source_key)
    return concept.slug if concept is not None else link.source_key


def _concept_item(corpus: Corpus, key: str) -> dict:
    """A concept as the report lists it: its display slug, title, locales,
    and the file of its en-US entry (else its first locale's)."""
    concept = corpus.concepts[key]
    locales = sorted(concept.entries, key=_locale_order)
    entry = concept.entries[locales[0]]
    return {"slug": concept.slug, "title": entry.title, "locales": locales,
            "root": entry.source, "file": entry.file}


def _title(labels: dict) -> str:
    if EN in labels:
        return labels[EN]
    return labels[min(labels, key=_locale_order)] if labels else ""


def _locale_order(loc: str) -> tuple:
    return (loc != EN, loc)


def _slug_order(slug: str) -> tuple:
    return (slug.lower(), slug)


def _by_slug(item: dict) -> tuple:
    return _slug_order(item["slug"])


def _by_place(item: dict) -> tuple:
    return (item["root"], item["file"], item["line"], item.get("column", 0), item.get("target", ""),
            item.get("snippet", ""))
