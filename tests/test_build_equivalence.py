"""However a build runs (one process or several, from nothing or from the
last build's cache, after a file changed or nothing did) it writes the same
bytes as a clean build of the same files. On real MDN data: the 2026
glossary and a slice of the whole site (site mode)."""
from __future__ import annotations

import os
from pathlib import Path


import gloss_graph

from conftest import need_shared

OUTPUTS = ("glossary.ttl", "graph.html", "report.json", "report.md", "glossary.nt", "graph.graphml")
FORMATS = ("nt", "graphml")


def mirror(source: Path, target: Path, keep=lambda rel: True) -> Path:
    """``source`` as a tree of hard links (cheap, and never written through:
    a changed file is unlinked and written anew)."""
    for folder, _, names in os.walk(source):
        rel = Path(folder).relative_to(source)
        if not keep(rel.as_posix()):
            continue
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in names:
            os.link(Path(folder) / name, target / rel / name)
    return target


def rewrite(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.unlink()  # the hard link goes; the shared original stays as it was
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def outputs(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in OUTPUTS}


def build(tree: Path, out: Path, **kw) -> gloss_graph.BuildResult:
    return gloss_graph.build([str(tree)], out, rdf_formats=FORMATS, **kw)


def check_equivalence(tree: Path, tmp: Path, change: tuple[str, str, str]) -> None:
    clean = tmp / "clean"
    build(tree, clean, workers=1, use_cache=False)
    expected = outputs(clean)
    # Several processes, no cache.
    build(tree, tmp / "parallel", workers=2, use_cache=False)
    assert outputs(tmp / "parallel") == expected
    # From the cache, nothing changed: nothing written, the files as they were.
    again = build(tree, clean)
    assert again.up_to_date and outputs(clean) == expected
    # One file changed: the incremental build equals a clean build of the changed tree.
    rewrite(tree / change[0], change[1], change[2])
    incremental = build(tree, clean, workers=2)
    assert not incremental.up_to_date
    build(tree, tmp / "fresh", workers=1, use_cache=False)
    fresh = outputs(tmp / "fresh")
    assert fresh != expected  # the change shows
    assert outputs(clean) == fresh


def test_mdn_2026_glossary(tmp_path):
    tree = mirror(need_shared("2026", "files"), tmp_path / "files")
    # A new reference: changes the graph, the layout, the Turtle and the report.
    check_equivalence(tree, tmp_path, ("en-us/glossary/latency/index.md", "a packet of data",
                                       'a {{Glossary("Bandwidth", "packet")}} of data'))


def test_site_slice(tmp_path, site_files):
    """The glossary and the HTTP and Fetch pages of the whole-site snapshot."""
    slice_ = ("glossary", "web/http", "web/api/fetch_api", "web/api/window/fetch")

    def keep(rel: str) -> bool:
        return rel == "." or any(rel == part or rel.startswith(part + "/") or part.startswith(rel + "/")
                                 for part in slice_)

    tree = mirror(Path(site_files), tmp_path / "en-us", keep)
    assert len(list(tree.glob("web/http/**/index.md"))) > 100
    check_equivalence(tree, tmp_path, ("web/http/index.md", "HTTP", 'HTTP ({{Glossary("Latency")}})'))


def test_when_the_exporting_child_fails_this_process_does_its_part(tmp_path, monkeypatch):
    """The forked child writes the Turtle, the reports and the cache; if it
    dies, the parent writes them, the same bytes, and the next build finds
    the cache it left."""
    import importlib

    from gloss_graph.parallel import CAN_FORK

    from conftest import CONTENT

    if not CAN_FORK:
        import pytest

        pytest.skip("needs os.fork")
    building = importlib.import_module("gloss_graph.build")  # the module (gloss_graph.build is also the function)
    parent, real = os.getpid(), building._write_rdf

    def broken_in_the_child(*args, **kwargs):
        if os.getpid() != parent:
            raise RuntimeError("the child broke")
        return real(*args, **kwargs)

    build(CONTENT, tmp_path / "clean", workers=1, use_cache=False)
    monkeypatch.setattr(building, "_write_rdf", broken_in_the_child)
    result = build(CONTENT, tmp_path / "rescued", workers=2, use_cache=False)
    assert outputs(tmp_path / "rescued") == outputs(tmp_path / "clean")
    assert result.report["summary"] == result.summary and result.summary["concepts"] > 0
    assert build(CONTENT, tmp_path / "rescued", workers=2).up_to_date


def test_a_report_json_replaced_after_the_build_reads_as_no_report(tmp_path):
    """``BuildResult.report`` is read from report.json on first use: one that
    was replaced meanwhile by garbage, JSON nested too deeply, a folder or a
    named pipe (which a plain read would wait on forever) gives an empty
    report, at once."""
    from conftest import CONTENT

    def replaced(how) -> dict:
        out = tmp_path / how
        result = gloss_graph.build([str(CONTENT)], out, use_cache=False, workers=1)
        report = out / "report.json"
        report.unlink()
        if how == "garbage":
            report.write_bytes(b"\x00not json")
        elif how == "deep":
            report.write_bytes(b"[" * 100_000 + b"]" * 100_000)
        elif how == "folder":
            report.mkdir()
        else:
            os.mkfifo(report)
        return result.report

    for how in ("garbage", "deep", "folder", "pipe"):
        assert replaced(how) == {}, how
    intact = gloss_graph.build([str(CONTENT)], tmp_path / "intact", use_cache=False, workers=1)
    assert intact.report["summary"] == intact.summary
