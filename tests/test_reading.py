"""Reading on several cores gives what reading in one process gives; site
pages are read whole only when they can reference the glossary, and one that
does so only through a redirect is still counted."""
from __future__ import annotations

import os

import pytest

import gloss_graph
from gloss_graph import reading
from gloss_graph.sources import discover

from conftest import need_shared


@pytest.mark.shared
def test_two_processes_read_what_one_reads():
    source = discover(str(need_shared("2026", "files")))
    jobs = [(f, source.given) for f in source.files]
    assert len(jobs) > reading.PARALLEL_FROM
    assert reading.read_files(jobs, workers=2) == reading.read_files(jobs, workers=1)


def test_a_failed_child_is_made_up_for_here(tmp_path, monkeypatch):
    glossary = tmp_path / "files/en-us/glossary"
    for i in range(reading.PARALLEL_FROM + 20):
        (glossary / f"t{i}").mkdir(parents=True)
        (glossary / f"t{i}" / "index.md").write_text(f"---\ntitle: T{i}\nslug: Glossary/T{i}\n---\nText.\n")
    source = discover(str(tmp_path))
    jobs = [(f, source.given) for f in source.files]
    parent = os.getpid()
    real = reading.read_entry

    def dies_in_children(sf, src, reach=None, texts=True):
        if os.getpid() != parent:
            raise RuntimeError("a worker fell over")
        return real(sf, src, reach, texts)

    monkeypatch.setattr(reading, "read_entry", dies_in_children)
    results = reading.read_files(jobs, workers=2)
    assert [r.entry.slug for r in results] == [f"Glossary/{os.path.basename(os.path.dirname(sf.path)).upper()}"
                                               for sf, _ in jobs]


PAGE = "---\ntitle: {title}\nslug: {slug}\n---\n{body}\n"


def page(root, slug, body, title="A page"):
    path = root.joinpath(*slug.lower().split("/")) / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(PAGE.format(title=title, slug=slug, body=body), encoding="utf-8")


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "files/en-us"
    page(root, "Glossary/Unix_time", "Seconds since 1970.", title="Unix time")
    page(root, "Glossary/Lonely", "Nobody links here.", title="Lonely")
    page(root, "Web/API/Timing", 'Uses {{domxref("DOMTimeStamp")}} values.')
    page(root, "Web/HTTP/Dates", "See [the old page](/en-US/docs/Web/Old_time) for dates.")
    page(root, "Web/CSS/Other", "Nothing here that reaches a term, [but a link](/en-US/docs/Web/HTML).")
    (root / "_redirects.txt").write_text(
        "/en-US/docs/Web/API/DOMTimeStamp\t/en-US/docs/Glossary/Unix_time\n"
        "/en-US/docs/Web/Old_time\t/en-US/docs/Web/API/DOMTimeStamp\n", encoding="utf-8")
    return tmp_path


def test_a_page_that_reaches_a_term_only_through_a_redirect_is_counted(site):
    corpus = gloss_graph.load([str(site)], workers=1)
    referrers = sorted(l.source_key for l in corpus.links if l.target == "glossary/unix_time")
    assert referrers == ["web/api/timing", "web/http/dates"]
    orphans = gloss_graph.health_report(corpus, gloss_graph.build_graph(corpus))["orphans"]
    assert [o["slug"] for o in orphans] == ["Glossary/Lonely"]


def test_a_page_that_cannot_reach_the_glossary_is_only_counted(site):
    corpus = gloss_graph.load([str(site)], workers=1)
    assert "web/css/other" in corpus.other_pages and "web/css/other" not in corpus.pages
    assert corpus.page_count == 3


def _generated_glossary(tmp_path, count: int):
    glossary = tmp_path / "files/en-us/glossary"
    for i in range(count):
        (glossary / f"t{i}").mkdir(parents=True)
        (glossary / f"t{i}" / "index.md").write_text(
            f"---\ntitle: T{i}\nslug: Glossary/T{i}\n---\nA **term** number {i}, see [T0](/en-US/docs/Glossary/T0).\n")
    source = discover(str(tmp_path))
    return [(f, source.given) for f in source.files]


@pytest.mark.shared
def test_texts_made_later_by_the_children_are_the_ones_made_at_once():
    source = discover(str(need_shared("2026", "files")))
    jobs = [(f, source.given) for f in source.files]
    later: list = []
    results = reading.read_files(jobs, workers=2, texts_later=later)
    at_once = reading.read_files(jobs, workers=1)
    assert len(later) == 1
    assert sum(r.entry.summary != a.entry.summary for r, a in zip(results, at_once)) > 100  # not made yet
    assert sum(r.entry.prose != a.entry.prose for r, a in zip(results, at_once)) > 100
    later[0].summaries()
    assert [r.entry.summary for r in results] == [a.entry.summary for a in at_once]
    assert sum(r.entry.prose != a.entry.prose for r, a in zip(results, at_once)) > 100  # still to come
    later[0].prose()
    assert results == at_once


@pytest.mark.parametrize("step", ["made_summaries", "made_prose"])
def test_a_child_that_fails_making_texts_is_made_up_for_here(tmp_path, monkeypatch, step):
    jobs = _generated_glossary(tmp_path, reading.PARALLEL_FROM + 20)
    parent = os.getpid()
    real = getattr(reading._Texts, step)

    def fails_in_children(self):
        if os.getpid() != parent:
            raise RuntimeError("a worker fell over after sending its entries")
        return real(self)

    monkeypatch.setattr(reading._Texts, step, fails_in_children)
    later: list = []
    results = reading.read_files(jobs, workers=2, texts_later=later)
    later[0].summaries()
    later[0].prose()
    assert results == reading.read_files(jobs, workers=1)
    assert all(r.entry.summary.startswith("A term number") for r in results)
    assert all(r.entry.prose.strip().startswith("A **term** number") for r in results)


def test_texts_never_wanted_leave_no_child_behind(tmp_path):
    jobs = _generated_glossary(tmp_path, reading.PARALLEL_FROM + 20)
    later: list = []
    reading.read_files(jobs, workers=2, texts_later=later)
    pids = [child.pid for child, _ in later[0].delivered]
    assert pids
    later[0].cancel()
    for pid in pids:
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reaped already
