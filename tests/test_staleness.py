"""Stale translations from git history, on real git repositories built here
with fixed dates and names (so every hash and date is the same each run)."""
from __future__ import annotations

import os
import re
import stat
import subprocess
import time
from pathlib import Path

import pytest

from gloss_graph import staleness
from gloss_graph.redirects import follow, read_redirects
from gloss_graph.staleness import Translation, find_dot_git, stale_translations

MISSING = "0123456789abcdef0123456789abcdef01234567"
TEXT = "A line of English prose about {name}.\n" * 8


@pytest.fixture(autouse=True)
def own_home(tmp_path, monkeypatch):
    """Neither the test's git nor the module's reads the developer's own
    ~/.gitconfig."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)


def git(cwd: Path, *args: str, date: str = "2025-01-01", stdin: bytes | None = None) -> str:
    """Run git as a contributor would, at a fixed date."""
    env = {
        "PATH": os.environ["PATH"], "HOME": os.environ["HOME"], "LC_ALL": "C", "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_DATE": f"{date}T12:00:00+00:00", "GIT_COMMITTER_DATE": f"{date}T12:00:00+00:00",
    }
    result = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "init.defaultBranch=main", *args],
        cwd=cwd, env=env, input=stdin, capture_output=True, check=True,
    )
    return result.stdout.decode().strip()


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def entry(name: str) -> str:
    return f"files/en-us/glossary/{name}/index.md"


def commit(root: Path, message: str, date: str) -> str:
    git(root, "add", "-A", date=date)
    git(root, "commit", "-q", "-m", message, date=date)
    return git(root, "rev-parse", "HEAD")


def translation(root: Path, name: str, source: str | None, slug: str | None = None, locale: str = "de") -> Translation:
    slug = slug or f"Glossary/{name.capitalize()}"
    return Translation(
        locale=locale, slug=slug, file=f"files/{locale}/glossary/{slug.split('/')[1].lower()}/index.md",
        english_file=entry(name), english_path=str(root / entry(name)), source_commit=source,
    )


@pytest.fixture
def history(tmp_path):
    """An mdn/content-like repository:

    c1 2025-01-01  add api, css, old_name
    c2 2025-02-01  change css and old_name
    c3 2025-03-01  change api
    c4 2025-03-15  change api
    c5 2025-04-01  git mv old_name new_name (and edit it), with a redirect
    c6 2025-05-01  change a page outside the glossary
    side branch from c2: s1 2025-06-01, newer than c3..c6 but not after them
    """
    root = tmp_path / "content"
    root.mkdir()
    git(root, "init", "-q")
    for name in ("api", "css", "old_name"):
        write(root, entry(name), TEXT.format(name=name))
    write(root, "files/en-us/web/page/index.md", "a page\n")
    c = {"c1": commit(root, "add", "2025-01-01")}
    write(root, entry("css"), TEXT.format(name="css") + "More.\n")
    write(root, entry("old_name"), TEXT.format(name="old_name") + "More.\n")
    c["c2"] = commit(root, "css, old_name", "2025-02-01")
    write(root, entry("api"), TEXT.format(name="api") + "One.\n")
    c["c3"] = commit(root, "api", "2025-03-01")
    write(root, entry("api"), TEXT.format(name="api") + "Two.\n")
    c["c4"] = commit(root, "api again", "2025-03-15")
    git(root, "mv", "files/en-us/glossary/old_name", "files/en-us/glossary/new_name")
    write(root, entry("new_name"), TEXT.format(name="old_name") + "More.\nRenamed.\n")
    write(root, "files/en-us/_redirects.txt", "/en-US/docs/Glossary/Old_name\t/en-US/docs/Glossary/New_name\n")
    c["c5"] = commit(root, "rename", "2025-04-01")
    write(root, "files/en-us/web/page/index.md", "a page, changed\n")
    c["c6"] = commit(root, "outside the glossary", "2025-05-01")
    git(root, "checkout", "-q", "-b", "side", c["c2"])
    write(root, "files/en-us/web/other/index.md", "side\n")
    c["s1"] = commit(root, "side", "2025-06-01")
    git(root, "checkout", "-q", "main")
    return root, c


def by_file(result):
    return {r.file: r for r in result.records}


def test_stale_fresh_unknown_and_renamed(history, monkeypatch):
    root, c = history
    # The caller's own git variables must not redirect the module to another repository.
    monkeypatch.setenv("GIT_DIR", str(root.parent / "elsewhere"))
    redirects = read_redirects(root / "files/en-us/_redirects.txt")
    renamed_to = follow([redirects], "glossary/old_name")
    assert renamed_to == "Glossary/New_name"
    renamed = Translation(
        locale="fr", slug="Glossary/Old_name", file="files/fr/glossary/old_name/index.md",
        english_file=entry(renamed_to.split("/")[1].lower()),
        english_path=str(root / entry(renamed_to.split("/")[1].lower())), source_commit=c["c1"],
    )
    translations = [
        translation(root, "api", c["c2"]),  # c3, c4 came after
        translation(root, "css", c["c2"]),  # css last changed in c2: fresh
        translation(root, "css", c["c1"].upper(), locale="es"),  # c2 came after; case does not matter
        renamed,  # c2 (as old_name) and c5 (the rename) came after c1
        translation(root, "api", c["s1"], locale="it"),  # newer date, but c3 and c4 are not its ancestors
        translation(root, "api", c["c6"], locale="ja"),  # fresh
        translation(root, "api", MISSING, locale="ko"),
        translation(root, "api", None, locale="pt-BR"),
        translation(root, "api", "HEAD~1", locale="ru"),
    ]
    result = stale_translations(translations, str(root / "files/en-us/glossary"))
    assert result.determined and result.reason == ""
    assert result.fresh == 2
    records = by_file(result)
    assert [(r.locale, r.slug) for r in result.records] == sorted((r.locale, r.slug) for r in result.records)
    assert len(result.records) == 7

    api = records["files/de/glossary/api/index.md"]
    assert (api.status, api.commits_behind) == ("stale", 2)
    assert (api.last_english_change, api.last_english_commit) == ("2025-03-15", c["c4"])
    assert api.reason == f"2 English commits since {c['c2'][:7]} (2025-02-01)"
    assert api.english_file == "files/en-us/glossary/api/index.md" and api.source_commit == c["c2"]

    css = records["files/es/glossary/css/index.md"]
    assert (css.status, css.commits_behind, css.last_english_change) == ("stale", 1, "2025-02-01")
    assert css.reason == f"1 English commit since {c['c1'][:7]} (2025-01-01)"

    moved = records["files/fr/glossary/old_name/index.md"]
    assert (moved.status, moved.commits_behind) == ("stale", 2)
    assert (moved.last_english_change, moved.last_english_commit) == ("2025-04-01", c["c5"])

    side = records["files/it/glossary/api/index.md"]
    assert (side.status, side.commits_behind) == ("stale", 2)
    assert side.reason == f"2 English commits since {c['s1'][:7]} (2025-06-01)"

    missing = records["files/ko/glossary/api/index.md"]
    assert (missing.status, missing.commits_behind) == ("unknown", None)
    assert missing.reason == "source commit 0123456 is not in the repository"
    assert missing.last_english_change == "2025-03-15"  # the history is known even so

    assert records["files/pt-BR/glossary/api/index.md"].reason == "no l10n.sourceCommit"
    assert records["files/pt-BR/glossary/api/index.md"].status == "unknown"
    assert records["files/ru/glossary/api/index.md"].reason == "l10n.sourceCommit is not a commit hash"


def test_rename_counts_only_when_followed(history):
    """The renamed entry's history under its old path is what makes c2 count:
    a translation of c2 itself is behind by the rename alone."""
    root, c = history
    t = translation(root, "new_name", c["c2"], slug="Glossary/Old_name")
    (record,) = stale_translations([t], str(root / "files/en-us")).records
    assert record.commits_behind == 1
    fresh = stale_translations([translation(root, "new_name", c["c5"])], str(root))
    assert (fresh.records, fresh.fresh) == ((), 1)


def test_agrees_with_git_file_by_file(tmp_path):
    """On a history with side branches and merges, commits_behind for every
    (source commit, file) pair is what `git rev-list --count S..HEAD -- FILE`
    says, one process per pair."""
    root = tmp_path / "content"
    root.mkdir()
    git(root, "init", "-q")
    names = [f"term{n}" for n in range(6)]
    for name in names:
        write(root, entry(name), TEXT.format(name=name))
    commit(root, "add", "2025-01-01")
    for step in range(1, 25):
        date = f"2025-02-{step:02d}"
        if step % 5 == 0:  # a side branch from two commits back, merged again
            git(root, "checkout", "-q", "-b", f"side{step}", "HEAD~2")
            for offset in range(2):
                write(root, entry(names[3 + (step + offset) % 3]), TEXT.format(name=step) + f"{offset}\n")
                commit(root, "side", date)
            git(root, "checkout", "-q", "main")
            git(root, "merge", "-q", "--no-ff", "-m", "merge", f"side{step}", date=date)
        elif step % 4 == 0:
            write(root, f"files/en-us/web/page{step}/index.md", "page\n")
            commit(root, "outside", date)
        else:
            write(root, entry(names[step % 3]), TEXT.format(name=step))
            commit(root, "main", date)
    sources = git(root, "rev-list", "--all").split()
    translations = [translation(root, name, source, locale=f"x{index}")
                    for index, source in enumerate(sources) for name in names]
    result = stale_translations(translations, str(root / "files/en-us/glossary"))
    behind = {(r.locale, r.english_file): r.commits_behind for r in result.records}
    assert all(r.status == "stale" for r in result.records)
    expected = {}
    for t in translations:
        count = int(git(root, "rev-list", "--count", f"{t.source_commit}..HEAD", "--", t.english_file))
        if count:
            expected[(t.locale, t.english_file)] = count
    assert behind == expected
    assert result.fresh == len(translations) - len(expected)


def count_processes(monkeypatch) -> list:
    started = []
    real = subprocess.Popen

    def counting(args, *rest, **kwargs):
        started.append(args)
        return real(args, *rest, **kwargs)

    monkeypatch.setattr(subprocess, "Popen", counting)
    return started


def test_fifty_translations_take_four_git_processes(tmp_path, monkeypatch):
    root = tmp_path / "content"
    root.mkdir()
    git(root, "init", "-q")
    for number in range(50):
        write(root, entry(f"term{number}"), TEXT.format(name=number))
    first = commit(root, "add", "2025-01-01")
    for number in range(0, 50, 2):
        write(root, entry(f"term{number}"), TEXT.format(name=number) + "Changed.\n")
    commit(root, "change the even ones", "2025-02-01")
    translations = [translation(root, f"term{n}", first) for n in range(50)]
    started = count_processes(monkeypatch)
    result = stale_translations(translations, str(root / "files/en-us/glossary"))
    assert len(started) == 4
    commands = [next(arg for arg in cmd if arg in ("rev-parse", "log", "cat-file", "rev-list")) for cmd in started]
    assert commands == ["rev-parse", "log", "cat-file", "rev-list"]
    assert result.fresh == 25 and len(result.records) == 25
    assert {r.commits_behind for r in result.records} == {1}

    started.clear()
    without = [translation(root, f"term{n}", None) for n in range(50)]
    assert len(stale_translations(without, str(root)).records) == 50
    assert len(started) == 2  # nothing to look up: no cat-file, no rev-list


def test_shallow_clone(history, tmp_path):
    root, c = history
    clone = tmp_path / "shallow"
    git(tmp_path, "clone", "-q", "--depth", "1", "--branch", "main", root.as_uri(), str(clone))
    translations = [translation(clone, "api", c["c2"]), translation(clone, "api", c["c6"], locale="fr")]
    result = stale_translations(translations, str(clone / "files/en-us/glossary"))
    assert result.determined and result.fresh == 1
    (record,) = result.records
    assert (record.locale, record.status, record.commits_behind) == ("de", "unknown", None)
    assert record.reason == f"source commit {c['c2'][:7]} is beyond the shallow clone's history"


def test_not_a_repository_starts_no_process(tmp_path, monkeypatch):
    folder = tmp_path / "files/en-us/glossary"
    write(folder, "api/index.md", "text\n")
    assert find_dot_git(str(folder)) is None, "the test folder must not be inside a repository"

    def refuse(*args, **kwargs):
        raise AssertionError("a process was started")

    monkeypatch.setattr(subprocess, "Popen", refuse)
    monkeypatch.setattr(subprocess, "run", refuse)
    t = Translation("de", "Glossary/API", "files/de/glossary/api/index.md", "files/en-us/glossary/api/index.md",
                    str(folder / "api/index.md"), MISSING)
    result = stale_translations([t], str(folder))
    assert result == staleness.Staleness(False, "the en-US source is not inside a git work tree", (), 0)


def test_real_mdn_snapshot_is_not_a_repository(monkeypatch):
    """The shared MDN snapshot is plain folders: every German translation is
    answered without a process, at once."""
    from conftest import need_shared

    english = need_shared("2026", "files", "en-us", "glossary")
    german = need_shared("2026", "files", "de", "glossary")
    translations = []
    for file in sorted(german.rglob("index.md")):
        match = re.search(r"^  sourceCommit: (\S+)$", file.read_text(encoding="utf-8"), re.M)
        relative = file.relative_to(german).as_posix()
        translations.append(Translation(
            "de", f"Glossary/{relative[:-len('/index.md')]}", f"files/de/glossary/{relative}",
            f"files/en-us/glossary/{relative}", str(english / relative), match and match.group(1)))
    assert len(translations) > 500 and sum(t.source_commit is not None for t in translations) > 500
    monkeypatch.setattr(subprocess, "Popen", None)  # starting any process would fail loudly
    started = time.perf_counter()
    result = stale_translations(translations, str(english))
    assert time.perf_counter() - started < 0.1
    assert result == staleness.Staleness(False, "the en-US source is not inside a git work tree", (), 0)


def test_git_not_installed(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    result = stale_translations([translation(tmp_path, "api", MISSING)], str(tmp_path))
    assert (result.determined, result.reason) == (False, "git is not installed")


def test_broken_git_folder_is_a_reason_not_a_traceback(tmp_path):
    (tmp_path / ".git").mkdir()  # found by the cheap search, refused by git
    result = stale_translations([translation(tmp_path, "api", MISSING)], str(tmp_path))
    assert not result.determined
    assert result.reason.startswith("git rev-parse failed: fatal: not a git repository")


def fake_git(tmp_path: Path, monkeypatch, script: str) -> None:
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir()
    program = bin_folder / "git"
    program.write_text(f"#!/bin/sh\n{script}\n")
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{bin_folder}{os.pathsep}{os.environ['PATH']}")
    (tmp_path / ".git").mkdir()


def test_git_timeout(tmp_path, monkeypatch):
    fake_git(tmp_path, monkeypatch, "exec sleep 30")
    monkeypatch.setattr(staleness, "TIMEOUT_SECONDS", 0.5)
    started = time.perf_counter()
    result = stale_translations([translation(tmp_path, "api", MISSING)], str(tmp_path))
    assert time.perf_counter() - started < 10
    assert (result.determined, result.reason) == (False, "git rev-parse took longer than 0.5 seconds")


@pytest.mark.parametrize("output", [
    "printf 'garbage\\n'",
    # a plausible first answer, then a log that is not what was asked for
    'case "$*" in *rev-parse*) printf "%s\\nfalse\\n" "$PWD";; *) printf "\\001nonsense\\000M\\000";; esac',
])
def test_git_garbage(tmp_path, monkeypatch, output):
    fake_git(tmp_path, monkeypatch, output)
    result = stale_translations([translation(tmp_path, "api", MISSING)], str(tmp_path))
    assert not result.determined
    assert result.reason.startswith("git ") and result.reason.endswith("gave output that cannot be read")


def test_no_translations_start_no_process(history, monkeypatch):
    root, _ = history
    monkeypatch.setattr(subprocess, "Popen", None)
    assert stale_translations([], str(root)) == staleness.Staleness(True, "", (), 0)


# --- a hostile repository ---------------------------------------------------


def armed(tmp_path: Path) -> tuple[Path, Path]:
    """A script that leaves a marker file for each way it was called."""
    markers = tmp_path / "markers"
    markers.mkdir()
    script = tmp_path / "evil"
    script.write_text(f'#!/bin/sh\ntouch "{markers}/ran-$$"\nexit 0\n')
    script.chmod(0o755)
    return script, markers


def test_hostile_repository_runs_nothing(history, tmp_path):
    root, c = history
    script, markers = armed(tmp_path)
    write(root, ".gitattributes", "* diff=evil filter=evil\n")
    parent = commit(root, "attributes", "2025-06-15")
    # A commit changing an English entry and carrying a (fake) signature:
    # `log.showSignature` makes a plain `git log` hand it to gpg.program.
    write(root, entry("api"), TEXT.format(name="api") + "Signed.\n")
    git(root, "add", "-A")
    tree = git(root, "write-tree")
    body = (f"tree {tree}\nparent {parent}\nauthor T <t@example.org> 1751371200 +0000\n"
            f"committer T <t@example.org> 1751371200 +0000\ngpgsig -----BEGIN PGP SIGNATURE-----\n \n x\n"
            f" -----END PGP SIGNATURE-----\n\nsigned\n")
    signed = git(root, "hash-object", "-t", "commit", "-w", "--stdin", stdin=body.encode())
    git(root, "update-ref", "refs/heads/main", signed)
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-checkout", "pre-commit", "post-index-change", "reference-transaction", "fsmonitor-watchman"):
        (hooks / hook).write_text(script.read_text())
        (hooks / hook).chmod(0o755)
    settings = {
        "core.fsmonitor": str(script), "core.pager": str(script), "pager.log": str(script),
        "core.hooksPath": str(hooks), "diff.external": str(script), "diff.evil.textconv": str(script),
        "diff.evil.command": str(script), "filter.evil.clean": str(script), "filter.evil.smudge": str(script),
        "log.showSignature": "true", "gpg.program": str(script), "color.ui": "always",
        "alias.log": f"!{script}", "alias.rev-parse": f"!{script}", "alias.cat-file": f"!{script}",
        "alias.rev-list": f"!{script}",
    }
    for key, value in settings.items():
        git(root, "config", key, value)

    # The trap is armed: a plain `git log` and `git status` set it off.
    git(root, "log", "--format=%H")
    git(root, "status")
    assert len(list(markers.iterdir())) >= 2
    for marker in markers.iterdir():
        marker.unlink()

    result = stale_translations([translation(root, "api", c["c4"]), translation(root, "css", c["c2"])],
                                str(root / "files/en-us/glossary"))
    assert list(markers.iterdir()) == []
    assert result.determined and result.fresh == 1
    (api,) = result.records
    assert (api.commits_behind, api.last_english_commit, api.last_english_change) == (1, signed, "2025-07-01")


def partial_clone(source: Path, clone: Path, script: Path) -> None:
    """A blob-less clone of ``source`` whose promisor remote is a command."""
    git(source, "config", "uploadpack.allowFilter", "true")
    git(clone.parent, "clone", "-q", "--filter=blob:none", "--branch", "main", source.as_uri(), str(clone))
    git(clone, "config", "remote.origin.url", f"ext::{script}")
    git(clone, "config", "protocol.ext.allow", "always")


def test_partial_clone_never_fetches(tmp_path):
    """In a partial clone, reading a missing object makes git fetch it from
    the promisor remote; a hostile config can make that remote a command."""
    source = tmp_path / "source"
    source.mkdir()
    git(source, "init", "-q")
    write(source, entry("api"), TEXT.format(name="api"))
    first = commit(source, "add", "2025-01-01")
    write(source, entry("api"), TEXT.format(name="api") + "Changed.\n")
    commit(source, "change", "2025-02-01")
    script, markers = armed(tmp_path)
    clone = tmp_path / "partial"
    partial_clone(source, clone, script)
    with pytest.raises(subprocess.CalledProcessError):  # armed: a plain lookup runs the remote command
        git(clone, "cat-file", "-t", MISSING)
    assert list(markers.iterdir())
    for marker in markers.iterdir():
        marker.unlink()

    result = stale_translations([translation(clone, "api", MISSING), translation(clone, "api", first, locale="fr")],
                                str(clone / "files/en-us/glossary"))
    assert list(markers.iterdir()) == []
    assert result.determined
    assert [(r.locale, r.status, r.commits_behind) for r in result.records] == [("de", "unknown", None), ("fr", "stale", 1)]


def test_partial_clone_without_contents_for_renames(tmp_path, history):
    """Following an edited rename needs the files' contents, which a
    blob-less clone lacks: not determined, and no fetch."""
    root, c = history
    script, markers = armed(tmp_path)
    clone = tmp_path / "partial"
    partial_clone(root, clone, script)
    result = stale_translations([translation(clone, "new_name", c["c1"])], str(clone / "files/en-us/glossary"))
    assert list(markers.iterdir()) == []
    assert (result.determined, result.reason) == (
        False, "git log needs file contents this partial clone lacks and may not fetch; use a full clone")
