"""The benchmark harness (benchmarks/run.py), its site cache and the reference
pipeline. Speed is never asserted: these check that the benchmark works,
measures what it says, and fails loudly when a pipeline does."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO / "benchmarks"))

import cache  # noqa: E402
import reference_pipeline  # noqa: E402
import run  # noqa: E402


MDN = "https://developer.mozilla.org/en-US/docs/"
needs_shared = pytest.mark.skipif(not (SHARED / "mdn").is_dir(), reason=f"{SHARED}/mdn (real MDN data) is absent")


# ---------------------------------------------------------------- fixtures


def page(title: str, slug: str, body: str) -> str:
    return f"---\ntitle: {title}\nslug: {slug}\npage-type: glossary-definition\n---\n\n{body}\n"


def write_locale(root: Path, folder: str = "en-us", url_locale: str = "en-US") -> Path:
    """A tiny site-shaped locale folder: a glossary of three entries (one
    renamed, reached through _redirects.txt), one site page, one missing term."""
    loc = root / folder
    files = {
        "glossary/index.md": page("Glossary", "Glossary", "Terms."),
        "glossary/widget/index.md": page("Widget", "Glossary/Widget",
                                         'A part of a {{Glossary("Gadget")}}; see [old](/%s/docs/Glossary/Old_Name).' % url_locale),
        "glossary/gadget/index.md": page("Gadget", "Glossary/Gadget", "A thing made of {{glossary('widget', 'widgets')}}."),
        "glossary/new_name/index.md": page("New name", "Glossary/New_name", "Was once called something else."),
        "web/tools/index.md": page("Tools", "Web/Tools", 'Uses {{Glossary("Widget")}} and {{Glossary("Sprocket")}}.'),
    }
    for rel, text in files.items():
        (loc / rel).parent.mkdir(parents=True, exist_ok=True)
        (loc / rel).write_text(text, encoding="utf-8")
    (loc / "_redirects.txt").write_text(
        f"# FROM-URL\tTO-URL\n/{url_locale}/docs/Glossary/Old_Name\t/{url_locale}/docs/Glossary/New_name\n",
        encoding="utf-8")
    return loc


def make_tarball(path: Path, members: dict[str, str]) -> Path:
    with tarfile.open(path, "w:gz") as tar:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def site_tarball(tmp_path: Path) -> Path:
    src = write_locale(tmp_path / "src" / "files")
    members = {f"files/en-us/{p.relative_to(src).as_posix()}": p.read_text() for p in src.rglob("*") if p.is_file()}
    return make_tarball(tmp_path / "site.tar.gz", members)


# ---------------------------------------------------------------- cache.py


def test_cache_unpacks_once_and_reuses(tmp_path, monkeypatch):
    tarball = site_tarball(tmp_path)
    cache_dir = tmp_path / "cache" / "site"
    pages = cache.site_pages(tarball, cache_dir)
    assert pages == cache_dir / "files" / "en-us"
    assert (pages / "glossary" / "widget" / "index.md").is_file()
    assert (pages / "_redirects.txt").is_file()

    def no_unpack(*args):
        raise AssertionError("unpacked again although the cache was complete")

    monkeypatch.setattr(cache, "_unpack", no_unpack)
    assert cache.site_pages(tarball, cache_dir) == pages


def test_cache_redoes_a_half_finished_unpack(tmp_path):
    tarball = site_tarball(tmp_path)
    cache_dir = tmp_path / "cache" / "site"
    pages = cache.site_pages(tarball, cache_dir)
    # As if interrupted: the marker (written last) is missing, a file is half there.
    (cache_dir / cache.MARKER).unlink()
    (pages / "glossary" / "gadget" / "index.md").write_text("---\ntit")
    (cache_dir / "stray.txt").write_text("left over")
    cache.site_pages(tarball, cache_dir)
    assert (cache_dir / cache.MARKER).is_file()
    assert not (cache_dir / "stray.txt").exists()
    assert (pages / "glossary" / "gadget" / "index.md").read_text().startswith("---\ntitle: Gadget")


def test_cache_redoes_an_unpack_of_another_tarball(tmp_path):
    tarball = site_tarball(tmp_path)
    cache_dir = tmp_path / "cache" / "site"
    cache.site_pages(tarball, cache_dir)
    make_tarball(tarball, {"files/en-us/_redirects.txt": "# other\n", "files/en-us/web/index.md": "---\n---\n"})
    pages = cache.site_pages(tarball, cache_dir)
    assert (pages / "web" / "index.md").is_file()
    assert not (pages / "glossary").exists()


def test_cache_refuses_members_outside_the_folder(tmp_path):
    tarball = make_tarball(tmp_path / "evil.tar.gz", {"../escaped.txt": "x", "files/en-us/a/index.md": "x"})
    with pytest.raises((ValueError, tarfile.TarError)):
        cache.site_pages(tarball, tmp_path / "cache" / "site")
    assert not (tmp_path / "cache" / "escaped.txt").exists()
    assert not (tmp_path / "escaped.txt").exists()


def test_cache_names_a_missing_tarball(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothing.tar.gz"):
        cache.site_pages(tmp_path / "nothing.tar.gz", tmp_path / "cache")


# ---------------------------------------------------------------- reference pipeline


def test_reference_pipeline_writes_skos_turtle_html_and_summary(tmp_path):
    loc = write_locale(tmp_path / "files")
    out = tmp_path / "out"
    assert reference_pipeline.main([str(loc), "-o", str(out)]) == 0
    g = Graph().parse(out / "glossary.ttl", format="turtle")
    widget, gadget, new = URIRef(MDN + "Glossary/Widget"), URIRef(MDN + "Glossary/Gadget"), URIRef(MDN + "Glossary/New_name")
    assert (widget, RDF.type, SKOS.Concept) in g
    assert (widget, SKOS.prefLabel, Literal("Widget", lang="en-US")) in g
    assert (widget, SKOS.related, gadget) in g
    assert (gadget, SKOS.related, widget) in g  # 'widget' in lower case: slugs compare case-insensitively
    assert (widget, SKOS.related, new) in g  # through _redirects.txt
    tools = URIRef(MDN + "Web/Tools")
    assert (tools, DCTERMS.references, widget) in g
    assert (tools, DCTERMS.title, Literal("Tools", lang="en-US")) in g
    assert (tools, DCTERMS.language, Literal("en-US")) in g
    assert (tools, DCTERMS.references, URIRef(MDN + "Glossary/Sprocket")) in g
    summary = json.loads((out / "summary.json").read_text())
    assert summary["concepts"] == 3
    assert summary["missing"] == ["Glossary/Sprocket"]
    assert summary["orphans"] == []
    html = (out / "graph.html").read_text()
    assert "Widget" in html and "vis-network" in html
    assert not (tmp_path / "lib").exists()  # pyvis's scripts go next to the page, not into the caller's folder


def test_reference_pipeline_iris_are_valid_for_odd_slugs(tmp_path):
    loc = write_locale(tmp_path / "files")
    odd = loc / "web" / "odd"
    odd.mkdir(parents=True)
    (odd / "index.md").write_text(page('Quotes "and" spaces', 'Web/Odd <a> "b" c', "{{Glossary('Widget')}}"))
    out = tmp_path / "out"
    reference_pipeline.main([str(loc), "-o", str(out)])
    pyoxigraph = pytest.importorskip("pyoxigraph")
    store = pyoxigraph.Store()
    store.load(path=str(out / "glossary.ttl"), format=pyoxigraph.RdfFormat.TURTLE)  # strict: raises on a bad IRI
    g = Graph().parse(out / "glossary.ttl", format="turtle")
    assert (URIRef(MDN + "Web/Odd%20%3Ca%3E%20%22b%22%20c"), DCTERMS.references, URIRef(MDN + "Glossary/Widget")) in g


def test_reference_pipeline_joins_translations_by_slug(tmp_path):
    write_locale(tmp_path / "files")
    write_locale(tmp_path / "files", "fr", "fr")
    (tmp_path / "files" / "fr" / "glossary" / "widget" / "index.md").write_text(
        page("Bidule", "Glossary/Widget", "Voir {{Glossary('Gadget')}}."))
    out = tmp_path / "out"
    reference_pipeline.main([str(tmp_path / "files"), "-o", str(out)])
    g = Graph().parse(out / "glossary.ttl", format="turtle")
    widget = URIRef(MDN + "Glossary/Widget")
    assert set(g.objects(widget, SKOS.prefLabel)) == {Literal("Widget", lang="en-US"), Literal("Bidule", lang="fr")}
    assert json.loads((out / "summary.json").read_text())["concepts"] == 3


@needs_shared
@pytest.mark.shared
def test_reference_pipeline_on_a_real_glossary_gives_parseable_turtle(tmp_path):
    out = tmp_path / "out"
    reference_pipeline.main([str(SHARED / "mdn" / "2026" / "files" / "en-us"), "-o", str(out)])
    g = Graph().parse(out / "glossary.ttl", format="turtle")
    summary = json.loads((out / "summary.json").read_text())
    entries = sum(1 for _ in (SHARED / "mdn" / "2026" / "files" / "en-us" / "glossary").rglob("index.md")) - 1
    assert summary["concepts"] == entries
    assert len(set(g.subjects(RDF.type, SKOS.Concept))) == entries
    assert len(g) == summary["triples"]


# ---------------------------------------------------------------- harness pieces


def test_timings_are_read_from_the_last_json_on_stderr():
    stderr = 'warning: x.md:3: odd\n{"not": "this"}\n{"discover": 0.5, "read": 1.25, "total": 2}\n'
    assert run.parse_timings(stderr) == {"discover": 0.5, "read": 1.25, "total": 2.0}
    indented = 'note\n{\n  "timings": {\n    "turtle": 0.1,\n    "ok": true\n  }\n}\n'
    assert run.parse_timings(indented) == {"turtle": 0.1}
    assert run.parse_timings("Traceback (most recent call last):\n  boom\n") == {}
    assert run.parse_timings("") == {}


def test_verdicts_follow_the_targets():
    def results(gg_wall, ref_wall, memory, trees_wall):
        block = lambda wall, mem=50.0: {"wall_s": {"median": wall}, "peak_memory_mib": mem}  # noqa: E731
        return {"site": {"gloss-graph": block(gg_wall, memory), "reference": block(ref_wall), "ratio": ref_wall / gg_wall},
                "glossary_trees": {"gloss-graph": block(trees_wall)}}

    passing = run.targets(results(1.9, 16.0, 299.0, 0.6), smoke=False)
    assert [t["verdict"] for t in passing] == ["PASS"] * 4
    missing = run.targets(results(2.1, 16.0, 301.0, 0.61), smoke=False)
    assert [t["verdict"] for t in missing] == ["MISS", "MISS", "MISS", "MISS"]  # 16 / 2.1 < 8
    assert [t["verdict"] for t in run.targets(results(1.9, 16.0, 299.0, 0.6), smoke=True)] == ["n/a (smoke)"] * 4
    only_reference = {"site": {"reference": {"wall_s": {"median": 5.0}}}, "glossary_trees": {}}
    assert [t["verdict"] for t in run.targets(only_reference, smoke=False)] == ["n/a"] * 4


def test_subset_takes_pages_across_the_site_with_redirects(tmp_path):
    site = tmp_path / "site"
    for i in range(40):  # a00 ... a39 sort before glossary/
        (site / f"a{i:02d}").mkdir(parents=True)
        (site / f"a{i:02d}" / "index.md").write_text(f"page {i}")
    (site / "glossary").mkdir()
    (site / "glossary" / "index.md").write_text("glossary")
    (site / "_redirects.txt").write_text("# none\n")
    dest = run.make_subset(site, tmp_path / "subset", pages=10)
    chosen = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("index.md"))
    assert len(chosen) == 11  # 10 at a stride of 4 over 41 pages, and the glossary index
    assert chosen == [f"a{i:02d}/index.md" for i in range(0, 40, 4)] + ["glossary/index.md"]
    assert (dest / "_redirects.txt").read_text() == "# none\n"
    assert run.read_tree(dest) == {"pages": 11, "chars": sum(len(p.read_text()) for p in dest.rglob("index.md"))}


ALLOCATE = "import time; x = bytearray({mib} * 2**20); x[::4096] = b'x' * len(x[::4096]); time.sleep(0.5)"


def test_memory_counts_the_largest_process_and_the_whole_tree(tmp_path):
    # A parent holding 150 MiB that starts a child holding 150 MiB, at once.
    script = (f"import subprocess, sys, pathlib; child = subprocess.Popen([sys.executable, '-c', {ALLOCATE.format(mib=150)!r}]); "
              f"{ALLOCATE.format(mib=150)}; child.wait(); pathlib.Path(sys.argv[1]).joinpath('done').write_text('ok')")
    out = tmp_path / "out"
    result = run.run_process([sys.executable, "-c", script, str(out)], out, "test")
    assert result.outputs == ["done"]
    assert 150 <= result.max_rss < 250  # each process alone
    if Path("/proc/self/statm").exists():
        assert result.tree_rss >= 300  # both together
    assert result.wall >= 0.5


def test_a_crashing_pipeline_stops_the_benchmark_with_its_error(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(run.BenchError, match=r"(?s)exit status 1.*boom: bad front matter"):
        run.run_process([sys.executable, "-c", "import sys; sys.exit('boom: bad front matter')"], out, "reference")
    with pytest.raises(run.BenchError, match="wrote nothing"):
        run.run_process([sys.executable, "-c", "pass"], tmp_path / "out2", "reference")


def fake_shared(tmp_path: Path) -> Path:
    shared = tmp_path / "shared"
    for snapshot, locales in (("2022", ("en-us", "fr")), ("2026", ("en-us", "de"))):
        for folder in locales:
            write_locale(shared / "mdn" / snapshot / "files", folder, reference_pipeline.url_locale(folder))
    os.replace(site_tarball(tmp_path), shared / "mdn" / cache.SITE_TARBALL_NAME)
    return shared


def test_smoke_mode_end_to_end_on_a_small_fake_shared_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cache, "shared_dir", lambda: fake_shared(tmp_path))
    monkeypatch.setattr(run, "EXTRA_ARGS", [])  # main() fills it; not for the tests after this one
    out = tmp_path / "bench.json"
    code = run.main(["--smoke", "--json", str(out), "--cache-dir", str(tmp_path / "cache" / "site"),
                     "--extra=--no-cache"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    results = json.loads(out.read_text())
    assert results["mode"] == "smoke" and results["runs"] == 1
    assert results["inputs"]["site"]["pages"] == 5
    assert results["inputs"]["glossary_trees"]["pages"] == 20
    for key in ("site", "glossary_trees"):
        for pipeline in ("gloss-graph", "reference"):
            assert len(results[key][pipeline]["wall_s"]["runs"]) == 1
            assert "glossary.ttl" in results[key][pipeline]["outputs"]
        assert results[key]["ratio"] > 0
    assert {"discover", "turtle", "html", "report"} <= set(results["site"]["gloss-graph"]["phases_s"])
    assert len(results["site_rebuild"]["wall_s"]["runs"]) == 1
    # --extra reaches the timed builds, but not the rebuild, which needs the cache.
    assert results["gloss_graph_command"].endswith("--timings -q --no-cache")
    assert results["site"]["gloss-graph"]["outputs"] == ["glossary.ttl", "graph.html", "report.json", "report.md"]
    assert "site            gloss-graph" in printed and "glossary trees  reference" in printed
    assert printed.count("n/a (smoke)") == 5
    # The rebuilds edit a mirror of the site, never the unpacked site itself.
    unpacked = tmp_path / "cache" / "site" / "files" / "en-us" / "glossary"
    assert not any("benchmark" in f.read_text() for f in unpacked.rglob("index.md"))


def test_smoke_mode_fails_when_a_pipeline_crashes(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cache, "shared_dir", lambda: fake_shared(tmp_path))
    monkeypatch.setitem(run.COMMANDS, run.REFERENCE,
                        lambda sources, output: [sys.executable, "-c", "raise SystemExit('reference broke')"])
    code = run.main(["--smoke", "--json", str(tmp_path / "b.json"), "--cache-dir", str(tmp_path / "cache" / "site")])
    assert code == 1
    assert "reference broke" in capsys.readouterr().err
    assert not (tmp_path / "b.json").exists()


# ---------------------------------------------------------------- on the real data


@needs_shared
@pytest.mark.shared
def test_bench_smoke_runs_on_the_real_site(tmp_path):
    out = tmp_path / "bench.json"
    proc = subprocess.run([sys.executable, str(REPO / "benchmarks" / "run.py"), "--smoke", "--json", str(out)],
                          capture_output=True, text=True, cwd=REPO, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    lines = proc.stdout.splitlines()
    assert any(line.startswith("input site:") and "300-page subset" in line for line in lines)
    for row in ("site            gloss-graph", "site            reference",
                "glossary trees  gloss-graph", "glossary trees  reference"):
        assert any(line.startswith(row) for line in lines), row
    targets = [line for line in lines if line.startswith(("site build", "four glossary trees", "site rebuild"))]
    assert len(targets) == 5 and all(line.endswith("n/a (smoke)") for line in targets)
    results = json.loads(out.read_text())
    assert results["inputs"]["site"]["pages"] in (300, 301)
    assert results["inputs"]["glossary_trees"]["pages"] == sum(
        1 for t in run.GLOSSARY_TREES for _ in (SHARED / t).rglob("index.md"))
    assert results["site"]["gloss-graph"]["phases_s"]
