"""Every argument is checked before anything is read, and a bad one is a
one-line ``gloss-graph COMMAND: error: ...`` with exit status 2, never a
traceback.

First the cases of the first hardening issue, each shown to fail before a
single file is read; then hypothesis drives the command line's parser and
each command (in this process, through ``cli.main``) with generated folder
names, ``--locale``, ``--base-iri``, ``-o``, ``--rdf-format``, ``check``'s
``--format`` and ``--fail-on``, ``query``'s file and text, ``publish``'s
file, endpoint and graph. The only outcomes allowed are the command's own
statuses (a complete build, a check that passes or fails, ...) or a usage
error: exit 2 and one error line (argparse prints its usage line above it).
"""
from __future__ import annotations

import contextlib
import io
import itertools
import socket
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, example, given, settings, strategies as st

from gloss_graph import corpus
from gloss_graph.cli import main

from test_terminal_safe import assert_safe

OUTPUTS = ("glossary.ttl", "graph.html", "report.json", "report.md")
EXTRA = {"nt": "glossary.nt", "jsonld": "glossary.jsonld", "graphml": "graph.graphml", "gexf": "graph.gexf"}
ENTRY = "---\ntitle: A\nslug: Glossary/A\n---\nSee {{Glossary(\"B\")}}.\n"
SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def cli(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as leaving:  # argparse
            status = leaving.code
    return status, out.getvalue(), err.getvalue()


def assert_usage_error(command: str, status: int, out: str, err: str) -> None:
    """Exit 2, nothing on stdout, one error line last on stderr (under an
    invalid query, the parser's line after it), and above it only
    argparse's usage lines, if any."""
    assert status == 2, err
    assert out == ""
    assert_safe(err)
    lines = err.splitlines()
    if command == "query" and lines[-1].startswith("  parser: "):
        lines.pop()  # an invalid query's second line: the SPARQL parser's own words
    *usage, last = lines
    assert last.startswith((f"gloss-graph {command}: error: ", "gloss-graph: error: ")), err
    if usage:
        assert usage[0].startswith("usage: ") and all(line.startswith(" ") for line in usage[1:]), err


def tree(folder: Path, locale: str = "en-us") -> Path:
    (folder / "files" / locale / "glossary" / "a").mkdir(parents=True)
    (folder / "files" / locale / "glossary" / "a" / "index.md").write_text(ENTRY, encoding="utf-8")
    return folder


@pytest.fixture
def nothing_read(monkeypatch):
    """Fail the test if any file is read."""
    def refuse(*args, **kwargs):
        raise AssertionError("a file was read before the arguments were checked")

    monkeypatch.setattr(corpus, "read_files", refuse)


# --- the cases of the issue ------------------------------------------------------


def test_a_copy_of_en_us_named_gg_site_edit(tmp_path, nothing_read):
    """Two scripts: not a language tag. It used to pass the locale check and
    make the Turtle writer fail after all 14,000 pages were read."""
    source = tree(tmp_path / "copy").joinpath("files", "en-us").rename(tmp_path / "gg-site-edit")
    status, out, err = cli(["build", str(source), "-o", str(tmp_path / "out")])
    assert_usage_error("build", status, out, err)
    assert "cannot tell the locale from the folder name 'gg-site-edit'" in err
    assert not (tmp_path / "out").exists()


def test_a_locale_that_is_not_a_language_tag(tmp_path, nothing_read):
    status, out, err = cli(["build", str(tree(tmp_path / "t")), "-o", str(tmp_path / "out"), "--locale", "en_US!!"])
    assert_usage_error("build", status, out, err)
    assert err == ("gloss-graph build: error: --locale: 'en_US!!' is not a language tag (RFC 5646), "
                   "e.g. en-US, fr, pt-BR, zh-CN\n")


def test_output_naming_an_existing_file(tmp_path, nothing_read):
    (tmp_path / "taken").write_text("x")
    status, out, err = cli(["build", str(tree(tmp_path / "t")), "-o", str(tmp_path / "taken")])
    assert_usage_error("build", status, out, err)
    assert err.endswith("taken: exists and is not a folder\n")


def test_output_under_a_file(tmp_path, nothing_read):
    (tmp_path / "taken").write_text("x")
    status, out, err = cli(["build", str(tree(tmp_path / "t")), "-o", str(tmp_path / "taken" / "out")])
    assert_usage_error("build", status, out, err)
    assert f"cannot make the folder: {tmp_path / 'taken'} is not a folder" in err


@pytest.mark.parametrize("output", ["/proc/gloss-graph-out", "x" * 300, "a/" + "y" * 300 + "/b"])
def test_output_where_no_folder_can_be_made(tmp_path, output, monkeypatch):
    monkeypatch.chdir(tmp_path)
    status, out, err = cli(["build", str(tree(tmp_path / "t")), "-o", output, "-q"])
    assert_usage_error("build", status, out, err)


@pytest.mark.parametrize("argv", [
    ["build", "SRC", "-o", "a\0b"],
    ["check", "SRC", "--baseline", "\0"],
    ["query", "\0", "SELECT * {}"],
    ["diff", "\0", "x"],
    ["publish", "\0", "--endpoint", "http://127.0.0.1:9/"],
])
def test_a_nul_in_an_argument(tmp_path, argv, nothing_read):
    """No process can be given one, but a Python caller of main() can."""
    argv = [str(tree(tmp_path / "t")) if a == "SRC" else a for a in argv]
    status, out, err = cli(argv)
    assert_usage_error(argv[0], status, out, err)


# --- generated arguments ---------------------------------------------------------

def mostly(good, bad):
    """``good`` three times in four."""
    return st.integers(0, 3).flatmap(lambda i: bad if i == 3 else good)


def maybe(strategy):
    return mostly(st.none(), strategy)


# Characters that make names odd: separators of tags and of SOURCE=LOCALE,
# controls, bidi, non-ASCII letters, spaces, quotes.
ODD = "aAzZ09-_.= !:#%?'\"\\\n\t\x1b\u202e\u00e9\u4e2d"
names = st.text(alphabet=ODD, min_size=1, max_size=12).filter(lambda n: n not in (".", ".."))
# Each strategy below is weighted towards values that work, so that a good
# share of the examples run the whole command, not only its checks.
TAGS = ["en-us", "fr", "pt-br", "zh-CN", "sr-Latn-RS", "x-private", "i-klingon", "de-DE-1901-u-co-phonebk"]
BAD_TAGS = ["en_US!!", "gg-site-edit", "toolonglang", "__proto__", "", "-", "x y"]
tags = mostly(st.sampled_from(TAGS), st.sampled_from(BAD_TAGS) | names)
folders = mostly(st.sampled_from(TAGS), st.sampled_from(BAD_TAGS) | names)
iris = st.one_of(st.sampled_from(["https://example.org/gloss/", "http://x/", "urn:x:", "mailto:a@b", "ftp://x/",
                                  "https://example.org/a b/", "https://[::1/", "relative/"]),
                 st.builds(lambda t: "https://example.org/" + t, names), names)
formats = st.lists(mostly(st.sampled_from(list(EXTRA)), names), max_size=2)

counter = itertools.count()


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("arguments")


def fresh(place: Path) -> Path:
    folder = place / f"case{next(counter)}"
    folder.mkdir()
    return folder


def source_of(folder: Path, name: str, shape: str) -> str:
    """A tree whose locale folder is ``name``, given as ``shape`` says."""
    tree(folder, name)
    locale_folder = folder / "files" / name
    return {"root": str(folder), "locale": str(locale_folder), "glossary": str(locale_folder / "glossary"),
            "named": f"{locale_folder}=fr"}[shape]


shapes = st.sampled_from(["root", "locale", "glossary", "named"])


@SETTINGS
@given(name=folders, shape=shapes, locale=maybe(tags), base=maybe(iris), rdf=formats,
       output=mostly(st.just("new"), st.sampled_from(["existing", "file", "under-file"]) | names))
def test_build_with_generated_arguments(place, name, shape, locale, base, rdf, output):
    folder = fresh(place)
    source = source_of(folder, name, shape)
    (folder / "a-file").write_text("x")
    out = {"new": folder / "out", "existing": folder, "file": folder / "a-file",
           "under-file": folder / "a-file" / "out"}.get(output, folder / output)
    argv = ["build", source, "-o", str(out), "-q", "--workers", "1"]
    argv += ["--locale", locale] if locale is not None else []
    argv += ["--base-iri", base] if base is not None else []
    for fmt in rdf:
        argv += ["--rdf-format", fmt]
    status, stdout, err = cli(argv)
    event(f"exit {status}")
    if status == 2:
        assert_usage_error("build", status, stdout, err)
        return
    assert status in (0, 3), err
    assert_safe(err)
    for name in OUTPUTS + tuple(EXTRA[f] for f in rdf):
        assert (out / name).is_file(), name


@SETTINGS
@given(name=folders, shape=shapes, locale=maybe(tags),
       fmt=mostly(st.sampled_from(["text", "json", "github"]), names),
       fail_on=st.sampled_from(["none", "all", "orphans,dead-ends", "broken-references", "", "x"]) | names)
def test_check_with_generated_arguments(place, name, shape, locale, fmt, fail_on):
    source = source_of(fresh(place), name, shape)
    argv = ["check", source, "--format", fmt, "--fail-on", fail_on, "-q", "--workers", "1"]
    argv += ["--locale", locale] if locale is not None else []
    status, out, err = cli(argv)
    event(f"exit {status}")
    if status == 2:
        assert_usage_error("check", status, out, err)
        return
    assert status in (0, 1), err
    assert err == ""
    assert_safe(out, github=fmt == "github")


@pytest.fixture(scope="module")
def ttl(place) -> Path:
    folder = tree(place / "built")
    status, _, err = cli(["build", str(folder), "-o", str(folder / "out"), "-q", "--workers", "1"])
    assert status == 0, err
    return folder / "out" / "glossary.ttl"


@SETTINGS
@given(file=mostly(st.just("TTL"), st.sampled_from(["REPORT", "MISSING"]) | names),
       text=mostly(st.sampled_from(["SELECT * WHERE { ?s ?p ?o }", "ASK {}", "CONSTRUCT WHERE { ?s ?p ?o }",
                                    "orphans", "untranslated fr", "neighbours A", "by-tag x"]),
                   st.sampled_from(["SELECT", "SELECT * { SERVICE <http://x/> { ?s ?p ?o } }"]) | names),
       how=st.sampled_from(["inline", "named", "file"]),
       fmt=mostly(st.sampled_from(["table", "csv", "json"]), names))
def test_query_with_generated_arguments(place, ttl, file, text, how, fmt):
    folder = fresh(place)
    path = {"TTL": str(ttl), "REPORT": str(ttl.with_name("report.json")), "MISSING": str(folder / "none.ttl")}.get(
        file, str(folder / file))
    (folder / "q.rq").write_text(text, encoding="utf-8")
    words = {"inline": [text], "named": ["--named", *text.split(" ", 1)], "file": ["-f", str(folder / "q.rq")]}[how]
    status, out, err = cli(["query", path, *words, "--format", fmt])
    event(f"exit {status}")
    if status == 2:
        assert_usage_error("query", status, out, err)
        return
    assert status in (0, 1), err  # 1: the file does not parse
    assert_safe(out, crlf=fmt == "csv")
    assert_safe(err)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@SETTINGS
@given(file=mostly(st.just("TTL"), st.just("MISSING") | names),
       endpoint=st.tuples(mostly(st.sampled_from(["http://127.0.0.1:PORT/", "https://127.0.0.1:PORT/store?x="]),
                                 st.sampled_from(["http://u:p@127.0.0.1:PORT/", "ftp://", "", "http://[::1", "http://"])),
                          st.text(alphabet=ODD.replace("\\", ""), max_size=8)),
       graph=maybe(iris), default=st.booleans())
@example(file="TTL", endpoint=("http://", "\u202e"), graph=None, default=False)  # a host idna refuses
def test_publish_with_generated_arguments(place, ttl, file, endpoint, graph, default):
    """Every host is 127.0.0.1 on a closed port: nothing can be sent anywhere."""
    folder = fresh(place)
    path = {"TTL": str(ttl), "MISSING": str(folder / "none.ttl")}.get(file, str(folder / file))
    url = endpoint[0].replace("PORT", str(closed_port())) + endpoint[1]
    argv = ["publish", path, "--endpoint", url, "--retries", "0", "--timeout", "2"]
    argv += ["--graph", graph] if graph is not None else []
    argv += ["--default-graph"] if default else []
    status, out, err = cli(argv)
    event(f"exit {status}")
    if status == 2:
        assert_usage_error("publish", status, out, err)
        return
    assert status == 1, err  # nothing listens: the upload fails, in one line
    assert out == "" and len(err.splitlines()) == 1 and err.startswith("gloss-graph publish: error: ")
    assert_safe(err)
