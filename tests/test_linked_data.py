"""What the Turtle promises a linked-data consumer (issue 18), checked on the
real MDN snapshots, on content/ and on small trees and git repositories
built here: stable IRIs, disambiguation pages as collections, each locale's
entry as a document with its own references and links, the scheme's
metadata, the language-tag policy, and the smaller repairs."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest

import gloss_graph
from gloss_graph import graph as graph_module
from gloss_graph import iri, provenance, turtle
from gloss_graph.cli import main
from gloss_graph.vocabulary import (
    DCTERMS_IRI, FOAF_IRI, GG_IRI, OWL_IRI, RDF_TYPE, RDFS_IRI, SKOS_IRI, VOCAB_DOCUMENT, VOCAB_VERSION,
)

from conftest import CONTENT, need_shared

BASE = iri.DEFAULT_BASE_IRI
CONCEPT = SKOS_IRI + "Concept"
MDN = "https://developer.mozilla.org"
CC_BY_SA = "https://creativecommons.org/licenses/by-sa/2.5/"


class Export:
    """A Turtle export parsed back: triples as plain strings, easy to ask."""

    def __init__(self, data: bytes):
        self.data = data
        self.triples = [(t.subject.value, t.predicate.value, t.object)
                        for t in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.TURTLE)]

    def objects(self, subject: str, predicate: str) -> set[str]:
        return {o.value for s, p, o in self.triples if s == subject and p == predicate}

    def subjects(self, predicate: str, obj: str | None = None) -> set[str]:
        return {s for s, p, o in self.triples if p == predicate and (obj is None or o.value == obj)}

    def pairs(self, predicate: str) -> set[tuple[str, str]]:
        return {(s, o.value) for s, p, o in self.triples if p == predicate}

    def typed(self, cls: str) -> set[str]:
        return self.subjects(RDF_TYPE, cls)


def export_of(corpus, **options) -> Export:
    return Export(turtle.turtle_bytes(gloss_graph.build_graph(corpus), **options))


@pytest.fixture(scope="module")
def export_2022(mdn_2022):
    return export_of(mdn_2022)


@pytest.fixture(scope="module")
def export_2026(mdn_2026):
    return export_of(mdn_2026)


@pytest.fixture(scope="module")
def export_content(content_corpus):
    return export_of(content_corpus)


def concept(slug: str) -> str:
    return iri.concept(BASE, slug)


# --- 1. stable IRIs ------------------------------------------------------------


def redirect_table(snapshot: str, locale: str) -> dict[str, str]:
    """FROM -> TO of a _redirects.txt, lower-case slugs, read here on its own."""
    table = {}
    for line in need_shared(snapshot, "files", locale, "_redirects.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or "\t" not in line:
            continue
        source, target = line.split("\t")[:2]
        table[source.split("/docs/", 1)[1].lower()] = target
    return table


@pytest.mark.shared
def test_every_2022_concept_iri_is_a_2026_concept_or_replaced_by_one(export_2022, export_2026):
    """The IRI promise of docs/vocabulary.md, on two real snapshots three years apart."""
    old, new = export_2022.typed(CONCEPT), export_2026.typed(CONCEPT)
    assert len(old) > 500 and len(new) > 600
    deprecated = export_2026.subjects(OWL_IRI + "deprecated", "true")
    replaced_by = dict(export_2026.pairs(DCTERMS_IRI + "isReplacedBy"))
    redirects = redirect_table("2026", "en-us")
    kept, renamed, moved, broken = [], [], [], []
    for subject in sorted(old):
        if subject in new:
            kept.append(subject)
            continue
        target = replaced_by.get(subject)
        if subject not in deprecated or target is None:
            broken.append(subject)
        elif target in new:
            renamed.append(subject)
        else:
            moved.append((subject, target))
    assert broken == []
    # MDN moved three terms out of the glossary: the old IRI leads to the page
    # its en-US redirect now names.
    for subject, target in moved:
        key = "glossary/" + subject[len(BASE + "concept/"):]
        assert target.startswith(f"{MDN}/en-US/docs/") and "/docs/Glossary/" not in target
        assert redirects[key].split("/docs/", 1)[1].lower() == target.split("/docs/", 1)[1].lower()
    assert len(moved) == 3 and len(renamed) == 20
    # A change of case alone (2022 Array, 2026 array folder and slug) changes no IRI.
    assert concept("Glossary/Array") in kept and concept("Glossary/accent") in kept


@pytest.mark.shared
def test_a_renamed_term_points_at_its_new_concept(export_2026):
    old = concept("Glossary/Round_Trip_Time_(RTT)")
    assert export_2026.objects(old, DCTERMS_IRI + "isReplacedBy") == {concept("Glossary/Round_Trip_Time")}
    assert export_2026.objects(old, OWL_IRI + "deprecated") == {"true"}
    assert not export_2026.objects(old, RDF_TYPE)  # no longer a concept


@pytest.mark.shared
def test_concept_iris_are_lower_case_and_slugs_keep_their_case(export_2026):
    concepts = export_2026.typed(CONCEPT)
    assert all(c == c.lower() for c in concepts)
    assert export_2026.objects(concept("Glossary/API"), GG_IRI + "slug") == {"Glossary/API"}


def test_a_missing_term_has_the_iri_its_entry_will_have(tmp_path):
    """Before the entry is written, Hyperlink is a gg:MissingTerm; once it is,
    the same IRI is its concept."""
    tree = tmp_path / "files" / "en-us" / "glossary"
    write_entry(tree, "Hypertext", "Hypertext links to {{Glossary(\"Hyperlink\")}}s.")
    before = export_of(gloss_graph.load([str(tmp_path / "files")]))
    hyperlink = concept("Glossary/Hyperlink")
    assert before.objects(hyperlink, RDF_TYPE) == {GG_IRI + "MissingTerm"}
    write_entry(tree, "Hyperlink", "A hyperlink links documents.")
    after = export_of(gloss_graph.load([str(tmp_path / "files")]))
    assert after.objects(hyperlink, RDF_TYPE) == {CONCEPT}


def write_entry(glossary: Path, slug: str, text: str, extra: str = "") -> None:
    folder = glossary / slug.lower()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_text(f"---\ntitle: {slug.split('/')[-1]}\nslug: Glossary/{slug}\n{extra}---\n\n{text}\n",
                                     encoding="utf-8")


# --- 2. disambiguation pages ----------------------------------------------------


def disambiguation_pages(snapshot: str) -> dict[str, set[str]]:
    """Entries saying page-type: glossary-disambiguation or holding the
    macro, in any locale, with the nested entries below them: read here
    from the files, folder names as slugs (lower case)."""
    found: dict[str, set[str]] = {}
    files = need_shared(snapshot, "files")
    for path in sorted(files.glob("*/glossary/**/index.md")):
        text = path.read_text(encoding="utf-8", errors="replace")
        if not re.search(r"glossary-disambiguation|\{\{\s*GlossaryDisambiguation", text, re.I):
            continue
        folder = path.parent
        children = {p.parent.name for p in folder.glob("*/index.md")}
        if children:
            key = folder.relative_to(files / path.relative_to(files).parts[0] / "glossary").as_posix()
            found.setdefault(key, set()).update(children)
    return found


@pytest.mark.shared
def test_no_broader_link_points_at_a_disambiguation_page(export_2026):
    pages = disambiguation_pages("2026")
    assert {"signature", "boolean", "baseline"} <= set(pages) and len(pages) >= 9
    parents = {o for _, o in export_2026.pairs(SKOS_IRI + "broader")}
    assert not parents & {concept(f"Glossary/{page}") for page in pages}
    assert not export_2026.pairs(SKOS_IRI + "narrower") & {
        (concept(f"Glossary/{page}"), concept(f"Glossary/{page}/{child}")) for page, kids in pages.items() for child in kids}


@pytest.mark.shared
def test_each_disambiguation_page_is_a_collection_of_its_senses(export_2026, mdn_2026):
    for page, children in disambiguation_pages("2026").items():
        collection = iri.disambiguation(BASE, f"Glossary/{page}")
        assert export_2026.objects(collection, RDF_TYPE) == {SKOS_IRI + "Collection"}, page
        assert export_2026.objects(collection, SKOS_IRI + "member") == {
            concept(f"Glossary/{page}/{child}") for child in children}
        titles = {e.title for e in mdn_2026.concepts[f"glossary/{page}"].entries.values()}
        assert export_2026.objects(collection, RDFS_IRI + "label") == titles
        assert not export_2026.objects(collection, SKOS_IRI + "prefLabel")
    signature = iri.disambiguation(BASE, "Glossary/Signature")
    assert concept("Glossary/Signature/Function") in export_2026.objects(signature, SKOS_IRI + "member")


def test_a_real_hierarchy_stays_broader(tmp_path):
    """A nested slug whose parent is a concept in its own right (no
    disambiguation) is narrower than it."""
    glossary = tmp_path / "files" / "en-us" / "glossary"
    write_entry(glossary, "Element", "An element is a part of a document.")
    write_entry(glossary, "Element/Void", "A void element has no content.")
    write_entry(glossary, "Word", "The term word has senses. It may refer to:\n\n{{GlossaryDisambiguation}}")
    write_entry(glossary, "Word/Binary", "A binary word is a unit of memory.")
    export = export_of(gloss_graph.load([str(tmp_path / "files")]))
    assert export.pairs(SKOS_IRI + "broader") == {(concept("Glossary/Element/Void"), concept("Glossary/Element"))}
    assert export.objects(iri.disambiguation(BASE, "Glossary/Word"), SKOS_IRI + "member") == {
        concept("Glossary/Word/Binary")}
    assert not export.typed(SKOS_IRI + "Collection") - {iri.disambiguation(BASE, "Glossary/Word")}


# --- 3. each locale's entry as a document ----------------------------------------


@pytest.mark.shared
def test_each_entry_is_a_document_about_its_concept_in_its_language(export_2026, mdn_2026):
    documents = 0
    for key, item in mdn_2026.concepts.items():
        subject = concept(item.slug)
        pages = export_2026.objects(subject, FOAF_IRI + "page")
        for locale, entry in item.entries.items():
            url = graph_module.mdn_url(locale, entry.slug)
            assert url in pages, (key, locale)
            assert export_2026.objects(url, RDF_TYPE) == {FOAF_IRI + "Document"}
            assert export_2026.objects(url, FOAF_IRI + "primaryTopic") == {subject}
            assert export_2026.objects(url, DCTERMS_IRI + "language") == {"en" if locale == "en-US" else locale}
            documents += 1
    assert documents > 1200


@pytest.mark.shared
def test_concept_references_are_the_union_of_its_documents(export_2026):
    by_document = export_2026.pairs(DCTERMS_IRI + "references")
    topic = dict(export_2026.pairs(FOAF_IRI + "primaryTopic"))
    union: dict[str, set[str]] = {}
    for document, target in by_document:
        union.setdefault(topic[document], set()).add(target)
    concept_level: dict[str, set[str]] = {}
    for predicate in ("references", "referencesInHierarchy"):
        for source, target in export_2026.pairs(GG_IRI + predicate):
            concept_level.setdefault(source, set()).add(target)
    assert union == concept_level and len(union) > 400
    # Some English and German entries of one concept link differently.
    english = {d for d in topic if "/en-US/docs/" in d}
    differing = [d for d in english if {t for s, t in by_document if s == d}
                 != {t for s, t in by_document if s == d.replace("/en-US/", "/de/")}]
    assert differing


@pytest.mark.shared
def test_translated_documents_keep_their_source_commit(export_2026):
    files = need_shared("2026", "files", "de", "glossary")
    checked = 0
    for path in sorted(files.rglob("index.md"))[:80]:
        text = path.read_text(encoding="utf-8")
        commit = re.search(r"^\s+sourceCommit:\s*([0-9a-f]{40})\s*$", text, re.M)
        slug = re.search(r"^slug:\s*(\S+)\s*$", text, re.M)
        if not commit or not slug or slug.group(1) == "Glossary":
            continue
        url = graph_module.mdn_url("de", slug.group(1))
        assert export_2026.objects(url, GG_IRI + "sourceCommit") == {commit.group(1)}, url
        checked += 1
    assert checked > 50
    english = f"{MDN}/en-US/docs/Glossary/API"
    assert not export_2026.objects(english, GG_IRI + "sourceCommit")


def test_links_are_said_by_the_entry_that_holds_them(export_content):
    """content/: the French HTTP entry cites French Wikipedia, the English one does not."""
    french, english = f"{MDN}/fr/docs/Glossary/HTTP", f"{MDN}/en-US/docs/Glossary/HTTP"
    wiki = "https://fr.wikipedia.org/wiki/Hypertext_Transfer_Protocol"
    assert wiki in export_content.objects(french, RDFS_IRI + "seeAlso")
    assert wiki not in export_content.objects(english, RDFS_IRI + "seeAlso")
    assert not export_content.subjects(RDFS_IRI + "seeAlso") & export_content.typed(CONCEPT)


# --- 5. metadata -------------------------------------------------------------------


@pytest.mark.shared
def test_mdn_input_carries_mdn_licence_and_sources(export_2026):
    scheme = iri.scheme(BASE)
    assert export_2026.objects(scheme, DCTERMS_IRI + "license") == {CC_BY_SA}
    assert export_2026.objects(scheme, DCTERMS_IRI + "source") == {f"{MDN}/en-US/docs/Glossary", f"{MDN}/de/docs/Glossary"}
    assert not export_2026.objects(scheme, DCTERMS_IRI + "modified")  # the snapshot is no git checkout


def test_content_is_not_mdn_and_has_no_licence_unless_given(content_corpus, export_content):
    scheme = iri.scheme(BASE)
    assert provenance.describe([str(CONTENT)]).mdn is False
    assert not export_content.objects(scheme, DCTERMS_IRI + "license")
    mine = export_of(content_corpus, license="https://example.org/licence")
    assert mine.objects(scheme, DCTERMS_IRI + "license") == {"https://example.org/licence"}


@pytest.mark.shared
def test_the_licence_can_be_changed_or_left_out(mdn_2026):
    scheme = iri.scheme(BASE)
    assert not export_of(mdn_2026, license=None).objects(scheme, DCTERMS_IRI + "license")
    assert not export_of(mdn_2026, license="none").objects(scheme, DCTERMS_IRI + "license")


def test_the_vocabulary_is_an_ontology_with_a_version(export_content):
    assert export_content.objects(VOCAB_DOCUMENT, RDF_TYPE) == {OWL_IRI + "Ontology"}
    assert export_content.objects(VOCAB_DOCUMENT, OWL_IRI + "versionInfo") == {VOCAB_VERSION}
    assert export_content.objects(GG_IRI + "sourceCommit", RDFS_IRI + "isDefinedBy") == {VOCAB_DOCUMENT}


@pytest.mark.shared
def test_status_deprecated_is_owl_deprecated(export_2026, export_content):
    deprecated = export_2026.subjects(OWL_IRI + "deprecated", "true") & export_2026.typed(CONCEPT)
    on_disk = set()
    for path in need_shared("2026", "files", "en-us", "glossary").rglob("index.md"):
        front = path.read_text(encoding="utf-8").split("\n---", 1)[0]
        if re.search(r"^status:\s*\n(?:\s+-.*\n)*?\s+-\s*deprecated\s*$", front + "\n", re.M):
            on_disk.add(concept(re.search(r"^slug:\s*(\S+)", front, re.M).group(1)))
    assert {concept("Glossary/XForms"), concept("Glossary/First_input_delay")} <= on_disk
    assert deprecated == on_disk
    assert export_content.subjects(OWL_IRI + "deprecated", "true") & export_content.typed(CONCEPT) == {
        concept("Glossary/SSL")}


# --- git: the date, and MDN told by its remote -------------------------------------------


@pytest.fixture
def own_home(tmp_path, monkeypatch):
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)


def git(cwd: Path, *args: str, date: str = "2025-01-01T12:00:00+00:00") -> str:
    env = {"PATH": os.environ["PATH"], "HOME": os.environ["HOME"], "LC_ALL": "C", "GIT_CONFIG_NOSYSTEM": "1",
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    return subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           "-c", "init.defaultBranch=main", *args], cwd=cwd, env=env, capture_output=True,
                          check=True).stdout.decode().strip()


def commit_all(root: Path, date: str) -> None:
    git(root, "add", "-A", date=date)
    git(root, "commit", "-q", "-m", "change", date=date)


@pytest.fixture
def repository(tmp_path, own_home):
    """A git checkout holding a glossary under files/, and a folder beside it."""
    root = tmp_path / "repo"
    glossary = root / "files" / "en-us" / "glossary"
    write_entry(glossary, "API", "An API is a contract.")
    git(root.parent, "init", "-q", str(root))
    commit_all(root, "2025-01-01T12:00:00+01:00")
    write_entry(glossary, "DOM", "The DOM is a tree of an {{Glossary(\"API\")}}.")
    commit_all(root, "2025-03-04T05:06:07-02:00")
    (root / "elsewhere.md").write_text("not part of the glossary\n")
    commit_all(root, "2025-12-31T00:00:00+00:00")
    return root


def test_modified_is_the_newest_commit_to_the_inputs_in_utc(repository):
    found = provenance.describe([str(repository / "files")])
    # 05:06:07 at -02:00; the later commit changed nothing under files/.
    assert found.modified == "2025-03-04T07:06:07+00:00"
    assert found.mdn is False and found.remotes == ()
    export = export_of(gloss_graph.load([str(repository / "files")]))
    literal = next(o for s, p, o in export.triples if p == DCTERMS_IRI + "modified")
    assert literal.value == "2025-03-04T07:06:07+00:00" and literal.datatype.value.endswith("#dateTime")


def test_the_date_and_bytes_follow_the_files_not_the_clock(repository, tmp_path):
    out = tmp_path / "out"
    gloss_graph.build([str(repository / "files")], out, use_cache=False)
    first = (out / "glossary.ttl").read_bytes()
    for path in repository.rglob("index.md"):
        os.utime(path, (1, 1))  # a checkout or a copy changes file times
    git(repository, "commit", "-q", "--allow-empty", "-m", "touches nothing", date="2025-06-01T00:00:00+00:00")
    gloss_graph.build([str(repository / "files")], out, use_cache=False)
    assert (out / "glossary.ttl").read_bytes() == first
    write_entry(repository / "files" / "en-us" / "glossary", "CSS", "CSS styles pages.")
    commit_all(repository, "2026-02-03T04:05:06+00:00")
    gloss_graph.build([str(repository / "files")], out, use_cache=False)
    assert b'dcterms:modified "2026-02-03T04:05:06+00:00"^^xsd:dateTime' in (out / "glossary.ttl").read_bytes()


def test_an_mdn_remote_makes_the_input_mdn_and_no_credential_is_published(repository):
    git(repository, "remote", "add", "origin", "https://someone:s3cret@github.com/mdn/content.git")
    found = provenance.describe([str(repository)])
    assert found.mdn is True and found.remotes == ("https://github.com/mdn/content",)
    export = export_of(gloss_graph.load([str(repository)]))
    assert export.objects(iri.scheme(BASE), DCTERMS_IRI + "license") == {CC_BY_SA}
    assert b"s3cret" not in export.data and b"someone" not in export.data


@pytest.mark.parametrize("remote, expected", [
    ("git@github.com:mdn/translated-content.git", "https://github.com/mdn/translated-content"),
    ("https://user:token@gitlab.example.org/team/glossary.git/", "https://gitlab.example.org/team/glossary"),
    ("ssh://git@example.org:2222/a/b.git", "https://example.org/a/b"),
    ("/srv/git/glossary.git", None),
    ("file:///srv/git/glossary.git", None),
    ("ext::sh -c touch% /tmp/pwned", None),
])
def test_remotes_are_published_as_https_without_credentials(remote, expected):
    assert provenance.https_remote(remote) == expected


def test_the_mdn_redirects_header_marks_mdn(tmp_path):
    locale = tmp_path / "files" / "en-us"
    write_entry(locale / "glossary", "API", "An API is a contract.")
    (locale / "_redirects.txt").write_text("# DO NOT EDIT THIS FILE MANUALLY.\n# Use the CLI instead.\n")
    assert provenance.describe([str(tmp_path)]).mdn is True
    assert provenance.describe([str(locale / "glossary")]).mdn is True
    (locale / "_redirects.txt").write_text("# Redirects of my own glossary.\n")
    assert provenance.describe([str(tmp_path / "files")]).mdn is False


# --- 6. language tags -----------------------------------------------------------------


def test_english_is_tagged_en_by_default_and_en_us_on_request(content_corpus, export_content):
    api, page = concept("Glossary/API"), f"{MDN}/en-US/docs/Glossary/API"
    labels = {o.language for s, p, o in export_content.triples if s == api and p == SKOS_IRI + "prefLabel"}
    assert labels == {"en", "fr", "ja", "zh-cn"}
    assert export_content.objects(page, DCTERMS_IRI + "language") == {"en"}
    full = export_of(content_corpus, english_tag="en-US")
    labels = {o.language for s, p, o in full.triples if s == api and p == SKOS_IRI + "prefLabel"}
    assert labels == {"en-us", "fr", "ja", "zh-cn"}
    assert full.objects(page, DCTERMS_IRI + "language") == {"en-US"}
    assert full.objects(f"{MDN}/zh-CN/docs/Glossary/API", DCTERMS_IRI + "language") == {"zh-CN"}


def test_the_build_command_takes_the_language_tag_and_licence(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", str(CONTENT), "-o", str(out), "-q", "--english-tag", "en-US",
                 "--license", "https://example.org/licence"]) == 0
    data = (out / "glossary.ttl").read_bytes()
    assert b'"Glossary of web terms"@en-us' in data and b"<https://example.org/licence>" in data
    assert main(["build", str(CONTENT), "-o", str(out), "-q"]) == 0  # options changed: rebuilt
    data = (out / "glossary.ttl").read_bytes()
    assert b'"Glossary of web terms"@en ' in data and b"example.org/licence" not in data


@pytest.mark.parametrize("argv, message", [
    (["--english-tag", "en-GB"], "--english-tag: invalid choice"),
    (["--license", "not an iri"], "--license: not an absolute IRI"),
])
def test_bad_rdf_options_are_one_line_usage_errors(tmp_path, argv, message):
    proc = subprocess.run([sys.executable, "-m", "gloss_graph", "build", str(CONTENT), "-o", str(tmp_path / "o"),
                           "-q", *argv], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": "src"},
                          cwd=Path(__file__).resolve().parents[1])
    assert proc.returncode == 2
    assert message in proc.stderr and "Traceback" not in proc.stderr
    assert not (tmp_path / "o" / "glossary.ttl").exists()


# --- 7. the smaller repairs --------------------------------------------------------------


@pytest.mark.shared
def test_stylesheet_and_style_sheet_are_one_concept(mdn_2026, export_2026):
    """German keeps the entry at Glossary/Style_sheet and its _redirects.txt
    sends the English slug Glossary/Stylesheet there: the two are one term."""
    assert "Glossary/Stylesheet\t/de/docs/Glossary/Style_sheet" in \
        need_shared("2026", "files", "de", "_redirects.txt").read_text(encoding="utf-8")
    stylesheet = mdn_2026.concepts["glossary/stylesheet"]
    assert set(stylesheet.entries) == {"en-US", "de"} and stylesheet.entries["de"].slug == "Glossary/Style_sheet"
    assert "glossary/style_sheet" not in mdn_2026.concepts
    old = concept("Glossary/Style_sheet")
    assert export_2026.objects(old, DCTERMS_IRI + "isReplacedBy") == {concept("Glossary/Stylesheet")}


@pytest.mark.shared
@pytest.mark.parametrize("snapshot", ["2022", "2026"])
def test_no_link_to_the_glossary_index_and_no_http_https_twins(request, snapshot):
    export = request.getfixturevalue(f"export_{snapshot}")
    links = export.pairs(RDFS_IRI + "seeAlso")
    assert links
    assert not {o for _, o in links if re.fullmatch(rf"{MDN}/[^/]+/docs/Glossary/?", o)}
    assert not {(s, o) for s, o in links if o.startswith("http://") and (s, "https://" + o[7:]) in links}


@pytest.mark.shared
@pytest.mark.parametrize("snapshot", ["2022", "2026"])
def test_no_minted_iri_has_an_empty_path_segment(request, snapshot):
    export = request.getfixturevalue(f"export_{snapshot}")
    minted = {t for s, _, o in export.triples for t in (s, o.value) if t.startswith(BASE)}
    assert minted and not [m for m in minted if "//" in m[len(BASE):] or m.endswith("/")]


@pytest.mark.shared
def test_leading_references_baseline_typography_once(export_2026):
    """en-US writes {{glossary("/Baseline/Typography")}}, German
    {{Glossary("Baseline/Typography")}}: one link, to one concept."""
    leading = concept("Glossary/Leading")
    assert concept("Glossary/Baseline/Typography") in export_2026.objects(leading, GG_IRI + "references")
    assert not export_2026.objects(leading, GG_IRI + "brokenReference")
    for locale in ("en-US", "de"):
        document = f"{MDN}/{locale}/docs/Glossary/Leading"
        assert concept("Glossary/Baseline/Typography") in export_2026.objects(document, DCTERMS_IRI + "references")


@pytest.mark.shared
def test_no_concept_both_references_and_misses_a_term(export_2026, export_2022):
    for export in (export_2022, export_2026):
        missing = export.typed(GG_IRI + "MissingTerm")
        assert not missing & export.typed(CONCEPT)
