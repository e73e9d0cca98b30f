"""Reference paths between two terms (paths.py, `gloss-graph path`): a
known path on content/, terms that are not connected, the same answer from
an export and from a SOURCE, the k shortest paths checked against
networkx, and one-line errors."""
from __future__ import annotations

import json
import random
import re
import textwrap

import networkx as nx
import pytest

import gloss_graph
from gloss_graph import paths, turtle
from gloss_graph.cli import main
from gloss_graph.graph import graph_data

from conftest import CONTENT, need_shared

EN = CONTENT / "files" / "en-us" / "glossary"


@pytest.fixture(scope="module")
def content_ttl(content_corpus, tmp_path_factory):
    path = tmp_path_factory.mktemp("paths") / "glossary.ttl"
    turtle.write_turtle(graph_data(content_corpus), path)
    return path


@pytest.fixture(scope="module")
def islands(tmp_path_factory):
    """A glossary of two groups that never reference each other."""
    root = tmp_path_factory.mktemp("islands") / "files" / "en-us" / "glossary"
    entries = {"Alpha": "Beta", "Beta": "Alpha", "Gamma": "Delta", "Delta": "Gamma"}
    for title, other in entries.items():
        folder = root / title.lower()
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(textwrap.dedent(f"""\
            ---
            title: {title}
            slug: Glossary/{title}
            page-type: glossary-definition
            ---

            **{title}** goes with {{{{Glossary("{other}")}}}}.
            """), encoding="utf-8")
    return root.parents[2]


def run(capsys, *argv) -> tuple[int, str, str]:
    status = main(["path", *map(str, argv)])
    out, err = capsys.readouterr()
    return status, out, err


# --- a known path on content/ -----------------------------------------------------


def test_cors_to_dns_on_content_goes_through_server(content_ttl, capsys):
    """content/: CORS links to server (and browser, origin), DNS to server,
    server to DNS; CORS and DNS do not link to each other."""
    cors = (EN / "cors" / "index.md").read_text(encoding="utf-8")
    dns = (EN / "dns" / "index.md").read_text(encoding="utf-8")
    server = (EN / "server" / "index.md").read_text(encoding="utf-8")
    assert '{{Glossary("server")}}' in cors and "Server" in re.findall(r"glossary\('(\w+)'", dns)
    assert '{{Glossary("DNS")}}' in server and "DNS" not in cors and "CORS" not in dns
    status, out, err = run(capsys, content_ttl, "CORS", "DNS")
    assert status == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].startswith("3 paths from CORS (Glossary/CORS) to DNS (Glossary/DNS), shortest first")
    assert lines[1] == "1. CORS -> Server <-> DNS (2 steps)"
    assert [re.search(r"\((\d+) steps?\)$", line).group(1) for line in lines[1:]] == ["2", "3", "3"]


def test_a_source_folder_gives_the_same_answer_as_its_export(content_ttl, capsys):
    from_ttl = run(capsys, content_ttl, "Glossary/CORS", "latency", "--format", "json")
    from_source = run(capsys, CONTENT, "cors", "LATENCE", "--format", "json")  # its French title
    assert from_ttl[0] == from_source[0] == 0
    assert json.loads(from_ttl[1]) == json.loads(from_source[1])


def test_json_says_what_the_text_says(content_ttl, capsys):
    _, text, _ = run(capsys, content_ttl, "CORS", "DNS")
    _, raw, _ = run(capsys, content_ttl, "CORS", "DNS", "--format", "json")
    answer = json.loads(raw)
    assert answer["from"] == {"slug": "Glossary/CORS", "title": "CORS"}
    arrows = {"references": "->", "referenced by": "<-", "both": "<->"}
    for line, path in zip(text.splitlines()[1:], answer["paths"]):
        words = [path["terms"][0]["title"]]
        for term, direction in zip(path["terms"][1:], path["directions"]):
            words += [arrows[direction], term["title"]]
        assert line.split(". ", 1)[1].rsplit(" (", 1)[0] == " ".join(words)
        assert path["steps"] == len(path["terms"]) - 1 == len(path["directions"])


def test_each_step_goes_the_way_the_references_go(content_corpus):
    data = graph_data(content_corpus)
    refs = {(u, v) for u, v, k in data.edges if k == "references"}
    answer = paths.find_paths(paths.ReferenceGraph.from_graph(data), "HTTP", "SVG")
    assert answer.paths
    for path, directions in zip(answer.paths, answer.directions):
        for a, b, direction in zip(path, path[1:], directions):
            forth, back = (a.id, b.id) in refs, (b.id, a.id) in refs
            assert direction == ("both" if forth and back else "forward" if forth else "backward")
            assert forth or back


# --- no path ------------------------------------------------------------------------------


def test_two_terms_with_no_path_say_so(islands, capsys, tmp_path):
    status, out, err = run(capsys, islands, "Alpha", "Gamma")
    assert (status, err) == (1, "")
    assert out == "no reference path between Alpha (Glossary/Alpha) and Gamma (Glossary/Gamma)\n"
    status, out, _ = run(capsys, islands, "Alpha", "Gamma", "--format", "json")
    assert status == 1 and json.loads(out)["paths"] == []
    # Through an export too; and the connected pair is found.
    ttl = tmp_path / "glossary.ttl"
    turtle.write_turtle(graph_data(gloss_graph.load([str(islands)])), ttl)
    assert run(capsys, ttl, "alpha", "gamma")[0] == 1
    status, out, _ = run(capsys, ttl, "alpha", "beta")
    assert status == 0 and out.splitlines()[1] == "1. Alpha <-> Beta (1 step)"


# --- the k shortest paths, against networkx ----------------------------------------------


def test_up_to_three_shortest_paths_as_networkx_finds_them():
    """On the 2026 glossary, for pairs picked at random: the lengths of our
    paths are those of the first three simple paths networkx finds, and
    each is a loopless path of references."""
    data = graph_data(gloss_graph.load([str(need_shared("2026", "files"))]))
    graph = paths.ReferenceGraph.from_graph(data)
    undirected = nx.Graph()
    undirected.add_edges_from(graph.references)
    terms = sorted(graph.neighbours)
    pick = random.Random(15)
    checked = 0
    for _ in range(60):
        a, b = pick.sample(terms, 2)
        found = graph.paths(a, b)
        if not nx.has_path(undirected, a, b):
            assert found == []
            continue
        expected = []
        for path in nx.shortest_simple_paths(undirected, a, b):
            expected.append(len(path))
            if len(expected) == paths.MAX_PATHS:
                break
        assert [len(p) for p in found] == expected
        for path in found:
            assert path[0] == a and path[-1] == b and len(set(path)) == len(path)
            assert all(undirected.has_edge(u, v) for u, v in zip(path, path[1:]))
        assert len({tuple(p) for p in found}) == len(found)
        checked += 1
    assert checked >= 30


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize("argv, message", [
    (["CORZ", "DNS"], "no term has the slug or title 'CORZ' (did you mean: CORS?)"),
    (["CORS", "glossary/cors"], "'CORS' and 'glossary/cors' name the same term (Glossary/CORS)"),
])
def test_unknown_terms_are_one_line_errors(content_ttl, capsys, argv, message):
    status, out, err = run(capsys, content_ttl, *argv)
    assert (status, out) == (2, "")
    assert err == f"gloss-graph path: error: {message}\n"


def test_a_title_of_two_terms_asks_for_the_slug(capsys):
    """Boolean (JavaScript) and Boolean (HTML) are both titled so in no
    locale, but two concepts may share a title: the slug then decides."""
    graph = paths.ReferenceGraph.from_graph(graph_data(gloss_graph.load([str(CONTENT)])))
    graph.names["shared"] = {"concept:glossary/html", "concept:glossary/css"}
    with pytest.raises(gloss_graph.errors.UsageError, match=r"'Shared' is the title of 2 terms: Glossary/CSS, "
                                                            r"Glossary/HTML; give the slug"):
        graph.find("Shared")


@pytest.mark.parametrize("make, message", [
    (lambda d: d / "nope.ttl", "nope.ttl: no such file"),
    (lambda d: d / "nowhere", "nowhere: no such file or folder"),
    (lambda d: _write(d / "notes.txt", "hello"), "notes.txt: neither an RDF file"),
    (lambda d: _write(d / "other.ttl", "<http://a.example/x> <http://a.example/p> 1 .\n"),
     "other.ttl: holds no skos:Concept with a gg:slug"),
    (lambda d: _write(d / "broken.ttl", "this is not turtle"), "broken.ttl: not valid Turtle"),
])
def test_bad_files_are_one_line_errors(tmp_path, capsys, make, message):
    path = make(tmp_path)
    status, out, err = run(capsys, path, "A", "B")
    assert status in (1, 2) and out == ""
    assert len(err.splitlines()) == 1 and message in err, err


def test_text_from_the_files_is_printed_safely(tmp_path, capsys):
    root = tmp_path / "files" / "en-us" / "glossary"
    for name, other in (("evil", "good"), ("good", "evil")):
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(
            f"---\ntitle: \"{name}\\e]0;owned\\a\"\nslug: Glossary/{name}\n---\n\n{{{{Glossary(\"{other}\")}}}}\n",
            encoding="utf-8")
    status, out, _ = run(capsys, tmp_path, "evil", "good")
    assert status == 0
    assert "\x1b" not in out and "\x07" not in out and "\\x1b]0;owned\\x07" in out


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path
