"""Incremental rebuilds re-read only what changed."""
from __future__ import annotations

import os

import pytest

import gloss_graph
from gloss_graph import cache as cache_module
from gloss_graph import corpus as corpus_module
from gloss_graph.cache import EntryCache

ENTRY = "---\ntitle: {title}\nslug: Glossary/{slug}\n---\n{body}\n"


@pytest.fixture
def tree(tmp_path):
    glossary = tmp_path / "src/files/en-us/glossary"
    for slug, body in [("API", 'See {{Glossary("URL")}}.'), ("URL", "A locator."), ("DNS", "Names.")]:
        (glossary / slug.lower()).mkdir(parents=True)
        (glossary / slug.lower() / "index.md").write_text(ENTRY.format(title=slug, slug=slug, body=body))
    return tmp_path


@pytest.fixture
def reads(monkeypatch):
    """Records every file actually parsed."""
    seen: list[str] = []
    real = corpus_module.read_entry

    def counting(sf, source):
        seen.append(os.path.basename(os.path.dirname(sf.path)))
        return real(sf, source)

    monkeypatch.setattr(corpus_module, "read_entry", counting)
    return seen


def load(tree, **kw):
    return gloss_graph.load([str(tree / "src")], cache=EntryCache(tree / "out"), workers=1, **kw)


def test_second_load_reads_nothing_and_a_change_rereads_one_file(tree, reads):
    first = load(tree)
    assert sorted(reads) == ["api", "dns", "url"]
    reads.clear()
    again = load(tree)
    assert reads == []
    assert again.concepts.keys() == first.concepts.keys()
    api = tree / "src/files/en-us/glossary/api/index.md"
    api.write_text(ENTRY.format(title="API", slug="API", body='See {{Glossary("DNS")}} and more.'))
    changed = load(tree)
    assert reads == ["api"]
    assert [l.target for l in changed.links if l.source_key == "glossary/api"] == ["glossary/dns"]


def test_a_touched_but_unchanged_file_is_not_reread(tree, reads):
    load(tree)
    reads.clear()
    url = tree / "src/files/en-us/glossary/url/index.md"
    os.utime(url, ns=(1, 1))
    load(tree)
    assert reads == []


def test_a_cache_from_other_code_is_ignored(tree, reads, monkeypatch):
    load(tree)
    reads.clear()
    monkeypatch.setattr(cache_module, "code_fingerprint", lambda: "another version")
    load(tree)
    assert sorted(reads) == ["api", "dns", "url"]


def test_a_corrupt_cache_is_ignored(tree, reads):
    (tree / "out").mkdir()
    (tree / "out" / cache_module.CACHE_NAME).write_bytes(b"not a pickle")
    load(tree)
    assert sorted(reads) == ["api", "dns", "url"]


def test_build_without_cache_writes_none(tree):
    gloss_graph.build([str(tree / "src")], tree / "out", use_cache=False)
    assert not (tree / "out" / cache_module.CACHE_NAME).exists()
    gloss_graph.build([str(tree / "src")], tree / "out")
    assert (tree / "out" / cache_module.CACHE_NAME).exists()


def test_cli_build_writes_extra_formats_and_honours_no_cache(tree, capsys):
    from gloss_graph.cli import main

    out = tree / "cli-out"
    status = main(["build", str(tree / "src"), "-o", str(out), "--no-cache", "--rdf-format", "nt",
                   "--rdf-format", "gexf", "-q"])
    assert status == 0
    assert sorted(p.name for p in out.iterdir()) == [
        "glossary.nt", "glossary.ttl", "graph.gexf", "graph.html", "report.json", "report.md"]
    assert "<https://w3id.org/gloss-graph/id/concept/API>" in (out / "glossary.nt").read_text()


def test_a_bad_base_iri_is_a_usage_error_before_reading(tree, reads, capsys):
    from gloss_graph.cli import main

    assert main(["build", str(tree / "src"), "-o", str(tree / "o"), "--base-iri", "not an iri", "-q"]) == 2
    assert reads == []
    assert "--base-iri" in capsys.readouterr().err
