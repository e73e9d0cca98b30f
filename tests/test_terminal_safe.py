"""No text from input reaches a terminal or a CI log raw, on any command.

A hostile tree (folder names and titles holding newlines followed by
GitHub workflow commands, an OSC escape sequence that would retitle the
terminal, the legacy ``##[add-mask]`` command, bidi overrides) goes through
``build``, ``check`` in every format, ``query`` in every format, ``publish``
against a local http.server, and ``diff``, all by the real command line. Each
asserts that stdout and stderr hold no raw control character (but the line
breaks of the output itself, a tab that indents Turtle and CSV's CRLF), no
bidi control, no ``##[`` anywhere and no line that begins (after spaces)
with ``::``, except the findings ``check --format github`` prints on purpose.

``terminal.safe`` itself, and the shapes it must never let through, are
tested at the end with generated text.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from gloss_graph import findings, terminal
from gloss_graph.cli import error_text

from conftest import write
from test_publish import fake_server, read_body

REPO = Path(__file__).resolve().parents[1]
# The name from the security review, and a locale folder's name without a slash.
FORGED = "x\n::error file=.github/workflows/ci.yml,line=1::...\n::add-mask::Alpha\x1b]0;TITLE\x07\u202e"
BAD_LOCALE = "zz\n::warning::locale\x1b]0;T\x07\u202e##[add-mask]Beta"
# YAML double-quoted escapes: ESC, BEL, newline, CR, NEL, bidi override.
TITLE = r"Alpha\e]0;TITLE\a\n::error file=ci.yml::forged\r\n##[add-mask]Alpha \u202Eevil\x85"
GITHUB_FINDING = re.compile(r"::(error|warning) file=[^:\n]*(,line=\d+(,col=\d+)?)?,title=gloss-graph [a-z-]+::")
# check --format github's other commands: the log group every finding is
# printed in, and the annotation that counts the findings not annotated.
GITHUB_OTHER = re.compile(r"::(group::gloss-graph check: \d+ findings|endgroup::"
                          r"|(error|warning) title=gloss-graph%3A \d+ more (errors|warnings)::.*)$")
CONTROLS = re.compile(f"[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{terminal.BIDI_CONTROLS}\u2028\u2029\ud800-\udfff]")


def assert_safe(text: str, *, github: bool = False, crlf: bool = False) -> None:
    if crlf:
        text = text.replace("\r\n", "\n")
    bad = CONTROLS.search(text)
    assert bad is None, f"raw {bad.group()!r} in {text[max(0, bad.start() - 60):bad.end() + 20]!r}"
    assert "##[" not in text
    for line in text.split("\n"):
        if line.lstrip().startswith("::"):
            assert github and (GITHUB_FINDING.match(line) or GITHUB_OTHER.match(line)), line


def run(args, cwd, **kwargs) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), **kwargs.pop("env", {})}
    done = subprocess.run([sys.executable, "-m", "gloss_graph", *args], cwd=cwd, env=env,
                          capture_output=True, timeout=120, **kwargs)
    out, err = done.stdout.decode("utf-8"), done.stderr.decode("utf-8")  # never bytes that are not UTF-8
    assert "Traceback" not in err, err
    return subprocess.CompletedProcess(done.args, done.returncode, out, err)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("terminal")
    files = folder / "tree" / "files"
    glossary = files / "en-us" / "glossary"
    write(glossary / "alpha" / "index.md",
          f'---\ntitle: "{TITLE}"\nslug: Glossary/Alpha\ntags: ["::tag\\n##[add-mask]x"]\n---\n'
          'Alpha links {{Glossary("Beta")}}, {{Glossary("Gone\u202e")}} and '
          '{{Glossary("::error::gone")}}; a broken macro {{Glossary(\n')
    write(glossary / "beta" / "index.md",
          '---\ntitle: "::Beta ##[add-mask]Beta"\nslug: Glossary/Beta\n---\nBeta links {{Glossary("Alpha")}}.\n')
    # The forged name as a folder path (it holds slashes) and as the slug.
    write(glossary / FORGED / "index.md",
          f'---\ntitle: Forged\nslug: {json.dumps("Glossary/" + FORGED)}\n---\nSee {{{{Glossary("Alpha")}}}}.\n')
    # The same name, unquoted, makes the front matter unreadable: an error naming the file.
    write(glossary / (FORGED + "-bad") / "index.md", f"---\ntitle: {FORGED}\n---\nx\n")
    write(files / BAD_LOCALE / "glossary" / "a" / "index.md", "---\ntitle: A\nslug: Glossary/A\n---\nx\n")
    return folder


@pytest.fixture(scope="module")
def built(hostile) -> subprocess.CompletedProcess:
    done = run(["build", "tree", "-o", "out"], hostile)
    assert done.returncode == 3, done.stderr  # one file unreadable
    return done


def test_build_prints_nothing_raw(built):
    assert_safe(built.stdout)
    assert_safe(built.stderr)
    # Each hostile name is there, escaped, on its own line.
    assert "x\\n::error file=.github/workflows/ci.yml,line=1::...\\n::add-mask::Alpha\\x1b]0;TITLE\\x07\\u202e" \
           in built.stderr
    assert "zz\\n::warning::locale\\x1b]0;T\\x07\\u202e##\\x5badd-mask]Beta: warning: is not named as a locale" \
           in built.stderr


def test_a_rebuild_prints_nothing_raw(hostile, built):
    again = run(["build", "tree", "-o", "out"], hostile)
    assert_safe(again.stdout)
    assert_safe(again.stderr)
    assert again.stderr == built.stderr


@pytest.mark.parametrize("fmt", ["text", "json", "github"])
def test_check_prints_nothing_raw(hostile, fmt):
    done = run(["check", "tree", "--format", fmt], hostile)
    assert done.returncode == 1
    assert_safe(done.stdout, github=fmt == "github")
    assert_safe(done.stderr)


def test_check_github_lines_are_exactly_the_findings(hostile):
    found = json.loads(run(["check", "tree", "--format", "json"], hostile).stdout)
    lines = run(["check", "tree", "--format", "github"], hostile).stdout.splitlines()
    end = lines.index("::endgroup::")
    # The log group: one text line per finding; then only workflow commands.
    assert GITHUB_OTHER.match(lines[0]) and end - 1 == len(found) > 5
    assert not any(line.startswith("::") for line in lines[1:end])
    assert all(GITHUB_FINDING.match(line) or GITHUB_OTHER.match(line) for line in lines[end + 1:])


def test_check_json_keeps_the_exact_values(hostile):
    found = json.loads(run(["check", "tree", "--format", "json"], hostile).stdout)
    # Escaped only the JSON way: read back, the text is the title's own.
    texts = {f["text"] for f in found if f["kind"] == "broken-references"}
    assert "Gone\u202e" in texts


@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
@pytest.mark.parametrize("sparql", [
    "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label }",
    "SELECT ?s ?tag WHERE { ?s dcterms:subject ?t . ?t rdfs:label ?tag }",
    "CONSTRUCT { ?s skos:prefLabel ?label } WHERE { ?s skos:prefLabel ?label }",
])
def test_query_prints_nothing_raw(hostile, built, fmt, sparql):
    done = run(["query", "out/glossary.ttl", sparql, "--format", fmt], hostile)
    assert done.returncode == 0, done.stderr
    assert "evil" in done.stdout or "add-mask" in done.stdout  # the hostile values are there
    assert_safe(done.stdout, crlf=fmt == "csv")
    assert_safe(done.stderr)


def test_query_json_keeps_the_exact_values(hostile, built):
    done = run(["query", "out/glossary.ttl", "SELECT ?label WHERE { ?s skos:prefLabel ?label }",
                "--format", "json"], hostile)
    labels = {b["label"]["value"] for b in json.loads(done.stdout)["results"]["bindings"]}
    assert any(label.startswith("Alpha\x1b]0;TITLE\x07\n::error") and "##[add-mask]" in label
               and "\u202e" in label for label in labels)


@pytest.mark.parametrize("args", [
    ["out/glossary.ttl", "SELECT ?x WHERE { ?x ?y \n::error::broken \x1b]0;T\x07 }"],
    ["out/glossary.ttl", "--named", "untranslated", "\n::error::x\u202e"],
    ["out/glossary.ttl", "--named", "neighbours", "##[add-mask]x\x1b]0;T\x07"],
    [FORGED + ".ttl", "SELECT * {}"],
    ["out/glossary.ttl", "-f", FORGED + ".rq"],
])
def test_query_errors_print_nothing_raw(hostile, built, args):
    done = run(["query", *args], hostile)
    assert done.returncode in (1, 2)
    assert done.stderr.startswith("gloss-graph query: error: ")
    assert_safe(done.stdout)
    assert_safe(done.stderr)


@pytest.fixture
def hostile_ttl(hostile, built) -> Path:
    path = hostile / (FORGED.replace("/", "|") + ".ttl")
    shutil.copy(hostile / "out" / "glossary.ttl", path)
    return path


def echo_hostile(status: int):
    """A store that answers every request with ``status`` and a hostile body and reason."""
    def respond(handler, received, number):
        read_body(handler)
        body = f"no {FORGED} ##[add-mask]secret".encode("utf-8")
        handler.send_response(status, "Bad\x1b]0;T\x07 ##[add-mask]reason" if status >= 400 else None)
        handler.send_header("Content-Type", "text/plain; charset=utf-8")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)
    return respond


def test_publish_prints_nothing_raw(hostile, hostile_ttl):
    with fake_server(echo_hostile(201)) as (url, _):
        done = run(["publish", hostile_ttl.name, "--endpoint", f"{url}/store"], hostile)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("published ")
    assert_safe(done.stdout)
    assert_safe(done.stderr)


@pytest.mark.parametrize("status", [400, 500])
def test_publish_errors_print_nothing_raw(hostile, hostile_ttl, status):
    with fake_server(echo_hostile(status)) as (url, _):
        done = run(["publish", hostile_ttl.name, "--endpoint", f"{url}/store", "--retries", "0"], hostile)
    assert done.returncode == 1
    assert done.stderr.startswith("gloss-graph publish: error: ")
    assert_safe(done.stdout)
    assert_safe(done.stderr)


def test_build_publish_prints_nothing_raw(hostile):
    with fake_server(echo_hostile(400)) as (url, _):
        done = run(["build", "tree", "-o", "published", "--publish", f"{url}/store", "--publish-retries", "0"],
                   hostile)
    assert done.returncode == 1
    assert_safe(done.stdout)
    assert_safe(done.stderr)


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_prints_nothing_raw(hostile, built, fmt, tmp_path):
    clean = tmp_path / "clean"
    write(clean / "files" / "en-us" / "glossary" / "alpha" / "index.md",
          "---\ntitle: Alpha\nslug: Glossary/Alpha\n---\nx\n")
    assert run(["build", str(clean), "-o", str(tmp_path / "old"), "-q"], hostile).returncode == 0
    done = run(["diff", str(tmp_path / "old"), "out", "--format", fmt], hostile)
    assert done.returncode == 1, done.stderr
    assert "Beta" in done.stdout
    assert_safe(done.stdout)
    assert_safe(done.stderr)


@pytest.mark.parametrize("args", [
    ["build", "tree", "-o", "out", "--bogus" + FORGED],
    ["build", FORGED, "-o", "x"],
    ["build", "tree", "-o", "out", "--locale", FORGED],
    ["build", "tree", "-o", "out", "--base-iri", FORGED],
    ["build", "tree", "-o", "out", "--rdf-format", FORGED],
    ["build", "tree=" + BAD_LOCALE, "-o", "x"],
    ["check", "tree", "--fail-on", FORGED],
    ["check", "tree", "--baseline", FORGED],
    ["diff", FORGED, "out"],
    ["publish", FORGED, "--endpoint", "http://127.0.0.1:9/store"],
    ["publish", "out/glossary.ttl", "--endpoint", FORGED],
    [FORGED],
])
def test_argument_errors_print_nothing_raw(hostile, built, args):
    done = run(args, hostile)
    assert done.returncode == 2
    assert_safe(done.stdout)
    assert_safe(done.stderr)
    assert done.stderr.splitlines()[-1].startswith("gloss-graph")


# --- the function itself --------------------------------------------------------


@pytest.mark.parametrize("text, shown", [
    ("plain", "plain"),
    ("a\nb\rc\td", "a\\nb\\rc\\td"),
    ("\x1b]0;T\x07", "\\x1b]0;T\\x07"),
    ("\x85\x9f\x7f", "\\x85\\x9f\\x7f"),
    ("\u202eevil\u2066", "\\u202eevil\\u2066"),
    ("\u2028", "\\u2028"),
    ("caf\udce9", "caf\\udce9"),
    ("::error::x", "\\x3a:error::x"),
    ("  \t::x", "  \\t\\x3a:x"),
    ("\n::x", "\\n::x"),
    ("a::b", "a::b"),
    ("a ##[add-mask]b", "a ##\\x5badd-mask]b"),
    ("C:\\path", "C:\\path"),  # a backslash stays as it is
])
def test_safe_escapes(text, shown):
    assert terminal.safe(text) == shown
    assert terminal.is_safe(shown)


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_safe_leaves_one_safe_line(text):
    shown = terminal.safe(text)
    assert_safe(shown)
    assert "\n" not in shown
    assert terminal.safe(shown) == shown  # made safe twice, the same


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.text() | st.integers() | st.none(),
                    lambda inner: st.lists(inner) | st.dictionaries(st.text(), inner), max_leaves=10))
def test_safe_document_is_the_same_json(value):
    for indent in (None, 2):
        document = terminal.safe_document(json.dumps(value, ensure_ascii=False, indent=indent))
        assert json.loads(document) == value
        assert_safe(document)


@settings(max_examples=300, deadline=None)
@given(st.text(), st.text())
def test_github_commands_escape_what_safe_escapes(message, file):
    out = findings.format_github([findings.Finding("warnings", file, 3, None, message)])
    # The log group (its command, the finding's text line, its end), then the one annotation.
    assert out.count("\n") == 4 and GITHUB_FINDING.match(out.splitlines()[-1])
    assert_safe(out, github=True)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_error_text_is_safe(message):
    shown = error_text(Exception(message))
    assert_safe(shown)
    assert all(line.startswith("  ") for line in shown.split("\n")[1:])
