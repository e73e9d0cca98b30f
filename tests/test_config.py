"""Defaults from gloss-graph.toml or [tool.gloss-graph] in pyproject.toml,
found from the current folder upward; the command line wins; every mistake
in the file is one line naming it, exit status 2."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from gloss_graph import config
from gloss_graph.cli import main
from gloss_graph.errors import UsageError

from test_cli import entry, gloss_graph


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """A repository with its glossary in glossary/files, and a folder below
    its root to run from."""
    entry(tmp_path / "glossary", "Alpha", '{{Glossary("Beta")}}')
    entry(tmp_path / "glossary", "Beta", '{{Glossary("Alpha")}} and {{Glossary("Gone")}}')
    entry(tmp_path / "glossary", "Lonely", '{{Glossary("Alpha")}}')
    (tmp_path / "docs" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "docs" / "deep")
    return tmp_path


def check_json(capsys, *argv: str) -> tuple[int, list[dict], str]:
    status = main(["check", "--format", "json", *argv])
    out, err = capsys.readouterr()
    return status, json.loads(out) if out else [], err


def test_pyproject_table_found_upward_gives_sources_and_kinds(project, capsys):
    (project / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.gloss-graph]\nsources = ["glossary"]\n'
        'select = ["orphans", "broken-references"]\nfail-on = "orphans"\n', encoding="utf-8")
    status, items, err = check_json(capsys)
    assert status == 1  # the orphan fails: fail-on from the file
    assert {i["kind"] for i in items} == {"orphans", "broken-references"}
    # sources are relative to the file's folder, shown from the current one
    assert all(i["file"].startswith("../../glossary/files/") for i in items)
    assert {i["severity"] for i in items if i["kind"] == "broken-references"} == {"warning"}
    assert err.splitlines()[0] == ("gloss-graph check: no SOURCE given: reading ../../glossary "
                                   "(sources from ../../pyproject.toml [tool.gloss-graph])")


def test_command_line_wins_over_the_file(project, capsys):
    (project / "gloss-graph.toml").write_text('sources = ["glossary"]\nignore = ["orphans"]\nfail-on = "none"\n',
                                              encoding="utf-8")
    status, items, _ = check_json(capsys, "-q")
    assert status == 0 and "orphans" not in {i["kind"] for i in items}
    status, items, _ = check_json(capsys, "-q", "--ignore", "dead-ends", "--fail-on", "orphans")
    assert status == 1 and "orphans" in {i["kind"] for i in items}
    status, items, _ = check_json(capsys, "-q", "--no-config", str(project / "glossary"))
    assert status == 1  # the default fail-on: the broken reference
    assert "orphans" in {i["kind"] for i in items}


def test_gloss_graph_toml_wins_over_pyproject_in_the_same_folder(project):
    (project / "pyproject.toml").write_text('[tool.gloss-graph]\noutput = "a"\n', encoding="utf-8")
    (project / "gloss-graph.toml").write_text('output = "b"\n', encoding="utf-8")
    assert config.discover().output == "../../b"


def test_a_pyproject_without_the_table_is_passed_over(project):
    (project / "docs" / "pyproject.toml").write_text('[project]\nname = "gloss-graph-docs"\n', encoding="utf-8")
    (project / "gloss-graph.toml").write_text('output = "site"\n', encoding="utf-8")
    assert config.find() == Path("../../gloss-graph.toml")
    assert config.discover().output == "../../site"


def test_no_file_is_an_empty_configuration(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert config.find() is None
    assert config.discover() == config.Config()


def test_build_takes_output_and_base_iri_from_the_file(project, capsys):
    (project / "gloss-graph.toml").write_text(
        'sources = ["glossary"]\noutput = "public/graph"\nbase-iri = "https://example.org/terms/"\n',
        encoding="utf-8")
    # (in a child process: importing gloss_graph.build here would hide the function gloss_graph.build)
    assert gloss_graph("build", "-q", cwd=Path.cwd()).returncode == 0
    turtle = (project / "public" / "graph" / "glossary.ttl").read_text("utf-8")
    assert "<https://example.org/terms/" in turtle
    assert gloss_graph("build", "-q", "-o", str(project / "elsewhere"), cwd=Path.cwd()).returncode == 0  # -o wins
    assert (project / "elsewhere" / "glossary.ttl").is_file()


def test_config_option_names_the_file(project, capsys):
    other = project / "other.toml"
    other.write_text('sources = ["glossary"]\nselect = ["dead-ends"]\n', encoding="utf-8")
    status, items, _ = check_json(capsys, "-q", "--config", str(other))
    assert status == 0 and {i["kind"] for i in items} <= {"dead-ends"}


@pytest.mark.parametrize("text, message", [
    ('sources = ["glossary"]\nfail_on = "orphans"\n',
     "gloss-graph.toml: unknown key 'fail_on' (known: sources, output, base-iri, fail-on, select, ignore)"),
    ('select = ["orphan", "nonsense"]\n',
     "gloss-graph.toml: select: unknown kind 'nonsense'; use a comma-separated list of: broken-references, "
     "unreadable, warnings, orphans, dead-ends, untranslated, orphaned-translations, stale-translation, encoding, unlinked-mention"),
    ('fail-on = 3\n', "gloss-graph.toml: fail-on must be a list of kinds (strings), not a number"),
    ('sources = "glossary"\noutput = ["a"]\n', "gloss-graph.toml: output must be a non-empty string, not a list"),
    ('sources = []\n', "gloss-graph.toml: sources must be a list of paths (strings), not a list"),
    # the string is not closed: the newline after `output = "a` (11 characters) is column 12
    ('output = "a\n', "gloss-graph.toml: not valid TOML: Illegal character '\\n' (at line 1, column 12)"),
    ('fail-on = "all"\nselect = "all"\n', "gloss-graph.toml: select: unknown kind 'all'; use a "
     "comma-separated list of: broken-references, unreadable, warnings, orphans, dead-ends, untranslated, "
     "orphaned-translations, stale-translation, encoding, unlinked-mention"),
    ('[tool]\nx = 1\n', "gloss-graph.toml: unknown key 'tool' (known: sources, output, base-iri, fail-on, "
                        "select, ignore)"),
])
def test_mistakes_are_one_line_naming_the_file(tmp_path, monkeypatch, capsys, text, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "gloss-graph.toml").write_text(text, encoding="utf-8")
    assert main(["check", "content"]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"gloss-graph check: error: {message}\n")


def test_a_mistake_in_pyproject_names_the_table(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "pyproject.toml").write_text('[tool.gloss-graph]\nselect = "orphans,"\nfail-on = true\n',
                                             encoding="utf-8")
    with pytest.raises(UsageError) as err:
        config.discover()
    assert str(err.value) == "pyproject.toml [tool.gloss-graph]: fail-on must be a list of kinds (strings), not a boolean"


def test_a_missing_config_file_is_a_usage_error(tmp_path, capsys):
    assert main(["check", "content", "--config", str(tmp_path / "nope.toml")]) == 2
    assert capsys.readouterr().err.startswith(f"gloss-graph check: error: {tmp_path / 'nope.toml'}: cannot be read: ")


def test_every_toml_spelling_of_the_table_is_found(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for text in ('[tool.gloss-graph]\noutput = "x"\n', '[tool."gloss-graph"]\noutput = "x"\n',
                 '[tool]\ngloss-graph = { output = "x" }\n', 'tool.gloss-graph.output = "x"\n'):
        (tmp_path / "pyproject.toml").write_text(text, encoding="utf-8")
        assert config.discover().output == "x", text
    # a project named gloss-graph has no table for all that
    (tmp_path / "pyproject.toml").write_text('[project]\nname = "gloss-graph"\n', encoding="utf-8")
    assert config.find() is None
    # nor one whose comment names the table
    (tmp_path / "pyproject.toml").write_text('[project]\ndependencies = ["tomli"]  # [tool.gloss-graph]\n',
                                             encoding="utf-8")
    assert config.find() is None
    # nor one with a gloss-graph script
    (tmp_path / "pyproject.toml").write_text('[project.scripts]\ngloss-graph = "gloss_graph.cli:run"\n',
                                             encoding="utf-8")
    assert config.find() is None
