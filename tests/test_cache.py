"""The build cache: rebuilds re-read only what changed, rewrite only what
changed, and whatever lies under the cache's name is distrusted data."""
from __future__ import annotations

import json
import os
import pickle
import time

import pytest

import gloss_graph
from gloss_graph import cache as cache_module
from gloss_graph import reading
from gloss_graph.cache import CACHE_NAME, BuildCache
from gloss_graph.cli import main

ENTRY = "---\ntitle: {title}\nslug: Glossary/{slug}\n---\n{body}\n"
OUTPUTS = ["glossary.ttl", "graph.html", "report.json", "report.md"]


def write_entry(folder, slug, body, title=None):
    path = folder / slug.lower() / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ENTRY.format(title=title or slug, slug=slug, body=body), encoding="utf-8")
    return path


def age(tree, seconds=60):
    """Every file's time set back: files written a moment before a build
    are hashed rather than trusted by their time (see cache.RACY_NS)."""
    then = time.time() - seconds
    for dirpath, _, names in os.walk(tree):
        for name in names:
            os.utime(os.path.join(dirpath, name), (then, then))


@pytest.fixture
def tree(tmp_path):
    glossary = tmp_path / "src/files/en-us/glossary"
    for slug, body in [("API", 'See {{Glossary("URL")}}.'), ("URL", "A locator."), ("DNS", "Names.")]:
        write_entry(glossary, slug, body)
    age(tmp_path / "src")
    return tmp_path


@pytest.fixture
def reads(monkeypatch):
    """Records every file actually parsed."""
    seen: list[str] = []
    real = reading.read_entry

    def counting(sf, source, reach=None, texts=True):
        seen.append(os.path.basename(os.path.dirname(sf.path)))
        return real(sf, source, reach, texts)

    monkeypatch.setattr(reading, "read_entry", counting)
    return seen


def build(tree, out="out", **kw):
    return gloss_graph.build([str(tree / "src")], tree / out, workers=1, **kw)


def times(folder):
    return {name: os.stat(folder / name).st_mtime_ns for name in OUTPUTS}


def test_a_rebuild_reads_nothing_and_a_change_rereads_one_file(tree, reads):
    first = build(tree)
    assert sorted(reads) == ["api", "dns", "url"]
    reads.clear()
    assert build(tree).up_to_date
    assert reads == []
    api = tree / "src/files/en-us/glossary/api/index.md"
    api.write_text(ENTRY.format(title="API", slug="API", body='See {{Glossary("DNS")}} and more.'))
    changed = build(tree)
    assert reads == ["api"]
    assert not changed.up_to_date
    assert [l.target for l in changed.corpus.links if l.source_key == "glossary/api"] == ["glossary/dns"]
    assert first.corpus.concepts.keys() == changed.corpus.concepts.keys()


def test_nothing_changed_writes_nothing_and_says_so(tree, capsys):
    assert main(["build", str(tree / "src"), "-o", str(tree / "out"), "--workers", "1"]) == 0
    before = times(tree / "out")
    capsys.readouterr()
    assert main(["build", str(tree / "src"), "-o", str(tree / "out"), "--workers", "1"]) == 0
    printed = capsys.readouterr().out
    assert "nothing changed since the last build" in printed
    assert "read 3 files" in printed  # the summary is told again
    assert times(tree / "out") == before


def test_a_missing_output_is_written_again(tree):
    build(tree)
    (tree / "out" / "graph.html").unlink()
    again = build(tree)
    assert not again.up_to_date
    assert (tree / "out" / "graph.html").is_file()
    assert again.written == ["graph.html"]  # the others came out byte for byte the same


def test_an_edit_that_changes_only_the_text_rewrites_only_what_shows_it(tree):
    build(tree)
    before = times(tree / "out")
    url = tree / "src/files/en-us/glossary/url/index.md"
    url.write_text(ENTRY.format(title="URL", slug="URL", body="A uniform resource locator."))
    result = build(tree)
    after = times(tree / "out")
    # The definition is in every output but the report's counts.
    assert set(result.written) == {"glossary.ttl", "graph.html"}
    assert before["report.json"] == after["report.json"] and before["report.md"] == after["report.md"]


def test_a_touched_but_unchanged_file_is_not_reread(tree, reads):
    build(tree)
    reads.clear()
    url = tree / "src/files/en-us/glossary/url/index.md"
    os.utime(url, ns=(1, 1))
    build(tree)
    assert reads == []


def test_a_cache_from_other_code_is_ignored_quietly(tree, reads, monkeypatch):
    build(tree)
    reads.clear()
    monkeypatch.setattr(cache_module, "code_version", lambda: "9.9.9+other")
    result = build(tree)
    assert sorted(reads) == ["api", "dns", "url"]
    assert result.warnings == []


@pytest.mark.parametrize("option", [{"base_iri": "http://example.org/x/"}, {"rdf_formats": ("nt",)}])
def test_a_changed_option_builds_again(tree, option):
    build(tree)
    assert not build(tree, **option).up_to_date


def test_the_cache_is_keyed_by_locale_and_no_cache_heals_it(tmp_path):
    bare = tmp_path / "bare"
    for slug in ("API", "URL"):
        write_entry(bare, slug, "Text.")
    age(bare)
    out = tmp_path / "out"

    def locales(**kw):
        result = gloss_graph.build([str(bare)], out, workers=1, **kw)
        return result.summary["entries_by_locale"]

    assert locales(locale="fr") == {"fr": 2}
    assert locales(locale="de") == {"de": 2}
    assert locales(locale="fr", use_cache=False) == {"fr": 2}
    assert locales(locale="fr") == {"fr": 2}  # the cache --no-cache left matches what it wrote


def test_no_cache_reads_everything_and_leaves_a_matching_cache(tree, reads):
    build(tree)
    reads.clear()
    build(tree, use_cache=False)
    assert sorted(reads) == ["api", "dns", "url"]
    reads.clear()
    assert build(tree).up_to_date
    assert reads == []


def test_the_cache_is_json_data(tree):
    build(tree)
    data = json.loads((tree / "out" / CACHE_NAME).read_text(encoding="utf-8"))
    assert data["format"] == cache_module.FORMAT
    assert any(path.endswith("api/index.md") for path in data["files"])


# --- whatever lies under the cache's name -------------------------------------------


class Payload:
    """Unpickling this would create a marker file: the cache must never do it."""

    def __init__(self, marker):
        self.marker = str(marker)

    def __reduce__(self):
        return (open, (self.marker, "w"))


def plant_pickle(path, marker):
    path.write_bytes(pickle.dumps({"format": 2, "files": Payload(marker)}))


def plant_sparse(path, marker):
    with open(path, "wb") as handle:
        handle.truncate(1024**3)  # a 1 GB sparse file: must not be read


def plant_link(path, marker):
    target = path.parent.parent / "elsewhere.json"
    target.write_text('{"format": 2}', encoding="utf-8")
    path.symlink_to(target)


def plant_folder(path, marker):
    path.mkdir()
    (path / "keep.txt").write_text("a user's file", encoding="utf-8")


def plant_wrong_shape(path, marker):
    path.write_text(json.dumps({"format": 2, "code": "x", "written_ns": "yesterday", "files": [1, 2]}))


def plant_deep(path, marker):
    path.write_text("[" * 200_000 + "]" * 200_000)


def plant_truncated(path, marker):
    path.write_text('{"format": 2, "code": "', encoding="utf-8")


def plant_random(path, marker):
    path.write_bytes(os.urandom(4096))


def plant_old_pickle_beside(path, marker):
    """gloss-graph 0.1's pickle cache, under its old name."""
    plant_pickle(path.with_name(cache_module.OLD_PICKLE_NAME), marker)


PLANTED = [plant_pickle, plant_sparse, plant_link, plant_folder, plant_wrong_shape, plant_deep, plant_truncated,
           plant_random, plant_old_pickle_beside]


@pytest.fixture(scope="module")
def clean_outputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("clean")
    for slug, body in [("API", 'See {{Glossary("URL")}}.'), ("URL", "A locator.")]:
        write_entry(root / "src/files/en-us/glossary", slug, body)
    gloss_graph.build([str(root / "src")], root / "out", use_cache=False)
    return root, {name: (root / "out" / name).read_bytes() for name in OUTPUTS}


@pytest.mark.parametrize("plant", PLANTED, ids=lambda f: f.__name__)
def test_a_planted_cache_is_ignored_with_one_warning_and_replaced(clean_outputs, tmp_path, plant):
    root, expected = clean_outputs
    out = tmp_path / "out"
    out.mkdir()
    marker = tmp_path / "PWNED"
    plant(out / CACHE_NAME, marker)
    result = gloss_graph.build([str(root / "src")], out)
    assert not marker.exists(), "loading the cache ran code"
    assert {name: (out / name).read_bytes() for name in OUTPUTS} == expected
    cache_path = out / CACHE_NAME
    if plant is plant_folder:
        assert cache_path.is_dir() and (cache_path / "keep.txt").is_file()  # left alone
        assert len(result.warnings) == 1 and "folder" in result.warnings[0]
    elif plant is plant_old_pickle_beside:
        assert result.warnings == []
        assert not (out / cache_module.OLD_PICKLE_NAME).exists()  # never read, removed
    else:
        assert len(result.warnings) == 1, result.warnings
        assert CACHE_NAME in result.warnings[0]
        assert cache_path.is_file() and not cache_path.is_symlink()
        assert json.loads(cache_path.read_text())["format"] == cache_module.FORMAT
    if plant is plant_link:
        assert (tmp_path / "elsewhere.json").read_text() == '{"format": 2}'  # the link's target untouched
    if plant is not plant_folder:
        assert not gloss_graph.build([str(root / "src")], out).warnings  # the next build is quiet


def test_the_cli_prints_the_cache_warning_once(tree, capsys):
    (tree / "out").mkdir()
    (tree / "out" / CACHE_NAME).write_bytes(b"\x80not json")
    assert main(["build", str(tree / "src"), "-o", str(tree / "out"), "-q"]) == 0
    err = capsys.readouterr().err
    assert err.count(CACHE_NAME) == 1 and "replaced" in err


def test_build_cache_refuses_a_fifo(tmp_path):
    os.mkfifo(tmp_path / CACHE_NAME)
    cache = BuildCache(tmp_path)  # must not block on opening the pipe
    assert cache.warning and "regular file" in cache.warning


def test_the_code_version_follows_the_source_and_nothing_else(tmp_path):
    """Any edit of a module, query or template changes it; bytecode caches,
    which Python writes beside the sources, do not."""
    import shutil

    from gloss_graph import cache as cache_module

    package = tmp_path / "gloss_graph"
    shutil.copytree(cache_module._PACKAGE, package, ignore=shutil.ignore_patterns("__pycache__"))
    before = cache_module.code_version(package)
    (package / "__pycache__").mkdir(exist_ok=True)
    (package / "__pycache__" / "build.cpython-311.pyc").write_bytes(b"anything")
    assert cache_module.code_version(package) == before
    for name in ("build.py", "templates/graph.js", "queries/broken.rq"):
        original = (package / name).read_bytes()
        (package / name).write_bytes(original + b"\n")
        assert cache_module.code_version(package) != before, name
        (package / name).write_bytes(original)
    assert cache_module.code_version(package) == before
