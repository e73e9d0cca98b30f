"""The command line's shared behaviour (issue 17): --debug anywhere without
changing the exit status, --version and -q on every command, options
anywhere among the words, list options with commas and repeats, the
defaults a command says it took, locales in one order, the outputs listed
before an upload fails, and `make clean`."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from gloss_graph.cli import COMMANDS, main

from conftest import CONTENT, ROOT
from test_check import entry  # noqa: F401  (also used by the other CLI tests)


def gloss_graph(*argv: str, cwd: Path = ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command as a user runs it, in a child process (its own exit status)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    return subprocess.run([sys.executable, "-m", "gloss_graph", *argv], cwd=cwd, env=environment,
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def pair(tmp_path) -> Path:
    """Two terms that cite each other, and a third nobody cites."""
    root = tmp_path / "tree"
    entry(root, "Alpha", '{{Glossary("Beta")}}')
    entry(root, "Beta", '{{Glossary("Alpha")}} and {{Glossary("Gone")}}')
    entry(root, "Lonely", '{{Glossary("Alpha")}}')
    return root


# --- --debug ---------------------------------------------------------------------------------

@pytest.mark.parametrize("argv, status", [
    (["check", "/no/such/folder"], 2),  # a usage error
    (["query", "{bad}", "--named", "orphans"], 1),  # a file that does not parse
])
def test_debug_before_or_after_the_command_adds_a_traceback_and_keeps_the_status(tmp_path, argv, status):
    if argv[0] == "query":
        (tmp_path / "bad.ttl").write_text("this is not turtle", encoding="utf-8")
        argv = [a.replace("{bad}", str(tmp_path / "bad.ttl")) for a in argv]
    plain = gloss_graph(*argv)
    assert plain.returncode == status
    assert "Traceback" not in plain.stderr and plain.stderr.count("\n") == 1
    for debug in ([argv[0], "--debug", *argv[1:]], ["--debug", *argv], [*argv, "--debug"]):
        done = gloss_graph(*debug)
        assert done.returncode == status, debug
        assert done.stderr.startswith("Traceback (most recent call last):"), debug
        # the same one-line error closes it
        assert done.stderr.splitlines()[-1] == plain.stderr.strip()


# --- --version, -q, --help ------------------------------------------------------------------

@pytest.mark.parametrize("argv", [["--version"], *[[name, "--version"] for name in COMMANDS]])
def test_version_before_or_after_the_command(argv, capsys):
    from gloss_graph import __version__

    with pytest.raises(SystemExit) as exit_info:
        main(argv)
    assert exit_info.value.code == 0
    assert capsys.readouterr().out == f"gloss-graph {__version__}\n"


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_quiet_debug_and_version(name, capsys):
    with pytest.raises(SystemExit):
        main([name, "--help"])
    text = capsys.readouterr().out
    for option in ("-q, --quiet", "--debug", "--version"):
        assert option in text, (name, option)


def test_quiet_diff_and_publish_print_nothing(tmp_path):
    out = tmp_path / "out"
    assert gloss_graph("build", str(CONTENT), "-o", str(out), "-q").returncode == 0
    done = gloss_graph("diff", str(out), str(out), "-q")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert gloss_graph("diff", str(out), str(out)).stdout != ""


# --- options anywhere among the words --------------------------------------------------------

def test_check_options_between_sources(pair, tmp_path, capsys):
    other = tmp_path / "other"
    entry(other, "Solo", "no reference")
    status = main(["check", str(pair), "--format", "json", str(other), "-q", "--fail-on", "none"])
    items = json.loads(capsys.readouterr().out)
    assert status == 0
    files = {i["file"] for i in items}
    assert any(f.startswith(str(pair)) for f in files) and any(f.startswith(str(other)) for f in files)


def test_build_options_between_sources(pair, tmp_path):
    other = tmp_path / "other"
    entry(other, "Solo", "no reference", locale="fr")
    done = gloss_graph("build", str(pair), "-o", str(tmp_path / "out"), str(other), "-q")
    assert done.returncode == 0, done.stderr
    report = json.loads((tmp_path / "out" / "report.json").read_text("utf-8"))
    assert report["sources"] == [str(pair), str(other)]


def test_diff_options_between_its_files(tmp_path):
    out = tmp_path / "out"
    assert gloss_graph("build", str(CONTENT), "-o", str(out), "-q").returncode == 0
    done = gloss_graph("diff", str(out), "--format", "json", str(out))
    assert done.returncode == 0 and json.loads(done.stdout)


def test_a_word_after_double_dash_is_a_source(pair, capsys):
    assert main(["check", "-q", "--fail-on", "none", "--", str(pair)]) == 0


# --- list options: commas and repeats alike ---------------------------------------------------

def test_select_with_commas_or_repeats(pair, capsys):
    main(["check", str(pair), "-q", "--format", "json", "--select", "orphans,broken-references"])
    commas = capsys.readouterr().out
    main(["check", str(pair), "-q", "--format", "json", "--select", "orphans", "--select", "broken-references"])
    repeats = capsys.readouterr().out
    assert commas == repeats
    assert {i["kind"] for i in json.loads(commas)} == {"orphans", "broken-references"}


def test_fail_on_with_repeats(pair, capsys):
    # no broken reference fails without the kind; the orphan fails with it
    assert main(["check", str(pair), "-q", "--fail-on", "dead-ends", "--fail-on", "orphans"]) == 1
    assert main(["check", str(pair), "-q", "--fail-on", "dead-ends", "--fail-on", "encoding"]) == 0


def test_also_with_commas_or_repeats_and_the_old_name(tmp_path):
    written = {}
    for name, argv in {"commas": ["--also", "nt,graphml"], "repeats": ["--also", "nt", "--also", "graphml"],
                       "old": ["--rdf-format", "nt", "--rdf-format", "graphml"]}.items():
        out = tmp_path / name
        done = gloss_graph("build", str(CONTENT), "-o", str(out), "-q", *argv)
        assert done.returncode == 0, done.stderr
        written[name] = sorted(p.name for p in out.iterdir() if not p.name.startswith("."))
    assert written["commas"] == written["repeats"] == written["old"]
    assert {"glossary.nt", "graph.graphml"} <= set(written["commas"])


def test_an_unknown_extra_format_is_a_usage_error(tmp_path):
    done = gloss_graph("build", str(CONTENT), "-o", str(tmp_path / "out"), "--also", "nt,svg")
    assert done.returncode == 2
    assert done.stderr.strip() == ("gloss-graph build: error: --also: unknown output format 'svg' "
                                   "(choose from nt, jsonld, graphml, gexf)")


# --- select and ignore --------------------------------------------------------------------------

def test_ignore_leaves_a_kind_out_and_it_cannot_fail(pair, capsys):
    assert main(["check", str(pair), "-q"]) == 1  # the broken reference to Gone
    out = capsys.readouterr().out
    assert ": error: broken-references: " in out and ": warning: orphans: " in out
    assert main(["check", str(pair), "-q", "--ignore", "broken-references"]) == 0
    out = capsys.readouterr().out
    assert "broken-references" not in out and ": warning: orphans: " in out


def test_select_and_ignore_together(pair, capsys):
    main(["check", str(pair), "-q", "--select", "orphans,broken-references", "--ignore", "broken-reference"])
    out = capsys.readouterr().out.splitlines()
    assert out and all(": orphans: " in line for line in out)


def test_a_bad_kind_is_a_usage_error_before_reading(capsys):
    assert main(["check", "/no/such/folder", "--select", "orphans,nonsense"]) == 2
    assert capsys.readouterr().err == ("gloss-graph check: error: --select: unknown kind 'nonsense'; use a "
                                       "comma-separated list of: broken-references, unreadable, warnings, "
                                       "orphans, dead-ends, untranslated, orphaned-translations, stale-translation, encoding, unlinked-mention\n")


# --- the default SOURCE, said ------------------------------------------------------------------

@pytest.mark.parametrize("command", ["check", "build"])
def test_no_source_and_no_default_says_what_was_tried(tmp_path, command):
    done = gloss_graph(command, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (f"gloss-graph {command}: error: no SOURCE given, and the default SOURCE, content, "
                           f"does not exist here ({tmp_path}); give a SOURCE, or set sources in "
                           "gloss-graph.toml or [tool.gloss-graph] in pyproject.toml\n")


def test_no_source_says_the_default_it_reads(tmp_path):
    shutil.copytree(CONTENT, tmp_path / "content")
    done = gloss_graph("check", "--fail-on", "none", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stderr.splitlines()[0] == "gloss-graph check: no SOURCE given: reading content (the default SOURCE)"
    quiet = gloss_graph("check", "--fail-on", "none", "-q", cwd=tmp_path)
    assert quiet.stderr == ""


# --- locales in one order: en-US first, then alphabetical ------------------------------------

def test_locales_in_one_order_on_the_console_and_in_both_reports(tmp_path):
    root = tmp_path / "tree"
    for locale in ("en-us", "de", "ar", "fr"):
        entry(root, "Alpha", '{{Glossary("Beta")}}', locale=locale)
        entry(root, "Beta", '{{Glossary("Alpha")}}', locale=locale)
    entry(root, "Gamma", '{{Glossary("Alpha")}}')  # English only: untranslated in every other locale
    out = tmp_path / "out"
    done = gloss_graph("build", str(root), "-o", str(out))
    assert done.returncode == 0, done.stderr
    order = ["en-US", "ar", "de", "fr"]
    assert done.stdout.splitlines()[0] == "read 9 files (0 skipped): en-US 3, ar 2, de 2, fr 2"
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["locales"] == order
    assert list(report["summary"]["entries_by_locale"]) == order
    assert list(report["untranslated"]) == list(report["summary"]["untranslated"]) == order[1:]
    assert all(c["locales"] == order for c in report["concepts"] if c["slug"] != "Glossary/Gamma")
    markdown = (out / "report.md").read_text("utf-8")
    by_locale = [markdown.index(f"entries by locale ({loc})") for loc in order]
    assert by_locale == sorted(by_locale)
    untranslated = [markdown.index(f"- **{loc}** (1)") for loc in order[1:]]
    assert untranslated == sorted(untranslated)


# --- build --publish: the outputs are listed before the upload fails ---------------------------

def test_a_failed_upload_after_build_lists_the_outputs_first_and_exits_1(tmp_path):
    from test_publish import closed_port

    out = tmp_path / "out"
    done = gloss_graph("build", str(CONTENT), "-o", str(out), "--publish",
                       f"http://127.0.0.1:{closed_port()}/store", "--publish-retries", "0")
    assert done.returncode == 1
    assert [l for l in done.stdout.splitlines() if l.startswith("wrote ")] == [
        f"wrote {out / name}" for name in ("glossary.ttl", "graph.html", "report.json", "report.md")]
    assert done.stderr.splitlines()[-1].startswith("gloss-graph build: error: ")
    assert (out / "glossary.ttl").is_file()
    help_text = gloss_graph("build", "--help").stdout
    assert "the outputs written (and listed) but the upload\n(--publish) failed" in help_text
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "1 when the outputs were written but the upload (`--publish`) failed" in readme


# --- make clean ----------------------------------------------------------------------------------

def test_make_clean_removes_the_outputs_the_cache_and_the_lock(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    shutil.copy(ROOT / "Makefile", tmp_path / "Makefile")
    (tmp_path / ".venv").mkdir()
    out = tmp_path / "output"
    assert gloss_graph("build", str(CONTENT), "-o", str(out), "-q", "--also", "nt,jsonld,graphml,gexf"
                       ).returncode == 0
    (out / "README.md").write_text("kept\n", encoding="utf-8")
    assert (out / ".gloss-graph-cache.json").is_file() and (out / ".gloss-graph.lock").exists()
    done = subprocess.run(["make", "-s", "clean"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in out.iterdir()) == ["README.md"]
    assert not (tmp_path / ".venv").exists()


# --- the README's command table and --help agree ------------------------------------------------

def test_readme_command_table_names_each_command_and_options_its_help_has(capsys):
    import re

    readme = (ROOT / "README.md").read_text("utf-8")
    rows = re.findall(r"^\| `gloss-graph (\w+) ([^`]*)` \|", readme, re.M)
    assert [command for command, _ in rows] == list(COMMANDS)
    for command, synopsis in rows:
        with pytest.raises(SystemExit):
            main([command, "--help"])
        help_text = capsys.readouterr().out
        for option in re.findall(r"--[a-z][a-z-]*", synopsis):
            assert option in help_text, (command, option)
    # the options the README's prose names for build exist too
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    build_help = capsys.readouterr().out
    build_prose = readme[readme.index("`gloss-graph build --help` lists"):readme.index("**Exit status of `build`")]
    for option in re.findall(r"--[a-z][a-z-]*", build_prose):
        assert option in build_help, option
