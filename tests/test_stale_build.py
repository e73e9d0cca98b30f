"""Stale translations end to end: real git repositories built in a
temporary folder, read by ``gloss_graph.build`` and ``check`` as a user
runs them, and shown in report.json, report.md, the findings and the page.

The expected values are computed here from git itself, one process per
question (``git rev-list --count SOURCE..HEAD -- FILE``, ``git log -1``),
never copied from the output."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

import gloss_graph
from gloss_graph import findings
from gloss_graph.cli import main
from test_staleness import MISSING, commit, git, own_home, write  # noqa: F401  (own_home: autouse)

EN = "files/en-us/glossary/{}/index.md"
TEXT = "A line of English prose about {name}.\n" * 4


def english(name: str, title: str, extra: str = "") -> str:
    return (f"---\ntitle: {title}\nslug: Glossary/{title}\npage-type: glossary-definition\n---\n\n"
            + TEXT.format(name=title) + extra)


def translated(slug: str, title: str, source: str | None) -> str:
    l10n = f"l10n:\n  sourceCommit: {source}\n" if source else ""
    return f"---\ntitle: {title}\nslug: {slug}\n{l10n}---\n\nTraduit.\n"


@pytest.fixture
def repo(tmp_path):
    """An mdn/content-like checkout with translations inside it:

    c1 2025-01-01  add API, CSS, Old_name (en-US)
    c2 2025-02-01  change CSS
    c3 2025-03-01  change API
    c4 2025-03-15  change API; git mv old_name new_name with a redirect
    c5 2025-04-01  the translations, made from various commits
    """
    root = tmp_path / "content"
    root.mkdir()
    git(root, "init", "-q")
    write(root, EN.format("api"), english("api", "API"))
    write(root, EN.format("css"), english("css", "CSS"))
    write(root, EN.format("old_name"), english("old_name", "Old_name"))
    c = {"c1": commit(root, "add", "2025-01-01")}
    write(root, EN.format("css"), english("css", "CSS", "More.\n"))
    c["c2"] = commit(root, "css", "2025-02-01")
    write(root, EN.format("api"), english("api", "API", "One.\n"))
    c["c3"] = commit(root, "api", "2025-03-01")
    write(root, EN.format("api"), english("api", "API", "Two.\n"))
    git(root, "mv", "files/en-us/glossary/old_name", "files/en-us/glossary/new_name")
    write(root, EN.format("new_name"), english("new_name", "New_name"))
    write(root, "files/en-us/_redirects.txt", "/en-US/docs/Glossary/Old_name\t/en-US/docs/Glossary/New_name\n")
    c["c4"] = commit(root, "api, rename", "2025-03-15")
    write(root, "files/fr/glossary/api/index.md", translated("Glossary/API", "Interface", c["c1"]))  # stale
    write(root, "files/fr/glossary/css/index.md", translated("Glossary/CSS", "CSS", c["c2"]))  # fresh
    # Joined to New_name through the en-US redirect, made before the rename.
    write(root, "files/fr/glossary/old_name/index.md", translated("Glossary/Old_name", "Ancien", c["c2"]))
    write(root, "files/de/glossary/api/index.md", translated("Glossary/API", "API", MISSING))  # unknown
    write(root, "files/ja/glossary/api/index.md", translated("Glossary/API", "API", None))  # unknown
    c["c5"] = commit(root, "translations", "2025-04-01")
    return root, c


def behind(root: Path, source: str, file: str) -> int:
    return int(git(root, "rev-list", "--count", f"{source}..HEAD", "--", file))


def last_change(root: Path, file: str) -> tuple[str, str]:
    """(commit, UTC date) of the last commit that changed ``file``, following renames."""
    out = git(root, "log", "-1", "--follow", "--format=%H %cd", "--date=format-local:%Y-%m-%d", "--", file)
    commit_hash, date = out.split()
    return commit_hash, date


def rows(report: dict) -> dict[tuple[str, str], dict]:
    return {(r["locale"], r["slug"]): r for r in report["stale_translations"]}


def test_build_reports_stale_fresh_and_unknown(repo, tmp_path, monkeypatch):
    root, c = repo
    monkeypatch.setenv("TZ", "UTC")  # for the expected dates from `git log` only
    result = gloss_graph.build([str(root)], tmp_path / "out")
    report = json.loads((tmp_path / "out/report.json").read_text("utf-8"))
    assert report == result.report
    found = rows(report)
    assert sorted(found) == [("de", "Glossary/API"), ("fr", "Glossary/API"), ("fr", "Glossary/New_name"),
                             ("ja", "Glossary/API")]

    api, renamed = found[("fr", "Glossary/API")], found[("fr", "Glossary/New_name")]
    for row, source, file in ((api, c["c1"], EN.format("api")), (renamed, c["c2"], EN.format("new_name"))):
        last_commit, last_date = last_change(root, file)
        assert row["status"] == "stale"
        assert row["commits_behind"] == behind(root, source, file) > 0
        assert (row["last_english_commit"], row["last_english_change"]) == (last_commit, last_date)
        assert row["source_commit"] == source
        assert (row["root"], row["english_root"], row["english_file"]) == (str(root), str(root), file)
    assert api["file"] == "files/fr/glossary/api/index.md" and api["title"] == "Interface"
    assert renamed["file"] == "files/fr/glossary/old_name/index.md"  # the translation's own file
    assert api["reason"] == f"2 English commits since {c['c1'][:7]} (2025-01-01)"

    assert found[("de", "Glossary/API")]["status"] == "unknown"
    assert found[("de", "Glossary/API")]["reason"] == f"source commit {MISSING[:7]} is not in the repository"
    assert found[("de", "Glossary/API")]["commits_behind"] is None
    assert (found[("ja", "Glossary/API")]["status"], found[("ja", "Glossary/API")]["reason"]) == (
        "unknown", "no l10n.sourceCommit")
    assert report["staleness"] == {"determined": True, "reason": "", "stale": 2, "unknown": 2, "fresh": 1}
    assert report["summary"]["stale_translations"] == 2


def test_report_md_section(repo, tmp_path):
    root, c = repo
    gloss_graph.build([str(root)], tmp_path / "out")
    text = (tmp_path / "out/report.md").read_text("utf-8")
    section = text[text.index("## Stale translations (4)"):]
    section = section[:section.index("\n## ", 1)]
    assert "1 translation is up to date." in section
    lines = [line for line in section.splitlines() if line.startswith("| Glossary/")]
    assert len(lines) == 4
    api = next(line for line in lines if line.startswith("| Glossary/API | fr |"))
    assert f"| stale | 2 | 2025-03-15 | `{c['c1'][:12]}` | `{root}/files/fr/glossary/api/index.md` |" in api
    assert "| stale translations | 2 |" in text  # the summary


def test_check_kind_fails_only_when_asked(repo, capsys, monkeypatch):
    root, _ = repo
    monkeypatch.chdir(root.parent)
    result = findings.check(["content"])
    stale = [f for f in result.findings if f.kind == findings.STALE_TRANSLATION]
    assert [(f.file, f.target, f.text) for f in stale] == [
        ("content/files/de/glossary/api/index.md", "Glossary/API", "unknown"),
        ("content/files/fr/glossary/api/index.md", "Glossary/API", "stale"),
        ("content/files/fr/glossary/old_name/index.md", "Glossary/New_name", "stale"),
        ("content/files/ja/glossary/api/index.md", "Glossary/API", "unknown"),
    ]
    assert stale[1].line is None and stale[1].message.startswith(
        "fr translation of Glossary/API is stale: 2 English commits since ")
    assert result.exit_status == 0 and result.failing == []  # not a default --fail-on kind

    assert main(["check", "content", "-q"]) == 0
    out = capsys.readouterr().out
    assert "content/files/fr/glossary/api/index.md: warning: stale-translation: fr translation of Glossary/API is stale" in out
    assert main(["check", "content", "-q", "--fail-on", "stale-translation"]) == 1
    capsys.readouterr()
    assert main(["check", "content", "--fail-on", "stale-translation", "--format", "github"]) == 1
    out, err = capsys.readouterr()
    assert out.count("::error ") == 4 and "title=gloss-graph stale-translation" in out
    assert "4 stale-translation" in err and "could not be determined" not in err


def test_baseline_keeps_a_stale_translation_known_as_it_falls_further_behind(repo, tmp_path, monkeypatch, capsys):
    root, _ = repo
    monkeypatch.chdir(root.parent)
    assert main(["check", "content", "-q", "--write-baseline", "base.json"]) == 0
    write(root, EN.format("api"), english("api", "API", "Three.\n"))
    commit(root, "api once more", "2025-05-01")
    capsys.readouterr()
    status = main(["check", "content", "--fail-on", "stale-translation", "--baseline", "base.json"])
    out, err = capsys.readouterr()
    assert (status, out) == (0, "")
    assert "0 new, " in err


def test_not_a_repository_says_not_determined(repo, tmp_path, capsys, monkeypatch):
    root, _ = repo
    plain = tmp_path / "plain"
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns(".git"))
    gloss_graph.build([str(plain)], tmp_path / "out")
    report = json.loads((tmp_path / "out/report.json").read_text("utf-8"))
    assert report["staleness"] == {"determined": False, "reason": "the en-US source is not inside a git work tree",
                                   "stale": None, "unknown": None, "fresh": None}
    assert report["stale_translations"] is None and report["summary"]["stale_translations"] is None
    text = (tmp_path / "out/report.md").read_text("utf-8")
    assert ("## Stale translations (not determined)\n\nStaleness could not be determined: the en-US source "
            "is not inside a git work tree.\n") in text
    assert "| stale translations | not determined |" in text
    assert main(["check", str(plain), "--fail-on", "stale-translation"]) == 0
    err = capsys.readouterr().err
    assert ("gloss-graph check: note: stale translations could not be determined: "
            "the en-US source is not inside a git work tree") in err


def test_shallow_clone(repo, tmp_path):
    root, c = repo
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "main", root.as_uri(), str(clone))
    gloss_graph.build([str(clone)], tmp_path / "out")
    report = json.loads((tmp_path / "out/report.json").read_text("utf-8"))
    assert report["staleness"]["determined"] is True
    # Every source commit is older than the one commit the clone has.
    assert {(r["locale"], r["slug"]): r["reason"] for r in report["stale_translations"]} == {
        ("de", "Glossary/API"): f"source commit {MISSING[:7]} is beyond the shallow clone's history",
        ("fr", "Glossary/API"): f"source commit {c['c1'][:7]} is beyond the shallow clone's history",
        ("fr", "Glossary/CSS"): f"source commit {c['c2'][:7]} is beyond the shallow clone's history",
        ("fr", "Glossary/New_name"): f"source commit {c['c2'][:7]} is beyond the shallow clone's history",
        ("ja", "Glossary/API"): "no l10n.sourceCommit",
    }
    assert {r["status"] for r in report["stale_translations"]} == {"unknown"}
    assert report["staleness"]["fresh"] == 0


def test_a_commit_alone_makes_the_next_build_run_again(repo, tmp_path):
    """Committing an English change already on disk changes no file, but
    changes which translations are stale: the build is not "up to date"."""
    root, c = repo
    write(root, EN.format("css"), english("css", "CSS", "Edited, not yet committed.\n"))
    for file in (root / "files").rglob("*"):  # old enough for the cache to trust their times
        os.utime(file, ns=(1_700_000_000 * 10**9, 1_700_000_000 * 10**9))
    first = gloss_graph.build([str(root)], tmp_path / "out")
    assert ("fr", "Glossary/CSS") not in rows(first.report)  # HEAD's history is what counts
    commit(root, "css edit", "2025-05-01")
    again = gloss_graph.build([str(root)], tmp_path / "out")
    assert not again.up_to_date
    assert rows(again.report)[("fr", "Glossary/CSS")]["commits_behind"] == behind(root, c["c2"], EN.format("css")) == 1
    assert "report.json" in again.written
    assert gloss_graph.build([str(root)], tmp_path / "out").up_to_date  # and then nothing changed


def test_only_english_in_git_costs_no_git_when_nothing_is_translated(tmp_path, monkeypatch):
    """No translation: the sections say so, determined, without looking for git."""
    write(tmp_path / "en", EN.format("api"), english("api", "API"))
    import subprocess

    monkeypatch.setattr(subprocess, "Popen", None)
    result = gloss_graph.build([str(tmp_path / "en")], tmp_path / "out", workers=1)
    assert result.report["staleness"] == {"determined": True, "reason": "", "stale": 0, "unknown": 0, "fresh": 0}
    assert result.report["stale_translations"] == []


@pytest.mark.browser
def test_page_marks_stale_titles(repo, tmp_path, open_graph):
    root, c = repo
    gloss_graph.build([str(root)], tmp_path / "out")
    page, watch = open_graph(tmp_path / "out/graph.html")
    page.evaluate("glossGraph.select('concept:glossary/api')")
    page.wait_for_function("() => document.getElementById('panel-body').dataset.node === 'concept:glossary/api'")
    marks = page.eval_on_selector_all(
        "#panel tr", "rows => rows.map(r => [r.dataset.locale, r.dataset.stale || '', r.textContent])")
    by_locale = {loc: (stale, text) for loc, stale, text in marks}
    assert by_locale["fr"][0] == "stale"
    assert by_locale["fr"][1] == f"frInterfacestale2 English commits since {c['c1'][:7]} (2025-01-01)"
    assert by_locale["de"][0] == "unknown" and "staleness unknown" in by_locale["de"][1]
    assert by_locale["en-US"] == ("", "en-USAPI")
    page.evaluate("glossGraph.select('concept:glossary/css')")
    page.wait_for_function("() => document.getElementById('panel-body').dataset.node === 'concept:glossary/css'")
    assert page.eval_on_selector_all("#panel tr[data-stale]", "rows => rows.length") == 0  # fresh: no mark
    assert watch.problems() == []


def test_head_state_follows_a_linked_worktree(repo, tmp_path):
    """A linked worktree's ``.git`` is a ``gitdir:`` file; its HEAD is its
    own, its refs the main repository's."""
    from gloss_graph.gitdir import head_state

    root, _ = repo
    linked = tmp_path / "linked"
    git(root, "worktree", "add", "-q", "-b", "other", str(linked))
    assert (linked / ".git").is_file()
    before, main_before = head_state([str(linked / "files")]), head_state([str(root)])
    assert before and before != main_before
    write(linked, EN.format("api"), english("api", "API", "Linked.\n"))
    commit(linked, "in the linked worktree", "2025-06-01")
    assert head_state([str(linked / "files")]) != before
    assert head_state([str(root)]) == main_before  # main's HEAD did not move
    assert head_state([str(tmp_path / "nowhere")]) == ""


PROBE = """
import json, sys
from gloss_graph.cli import main
main({argv!r})
print(json.dumps(sorted(m for m in ("gloss_graph.staleness", "subprocess") if m in sys.modules)))
"""


@pytest.mark.parametrize("command", ["build", "check"])
def test_outside_git_staleness_is_not_even_imported(repo, tmp_path, command):
    """What makes "not in a git work tree" cost nothing: no git process, and
    not the import of staleness.py (dataclasses, subprocess: 6 ms)."""
    import subprocess
    import sys

    root, _ = repo
    plain = tmp_path / "plain"
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns(".git"))
    argv = [command, str(plain), "-q"] + (["-o", str(tmp_path / "out")] if command == "build" else [])
    probe = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], capture_output=True, text=True,
                           timeout=120)
    assert json.loads(probe.stdout.strip().splitlines()[-1]) == []
    in_git = subprocess.run([sys.executable, "-c", PROBE.format(argv=[command, str(root), "-q"] + argv[3:])],
                            capture_output=True, text=True, timeout=120)
    assert json.loads(in_git.stdout.strip().splitlines()[-1]) == ["gloss_graph.staleness", "subprocess"]


def test_reports_validate_against_the_schema(repo, tmp_path):
    """Both shapes, determined (stale and unknown items) and not, are what
    the schema says; it refuses a count where staleness was not determined,
    and a status it does not know."""
    import jsonschema
    from importlib.resources import files

    schema = jsonschema.Draft202012Validator(json.loads(
        files("gloss_graph").joinpath("schema/report.schema.json").read_text("utf-8")))
    root, _ = repo
    plain = tmp_path / "plain"
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns(".git"))
    determined = gloss_graph.build([str(root)], tmp_path / "a").report
    undetermined = gloss_graph.build([str(plain)], tmp_path / "b").report
    schema.validate(determined)
    schema.validate(undetermined)
    assert {r["status"] for r in determined["stale_translations"]} == {"stale", "unknown"}
    with pytest.raises(jsonschema.ValidationError):
        schema.validate({**undetermined, "staleness": {**undetermined["staleness"], "stale": 0}})
    with pytest.raises(jsonschema.ValidationError):
        schema.validate({**determined, "stale_translations": [{**determined["stale_translations"][0],
                                                               "status": "fresh"}]})
