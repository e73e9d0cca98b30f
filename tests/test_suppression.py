"""An entry's front matter suppresses findings in its own file:
``gloss-graph: {ignore: [orphans]}`` for an entry meant to stand alone."""
from __future__ import annotations

import json

import pytest

from gloss_graph import findings
from gloss_graph.cli import main

from test_cli import entry, gloss_graph


def with_front_matter(root, slug: str, extra: str, body: str, locale: str = "en-us"):
    path = root / "files" / locale / "glossary" / slug.lower() / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {slug}\nslug: Glossary/{slug}\n{extra}---\n\n{body}\n", encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "tree"
    entry(root, "Alpha", '{{Glossary("Beta")}}')
    entry(root, "Beta", '{{Glossary("Alpha")}}')
    # Meant to stand alone: nobody references it, and it says so.
    with_front_matter(root, "Standalone", "gloss-graph:\n  ignore: [orphans]\n",
                      '{{Glossary("Alpha")}} and {{Glossary("Missing")}}')
    # The flow style and a singular name work too; a broken reference is suppressed in this file only.
    with_front_matter(root, "Quiet", "gloss-graph: {ignore: [orphan, broken-reference]}\n",
                      '{{Glossary("Alpha")}} and {{Glossary("Missing")}}')
    return root


def test_suppressed_findings_are_left_out_of_check(tree):
    result = findings.check([str(tree)], fail_on=findings.KINDS)
    located = {(f.kind, f.file.rsplit("/", 2)[-2]) for f in result.findings}
    assert ("orphans", "standalone") not in located and ("orphans", "quiet") not in located
    assert ("broken-references", "standalone") in located  # not in its ignore list
    assert ("broken-references", "quiet") not in located
    assert result.report["summary"]["suppressed"] == 3
    assert result.report["summary"]["orphans"] == 0 and len(result.report["broken_references"]) == 1
    # the summary's count of broken references is of what was read: the suppressed one is still broken
    assert result.report["summary"]["broken_references"] == 2


def test_suppression_reaches_report_json_and_report_md(tree, tmp_path):
    out = tmp_path / "out"
    assert gloss_graph("build", str(tree), "-o", str(out), "-q").returncode == 0
    report = json.loads((out / "report.json").read_text("utf-8"))
    assert report["orphans"] == [] and report["summary"]["suppressed"] == 3
    assert [b["source"] for b in report["broken_references"]] == ["Glossary/Standalone"]
    markdown = (out / "report.md").read_text("utf-8")
    assert "## Orphans (0)" in markdown and "| suppressed | 3 |" in markdown


def test_untranslated_is_suppressed_at_the_english_entry(tmp_path):
    root = tmp_path / "tree"
    entry(root, "Alpha", '{{Glossary("Beta")}}')
    entry(root, "Alpha", '{{Glossary("Beta")}}', locale="fr")
    entry(root, "Beta", '{{Glossary("Alpha")}}', locale="fr")
    with_front_matter(root, "Beta", "gloss-graph:\n  ignore:\n    - untranslated\n", '{{Glossary("Alpha")}}')
    entry(root, "Gamma", '{{Glossary("Alpha")}} {{Glossary("Beta")}}')
    result = findings.check([str(root)], fail_on=())
    assert result.report["untranslated"] == {"fr": ["Glossary/Gamma"]}
    assert [f.target for f in result.findings if f.kind == "untranslated"] == ["Glossary/Gamma"]


@pytest.mark.parametrize("extra, warning", [
    ("gloss-graph: [orphans]\n",
     "'gloss-graph' is a list, not a mapping such as {ignore: [orphans]}; ignored"),
    ("gloss-graph:\n  ignore: [orphans, nonsense]\n",
     "'gloss-graph: ignore' names an unknown kind 'nonsense' (known: broken-references, unreadable, warnings, "
     "orphans, dead-ends, untranslated, orphaned-translations, stale-translation, encoding, unlinked-mention); ignored"),
    ("gloss-graph:\n  ignore: [orphans]\n  select: [x]\n",
     "'gloss-graph' has an unknown key 'select' (only 'ignore'); ignored"),
    ("gloss-graph:\n  ignore: {orphans: true}\n", "'gloss-graph: ignore' is not a list of kinds; ignored"),
])
def test_a_malformed_suppression_is_a_warning_on_the_file(tmp_path, capsys, extra, warning):
    root = tmp_path / "tree"
    entry(root, "Alpha", '{{Glossary("Beta")}}')
    entry(root, "Beta", '{{Glossary("Alpha")}}')
    path = with_front_matter(root, "Odd", extra, '{{Glossary("Alpha")}}')
    main(["check", str(root), "-q", "--select", "warnings"])
    out = capsys.readouterr().out
    assert out == f"{path}:2: warning: warnings: {warning}\n"


def test_the_good_part_of_a_suppression_still_applies(tmp_path):
    root = tmp_path / "tree"
    entry(root, "Alpha", '{{Glossary("Beta")}}')
    entry(root, "Beta", '{{Glossary("Alpha")}}')
    with_front_matter(root, "Odd", "gloss-graph:\n  ignore: [orphans, nonsense]\n", '{{Glossary("Alpha")}}')
    result = findings.check([str(root)])
    assert not [f for f in result.findings if f.kind == "orphans"]
