"""``check`` for pre-commit: files checked against their whole tree,
findings for them alone; ``--changed-since REV`` in a real git repository
(run safely on an untrusted checkout); the hook pre-commit reads."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from gloss_graph.cli import main

from conftest import ROOT
from test_cli import entry, gloss_graph


@pytest.fixture
def tree(tmp_path) -> Path:
    """files/ where only Broken has a finding: a reference to a missing
    term. Each entry is referenced by another and references one."""
    root = tmp_path / "repo"
    entry(root, "Alpha", '{{Glossary("Beta")}} {{Glossary("Broken")}}')
    entry(root, "Beta", '{{Glossary("Alpha")}}')
    entry(root, "Lonely", '{{Glossary("Alpha")}}')
    entry(root, "Broken", BROKEN_BODY)
    return root


BROKEN_BODY = '{{Glossary("Alpha")}} {{Glossary("Lonely")}} {{Glossary("Nowhere")}}'
# line 6 (after 4 lines of front matter and a blank), at the macro's {{
NOWHERE = "6:" + str(BROKEN_BODY.index('{{Glossary("Nowhere') + 1)


def run(capsys, *argv: str) -> tuple[int, list[str], str]:
    status = main(["check", *argv])
    out, err = capsys.readouterr()
    return status, out.splitlines(), err


# --- files given: the whole tree read, findings for them alone -------------------------------

def test_a_file_is_checked_against_its_whole_tree(tree, capsys, monkeypatch):
    monkeypatch.chdir(tree)
    broken = "files/en-us/glossary/broken/index.md"
    status, lines, _ = run(capsys, broken, "-q")
    # Alpha, Beta and Lonely were read (Broken's references to them resolve), only Broken's finding is shown
    assert status == 1
    assert lines == [f"{broken}:{NOWHERE}: error: broken-references: reference to Glossary/Nowhere (\"Nowhere\"), "
                     "which has no entry in any loaded locale"]
    status, lines, _ = run(capsys, "files/en-us/glossary/alpha/index.md", "-q")
    assert (status, lines) == (0, [])  # referenced and referencing: nothing in Alpha


def test_several_files_and_a_file_given_from_its_own_folder(tree, capsys, monkeypatch):
    monkeypatch.chdir(tree / "files" / "en-us" / "glossary" / "lonely")
    status, lines, _ = run(capsys, "index.md", "../broken/index.md", "-q", "--fail-on", "none")
    assert status == 0
    # printed as given; Lonely (referenced by Broken) has no finding
    assert [l.split(": ")[0] for l in lines] == [f"../broken/index.md:{NOWHERE}"]
    status, lines, _ = run(capsys, "index.md", "-q", "--fail-on", "orphans", "--select", "orphans")
    assert (status, lines) == (0, [])


def test_an_orphan_file_is_reported_at_the_file(tree, capsys):
    (tree / "files" / "en-us" / "glossary" / "broken" / "index.md").unlink()
    lonely = tree / "files" / "en-us" / "glossary" / "lonely" / "index.md"
    status, lines, _ = run(capsys, str(lonely), "-q", "--fail-on", "orphans")
    assert status == 1
    assert lines == [f"{lonely}: error: orphans: Glossary/Lonely is referenced by no other entry"]


def test_folders_given_with_files_are_context(tmp_path, capsys):
    """A translated tree checked with the English tree beside it: the
    English one is read, but its own findings are not printed."""
    english = tmp_path / "content"
    entry(english, "Alpha", '{{Glossary("Beta")}}')
    entry(english, "Beta", "references nothing")  # a dead end: not printed
    translated = tmp_path / "translated-content"
    body = '{{Glossary("Beta")}} {{Glossary("Absent")}}'
    fr = entry(translated, "Alpha", body, locale="fr")
    status, lines, _ = run(capsys, str(english / "files"), str(fr), "-q", "--select", "broken-references")
    assert status == 1
    # Beta resolves through en-US; Absent does not
    column = body.index('{{Glossary("Absent') + 1
    assert [l.split(": ", 1)[0] for l in lines] == [f"{fr}:6:{column}"]
    status, lines, _ = run(capsys, str(fr), "-q", "--select", "broken-references")
    assert len(lines) == 2  # without the English tree, Beta is broken too


def test_a_file_outside_any_files_folder_is_a_usage_error(tmp_path, capsys):
    loose = tmp_path / "notes" / "index.md"
    loose.parent.mkdir()
    loose.write_text("---\ntitle: x\n---\n", encoding="utf-8")
    status, lines, err = run(capsys, str(loose))
    assert (status, lines) == (2, [])
    assert err == (f"gloss-graph check: error: {loose}: not inside a folder named files/ "
                   "(files/<locale>/glossary/<slug>/index.md); give its tree as a SOURCE\n")


def test_files_that_are_not_entries_are_skipped_with_a_note(tree, capsys):
    redirects = tree / "files" / "en-us" / "_redirects.txt"
    redirects.write_text("# none\n", encoding="utf-8")
    status, lines, err = run(capsys, str(redirects))
    assert (status, lines) == (0, [])
    assert err == f"gloss-graph check: note: {redirects} skipped: not a glossary file (index.md)\n"


def test_write_baseline_wants_whole_trees(tree, capsys):
    status, _, err = run(capsys, str(tree / "files/en-us/glossary/alpha/index.md"), "--write-baseline", "b.json")
    assert status == 2 and "--write-baseline records the findings of whole trees" in err


# --- the hook pre-commit reads -----------------------------------------------------------------

def test_pre_commit_hook_definition():
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(h for h in hooks if h["id"] == "gloss-graph-check")
    assert hook["language"] == "python" and hook["require_serial"] is True
    # the entry is this package's console script, running check
    scripts = re.search(r"\[project\.scripts\]\n(.*?)\n\n", (ROOT / "pyproject.toml").read_text("utf-8"), re.S)
    assert hook["entry"].split() == [scripts.group(1).split(" =")[0], "check"]
    files = re.compile(hook["files"])
    for path in ("files/en-us/glossary/api/index.md", "content/files/fr/glossary/a/b/index.md"):
        assert files.search(path), path
    for path in ("README.md", "files/en-us/_redirects.txt", "docs/files.md", "files/en-us/glossary/api/x.png"):
        assert not files.search(path), path


def test_the_hook_runs_as_pre_commit_runs_it(tree):
    """pre-commit runs `entry` followed by the changed files, from the repository root."""
    hook = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))[0]
    changed = ["files/en-us/glossary/broken/index.md", "files/en-us/glossary/alpha/index.md"]
    done = gloss_graph(*hook["entry"].split()[1:], *changed, cwd=tree)
    assert done.returncode == 1
    assert [l.split(":")[0] for l in done.stdout.splitlines()] == [changed[0]]


# --- --changed-since, in a real repository -------------------------------------------------------

def git(repo: Path, *argv: str) -> str:
    done = subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false",
                           *argv], cwd=repo, capture_output=True, text=True, timeout=60, check=True)
    return done.stdout


@pytest.fixture
def repo(tree) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    entry(tree, "Old", '{{Glossary("Alpha")}}')  # to be deleted
    git(tree, "init", "-q")
    git(tree, "add", "-A")
    git(tree, "commit", "-q", "-m", "base")
    git(tree, "tag", "base")
    return tree


def test_changed_since_checks_committed_staged_edited_and_new_files(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    glossary = Path("files/en-us/glossary")
    entry(repo, "Alpha", '{{Glossary("Beta")}} {{Glossary("Committed")}}')
    git(repo, "commit", "-q", "-am", "after base")
    entry(repo, "Beta", '{{Glossary("Alpha")}} {{Glossary("Staged")}}')
    git(repo, "add", str(glossary / "beta" / "index.md"))
    entry(repo, "Lonely", '{{Glossary("Alpha")}} {{Glossary("Edited")}}')  # not staged
    entry(repo, "New", '{{Glossary("Untracked")}}')
    os.remove(glossary / "old" / "index.md")
    status, lines, err = run(capsys, "files", "--changed-since", "base", "--select", "broken-references", "-q")
    assert status == 1
    # Broken's own broken reference (unchanged file) is not printed
    assert [(l.split(":")[0], l.rsplit("Glossary/", 1)[1].split(" ")[0]) for l in lines] == [
        (str(glossary / "alpha" / "index.md"), "Committed"),
        (str(glossary / "beta" / "index.md"), "Staged"),
        (str(glossary / "lonely" / "index.md"), "Edited"),
        (str(glossary / "new" / "index.md"), "Untracked"),
    ]


def test_nothing_changed_reads_nothing_and_passes(repo, capsys, monkeypatch):
    monkeypatch.chdir(repo)
    (repo / "files" / "en-us" / "glossary" / "alpha" / "index.md").touch()  # a new time, the same bytes
    status, lines, err = run(capsys, "files", "--changed-since", "base", "--format", "json")
    assert (status, lines) == (0, ["[]"])
    assert err == "gloss-graph check: note: no glossary file is new or changed since base\n"


@pytest.mark.parametrize("rev, message", [
    ("--output=/tmp/x", "--changed-since: '--output=/tmp/x' is not a revision"),
    ("no-such-branch", "--changed-since: 'no-such-branch' names no commit in {repo}"),
])
def test_a_bad_revision_is_a_usage_error(repo, capsys, rev, message):
    status, lines, err = run(capsys, str(repo / "files"), f"--changed-since={rev}")
    assert (status, lines) == (2, [])
    assert err == f"gloss-graph check: error: {message.format(repo=os.path.realpath(repo))}\n"


def test_changed_since_outside_git_is_a_usage_error(tree, capsys):
    status, _, err = run(capsys, str(tree / "files"), "--changed-since", "HEAD")
    assert status == 2
    assert err.startswith(f"gloss-graph check: error: --changed-since: {tree / 'files'} is not in a git work tree")


def test_changed_since_runs_nothing_the_checkout_names(repo, capsys, monkeypatch):
    """An untrusted checkout's .git/config names an fsmonitor hook and a
    clean filter: plain git runs them; check --changed-since must not."""
    marker = repo.parent / "ran"
    script = repo.parent / "evil.sh"
    script.write_text(f"#!/bin/sh\ntouch {marker}\ncat\n", encoding="utf-8")
    script.chmod(0o755)
    git(repo, "config", "core.fsmonitor", str(script))
    git(repo, "config", "filter.evil.clean", str(script))
    (repo / ".git" / "info").mkdir(exist_ok=True)
    (repo / ".git" / "info" / "attributes").write_text("*.md filter=evil\n", encoding="utf-8")
    alpha = repo / "files" / "en-us" / "glossary" / "alpha" / "index.md"
    os.utime(alpha, (1, 1))  # the same bytes, another time: git must read the file to know
    subprocess.run(["git", "diff", "--name-only", "base"], cwd=repo, capture_output=True, timeout=60)
    assert marker.exists(), "plain git runs what the checkout names (else this test proves nothing)"
    marker.unlink()
    os.utime(alpha, (2, 2))
    monkeypatch.chdir(repo)
    status, lines, _ = run(capsys, "files", "--changed-since", "base", "-q")
    assert (status, lines) == (0, [])
    assert not marker.exists()


# --- the job summary ---------------------------------------------------------------------------

def test_github_format_appends_a_job_summary_that_renders_as_text(tmp_path, monkeypatch, capsys):
    import cmarkgfm
    from cmarkgfm.cmark import Options

    root = tmp_path / "tree"
    entry(root, "Alpha", '{{Glossary("Missing", "[click](https://evil.example) <b>x</b> @someone")}}')
    summary = tmp_path / "summary.md"
    summary.write_text("# earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["check", str(root), "--format", "github", "-q"]) == 1
    capsys.readouterr()
    text = summary.read_text("utf-8")
    assert text.startswith("# earlier step\n## gloss-graph check: 3 findings, 1 failing\n")  # appended
    assert "| broken-references | error | 1 |" in text and "| orphans | warning | 1 |" in text
    html = cmarkgfm.github_flavored_markdown_to_html(text, options=Options.CMARK_OPT_UNSAFE)
    assert "<a " not in html and "<b>" not in html
    assert "<details><summary>broken-references (1)</summary>" in html


def test_an_unwritable_job_summary_is_a_warning(tmp_path, monkeypatch, capsys):
    root = tmp_path / "tree"
    entry(root, "Alpha", '{{Glossary("Beta")}}')
    entry(root, "Beta", '{{Glossary("Alpha")}}')
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(tmp_path / "no" / "such" / "folder" / "file.md"))
    assert main(["check", str(root), "--format", "github"]) == 0
    err = capsys.readouterr().err
    assert "gloss-graph check: warning: cannot write the job summary to " in err


def test_a_baseline_counts_only_what_the_run_can_see(tree, capsys, monkeypatch):
    """Findings of other files, or of kinds not selected, are neither known
    nor fixed in a run that cannot see them."""
    monkeypatch.chdir(tree)
    entry(tree, "Extra", '{{Glossary("Alpha")}} {{Glossary("Missing")}}')  # an orphan and a broken reference
    assert run(capsys, "files", "--write-baseline", "b.json")[0] == 0
    status, lines, err = run(capsys, "files/en-us/glossary/broken/index.md", "--baseline", "b.json")
    assert (status, lines) == (0, [])
    assert err.splitlines()[-1] == "gloss-graph check: baseline b.json: 0 new, 1 known remain, 0 fixed"
    status, lines, err = run(capsys, "files", "--select", "orphans", "--baseline", "b.json")
    assert err.splitlines()[-1] == "gloss-graph check: baseline b.json: 0 new, 1 known remain, 0 fixed"
