"""``gloss-graph check``: findings, the three formats, exit statuses, and the
Python API behind them. Expected lines are written from content/README.md
(section 9: two broken references, at browser 12:161 and hypertext 11:224)."""
from __future__ import annotations

import json
import os
from collections import Counter
import subprocess
import sys
from pathlib import Path

import pytest

from gloss_graph import findings
from gloss_graph.cli import main
from gloss_graph.errors import UsageError
from gloss_graph.findings import Finding

from conftest import CONTENT, ROOT

BROWSER = "content/files/en-us/glossary/browser/index.md"
HYPERTEXT = "content/files/en-us/glossary/hypertext/index.md"
BROKEN_LINES = [
    f"{BROWSER}:12:161: error: broken-references: reference to Glossary/Nonexistent_term "
    '("a page still to be written"), which has no entry in any loaded locale',
    f"{HYPERTEXT}:11:224: error: broken-references: reference to Glossary/Hyperlink "
    '("hyperlink"), which has no entry in any loaded locale',
]


@pytest.fixture
def in_repo(monkeypatch):
    """Run from the repository root, so that `content` is the SOURCE as a user types it."""
    monkeypatch.chdir(ROOT)


def entry(root: Path, slug: str, body: str, locale: str = "en-us") -> Path:
    path = root / "files" / locale / "glossary" / slug.lower() / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {slug}\nslug: Glossary/{slug}\n---\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def clean(tmp_path) -> Path:
    """Two terms that cite each other: nothing to report at all."""
    entry(tmp_path, "Alpha", '{{Glossary("Beta")}}')
    entry(tmp_path, "Beta", '{{Glossary("Alpha")}}')
    return tmp_path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(["check", *argv])
    out, err = capsys.readouterr()
    return status, out, err


# --- exit statuses -----------------------------------------------------------------

def test_broken_references_fail_by_default(in_repo, capsys):
    status, out, err = run(capsys, "content")
    assert status == 1
    lines = out.splitlines()
    assert [l for l in lines if ": broken-references: " in l] == BROKEN_LINES
    assert err.strip().endswith("2 failing")


def test_fail_on_none_never_fails(in_repo, capsys):
    status, out, _ = run(capsys, "content", "--fail-on", "none", "-q")
    assert status == 0
    assert BROKEN_LINES[0].replace(": error: ", ": warning: ") in out.splitlines()  # still printed, as a warning


@pytest.mark.parametrize("kinds", ["orphans", "dead-ends", "untranslated", "encoding",
                                   "orphaned-translations", "dead-ends,encoding", "all"])
def test_each_kind_fails_content(in_repo, capsys, kinds):
    # content/ has at least one finding of every one of these kinds
    assert run(capsys, "content", "--fail-on", kinds, "-q")[0] == 1


def test_clean_tree_passes_everything(clean, capsys):
    status, out, err = run(capsys, str(clean), "--fail-on", "all")
    assert (status, out) == (0, "")
    assert err == "gloss-graph check: 0 findings (none); passed\n"


def test_only_the_fail_on_kinds_fail(tmp_path, capsys):
    entry(tmp_path, "Alpha", '{{Glossary("Beta")}}')
    entry(tmp_path, "Beta", "cites nothing")  # a dead end; Alpha is an orphan
    assert run(capsys, str(tmp_path), "-q")[0] == 0
    assert run(capsys, str(tmp_path), "--fail-on", "broken-references,unreadable", "-q")[0] == 0
    assert run(capsys, str(tmp_path), "--fail-on", "dead-ends", "-q")[0] == 1
    assert run(capsys, str(tmp_path), "--fail-on", " orphans , encoding ", "-q")[0] == 1


def test_unreadable_files_fail_by_default(clean, capsys):
    bad = clean / "files" / "en-us" / "glossary" / "broken" / "index.md"
    bad.parent.mkdir(parents=True)
    bad.write_text("---\ntitle: [unclosed\n---\n", encoding="utf-8")
    status, out, _ = run(capsys, str(clean), "-q")
    assert status == 1
    assert out.startswith(f"{clean}/files/en-us/glossary/broken/index.md:")
    assert ": unreadable: front matter is not valid YAML" in out


@pytest.mark.parametrize("argv", [["--fail-on", "broken"], ["--fail-on", "none,orphans"], ["--fail-on", ","],
                                  ["/no/such/folder"]])
def test_usage_errors_exit_2(in_repo, capsys, argv):
    status, out, err = run(capsys, *(argv if argv[0].startswith("/") else ["content", *argv]))
    assert status == 2 and out == ""
    assert err.startswith("gloss-graph check: error: ") and err.count("\n") == 1


def test_unknown_format_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "content", "--format", "xml"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err


def test_help_documents_kinds_formats_and_exit_status(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["check", "--help"])
    assert exit_info.value.code == 0
    text = capsys.readouterr().out
    for kind in findings.KINDS:
        assert f"\n  {kind} " in text, kind
    assert "exit status: 1 when there are findings of a --fail-on kind" in text
    assert "broken-references,unreadable" in text and "--format {text,json,github}" in text


def test_check_writes_nothing(clean, tmp_path_factory, monkeypatch, capsys):
    cwd = tmp_path_factory.mktemp("cwd")
    monkeypatch.chdir(cwd)
    before = sorted(p.relative_to(clean) for p in clean.rglob("*"))
    assert run(capsys, str(clean), "-q")[0] == 0
    assert list(cwd.iterdir()) == []
    assert sorted(p.relative_to(clean) for p in clean.rglob("*")) == before


# --- formats ------------------------------------------------------------------------------

def test_text_format_without_line_or_column(in_repo, capsys):
    _, out, _ = run(capsys, "content", "-q")
    lines = out.splitlines()
    assert "content/files/en-us/glossary/packet/index.md: warning: orphans: Glossary/Packet is referenced by " \
           "no other entry or page" in lines
    assert "content/files/en-us/glossary/json/index.md: warning: dead-ends: Glossary/JSON references no other term" \
           in lines
    assert "content/files/en-us/glossary/api/index.md:10: warning: encoding: text looks like mojibake: " \
           '"s to other software \u00e2\u20ac\u201d a contract that"' in lines
    assert ("content/files/fr/glossary/minitel/index.md: warning: orphaned-translations: "
            "fr entry Glossary/Minitel has no en-US source") in lines
    assert "content/files/en-us/glossary/tls/index.md: warning: untranslated: Glossary/TLS has no ja entry" in lines
    assert ("content/files/zh-cn/glossary/html/index.md:10:7: warning: untranslated: reference to Glossary/CSS "
            '("CSS") falls back to en-US: it has no zh-CN entry') in lines
    # one finding a line, sorted by file, then line
    assert lines == sorted(lines, key=lambda l: (l.split(":")[0], int(l.split(":")[1]) if l.split(":")[1].isdigit() else 0))
    counts = {k: sum(1 for l in lines if f": {k}: " in l) for k in findings.KINDS}
    # the severity says which lines fail the run: the --fail-on kinds' (broken references by default)
    assert {l.split(": ")[1] for l in lines if ": broken-references: " in l} == {"error"}
    assert {l.split(": ")[1] for l in lines if ": broken-references: " not in l} == {"warning"}
    # 2 broken, 3 orphans and 1 dead end (site mode), 30+35+39 untranslated terms and 26 fallbacks,
    # 1 orphaned translation, 2 lines of mojibake. Stale translations are
    # judged only when content/ is in a git checkout (tests/test_stale_build.py).
    counts.pop(findings.STALE_TRANSLATION)
    assert counts == {"broken-references": 2, "unreadable": 0, "warnings": 0, "orphans": 3, "dead-ends": 1,
                      "untranslated": 130, "orphaned-translations": 1, "encoding": 2,
                      "unlinked-mention": 0}  # looked for only with --mentions


def test_json_format(in_repo, capsys):
    _, out, _ = run(capsys, "content", "--format", "json", "-q")
    items = json.loads(out)
    assert all(set(i) == {"kind", "file", "line", "column", "message", "target", "text", "severity"}
               for i in items)
    broken = [i for i in items if i["kind"] == "broken-references"]
    assert broken[0] == {"kind": "broken-references", "file": BROWSER, "line": 12, "column": 161,
                         "message": BROKEN_LINES[0].split(": error: broken-references: ")[1],
                         "target": "Glossary/Nonexistent_term", "text": "a page still to be written",
                         "severity": "error"}
    assert {i["severity"] for i in items if i["kind"] != "broken-references"} == {"warning"}
    packet = next(i for i in items if i["kind"] == "orphans" and "Packet" in i["message"])
    assert (packet["line"], packet["column"]) == (None, None)
    assert (packet["target"], packet["text"]) == ("Glossary/Packet", "")


def test_github_format(in_repo, capsys):
    # content/ lies in gloss-graph's own git checkout, where its translations'
    # source commits are unknown: that kind is left out to keep the counts fixed.
    _, out, _ = run(capsys, "content", "--format", "github", "--fail-on", "broken-references,dead-ends", "-q",
                    "--ignore", "stale-translation")
    lines = out.splitlines()
    # every finding as a text line in a collapsed log group, then the annotations
    assert lines[0] == "::group::gloss-graph check: 139 findings" and lines[140] == "::endgroup::"
    assert "content/files/en-us/glossary/packet/index.md: warning: orphans: Glossary/Packet is referenced by " \
           "no other entry or page" in lines[1:140]
    errors = [l for l in lines[141:] if l.startswith("::error ")]
    warnings = [l for l in lines[141:] if l.startswith("::warning ")]
    assert len(errors) + len(warnings) == len(lines) - 141
    # 3 errors: each annotated; the message keeps its commas and colons: only properties escape them
    assert errors == [
        f"::error file={BROWSER},line=12,col=161,title=gloss-graph broken-references::"
        + BROKEN_LINES[0].split(": error: broken-references: ")[1],
        f"::error file={HYPERTEXT},line=11,col=224,title=gloss-graph broken-references::"
        + BROKEN_LINES[1].split(": error: broken-references: ")[1],
        "::error file=content/files/en-us/glossary/json/index.md,title=gloss-graph dead-ends::"
        "Glossary/JSON references no other term"]
    # 136 warnings: GitHub shows 10 a step, so the first 9 and one that counts the other 127 by kind
    in_log = [l for l in lines[1:140] if ": warning: " in l]
    assert len(in_log) == 136 and len(warnings) == 10
    assert [w.split("::")[-1] for w in warnings[:9]] == [l.split(": ", 3)[3] for l in in_log[:9]]
    rest = Counter(l.split(": ")[2] for l in in_log[9:])
    by_kind = ", ".join(f"{rest[k]} {k}" for k in findings.KINDS if rest[k])
    assert warnings[-1] == (f"::warning title=gloss-graph%3A 127 more warnings::127 more warnings not annotated "
                            f"({by_kind}): every finding is in the log group above and in the job summary")


def test_github_escaping_of_properties_and_message(tmp_path, capsys):
    # a folder name with the characters that end a property; shown text with %
    # (newlines in messages: test_escape_functions_follow_the_toolkit)
    folder = tmp_path / "a,b:c%d"
    entry(folder, "Alpha", '{{Glossary("Missing", "100% sure")}}')
    status, out, _ = run(capsys, str(folder), "--format", "github", "-q")
    assert status == 1
    line = next(l for l in out.splitlines() if l.startswith("::error "))
    escaped = str(tmp_path).replace("%", "%25").replace(":", "%3A").replace(",", "%2C") + "/a%2Cb%3Ac%25d"
    assert line.startswith(f"::error file={escaped}/files/en-us/glossary/alpha/index.md,line=6,col=1,"
                           "title=gloss-graph broken-references::")
    assert line.endswith('("100%25 sure"), which has no entry in any loaded locale')


def test_escape_functions_follow_the_toolkit():
    assert findings.escape_data("50% a\r\nb: c, d") == "50%25 a%0D%0Ab: c, d"
    assert findings.escape_property("50% a\r\nb: c, d") == "50%25 a%0D%0Ab%3A c%2C d"
    assert findings.escape_data("bell\x07esc\x1b") == "bell\\x07esc\\x1b"


def test_text_format_neutralises_control_characters():
    out = findings.format_text([Finding("orphans", "a\x1b[2J.md", 3, None, "two\nlines")])
    assert out == "a\\x1b[2J.md:3: warning: orphans: two\\nlines\n"
    assert findings.format_text([Finding("orphans", "a.md", 3, None, "m")], {"orphans"}) == "a.md:3: error: orphans: m\n"


# --- the Python API ------------------------------------------------------------------------

def test_python_api_returns_report_and_findings():
    result = findings.check([str(CONTENT)], fail_on={"orphans"})
    assert isinstance(result.findings[0], Finding)
    # in file order: files/en-us/... before files/fr/glossary/minitel
    assert [f.message.split(" is ")[0] for f in result.failing] == [
        "Glossary/Bandwidth", "Glossary/Packet", "Glossary/Minitel"]
    assert result.exit_status == 1
    assert result.report["summary"]["broken_references"] == 2
    assert findings.findings(result.report) == result.findings


def test_parse_kinds():
    assert findings.parse_kinds("none") == frozenset()
    assert findings.parse_kinds("all") == frozenset(findings.KINDS)
    assert findings.parse_kinds("orphans,dead-ends") == {"orphans", "dead-ends"}
    assert findings.parse_kinds("orphan,dead-end") == {"orphans", "dead-ends"}  # singular, as in front matter
    assert findings.parse_kinds(["orphans,encoding", "dead-ends"]) == {"orphans", "encoding", "dead-ends"}
    with pytest.raises(UsageError, match="--fail-on: unknown kind 'orphanz'"):
        findings.parse_kinds("orphanz")
    with pytest.raises(UsageError, match="--select: unknown kind 'all'"):
        findings.parse_kinds("all", "--select", words=False)


# --- the real console script ------------------------------------------------------------------

def test_console_script(tmp_path):
    script = Path(sys.executable).with_name("gloss-graph")
    assert script.exists(), "the gloss-graph console script is installed with the package"
    done = subprocess.run([str(script), "check", "content"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "COLUMNS": "80"}, timeout=120)
    assert done.returncode == 1
    assert [l for l in done.stdout.splitlines() if "broken-references" in l] == BROKEN_LINES
    # Stale translations are judged only when content/ is in a git checkout.
    stale = sum(1 for line in done.stdout.splitlines() if ": stale-translation: " in line)
    assert done.stderr.startswith(f"gloss-graph check: {139 + stale} findings (2 broken-references, 3 orphans, "
                                  "1 dead-ends, 130 untranslated, 1 orphaned-translations, "
                                  + (f"{stale} stale-translation, " if stale else "") + "2 encoding); 2 failing")
    passed = subprocess.run([str(script), "check", "content", "--fail-on", "none", "--format", "json", "-q"],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert passed.returncode == 0 and passed.stderr == ""
    assert len(json.loads(passed.stdout)) == 2 + 3 + 1 + 130 + 1 + 2 + stale
