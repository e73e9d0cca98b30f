"""The link-health report (report.json, report.md) on the sample glossary,
on small trees written for one rule each, and on real MDN data.

Expected lists for content/ are written out by hand from content/README.md
(section 9) and from reading the files; where the README gives positions,
the test also reads the file to see the reference there.
"""
from __future__ import annotations

import json
from importlib.resources import files as package_files
from pathlib import Path

import jsonschema
import pytest
from markdown_it import MarkdownIt

import gloss_graph
from gloss_graph import report
from gloss_graph.graph import orphans as graph_orphans
from gloss_graph.report_markdown import LIMIT, escape, to_markdown

from conftest import CONTENT, ROOT, need_shared

GLOSSARY_ONLY = [str(CONTENT / "files" / loc / "glossary") for loc in ("en-us", "fr", "ja", "zh-cn")]

# content/README.md section 1: the 41 en-US entries.
EN_ENTRIES = """Accessibility API ARIA Attribute Bandwidth Boolean Boolean/HTML
Boolean/JavaScript Browser Cache Cookie CORS CSS DNS DOM Domain_name Element Function HTML
HTTP HTTPS Hypertext IP_address JavaScript JSON Latency Markdown Method MIME_type Object
Origin Packet Property Protocol Round_Trip_Time_(RTT) Server SSL SVG TCP TLS URL""".split()
# Section 2 and the joins of section 9: which en-US terms each locale has.
TRANSLATED = {
    "fr": {"API", "CSS", "DNS", "HTML", "HTTP", "JavaScript", "JSON", "Latency", "URL",
           "Cookie",  # fr/glossary/cookie_http, joined through translation_of
           "Browser"},  # fr/glossary/web_browser, joined through the en-US redirect
    "ja": {"API", "CSS", "HTML", "HTTP", "JavaScript", "URL"},
    "zh-CN": {"API", "HTML"},
}


def g(*terms: str) -> list[str]:
    return ["Glossary/" + t for t in terms]


def slug_sorted(slugs) -> list[str]:
    return sorted(slugs, key=lambda s: (s.lower(), s))


def make_report(sources):
    corpus = gloss_graph.load(sources)
    return report.health_report(corpus, gloss_graph.build_graph(corpus))


def text_at(path: Path, line: int, column: int) -> str:
    """The file's text from a 1-based line and column (code points)."""
    return path.read_text(encoding="utf-8").split("\n")[line - 1][column - 1 :]


@pytest.fixture(scope="module")
def site(content_corpus):
    return report.health_report(content_corpus, gloss_graph.build_graph(content_corpus))


@pytest.fixture(scope="module")
def glossary_only():
    return make_report(GLOSSARY_ONLY)


@pytest.fixture(scope="module")
def schema():
    data = json.loads(package_files("gloss_graph").joinpath("schema/report.schema.json").read_text("utf-8"))
    jsonschema.Draft202012Validator.check_schema(data)
    return jsonschema.Draft202012Validator(data)


# --- content/: the deliberate flaws of README section 9 -----------------------

def test_orphans_glossary_only(glossary_only):
    # Bandwidth only cites itself; Packet is named only in code and comments;
    # MIME_type only by a site page, not loaded here; Minitel (fr only) by nobody.
    assert [o["slug"] for o in glossary_only["orphans"]] == g("Bandwidth", "MIME_type", "Minitel", "Packet")
    assert glossary_only["summary"]["orphans"] == 4


def test_orphans_site_mode_count_pages(site):
    assert [o["slug"] for o in site["orphans"]] == g("Bandwidth", "Minitel", "Packet")
    mime = next(c for c in site["concepts"] if c["slug"] == "Glossary/MIME_type")
    assert (mime["referrers"], mime["pages"]) == (0, 1)  # files/en-us/web/http/index.md 9:168
    assert site["summary"]["pages"] == 3


def test_orphan_items_name_title_locales_and_file(glossary_only):
    minitel = next(o for o in glossary_only["orphans"] if o["slug"] == "Glossary/Minitel")
    assert minitel == {"slug": "Glossary/Minitel", "title": "Minitel", "locales": ["fr"],
                       "root": GLOSSARY_ONLY[1], "file": "minitel/index.md"}


def test_boolean_children_are_reached_through_the_disambiguation(site):
    # Boolean/JavaScript is referenced only by {{GlossaryDisambiguation}}.
    slugs = {o["slug"] for o in site["orphans"]} | {d["slug"] for d in site["dead_ends"]}
    assert not slugs & set(g("Boolean", "Boolean/HTML", "Boolean/JavaScript"))


def test_dead_ends(site, glossary_only):
    # JSON (and its French entry) link only to external sites; every other
    # entry, Minitel included ({{Glossary("HTTP")}}), cites a term.
    assert [d["slug"] for d in site["dead_ends"]] == g("JSON")
    assert [d["slug"] for d in glossary_only["dead_ends"]] == g("JSON")
    assert site["dead_ends"][0]["locales"] == ["en-US", "fr"]


def test_untranslated(site):
    expected = {loc: slug_sorted(g(*(t for t in EN_ENTRIES if t not in have)))
                for loc, have in TRANSLATED.items()}
    assert site["untranslated"] == expected
    # the counts the README states, as a check on the lists above
    assert {loc: len(v) for loc, v in site["untranslated"].items()} == {"fr": 30, "ja": 35, "zh-CN": 39}
    assert site["summary"]["untranslated"] == {"fr": 30, "ja": 35, "zh-CN": 39}


def test_orphaned_translations(glossary_only, site):
    assert glossary_only["orphaned_translations"] == [{
        "slug": "Glossary/Minitel", "title": "Minitel", "locale": "fr",
        "root": GLOSSARY_ONLY[1], "file": "minitel/index.md", "translation_of": None,
    }]
    assert [(o["slug"], o["file"]) for o in site["orphaned_translations"]] == [
        ("Glossary/Minitel", "files/fr/glossary/minitel/index.md")]


def test_broken_references_at_their_place(site):
    expected = [
        ("files/en-us/glossary/browser/index.md", 12, 161, "Glossary/Browser", "Glossary/Nonexistent_term",
         "a page still to be written", "[a page still to be written](/en-US/docs/Glossary/Nonexistent_term)"),
        ("files/en-us/glossary/hypertext/index.md", 11, 224, "Glossary/Hypertext", "Glossary/Hyperlink",
         "hyperlink", '{{Glossary("Hyperlink", "hyperlink")}}'),
    ]
    got = site["broken_references"]
    assert [(b["file"], b["line"], b["column"], b["source"], b["target"], b["text"]) for b in got] == \
        [e[:6] for e in expected]
    for item, written in zip(got, (e[6] for e in expected)):
        assert item["root"] == str(CONTENT) and item["locale"] == "en-US"
        assert text_at(Path(item["root"], item["file"]), item["line"], item["column"]).startswith(written)
    assert site["summary"]["broken_references"] == 2


def test_fallbacks_are_the_26_of_the_readme(site):
    expected = [
        ("fr/glossary/api", 14, 104), ("fr/glossary/api", 14, 154), ("fr/glossary/css", 13, 72),
        ("fr/glossary/dns", 11, 120), ("fr/glossary/dns", 11, 189), ("fr/glossary/dns", 13, 104),
        ("fr/glossary/html", 11, 222), ("fr/glossary/http", 12, 64), ("fr/glossary/http", 12, 135),
        ("fr/glossary/http", 14, 93), ("fr/glossary/http", 14, 130), ("fr/glossary/http", 14, 162),
        ("fr/glossary/javascript", 13, 48), ("fr/glossary/latency", 13, 25), ("fr/glossary/url", 11, 249),
        ("ja/glossary/api", 10, 9), ("ja/glossary/css", 10, 31), ("ja/glossary/html", 8, 88),
        ("ja/glossary/http", 8, 42), ("ja/glossary/http", 8, 75), ("ja/glossary/http", 10, 54),
        ("ja/glossary/javascript", 8, 37), ("ja/glossary/javascript", 10, 8), ("ja/glossary/url", 8, 105),
        ("zh-cn/glossary/api", 10, 21), ("zh-cn/glossary/html", 10, 7),
    ]
    got = [(t["file"], t["line"], t["column"]) for t in site["untranslated_targets"]]
    assert got == [(f"files/{f}/index.md", line, col) for f, line, col in expected]
    first = site["untranslated_targets"][0]
    assert (first["source"], first["locale"], first["target"]) == ("Glossary/API", "fr", "Glossary/Method")


def test_encoding_flaws(site):
    got = [(e["file"], e["line"]) for e in site["encoding_flaws"]]
    assert got == [("files/en-us/glossary/api/index.md", 10), ("files/en-us/glossary/cache/index.md", 11)]
    lines = [(CONTENT / f).read_text(encoding="utf-8").split("\n")[n - 1] for f, n in got]
    assert "\u00e2\u20ac\u201d" in lines[0] and "\u00c3\u00a9" in lines[1]  # â€” and Ã©


def test_one_component_holds_the_whole_sample(site):
    # Every concept reaches the rest: Packet cites TCP, Minitel cites HTTP.
    assert site["components"] == [{"size": 42, "members": None}]


def test_summary_counts_match_sections(site):
    s = site["summary"]
    for key in ("orphans", "dead_ends", "untranslated_targets", "orphaned_translations",
                "components", "encoding_flaws", "broken_references"):
        assert s[key] == len(site[key]), key
    assert s["concepts"] == len(site["concepts"]) == 42
    assert s["errors"] == len(site["errors"]) == 0


# --- one rule at a time, on small trees -----------------------------------------

def entry(root: Path, slug: str, body: str, locale: str = "en-us", title: str | None = None) -> Path:
    path = root / "files" / locale / "glossary" / slug.lower() / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title or slug}\nslug: Glossary/{slug}\n---\n\n{body}\n", encoding="utf-8")
    return path


def ref(*terms: str) -> str:
    return " ".join(f'{{{{Glossary("{t}")}}}}' for t in terms)


def test_self_reference_does_not_save_an_orphan(tmp_path):
    entry(tmp_path, "Alpha", f"Alpha is {ref('Alpha')} and uses {ref('Beta')}.")
    entry(tmp_path, "Beta", f"Beta is {ref('Beta')}.")
    r = make_report([str(tmp_path)])
    assert [o["slug"] for o in r["orphans"]] == g("Alpha")
    # Beta cites only itself: a dead end too.
    assert [d["slug"] for d in r["dead_ends"]] == g("Beta")


def test_orphans_agree_with_the_graph(tmp_path):
    entry(tmp_path, "Alpha", ref("Beta"))
    entry(tmp_path, "Beta", ref("Alpha", "Gamma"))
    entry(tmp_path, "Gamma", "nothing")
    entry(tmp_path, "Delta", ref("Delta"))
    corpus = gloss_graph.load([str(tmp_path)])
    graph = gloss_graph.build_graph(corpus)
    r = report.health_report(corpus, graph)
    from_graph = sorted(graph.nodes[n]["slug"] for n in graph_orphans(graph.nodes, graph.edges(keys=True)))
    assert [o["slug"] for o in r["orphans"]] == from_graph == g("Delta")


@pytest.mark.parametrize("sources", [["content"], GLOSSARY_ONLY], ids=["site", "glossary-only"])
def test_orphans_agree_with_the_named_sparql_query(tmp_path, sources, monkeypatch):
    # queries/orphans.rq asks the exported Turtle the same question.
    query = pytest.importorskip("gloss_graph.query", reason="the query command is not in this checkout")
    monkeypatch.chdir(ROOT)
    result = gloss_graph.build(sources, tmp_path)
    rows = query.rows(query.run_named(query.load(tmp_path / "glossary.ttl"), "orphans"))
    assert slug_sorted(r["slug"] for r in rows) == [o["slug"] for o in result.report["orphans"]]


def test_a_reference_to_a_missing_term_leads_nowhere(tmp_path):
    entry(tmp_path, "Alpha", ref("Beta", "Nowhere"))
    entry(tmp_path, "Beta", ref("Nowhere"))
    r = make_report([str(tmp_path)])
    assert [d["slug"] for d in r["dead_ends"]] == g("Beta")
    assert [(b["source"], b["target"]) for b in r["broken_references"]] == [
        ("Glossary/Alpha", "Glossary/Nowhere"), ("Glossary/Beta", "Glossary/Nowhere")]


def test_suggestions(tmp_path):
    entry(tmp_path, "Protocol", "A protocol.")
    entry(tmp_path, "Alpha", f"{ref('Protocl')} {ref('Protocol#details')} {ref('Zebra_crossing')}")
    r = make_report([str(tmp_path)])
    got = {b["target"]: b["suggestion"] for b in r["broken_references"]}
    assert got == {
        "Glossary/Protocl": "Glossary/Protocol",  # one letter off
        "Glossary/Zebra_crossing": None,  # nothing close
    }
    # A fragment points into an existing entry, as MDN's macro renders it: not broken.
    assert r["summary"]["broken_references"] == 2


def test_components_list_members_of_small_ones_only(tmp_path):
    chain = [f"Chain{i:02d}" for i in range(report.COMPONENT_MEMBERS_MAX + 1)]
    for here, there in zip(chain, chain[1:] + [chain[0]]):
        entry(tmp_path, here, ref(there))
    entry(tmp_path, "Pair_b", ref("Pair_a"))
    entry(tmp_path, "Pair_a", "alone")
    entry(tmp_path, "Island", "alone")
    r = make_report([str(tmp_path)])
    assert r["components"] == [
        {"size": 11, "members": None},
        {"size": 2, "members": g("Pair_a", "Pair_b")},
        {"size": 1, "members": g("Island")},
    ]


def test_hubs_rank_by_referrers_and_pagerank_with_ties_by_slug(tmp_path):
    # A star: B, C, D each cite A (B twice); A cites B. Inbound: A 3, B 1.
    entry(tmp_path, "A", ref("B"))
    entry(tmp_path, "B", ref("A", "A"))
    entry(tmp_path, "C", ref("A"))
    entry(tmp_path, "D", ref("A"))
    r = make_report([str(tmp_path)])
    inbound = [(h["slug"], h["referrers"], h["references"]) for h in r["hubs"]["by_inbound"]]
    assert inbound == [("Glossary/A", 3, 4), ("Glossary/B", 1, 1)]
    ranked = r["hubs"]["by_pagerank"]
    assert [h["slug"] for h in ranked] == g("A", "B", "C", "D")  # C and D tie: by slug
    assert ranked[2]["pagerank"] == ranked[3]["pagerank"]
    assert abs(sum(h["pagerank"] for h in ranked) - 1) < 1e-5
    assert all(round(h["pagerank"], report.PAGERANK_DIGITS) == h["pagerank"] for h in ranked)


def test_untranslated_is_empty_without_translations(tmp_path):
    entry(tmp_path, "Alpha", ref("Alpha"))
    r = make_report([str(tmp_path)])
    assert r["untranslated"] == {} and r["summary"]["untranslated"] == {}


# --- real MDN ------------------------------------------------------------------------

@pytest.mark.shared
def test_mdn_2026_broken_references_with_their_place(mdn_2026):
    r = report.health_report(mdn_2026, gloss_graph.build_graph(mdn_2026))
    root = need_shared("2026", "files")
    english = {(b["source"], b["target"].lower()): b for b in r["broken_references"] if b["locale"] == "en-US"}
    # Targets compare case-insensitively, as MDN's slugs do: RTP writes
    # {{Glossary("IP")}}, so it looks for Glossary/IP, whose key is glossary/ip.
    for source, target, written in [
        ("Glossary/Mixin", "glossary/interface", '{{glossary("interface")}}'),
        ("Glossary/WebIDL", "glossary/interface", "{{glossary("),
        ("Glossary/RTP", "glossary/ip", '{{glossary("ip")}}'),
        ("Glossary/WebAssembly", "glossary/binary", "{{glossary("),
    ]:
        item = english[(source, target)]
        assert item["root"] == str(root)
        assert item["file"] == f"en-us/{source.lower()}/index.md"
        shown = text_at(root / item["file"], item["line"], item["column"])
        # the macro's name and the term are compared without case (RTP
        # writes {{glossary("IP")}}), the place exactly
        assert shown.lower().startswith(written), (source, shown[:60])
        term = shown[len("{{Glossary("):].split(")", 1)[0].split(",")[0].strip("\"' ")
        assert ("glossary/" + term.replace(" ", "_")).lower() == target
    assert r["summary"]["broken_references"] == len(r["broken_references"])


@pytest.mark.shared
def test_mdn_2026_report_validates(mdn_2026, schema):
    r = report.health_report(mdn_2026, gloss_graph.build_graph(mdn_2026))
    schema.validate(json.loads(report.to_json(r)))
    # the German seed of mojibake: de/glossary/unicode
    assert any(e["locale"] == "de" for e in r["encoding_flaws"])


# --- report.json: schema, determinism, sorting ---------------------------------------

def test_report_json_from_build_validates_against_schema(tmp_path, schema):
    result = gloss_graph.build([str(CONTENT)], tmp_path / "out")
    data = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    schema.validate(data)
    assert data == json.loads(report.to_json(result.report))
    assert result.outputs["report.md"] == tmp_path / "out" / "report.md"


def test_schema_rejects_what_the_report_must_not_be(site, schema):
    good = json.loads(report.to_json(site))
    for broken in (
        {k: v for k, v in good.items() if k != "orphans"},
        {**good, "schema_version": 2},
        {**good, "broken_references": [{**good["broken_references"][0], "line": 0}]},
        {**good, "summary": {**good["summary"], "surprise": 1}},
    ):
        with pytest.raises(jsonschema.ValidationError):
            schema.validate(broken)


def test_report_with_unreadable_files_validates(tmp_path, schema):
    entry(tmp_path, "Alpha", ref("Beta"))
    bad = tmp_path / "files" / "en-us" / "glossary" / "nofront" / "index.md"
    bad.parent.mkdir(parents=True)
    bad.write_text("no front matter here\n", encoding="utf-8")
    r = make_report([str(tmp_path)])
    schema.validate(json.loads(report.to_json(r)))
    assert r["errors"] == [{"root": str(tmp_path), "file": "files/en-us/glossary/nofront/index.md", "line": 1,
                            "reason": "has no front matter (expected a '---' line first)"}]
    assert r["summary"]["errors"] == 1


def test_reports_are_byte_identical_between_runs(tmp_path):
    first = report.write_reports(make_report([str(CONTENT)]), tmp_path / "a")
    second = report.write_reports(make_report([str(CONTENT)]), tmp_path / "b")
    assert sorted(first) == ["report.json", "report.md"]
    for name in first:
        assert first[name].read_bytes() == second[name].read_bytes(), name


def test_lists_are_sorted(site):
    def place(i):
        return (i["root"], i["file"], i["line"], i.get("column", 0))
    for key in ("broken_references", "untranslated_targets", "encoding_flaws"):
        assert site[key] == sorted(site[key], key=place), key
    for key in ("orphans", "dead_ends", "concepts"):
        slugs = [i["slug"] for i in site[key]]
        assert slugs == slug_sorted(slugs), key
    assert "/work" not in json.dumps(make_report(["content"]))  # relative SOURCE, relative paths


# --- report.md ---------------------------------------------------------------------------

def render(markdown: str) -> str:
    return MarkdownIt("commonmark", {"html": True}).enable("table").render(markdown)


def test_markdown_has_every_section_and_the_summary(site):
    md = to_markdown(site)
    for heading in ("## Summary", "## Broken references (2)", "## Orphans (3)", "## Dead ends (1)",
                    "## Untranslated (104)", "## References that fall back to en-US (26)",
                    "## Orphaned translations (1)", "## Components (1)", "## Hubs",
                    "## Site pages referencing each term (42)", "## Encoding flaws (2)"):
        assert f"\n{heading}\n" in md, heading
    html = render(md)
    assert "<td>orphans</td>\n<td>3</td>" in html
    assert "Glossary/Nonexistent\\_term" in md


def test_markdown_cuts_long_lists(tmp_path):
    for i in range(LIMIT + 7):
        entry(tmp_path, f"Term{i:03d}", "alone")
    md = to_markdown(make_report([str(tmp_path)]))
    orphans = md.split("## Orphans")[1].split("\n## ")[0]
    assert orphans.count("| Glossary/Term") == LIMIT
    assert "... and 7 more (all are in report.json)." in orphans


def test_markdown_escapes_content(tmp_path):
    entry(tmp_path, "Evil", f"{ref('Alpha')}", title="'<script>alert(1)</script> [x](javascript:alert(1)) | *b*'")
    entry(tmp_path, "Alpha", '{{Glossary("Missing", "<img src=x onerror=alert(1)>")}}')
    md = to_markdown(make_report([str(tmp_path)]))
    html = render(md)
    for tag in ("<script", "<img", "<a ", "<em>"):
        assert tag not in html, tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # shown as text, not dropped


def test_escape_keeps_text_and_drops_controls():
    assert escape("a|b *c* <d>") == "a\\|b \\*c\\* \\<d\\>"
    assert escape("line\nbreak\x1b[31m") == "line break\ufffd\\[31m"
    assert render(escape("[x](http://e.org) _y_ `z`")).strip() == "<p>[x](http://e.org) _y_ `z`</p>"
