"""``gloss-graph diff OLD NEW`` and report.json's ``glossary_redirects``.

On the real 2022 and 2026 snapshots the diff's counts are checked against
set differences computed here from the two report.json files themselves;
small trees made here cover renames, each exit status and bad input."""
from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

import gloss_graph
from gloss_graph import diff, report
from gloss_graph.cli import main
from gloss_graph.errors import UsageError

from conftest import CONTENT, ROOT, need_shared
from test_baseline import console_block, edit_content_as_docs_ci
from test_check import entry


# --- the real snapshots, built once for this module -----------------------------------

@pytest.fixture(scope="module")
def snapshots(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("snapshots")
    for year in ("2022", "2026"):
        gloss_graph.build([str(need_shared(year, "files"))], out / year)
    return out / "2022", out / "2026"


def _raw(folder: Path) -> dict:
    return json.loads((folder / "report.json").read_text("utf-8"))


def _terms(data: dict) -> set[tuple[str, str]]:
    return {(loc, c["slug"].lower()) for c in data["concepts"] for loc in c["locales"]}


def test_terms_agree_with_set_differences(snapshots):
    old, new = (_raw(f) for f in snapshots)
    result = diff.diff(*snapshots)
    gone, came = _terms(old) - _terms(new), _terms(new) - _terms(old)
    removed = {(t.locale, t.slug.lower()) for t in result.removed}
    renamed = {(r.locale, r.old.lower()) for r in result.renamed}
    assert removed | renamed == gone and not removed & renamed
    assert len(result.removed) + len(result.renamed) == len(gone)
    targets = {(r.locale, r.new.lower()) for r in result.renamed}
    assert {(t.locale, t.slug.lower()) for t in result.added} == came - targets
    assert len(result.removed) > 400 and len(result.added) > 600  # fr was dropped, de came in


def test_each_rename_is_a_redirect_of_the_new_report(snapshots):
    new = _raw(snapshots[1])
    redirects = {(i["locale"], i["from"]): i["to"].lower() for i in new["glossary_redirects"]}
    result = diff.diff(*snapshots)
    assert result.renames_detected and len(result.renamed) >= 10
    for r in result.renamed:
        to = redirects.get((r.locale, r.old.lower())) or redirects.get(("en-US", r.old.lower()))
        assert to == r.new.lower(), r
        assert (r.locale, r.new.lower()) in _terms(new)
    # One rename, read off the raw 2026 redirect file here.
    line = "/en-US/docs/Glossary/XHR_(XMLHttpRequest)\t/en-US/docs/Glossary/XMLHttpRequest\n"
    assert line in need_shared("2026", "files", "en-us", "_redirects.txt").read_text("utf-8")
    assert diff.Rename("en-US", "Glossary/XHR_(XMLHttpRequest)", "Glossary/XMLHttpRequest") in result.renamed


def test_broken_references_agree_with_multiset_differences(snapshots):
    old, new = (_raw(f) for f in snapshots)

    def keys(data):
        return Counter((b["locale"], b["file"], b["target"], b["text"]) for b in data["broken_references"])

    came, gone = keys(new) - keys(old), keys(old) - keys(new)
    result = diff.diff(*snapshots)

    def found(items):
        return Counter((i["locale"], i["inside"], i["target"], i["text"]) for i in items)

    assert found(result.broken.new) == came and sum(came.values()) > 0
    assert found(result.broken.fixed) == gone and sum(gone.values()) > 50
    assert result.exit_status == 1


def test_orphans_and_errors_agree_with_set_differences(snapshots):
    old, new = (_raw(f) for f in snapshots)
    result = diff.diff(*snapshots)

    def slugs(data):
        return {o["slug"].lower() for o in data["orphans"]}

    assert {o["slug"].lower() for o in result.orphans.new} == slugs(new) - slugs(old)
    assert {o["slug"].lower() for o in result.orphans.fixed} == slugs(old) - slugs(new)
    assert (result.errors.new, result.errors.fixed) == ([], [])
    assert not result.stale.compared  # neither report has the section yet


def test_per_locale_json_adds_up(snapshots, capsys):
    status = main(["diff", str(snapshots[0]), str(snapshots[1] / "report.json"), "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    assert status == 1 and data["worse"] is True
    per_locale = data["locales"]
    assert sum(len(v["terms_added"]) for v in per_locale.values()) == data["summary"]["terms_added"]
    assert sum(len(v["broken_references"]["fixed"]) for v in per_locale.values()) \
        == data["summary"]["broken_references"]["fixed"]
    assert set(per_locale) == {"en-US", "fr", "de"}
    assert per_locale["fr"]["terms_added"] == [] and per_locale["de"]["terms_removed"] == []
    assert data["summary"]["stale_translations"] is None and data["stale_translations_compared"] is False


def test_real_glossary_redirects_lead_to_concepts(snapshots):
    for folder in snapshots:
        data = _raw(folder)
        slugs = {c["slug"] for c in data["concepts"]}
        items = data["glossary_redirects"]
        assert items and all(i["to"] in slugs and i["from"].startswith("glossary/") for i in items)
        assert items == sorted(items, key=lambda i: (i["locale"] != "en-US", i["locale"], i["from"]))
    assert {"locale": "en-US", "from": "glossary/xhr_(xmlhttprequest)", "to": "Glossary/XMLHttpRequest"} \
        in _raw(snapshots[1])["glossary_redirects"]


# --- small trees -------------------------------------------------------------------------

def write_report(tree: Path, out: Path) -> Path:
    corpus = gloss_graph.load([str(tree)])
    report.write_reports(report.health_report(corpus, gloss_graph.build_graph(corpus)), out)
    return out / "report.json"


def redirects(tree: Path, *pairs: tuple[str, str], locale: str = "en-us", prefix: str = "en-US") -> None:
    lines = "".join(f"/{prefix}/docs/{a}\t/{prefix}/docs/{b}\n" for a, b in pairs)
    path = tree / "files" / locale / "_redirects.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# FROM\tTO\n" + lines, encoding="utf-8")


@pytest.fixture
def pair(tmp_path):
    """Two trees, OLD and NEW, that start out the same: three terms citing
    each other in a ring."""
    trees = tmp_path / "old", tmp_path / "new"
    for tree in trees:
        entry(tree, "Alpha", '{{Glossary("Beta")}}')
        entry(tree, "Beta", '{{Glossary("Gamma")}}')
        entry(tree, "Gamma", '{{Glossary("Alpha")}}')
    return trees


def run_diff(capsys, tmp_path, old: Path, new: Path, *options: str) -> tuple[int, str, str]:
    a, b = write_report(old, tmp_path / "out-old"), write_report(new, tmp_path / "out-new")
    status = main(["diff", str(a.parent), str(b.parent), *options])
    out, err = capsys.readouterr()
    return status, out, err


def test_nothing_changed(pair, tmp_path, capsys):
    status, out, _ = run_diff(capsys, tmp_path, *pair)
    assert status == 0
    assert "terms: 0 added, 0 removed, 0 renamed" in out
    assert "verdict: nothing got worse" in out


def rename_alpha(tree: Path) -> None:
    """Glossary/Alpha becomes Glossary/Alpha_renamed, with its redirect."""
    (tree / "files/en-us/glossary/alpha/index.md").unlink()
    entry(tree, "Alpha_renamed", '{{Glossary("Beta")}}')
    entry(tree, "Gamma", '{{Glossary("Alpha_renamed")}}')
    redirects(tree, ("Glossary/Alpha", "Glossary/Alpha_renamed"))


def test_a_renamed_term(pair, tmp_path, capsys):
    old, new = pair
    rename_alpha(new)
    status, out, _ = run_diff(capsys, tmp_path, old, new)
    assert status == 0
    assert "terms: 0 added, 0 removed, 1 renamed" in out
    assert "  term renamed: Glossary/Alpha -> Glossary/Alpha_renamed" in out.splitlines()


def test_a_rename_through_a_chain_of_redirects(pair, tmp_path, capsys):
    old, new = pair
    (new / "files/en-us/glossary/alpha/index.md").unlink()
    entry(new, "Alef", '{{Glossary("Beta")}}')
    entry(new, "Gamma", '{{Glossary("Alef")}}')
    redirects(new, ("Glossary/Alpha", "Glossary/Alpha_2"), ("Glossary/Alpha_2", "Glossary/Alef"))
    result = diff.diff(write_report(old, tmp_path / "o"), write_report(new, tmp_path / "n"))
    assert result.renamed == [diff.Rename("en-US", "Glossary/Alpha", "Glossary/Alef")]
    assert (result.added, result.removed) == ([], [])


def test_a_translation_is_renamed_through_the_english_redirects(pair, tmp_path):
    old, new = pair
    for locale in ("fr", "de"):
        entry(old, "Alpha", '{{Glossary("Beta")}}', locale=locale)
    rename_alpha(new)  # en-US's redirects only, as MDN falls back to them
    entry(new, "Alpha_renamed", '{{Glossary("Beta")}}', locale="fr")  # moved as en-US was; de was not
    result = diff.diff(write_report(old, tmp_path / "o"), write_report(new, tmp_path / "n"))
    assert result.renamed == [diff.Rename("en-US", "Glossary/Alpha", "Glossary/Alpha_renamed"),
                              diff.Rename("fr", "Glossary/Alpha", "Glossary/Alpha_renamed")]
    assert result.removed == [diff.Term("de", "Glossary/Alpha")]  # its readers get the English page now
    assert result.added == []


def test_without_glossary_redirects_no_rename_is_detected(pair, tmp_path, capsys):
    old, new = pair
    rename_alpha(new)
    a, b = write_report(old, tmp_path / "o"), write_report(new, tmp_path / "n")
    data = json.loads(b.read_text("utf-8"))
    del data["glossary_redirects"]  # as an earlier gloss-graph wrote it
    b.write_text(json.dumps(data), encoding="utf-8")
    assert main(["diff", str(a), str(b)]) == 0
    out = capsys.readouterr().out
    assert "terms: 1 added, 1 removed, 0 renamed" in out
    assert "note: renames not detected: the NEW report has no glossary_redirects" in out
    assert diff.diff(a, b).renamed == []


def test_a_removed_term_without_redirect_is_removed(pair, tmp_path, capsys):
    old, new = pair
    (new / "files/en-us/glossary/alpha/index.md").unlink()
    entry(new, "Gamma", '{{Glossary("Beta")}}')
    result = diff.diff(write_report(old, tmp_path / "o"), write_report(new, tmp_path / "n"))
    assert result.removed == [diff.Term("en-US", "Glossary/Alpha")] and result.renamed == []
    assert result.exit_status == 0  # a removal alone makes nothing worse


def test_a_new_orphan_fails(pair, tmp_path, capsys):
    old, new = pair
    entry(new, "Delta", '{{Glossary("Alpha")}}')
    status, out, _ = run_diff(capsys, tmp_path, old, new)
    assert status == 1
    assert "  term added: Glossary/Delta" in out.splitlines()
    assert any(line.startswith("  new orphan: Glossary/Delta (") for line in out.splitlines())
    assert "verdict: worse: 1 new orphan" in out


def test_a_new_broken_reference_fails_and_a_moved_one_does_not(pair, tmp_path, capsys):
    old, new = pair
    entry(old, "Beta", '{{Glossary("Gamma")}} {{Glossary("Nowhere", "somewhere")}}')
    entry(new, "Beta", '{{Glossary("Gamma")}}\n\n\n\nMoved: {{Glossary("Nowhere", "somewhere")}}')
    assert run_diff(capsys, tmp_path, old, new)[0] == 0
    entry(new, "Alpha", '{{Glossary("Beta")}} {{Glossary("Nowhere", "somewhere")}}')
    status, out, _ = run_diff(capsys, tmp_path, old, new)
    assert status == 1
    assert ("  new broken reference: " + str(new / "files/en-us/glossary/alpha/index.md")
            + ':6:22: Glossary/Nowhere ("somewhere")') in out.splitlines()


def test_a_third_copy_of_a_broken_link_is_new(pair, tmp_path, capsys):
    old, new = pair
    link = '{{Glossary("Nowhere")}}'
    entry(old, "Beta", f'{{{{Glossary("Gamma")}}}} {link} {link}')
    entry(new, "Beta", f'{{{{Glossary("Gamma")}}}} {link} {link} {link}')
    result = diff.diff(write_report(old, tmp_path / "o"), write_report(new, tmp_path / "n"))
    assert [(i["target"], i["column"]) for i in result.broken.new] == [("Glossary/Nowhere", 1 + 22 + 24 + 24)]
    assert result.broken.fixed == []


def test_only_fixes_pass(pair, tmp_path, capsys):
    old, new = pair
    entry(old, "Beta", '{{Glossary("Gamma")}} {{Glossary("Nowhere")}}')
    entry(old, "Delta", "cited by nobody")
    status, out, _ = run_diff(capsys, tmp_path, old, new)
    assert status == 0
    assert "broken references: 0 new, 1 fixed" in out and "orphans: 0 new, 1 fixed" in out


def test_a_new_unreadable_file_fails(pair, tmp_path, capsys):
    old, new = pair
    broken = new / "files/en-us/glossary/delta/index.md"
    broken.parent.mkdir(parents=True)
    broken.write_text("no front matter here\n", encoding="utf-8")
    status, out, _ = run_diff(capsys, tmp_path, old, new)
    assert status == 1
    assert "unreadable files: 1 new, 0 fixed" in out
    assert re.search(r"^  new unreadable file: .*delta/index\.md:1: has no front matter", out, re.M)


def _with_stale(path: Path, items: list[dict] | None) -> Path:
    """The report at ``path`` with these stale translations, or, for None,
    as an earlier gloss-graph wrote it: without the sections."""
    data = json.loads(path.read_text("utf-8"))
    if items is not None:
        data["stale_translations"] = items
    else:
        del data["stale_translations"], data["staleness"]
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def test_stale_translations_new_and_fixed(pair, tmp_path, capsys):
    a = _with_stale(write_report(pair[0], tmp_path / "o"), [{"locale": "fr", "slug": "Glossary/Alpha"}])
    b = _with_stale(write_report(pair[1], tmp_path / "n"), [{"locale": "fr", "slug": "Glossary/Beta"},
                                                            {"locale": "de", "slug": "Glossary/Alpha"}])
    result = diff.diff(a, b)
    assert [(i["locale"], i["slug"]) for i in result.stale.new] == [("fr", "Glossary/Beta"), ("de", "Glossary/Alpha")]
    assert [(i["locale"], i["slug"]) for i in result.stale.fixed] == [("fr", "Glossary/Alpha")]
    assert result.exit_status == 1
    assert main(["diff", str(a), str(b)]) == 1
    out = capsys.readouterr().out
    assert "stale translations: 2 new, 1 fixed" in out
    assert "fr\n  new stale translation: Glossary/Beta\n  fixed stale translation: Glossary/Alpha\n" in out
    assert main(["diff", str(b), str(a)]) == 1  # the other way, one is new too
    assert main(["diff", str(a), str(a)]) == 0


@pytest.mark.parametrize("absent", ["OLD", "NEW", "OLD and NEW"])
def test_stale_translations_absent_are_not_compared(pair, tmp_path, capsys, absent):
    stale = [{"locale": "fr", "slug": "Glossary/Alpha"}]
    a = _with_stale(write_report(pair[0], tmp_path / "o"), None if "OLD" in absent else [])
    b = _with_stale(write_report(pair[1], tmp_path / "n"), None if "NEW" in absent else stale)
    assert main(["diff", str(a), str(b)]) == 0  # not compared: cannot fail
    out = capsys.readouterr().out
    assert f"stale translations: not compared (the {absent} report" in out
    main(["diff", str(a), str(b), "--format", "json"])
    assert json.loads(capsys.readouterr().out)["summary"]["stale_translations"] is None
    main(["diff", str(a), str(b), "--format", "markdown"])
    assert "Stale translations: not compared" in capsys.readouterr().out


# --- markdown, for a pull-request comment -------------------------------------------------

def test_markdown_renders_as_a_table_and_details_with_input_escaped(pair, tmp_path, capsys):
    old, new = pair
    entry(new, "Delta", '{{Glossary("Alpha")}} {{Glossary("Nowhere", "<img src=x onerror=alert(1)> [x](javascript:y) | cell")}}')
    status, out, _ = run_diff(capsys, tmp_path, old, new, "--format", "markdown")
    assert status == 1
    page = cmarkgfm.github_flavored_markdown_to_html(out, options=Options.CMARK_OPT_UNSAFE)
    assert page.count("<table>") == 1 and "<details>" in page
    assert "<summary>en-US: 1 term added, 1 new orphan, 1 new broken reference</summary>" in page
    assert re.search(r"<td>en-US</td>\s*<td[^>]*>1</td>", page)
    assert "<img" not in page and 'href="javascript' not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_markdown_long_lists_are_cut(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    entry(old, "Alpha", "x")
    for n in range(60):
        entry(new, f"Term_{n:02}", "x")
    result = diff.diff(write_report(old, tmp_path / "o"), write_report(new, tmp_path / "n"))
    text = diff.format_markdown(result)
    assert len(re.findall(r"^- `Glossary/Term_\d\d`$", text, re.M)) == 50  # terms added
    assert "- ... and 10 more" in text
    assert diff.format_text(result).count("term added: ") == 60


# --- text is safe to print ----------------------------------------------------------------

def test_text_from_reports_is_printed_safely(pair, tmp_path, capsys):
    old, new = pair
    entry(new, "Alpha", '{{Glossary("Beta")}} {{Glossary("Nowhere", "a\x1b[2Jb")}}')
    status, out, _ = run_diff(capsys, tmp_path, old, new)
    assert status == 1 and "\x1b" not in out and '("a\\u001b[2Jb")' in out  # quoted as JSON


# --- usage errors: one line naming the file, exit 2 ----------------------------------------

def _report_file(tmp_path: Path, data) -> Path:
    path = tmp_path / "bad.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def _good(tmp_path: Path) -> dict:
    tree = tmp_path / "tree"
    entry(tree, "Alpha", '{{Glossary("Nowhere")}}')
    return json.loads(write_report(tree, tmp_path / "good").read_text("utf-8"))


def _changed(data: dict, section: str, field: str, value) -> dict:
    data = json.loads(json.dumps(data))
    data[section][0][field] = value
    return data


BAD = {
    "not JSON": (lambda good: "{schema_version: 1", "is not JSON"),
    "an array": (lambda good: [], "is not a gloss-graph report (no schema_version)"),
    "no schema_version": (lambda good: {"concepts": []}, "is not a gloss-graph report (no schema_version)"),
    "schema_version 2": (lambda good: {**good, "schema_version": 2}, "has schema_version 2; this gloss-graph reads"),
    "schema_version text": (lambda good: {**good, "schema_version": "1"}, 'has schema_version "1"'),
    "no concepts": (lambda good: {k: v for k, v in good.items() if k != "concepts"}, "concepts is missing"),
    "line is text": (lambda good: _changed(good, "broken_references", "line", "7"),
                     'broken_references[0].line is "7", not an integer or null'),
    "target missing": (lambda good: {**good, "broken_references": [{"locale": "en-US"}]},
                       "broken_references[0] has no 'source'"),
    "locales empty": (lambda good: _changed(good, "concepts", "locales", []),
                      "concepts[0].locales is [], not a non-empty list of strings"),
    "redirect to a number": (lambda good: {**good, "glossary_redirects": [{"locale": "en-US", "from": "a", "to": 1}]},
                             "glossary_redirects[0].to is 1, not a string"),
    "stale not a list": (lambda good: {**good, "stale_translations": {}}, "stale_translations is missing or not a list"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_report_is_one_line_exit_2(tmp_path, capsys, case):
    make, reason = BAD[case]
    good = _good(tmp_path)
    bad = _report_file(tmp_path, make(good))
    (tmp_path / "fine").mkdir()
    fine = _report_file(tmp_path / "fine", good)
    for argv in (["diff", str(bad), str(fine)], ["diff", str(fine), str(bad)]):
        _fails_with(capsys, argv, bad, reason)


def test_missing_report_and_folder_without_one(tmp_path, capsys):
    _fails_with(capsys, ["diff", str(tmp_path / "none.json"), str(tmp_path / "none.json")],
                tmp_path / "none.json", "no such file")
    _fails_with(capsys, ["diff", str(tmp_path), str(tmp_path)], tmp_path, "holds no report.json")


def test_huge_report_is_refused_unread(tmp_path, capsys):
    path = tmp_path / "report.json"
    with open(path, "wb") as handle:
        handle.truncate(diff.MAX_BYTES + 1)
    _fails_with(capsys, ["diff", str(tmp_path), str(tmp_path)], tmp_path / "report.json", "is larger than")


def test_deeply_nested_report(tmp_path, capsys):
    path = _report_file(tmp_path, '{"schema_version": 1, "concepts": ' + "[" * 50_000 + "]" * 50_000 + "}")
    _fails_with(capsys, ["diff", str(path), str(path)], path, "nests JSON too deeply")


def test_bad_format_is_a_usage_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as stop:
        main(["diff", "a", "b", "--format", "html"])
    assert stop.value.code == 2


def _fails_with(capsys, argv: list[str], path: Path, reason: str) -> None:
    status = main(argv)
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.count("\n") == 1 and err.startswith("gloss-graph diff: error: "), err
    assert str(path) in err and reason in err, err
    with pytest.raises(UsageError):
        diff.load_report(diff.report_path(path))


# --- glossary_redirects in report.json ------------------------------------------------------

def test_glossary_redirects_section(tmp_path):
    entry(tmp_path, "Alpha", "x")
    entry(tmp_path, "Beta", "x")
    entry(tmp_path, "Alpha", "x", locale="fr")
    redirects(tmp_path,
              ("Glossary/Old_alpha", "Glossary/Alpha"),          # plain
              ("Glossary/Older", "Glossary/Old_alpha"),          # a chain, followed
              ("Glossary/Beta", "Glossary/Alpha"),               # Beta is an entry: never acts
              ("Glossary/To_page", "Web/HTML"),                  # not to the glossary
              ("Glossary/To_nothing", "Glossary/Missing"),       # to no concept
              ("Web/Old_page", "Glossary/Beta"))                 # not from the glossary
    redirects(tmp_path, ("Glossary/Ancien", "Glossary/Older"), locale="fr", prefix="fr")  # then en-US's
    corpus = gloss_graph.load([str(tmp_path)])
    assert report.glossary_redirects(corpus) == [
        {"locale": "en-US", "from": "glossary/old_alpha", "to": "Glossary/Alpha"},
        {"locale": "en-US", "from": "glossary/older", "to": "Glossary/Alpha"},
        {"locale": "fr", "from": "glossary/ancien", "to": "Glossary/Alpha"},
    ]
    data = report.health_report(corpus, gloss_graph.build_graph(corpus))
    keys = list(data)
    assert keys.index("glossary_redirects") == keys.index("orphaned_translations") + 1


# --- docs/ci.md shows a real run on content/; it stays true ------------------------------------

def rename_packet(content: Path) -> None:
    """The rename docs/ci.md adds to its change: Glossary/Packet becomes
    Glossary/Network_packet, with its redirect, and the latency entry links to it."""
    glossary = content / "files/en-us/glossary"
    (glossary / "packet").rename(glossary / "network_packet")
    page = glossary / "network_packet/index.md"
    page.write_text(page.read_text("utf-8").replace("title: Packet", "title: Network packet")
                    .replace("slug: Glossary/Packet", "slug: Glossary/Network_packet"), "utf-8")
    with open(content / "files/en-us/_redirects.txt", "a", encoding="utf-8") as handle:
        handle.write("/en-US/docs/Glossary/Packet\t/en-US/docs/Glossary/Network_packet\n")
    latency = glossary / "latency/index.md"
    latency.write_text(latency.read_text("utf-8").replace(
        "the time a request needs to reach",
        'the time the first {{Glossary("Network_packet", "packet")}} of a request needs to reach', 1), "utf-8")


def test_docs_ci_diff_run(tmp_path, monkeypatch, capsys):
    doc = (ROOT / "docs/ci.md").read_text("utf-8")
    for side in ("base", "head"):
        shutil.copytree(CONTENT, tmp_path / side / "content")
    edit_content_as_docs_ci(tmp_path / "head/content")
    rename_packet(tmp_path / "head/content")
    for side in ("base", "head"):
        monkeypatch.chdir(tmp_path / side)  # SOURCE `content`, as the docs build it
        write_report(Path("content"), tmp_path / f"{side}-output")
    monkeypatch.chdir(tmp_path)
    assert main(["diff", "base-output", "head-output"]) == 1
    assert capsys.readouterr().out.splitlines() == console_block(doc, "gloss-graph diff base-output head-output")
    assert main(["diff", "base-output", "head-output", "--format", "markdown"]) == 1
    start = doc.index("```markdown\n") + len("```markdown\n")
    assert capsys.readouterr().out == doc[start:doc.index("\n```\n", start) + 1]


def test_docs_ci_snapshot_figures(snapshots):
    doc = " ".join((ROOT / "docs/ci.md").read_text("utf-8").split())
    r = diff.diff(*snapshots)
    assert (f"the summary reads: {len(r.added)} terms added, {len(r.removed)} removed, {len(r.renamed)} renamed"
            in doc)
    assert (f"{len(r.orphans.new)} new orphans and {len(r.orphans.fixed)} fixed, {len(r.broken.new)} new "
            f"broken references and {len(r.broken.fixed)} fixed" in doc)
