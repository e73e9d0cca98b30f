"""Baselines for ``gloss-graph check``: record today's findings, then fail
only on new ones. The main test edits a copy of the real MDN 2026 glossary:
one broken reference added, one existing broken reference moved ten lines
down; exactly the added one must be new."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import gloss_graph
from gloss_graph import baseline
from gloss_graph.baseline import compare, fingerprint, read_baseline, write_baseline
from gloss_graph.cli import main
from gloss_graph.errors import UsageError
from gloss_graph.findings import Finding

from conftest import need_shared
from test_check import entry

NEW_TERM = "Not_a_term_in_any_glossary"
ADDED = f'\nSee also {{{{Glossary("{NEW_TERM}", "a made-up term")}}}}.\n'
TEN_LINES = "".join(f"An inserted line of plain prose, number {n}.\n" for n in range(1, 11))


# --- the real MDN 2026 glossary, copied once for this module ------------------------

@pytest.fixture(scope="module")
def mdn(tmp_path_factory) -> Path:
    """A copy of the 2026 tree, with a baseline of its findings beside it."""
    root = tmp_path_factory.mktemp("mdn2026")
    shutil.copytree(need_shared("2026", "files"), root / "files")
    write_baseline(gloss_graph.check([str(root / "files")]).findings, root / "baseline.json")
    return root


@pytest.fixture
def edited(mdn):
    """The copy with one broken reference added (to Glossary/API) and the one
    in Glossary/RTP moved ten lines down; put back afterwards, since the
    copy is shared by the module."""
    api = mdn / "files/en-us/glossary/api/index.md"
    rtp = mdn / "files/en-us/glossary/rtp/index.md"
    originals = {path: path.read_bytes() for path in (api, rtp)}
    api.write_text(api.read_text("utf-8") + ADDED, encoding="utf-8")
    head, sep, body = rtp.read_text("utf-8").partition("\n---\n")  # after the front matter
    rtp.write_text(head + sep + TEN_LINES + body, encoding="utf-8")
    yield mdn
    for path, data in originals.items():
        path.write_bytes(data)


def test_the_real_tree_unchanged_has_nothing_new(mdn):
    found = gloss_graph.check([str(mdn / "files")]).findings
    result = compare(found, read_baseline(mdn / "baseline.json"))
    assert result.new == [] and result.fixed == []
    assert len(result.known) == len(found) > 300  # orphans, dead ends, broken references, ...


def test_one_added_reference_is_new_and_the_moved_one_is_known(edited):
    found = gloss_graph.check([str(edited / "files")]).findings
    result = compare(found, read_baseline(edited / "baseline.json"))
    assert [(f.kind, f.target, f.text) for f in result.new] == [
        ("broken-references", f"Glossary/{NEW_TERM}", "a made-up term")]
    assert result.new[0].file.endswith("files/en-us/glossary/api/index.md")
    assert result.fixed == []
    moved = [f for f in result.known if f.file.endswith("en-us/glossary/rtp/index.md")
             and f.kind == "broken-references"]
    assert [(f.target, f.line) for f in moved] == [("Glossary/IP", 8 + 10)]  # was line 8


def test_cli_on_the_real_tree(edited, capsys, monkeypatch):
    monkeypatch.chdir(edited)  # SOURCE and baseline given relative, as in a checkout
    status = main(["check", "files", "--baseline", "baseline.json"])
    out, err = capsys.readouterr()
    assert status == 1
    assert out.splitlines() == [
        f"files/en-us/glossary/api/index.md:{_line_of(edited, NEW_TERM)}:10: error: broken-references: "
        f'reference to Glossary/{NEW_TERM} ("a made-up term"), which has no entry in any loaded locale']
    total = len(gloss_graph.check(["files"]).findings)
    assert f"baseline baseline.json: 1 new, {total - 1} known remain, 0 fixed" in err


def _line_of(root: Path, text: str) -> int:
    lines = (root / "files/en-us/glossary/api/index.md").read_text("utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)


# --- counts, fixed findings, the CLI ----------------------------------------------------

LINK = '{{Glossary("Gone", "gone")}}'


@pytest.fixture
def twice(tmp_path) -> Path:
    """One entry with the same broken link twice, and a baseline of it."""
    entry(tmp_path, "Alpha", f"{LINK} and again {LINK}")
    entry(tmp_path, "Beta", '{{Glossary("Alpha")}} {{Glossary("Missing_too")}}')
    write_baseline(gloss_graph.check([str(tmp_path)]).findings, tmp_path / "baseline.json")
    return tmp_path


def test_identical_findings_are_counted(twice):
    recorded = read_baseline(twice / "baseline.json")
    gone = [r for r in recorded.items.values() if r.target == "Glossary/Gone"]
    assert [(r.kind, r.file, r.text, r.count) for r in gone] == [
        ("broken-references", "files/en-us/glossary/alpha/index.md", "gone", 2)]
    entry(twice, "Alpha", f"{LINK} and again {LINK}\n\nand a third time: {LINK}")
    result = compare(gloss_graph.check([str(twice)]).findings, recorded)
    assert [(f.target, f.line) for f in result.new] == [("Glossary/Gone", 8)]  # the third copy
    assert result.fixed == []


def test_fixed_findings_are_counted(twice, capsys):
    entry(twice, "Alpha", f"{LINK}, once now")
    entry(twice, "Beta", '{{Glossary("Alpha")}}')
    result = compare(gloss_graph.check([str(twice)]).findings, read_baseline(twice / "baseline.json"))
    assert result.new == []
    assert sorted((r.target, r.count) for r in result.fixed) == [("Glossary/Gone", 1), ("Glossary/Missing_too", 1)]
    assert result.fixed_count == 2
    status = main(["check", str(twice), "--baseline", str(twice / "baseline.json")])
    out, err = capsys.readouterr()
    assert (status, out) == (0, "")
    assert f"baseline {twice / 'baseline.json'}: 0 new, " in err and ", 2 fixed" in err


def test_new_finding_of_a_kind_not_failed_on_passes(twice, capsys):
    entry(twice, "Gamma", "No reference at all.")  # an orphan and a dead end, not broken
    status = main(["check", str(twice), "--baseline", str(twice / "baseline.json"), "--format", "json", "-q"])
    items = json.loads(capsys.readouterr().out)
    assert status == 0
    assert sorted((i["kind"], i["target"]) for i in items) == [("dead-ends", "Glossary/Gamma"),
                                                               ("orphans", "Glossary/Gamma")]
    assert main(["check", str(twice), "--baseline", str(twice / "baseline.json"), "-q",
                 "--fail-on", "orphans"]) == 1


def test_write_baseline_prints_no_finding_and_passes(tmp_path, capsys):
    entry(tmp_path, "Alpha", LINK)
    status = main(["check", str(tmp_path), "--write-baseline", str(tmp_path / "b.json")])
    out, err = capsys.readouterr()
    assert (status, out) == (0, "")
    found = len(gloss_graph.check([str(tmp_path)]).findings)
    assert f"wrote {tmp_path / 'b.json'}: {found} findings recorded" in err
    assert main(["check", str(tmp_path), "--baseline", str(tmp_path / "b.json"), "-q"]) == 0


def test_baseline_and_write_baseline_exclude_each_other(tmp_path, capsys):
    entry(tmp_path, "Alpha", "x")
    with pytest.raises(SystemExit) as stop:
        main(["check", str(tmp_path), "--baseline", "a.json", "--write-baseline", "b.json"])
    assert stop.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


# --- the file: small, sorted, committed -------------------------------------------------

def test_file_is_sorted_relative_and_the_same_from_any_folder(twice, monkeypatch):
    text = (twice / "baseline.json").read_text("utf-8")
    data = json.loads(text)
    assert list(data) == ["version", "findings"] and data["version"] == 1
    files = [item["file"] for item in data["findings"]]
    assert files == sorted(files)
    assert all(set(item) == {"kind", "file", "target", "text", "count"} for item in data["findings"])
    assert str(twice) not in text and not any(f.startswith("/") for f in files)
    assert all((twice / f).is_file() for f in files)  # relative to the baseline's folder
    # The same findings read through a relative SOURCE from another folder:
    # the same bytes, and all of them known.
    sub = twice / "ci"
    sub.mkdir()
    monkeypatch.chdir(sub)
    write_baseline(gloss_graph.check([".."]).findings, "../again.json")
    assert (twice / "again.json").read_text("utf-8") == text
    assert compare(gloss_graph.check([".."]).findings, read_baseline("../baseline.json")).new == []


def test_file_one_finding_a_line(twice):
    lines = (twice / "baseline.json").read_text("utf-8").splitlines()
    assert lines[:3] == ["{", '  "version": 1,', '  "findings": [']
    assert lines[-2:] == ["  ]", "}"]
    assert all(line.startswith('    {"kind": ') for line in lines[3:-2])


def test_an_empty_baseline(tmp_path):
    write_baseline([], tmp_path / "b.json")
    assert json.loads((tmp_path / "b.json").read_text("utf-8")) == {"version": 1, "findings": []}
    assert read_baseline(tmp_path / "b.json").items == {}


def test_invisible_characters_are_escaped_and_still_match(tmp_path):
    entry(tmp_path, "Alpha", '{{Glossary("Gone", "abc\u202edef\u2028")}}')
    found = gloss_graph.check([str(tmp_path)]).findings
    write_baseline(found, tmp_path / "b.json")
    text = (tmp_path / "b.json").read_text("utf-8")
    assert "\u202e" not in text and "\\u202e" in text and "\u2028" not in text
    assert compare(found, read_baseline(tmp_path / "b.json")).new == []


def test_fingerprint_is_readable_and_ignores_place():
    one = Finding("broken-references", "files/a/index.md", 3, 7, "reference to ...", "Glossary/X", "an x")
    moved = Finding("broken-references", "files/a/index.md", 30, 1, "other words", "Glossary/X", "an x")
    assert fingerprint(one) == fingerprint(moved) == '["broken-references", "files/a/index.md", "Glossary/X", "an x"]'
    assert fingerprint(one, "files") == '["broken-references", "a/index.md", "Glossary/X", "an x"]'
    assert fingerprint(Finding("broken-references", "files/a/index.md", 3, 7, "", "Glossary/X", "another")) \
        != fingerprint(one)


# --- bad baseline files: one line naming the file, exit 2 --------------------------------

def _item(**changes) -> dict:
    return {"kind": "orphans", "file": "a.md", "target": "Glossary/A", "text": "", "count": 1, **changes}


BAD = {
    "not-json.json": ("{version: 1}", "is not JSON"),
    "array.json": ("[]", "a JSON array, not an object"),
    "no-version.json": ('{"findings": []}', 'no "version"'),
    "version-2.json": ('{"version": 2, "findings": []}', "baseline version 2"),
    "version-text.json": ('{"version": "1", "findings": []}', 'baseline version "1"'),
    "version-true.json": ('{"version": true, "findings": []}', "baseline version true"),
    "findings-object.json": ('{"version": 1, "findings": {}}', '"findings" is missing or not a list'),
    "unknown-key.json": ('{"version": 1, "findings": [], "when": "today"}', 'unknown key "when"'),
    "item-string.json": (json.dumps({"version": 1, "findings": ["x"]}), "findings[0] is a JSON string"),
    "no-count.json": (json.dumps({"version": 1, "findings": [{k: v for k, v in _item().items() if k != "count"}]}),
                      'findings[0] has no "count"'),
    "count-zero.json": (json.dumps({"version": 1, "findings": [_item(count=0)]}), "findings[0].count is 0"),
    "count-text.json": (json.dumps({"version": 1, "findings": [_item(count="2")]}), 'findings[0].count is "2"'),
    "count-true.json": (json.dumps({"version": 1, "findings": [_item(count=True)]}), "findings[0].count is true"),
    "count-float.json": (json.dumps({"version": 1, "findings": [_item(count=1.5)]}), "findings[0].count is 1.5"),
    "target-number.json": (json.dumps({"version": 1, "findings": [_item(target=3)]}),
                           "findings[0].target is a JSON number, not a string"),
    "empty-file-field.json": (json.dumps({"version": 1, "findings": [_item(file="")]}), "empty kind or file"),
    "extra-field.json": (json.dumps({"version": 1, "findings": [_item(line=3)]}), 'unknown key "line"'),
    "twice.json": (json.dumps({"version": 1, "findings": [_item(), _item()]}), "findings[1] repeats"),
    "duplicate-key.json": ('{"version": 1, "version": 1, "findings": []}', '"version" appears twice'),
    "nan.json": ('{"version": NaN, "findings": []}', "NaN is not a JSON value"),
    "deep.json": ('{"version": 1, "findings": ' + "[" * 100_000 + "]" * 100_000 + "}", "nests JSON too deeply"),
    "latin1.json": ('{"version": 1, "findings": [], "x": "caf\xe9"}'.encode("latin-1"), "is not UTF-8"),
}


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_baseline_is_one_line_exit_2(tmp_path, capsys, name):
    content, reason = BAD[name]
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    entry(tmp_path, "Alpha", "x")
    _fails_with(capsys, tmp_path, path, reason)


def test_missing_baseline(tmp_path, capsys):
    entry(tmp_path, "Alpha", "x")
    _fails_with(capsys, tmp_path, tmp_path / "nowhere.json", "no such file")


def test_folder_as_baseline(tmp_path, capsys):
    entry(tmp_path, "Alpha", "x")
    _fails_with(capsys, tmp_path, tmp_path / "files", "is a folder, not a baseline file")
    status = main(["check", str(tmp_path), "--write-baseline", str(tmp_path / "files")])
    assert status == 2
    assert "is a folder, not a baseline file" in capsys.readouterr().err


def test_huge_baseline_is_refused_unread(tmp_path, capsys):
    path = tmp_path / "huge.json"
    with open(path, "wb") as handle:  # sparse: no disk, and it is never read
        handle.truncate(baseline.MAX_BYTES + 1)
    entry(tmp_path, "Alpha", "x")
    _fails_with(capsys, tmp_path, path, "is larger than 32 MiB")


def test_a_name_with_control_characters_is_printed_safely(tmp_path, capsys):
    entry(tmp_path, "Alpha", "x")
    _fails_with(capsys, tmp_path, tmp_path / "x\n::error::forged.json", "no such file")


def _fails_with(capsys, source: Path, path: Path, reason: str) -> None:
    status = main(["check", str(source), "--baseline", str(path)])
    out, err = capsys.readouterr()
    assert status == 2 and out == ""
    assert err.count("\n") == 1, err
    assert err.startswith("gloss-graph check: error: ") and reason in err, err
    assert str(path).replace("\n", "\\n") in err
    with pytest.raises(UsageError):
        read_baseline(path)


# --- docs/ci.md shows real runs on content/; they stay true ---------------------------------

def edit_content_as_docs_ci(content: Path) -> None:
    """The change docs/ci.md makes to content/: one broken reference fixed,
    one moved two lines down, one added."""
    browser = content / "files/en-us/glossary/browser/index.md"
    browser.write_text(browser.read_text("utf-8").replace(
        "[a page still to be written](/en-US/docs/Glossary/Nonexistent_term)", "a page still to be written"), "utf-8")
    hypertext = content / "files/en-us/glossary/hypertext/index.md"
    hypertext.write_text(hypertext.read_text("utf-8").replace(
        "\n**Hypertext** is", "\nA short history first.\n\n**Hypertext** is", 1), "utf-8")
    latency = content / "files/en-us/glossary/latency/index.md"
    latency.write_text(latency.read_text("utf-8").replace(
        "whatever the speed of the line.",
        'whatever the speed of the line, and {{Glossary("Jitter", "jitter")}} makes it vary.', 1), "utf-8")


def console_block(doc: str, command: str) -> list[str]:
    """The lines a docs console block shows after ``$ command``, up to the next prompt."""
    start = doc.index(f"$ {command}\n") + len(command) + 3
    end = min(i for i in (doc.find("\n$ ", start), doc.find("\n```", start)) if i != -1)
    return doc[start:end].splitlines()


def test_docs_ci_baseline_runs(tmp_path, monkeypatch, capsys):
    from conftest import CONTENT, ROOT

    doc = (ROOT / "docs/ci.md").read_text("utf-8")
    shutil.copytree(CONTENT, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    write = "gloss-graph check content --write-baseline .gloss-graph-baseline.json"
    assert main(write.split()[1:]) == 0
    assert capsys.readouterr().err.splitlines() == console_block(doc, write)
    check = "gloss-graph check content --baseline .gloss-graph-baseline.json"
    assert main(check.split()[1:]) == 0
    assert capsys.readouterr().err.splitlines() == console_block(doc, check)[:2]
    edit_content_as_docs_ci(tmp_path / "content")
    assert main(check.split()[1:]) == 1
    out, err = capsys.readouterr()
    shown = console_block(doc[doc.index("Now a change"):], check)
    assert out.splitlines() + err.splitlines() == shown
