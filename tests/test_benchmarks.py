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


def test_subset_takes_pages_across_the_site_with_redirects_and_their_times(tmp_path):
    site = tmp_path / "site"
    for i in range(40):  # a00 ... a39 sort before glossary/
        (site / f"a{i:02d}").mkdir(parents=True)
        (site / f"a{i:02d}" / "index.md").write_text(f"page {i}")
    (site / "glossary").mkdir()
    (site / "glossary" / "index.md").write_text("glossary")
    (site / "_redirects.txt").write_text("# none\n")
    os.utime(site / "a04" / "index.md", ns=(10**18, 10**18))
    dest = run.make_subset(site, tmp_path / "subset", pages=10)
    chosen = sorted(p.relative_to(dest).as_posix() for p in dest.rglob("index.md"))
    assert len(chosen) == 11  # 10 at a stride of 4 over 41 pages, and the glossary index
    assert chosen == [f"a{i:02d}/index.md" for i in range(0, 40, 4)] + ["glossary/index.md"]
    assert (dest / "_redirects.txt").read_text() == "# none\n"
    assert run.read_tree(dest) == {"pages": 11, "chars": sum(len(p.read_text()) for p in dest.rglob("index.md"))}
    # Copied with their times: gloss-graph's cache does not trust files changed just before a build.
    assert (dest / "a04" / "index.md").stat().st_mtime_ns == 10**18


# ---------------------------------------------------------------- verdicts

GG, REF = "gloss-graph", "reference"
# The limits, written out here rather than read from run.TARGETS.
WALL_LIMITS = {"glossary_build": 0.7, "glossary_check": 0.35, "site_build": 2.0,
               "site_unchanged": 0.4, "site_one_change": 0.8, "site_check": 1.2}


def figures(walls: dict, reference: dict | None = None, memory=(50.0, 60.0), failed: dict | None = None) -> dict:
    """Results' rows from made-up medians (s), the memory run's (max RSS,
    tree PSS) in MiB and the rebuild rows' misbehaving runs."""
    reference = {"glossary_build": 10.0, "site_build": 20.0} if reference is None else reference
    rows: dict = {}
    for row, wall in walls.items():
        rows.setdefault(row, {})[GG] = {"wall_s": {"median": wall}, "failed_runs": (failed or {}).get(row, [])}
    for row, wall in reference.items():
        rows.setdefault(row, {})[REF] = {"wall_s": {"median": wall}}
    rows["site_memory"] = {GG: run.memory_figures(run.Run(wall=1.0, max_rss=memory[0], tree_pss=memory[1]))}
    return rows


def verdict(rows: dict, row: str, measure: str) -> str:
    found = [t["verdict"] for t in run.targets(rows, smoke=False) if (t["row"], t["measure"]) == (row, measure)]
    assert len(found) == 1, (row, measure)
    return found[0]


@pytest.mark.parametrize("row", sorted(WALL_LIMITS))
def test_each_wall_target_passes_at_its_limit_and_misses_just_above(row):
    limit = WALL_LIMITS[row]
    assert verdict(figures({row: limit}), row, "wall") == "PASS"
    assert verdict(figures({row: limit + 0.01}), row, "wall") == "MISS"
    assert verdict(figures({row: limit * 3}), row, "wall") == "MISS"


def test_glossary_build_is_judged_against_its_reference_and_alone():
    # 0.5 / 0.63 = 0.79 of the reference: both pass.
    rows = figures({"glossary_build": 0.5}, {"glossary_build": 0.63})
    assert (verdict(rows, "glossary_build", "ratio"), verdict(rows, "glossary_build", "wall")) == ("PASS", "PASS")
    # 0.5 / 0.62 = 0.81: fast enough alone, not against the reference.
    rows = figures({"glossary_build": 0.5}, {"glossary_build": 0.62})
    assert (verdict(rows, "glossary_build", "ratio"), verdict(rows, "glossary_build", "wall")) == ("MISS", "PASS")
    # 0.75 / 2.0 = 0.375 of the reference, but slower than 0.7 s.
    rows = figures({"glossary_build": 0.75}, {"glossary_build": 2.0})
    assert (verdict(rows, "glossary_build", "ratio"), verdict(rows, "glossary_build", "wall")) == ("PASS", "MISS")


def test_site_build_is_judged_against_its_reference_and_alone():
    rows = figures({"site_build": 1.5}, {"site_build": 5.0})  # 0.3 of the reference exactly
    assert (verdict(rows, "site_build", "ratio"), verdict(rows, "site_build", "wall")) == ("PASS", "PASS")
    rows = figures({"site_build": 1.5}, {"site_build": 4.9})  # 0.306
    assert (verdict(rows, "site_build", "ratio"), verdict(rows, "site_build", "wall")) == ("MISS", "PASS")
    rows = figures({"site_build": 2.5}, {"site_build": 10.0})  # 0.25, but over 2 s
    assert (verdict(rows, "site_build", "ratio"), verdict(rows, "site_build", "wall")) == ("PASS", "MISS")
    assert verdict(figures({"site_build": 1.0}, {}), "site_build", "ratio") == "n/a"  # no reference measured


def test_memory_is_judged_on_the_larger_of_largest_process_and_tree_pss():
    assert verdict(figures({}, memory=(150.0, 200.0)), "site_memory", "memory") == "PASS"
    assert verdict(figures({}, memory=(150.0, 201.0)), "site_memory", "memory") == "MISS"  # the tree
    assert verdict(figures({}, memory=(201.0, 150.0)), "site_memory", "memory") == "MISS"  # one process
    assert verdict(figures({}, memory=(199.0, None)), "site_memory", "memory") == "PASS"  # no PSS to be had


def test_rebuild_rows_miss_when_a_run_did_not_do_what_the_row_requires():
    walls = {"site_unchanged": 0.1, "site_one_change": 0.2}
    assert verdict(figures(walls), "site_unchanged", "failed runs") == "PASS"
    assert verdict(figures(walls), "site_one_change", "failed runs") == "PASS"
    failed = {"site_unchanged": ["changed the mtime of graph.html"], "site_one_change": ["said nothing changed"]}
    assert verdict(figures(walls, failed=failed), "site_unchanged", "failed runs") == "MISS"
    assert verdict(figures(walls, failed=failed), "site_one_change", "failed runs") == "MISS"
    assert verdict(figures(walls, failed=failed), "site_unchanged", "wall") == "PASS"  # fast, but wrong


def test_smoke_and_unmeasured_verdicts():
    rows = figures(dict(WALL_LIMITS))
    assert {t["verdict"] for t in run.targets(rows, smoke=True)} == {"n/a (smoke)"}
    assert {t["verdict"] for t in run.targets(rows, smoke=False)} == {"PASS"}
    only_reference = {"glossary_build": {REF: {"wall_s": {"median": 1.0}}}, "site_memory": {}}
    assert {t["verdict"] for t in run.targets(only_reference, smoke=False)} == {"n/a"}
    rows = {t["row"] for t in run.targets(only_reference, smoke=False)}
    assert rows == set(WALL_LIMITS) | {"site_memory"}


# ---------------------------------------------------------------- processes and memory

ALLOCATE = "import time; x = bytearray({mib} * 2**20); x[::4096] = b'x' * len(x[::4096]); time.sleep(1.0)"  # long enough for the sampler to see it on a busy machine
has_pss = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(), reason="no /proc/<pid>/smaps_rollup here")


@has_pss
def test_memory_run_sums_the_pss_of_a_parent_and_its_child(tmp_path):
    # A parent holding 120 MiB that starts a child holding 120 MiB of its own, at once.
    script = (f"import subprocess, sys, pathlib; child = subprocess.Popen([sys.executable, '-c', {ALLOCATE.format(mib=120)!r}]); "
              f"{ALLOCATE.format(mib=120)}; child.wait(); pathlib.Path(sys.argv[1]).joinpath('done').write_text('ok')")
    out = tmp_path / "out"
    result = run.run_process([sys.executable, "-c", script, str(out)], "test", output=out, sample=True)
    assert result.outputs == ["done"]
    assert 120 <= result.max_rss < 200  # each process alone
    assert result.tree_pss >= 240  # both together
    assert result.wall >= 0.5


@has_pss
def test_memory_run_counts_pages_a_forked_child_shares_once(tmp_path):
    # The parent touches 150 MiB, then forks: the child maps the same pages.
    # The sum of RSS would be 300 MiB; PSS shares them out between the two.
    script = ("import os, sys, time, pathlib; x = bytearray(150 * 2**20); x[::4096] = b'x' * len(x[::4096]); "
              "pid = os.fork()\nif pid == 0:\n    time.sleep(0.5); os._exit(0)\n"
              "time.sleep(0.5); os.waitpid(pid, 0); pathlib.Path(sys.argv[1]).joinpath('done').write_text('ok')")
    out = tmp_path / "out"
    result = run.run_process([sys.executable, "-c", script, str(out)], "test", output=out, sample=True)
    assert result.max_rss >= 150
    assert 150 <= result.tree_pss < 225


def test_timed_runs_are_not_sampled(tmp_path):
    out = tmp_path / "out"
    result = run.run_process([sys.executable, "-c", f"{ALLOCATE.format(mib=60)}; open('out/done', 'w')"],
                             "test", output=out, cwd=tmp_path)
    assert result.tree_pss is None
    assert result.max_rss >= 60


def test_a_crashing_pipeline_stops_the_benchmark_with_its_error(tmp_path):
    out = tmp_path / "out"
    with pytest.raises(run.BenchError, match=r"(?s)exit status 1.*boom: bad front matter"):
        run.run_process([sys.executable, "-c", "import sys; sys.exit('boom: bad front matter')"], "reference", output=out)
    with pytest.raises(run.BenchError, match="wrote nothing"):
        run.run_process([sys.executable, "-c", "pass"], "reference", output=tmp_path / "out2")
    # A check writes nothing and may exit 1; anything else is a failure.
    check = [sys.executable, "-c", "import sys; print('[]'); sys.exit(int(sys.argv[1]))"]
    assert run.run_process([*check, "1"], "check", ok=run.CHECK_OK, keep_stdout=False).exit_status == 1
    with pytest.raises(run.BenchError, match="exit status 2"):
        run.run_process([*check, "2"], "check", ok=run.CHECK_OK, keep_stdout=False)


# ---------------------------------------------------------------- rounds


def test_rounds_alternate_every_rows_jobs_and_measure_memory_apart(tmp_path, monkeypatch):
    glossary = write_locale(tmp_path / "glossary")
    site = write_locale(tmp_path / "site" / "files")
    before = {p: p.read_text() for p in site.rglob("*.md")}
    jobs = []

    def fake_run_process(cmd, label, *, ok=(0,), output=None, cwd=None, keep_stdout=True, sample=False):
        source = next(name for name, path in (("glossary", glossary), ("site", site), ("mirror", bench.mirror))
                      if str(path) in cmd)
        pipeline = REF if str(run.REFERENCE_SCRIPT) in cmd else f"{GG} {cmd[3]}"
        jobs.append((pipeline, source, "sampled" if sample else "timed"))
        assert ("--no-cache" in cmd) == (pipeline == f"{GG} build" and source != "mirror")
        if output is not None:
            output.mkdir(parents=True, exist_ok=True)
        mirror_builds = sum(1 for job in jobs if job[1] == "mirror")  # prepare, then two per round
        said = "nothing changed since the last build" if source == "mirror" and mirror_builds == 5 else ""
        return run.Run(wall=0.1, max_rss=1.0, stdout=said)

    monkeypatch.setattr(run, "run_process", fake_run_process)
    monkeypatch.setattr(run, "EDIT_AGE", 0.0)
    bench = run.Bench(tmp_path / "work", glossary, site, [GG, REF], ["--no-cache"])
    bench.work.mkdir()
    bench.prepare()
    for i in range(2):
        bench.round(i)
    memory = bench.memory()
    one_round = [(f"{GG} build", "glossary", "timed"), (REF, "glossary", "timed"), (f"{GG} check", "glossary", "timed"),
                 (f"{GG} build", "site", "timed"), (REF, "site", "timed"),
                 (f"{GG} build", "mirror", "timed"), (f"{GG} build", "mirror", "timed"), (f"{GG} check", "site", "timed")]
    assert jobs == [(f"{GG} build", "mirror", "timed"), *one_round, *one_round,
                    (f"{GG} build", "site", "sampled"), (REF, "site", "sampled")]
    assert {row: {p: len(r) for p, r in by.items()} for row, by in bench.runs.items()} == {
        "glossary_build": {GG: 2, REF: 2}, "glossary_check": {GG: 2}, "site_build": {GG: 2, REF: 2},
        "site_unchanged": {GG: 2}, "site_one_change": {GG: 2}, "site_check": {GG: 2}, "site_memory": {}}
    assert set(memory) == {GG, REF}
    # A different entry edited each round, in the mirror only.
    edited = sorted(p.relative_to(bench.mirror).as_posix() for p in bench.mirror.rglob("index.md")
                    if 'for the benchmark: see {{Glossary("HTML")}}' in p.read_text())
    assert edited == ["glossary/gadget/index.md", "glossary/new_name/index.md"]
    assert {p: p.read_text() for p in site.rglob("*.md")} == before
    # The fake rebuilds said "nothing changed" only in round 2's second rebuild.
    assert [bool(r.problem) for r in bench.runs["site_unchanged"][GG]] == [True, False]
    assert [bool(r.problem) for r in bench.runs["site_one_change"][GG]] == [False, False]


def test_an_unchanged_rebuild_that_touches_an_output_is_caught(tmp_path, monkeypatch):
    site = write_locale(tmp_path / "site" / "files")
    bench = run.Bench(tmp_path / "work", site, site, [GG], [])

    def rewrites_the_page(cmd, label, *, output=None, **kwargs):
        output.mkdir(parents=True, exist_ok=True)
        page = output / "graph.html"
        page.write_text("page")
        os.utime(page, ns=(page.stat().st_mtime_ns + 10**9,) * 2)  # a later time, whatever the clock's grain
        return run.Run(wall=0.1, max_rss=1.0, stdout="nothing changed since the last build")

    monkeypatch.setattr(run, "run_process", rewrites_the_page)
    bench.prepared.mkdir(parents=True)
    (bench.prepared / "graph.html").write_text("page")
    assert bench.unchanged().problem == "changed the mtime of graph.html"


# ---------------------------------------------------------------- end to end


def fake_shared(tmp_path: Path) -> Path:
    shared = tmp_path / "shared"
    for folder in ("en-us", "de"):
        write_locale(shared / "mdn" / "2026" / "files", folder, reference_pipeline.url_locale(folder))
    os.replace(site_tarball(tmp_path), shared / "mdn" / cache.SITE_TARBALL_NAME)
    return shared


def test_smoke_mode_end_to_end_on_a_small_fake_shared_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cache, "shared_dir", lambda: fake_shared(tmp_path))
    out = tmp_path / "bench.json"
    code = run.main(["--smoke", "--json", str(out), "--cache-dir", str(tmp_path / "cache" / "site"),
                     "--extra=--rdf-format=nt"])
    printed = capsys.readouterr().out
    assert code == 0, printed
    results = json.loads(out.read_text())
    assert results["mode"] == "smoke" and results["runs"] == 1
    assert results["inputs"]["site"]["pages"] == 5
    assert results["inputs"]["glossary"]["pages"] == 10
    rows = results["rows"]
    timed = {"glossary_build": {GG, REF}, "glossary_check": {GG}, "site_build": {GG, REF},
             "site_unchanged": {GG}, "site_one_change": {GG}, "site_check": {GG}}
    for row, pipelines in timed.items():
        assert {p for p in rows[row] if p != "ratio"} == pipelines, row
        for pipeline in pipelines:
            assert len(rows[row][pipeline]["wall_s"]["runs"]) == 1
            assert rows[row][pipeline]["failed_runs"] == []  # the rebuilds did what their rows require
    assert rows["glossary_build"]["ratio"] > 0 and rows["site_build"]["ratio"] > 0
    # --extra reaches gloss-graph's builds (an extra Turtle format), the rebuilds' too.
    for row in ("glossary_build", "site_build", "site_unchanged", "site_one_change"):
        assert rows[row][GG]["outputs"] == ["glossary.nt", "glossary.ttl", "graph.html", "report.json", "report.md"]
    assert "summary.json" in rows["site_build"][REF]["outputs"]
    assert {"discover", "read", "turtle", "html", "report"} <= set(rows["site_build"][GG]["phases_s"])
    assert "read" not in rows["site_unchanged"][GG]["phases_s"]  # nothing was read again
    memory = rows["site_memory"]
    assert set(memory) == {GG, REF}
    assert all(m["peak_mib"] == max(m["max_rss_mib"], m["tree_pss_mib"] or 0) > 10 for m in memory.values())
    if Path("/proc/self/smaps_rollup").exists():
        assert all(m["tree_pss_mib"] > 10 for m in memory.values())
    assert [t["verdict"] for t in results["targets"]] == ["n/a (smoke)"] * len(run.TARGETS)
    lines = printed.splitlines()
    for row, pipelines in {**timed, "site_memory": {GG, REF}}.items():
        for pipeline in pipelines:
            assert any(line.split()[:2] == [row, pipeline] for line in lines), (row, pipeline)
    assert printed.count("n/a (smoke)") == len(run.TARGETS)
    assert any(line.startswith("load average (1 min) before / after:") for line in lines)
    # The rebuilds edit a mirror of the site, never the unpacked site itself.
    unpacked = tmp_path / "cache" / "site" / "files" / "en-us" / "glossary"
    assert not any("benchmark" in f.read_text() for f in unpacked.rglob("index.md"))


def test_smoke_mode_fails_when_the_reference_crashes(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cache, "shared_dir", lambda: fake_shared(tmp_path))
    monkeypatch.setattr(run, "reference_build",
                        lambda source, output: [sys.executable, "-c", "raise SystemExit('reference broke')"])
    code = run.main(["--smoke", "--json", str(tmp_path / "b.json"), "--cache-dir", str(tmp_path / "cache" / "site")])
    assert code == 1
    assert "reference broke" in capsys.readouterr().err
    assert not (tmp_path / "b.json").exists()


def test_smoke_mode_fails_when_gloss_graph_refuses_its_arguments(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(cache, "shared_dir", lambda: fake_shared(tmp_path))
    code = run.main(["--smoke", "--json", str(tmp_path / "b.json"), "--cache-dir", str(tmp_path / "cache" / "site"),
                     "--extra=--no-such-option"])
    assert code == 1
    err = capsys.readouterr().err
    assert "exit status 2" in err and "--no-such-option" in err
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
    rows = [("glossary_build", GG), ("glossary_build", REF), ("glossary_check", GG), ("site_build", GG),
            ("site_build", REF), ("site_unchanged", GG), ("site_one_change", GG), ("site_check", GG),
            ("site_memory", GG), ("site_memory", REF)]
    for row in rows:
        assert any(line.split()[:2] == list(row) for line in lines), row
    verdicts = [line for line in lines if line.endswith("n/a (smoke)")]
    assert len(verdicts) == len(run.TARGETS)
    results = json.loads(out.read_text())
    assert results["inputs"]["site"]["pages"] in (300, 301)
    assert results["inputs"]["glossary"]["pages"] == sum(1 for _ in (SHARED / run.GLOSSARY).rglob("index.md"))
    assert results["rows"]["site_build"][GG]["phases_s"]
    assert results["rows"]["site_unchanged"][GG]["failed_runs"] == []
    assert results["rows"]["site_one_change"][GG]["failed_runs"] == []
