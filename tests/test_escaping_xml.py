"""GraphML and GEXF stay well-formed XML 1.0 whatever a title or a folder
name holds: characters XML cannot hold are written as U+FFFD, and ids that
would meet after that stay apart."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

import gloss_graph
from gloss_graph import serializations
from hostile_corpus import make_hostile_tree
from test_hostile import run_cli

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
GEXF = "{http://www.gexf.net/1.2draft}"
R = "\ufffd"

# folder -> (title as written in YAML, title expected in the XML)
ENTRIES = {
    "esc": ('"Red \\e[31m alert"', f"Red {R}[31m alert"),
    "one": ('"Start\\x01of heading, nul\\0"', f"Start{R}of heading, nul{R}"),
    "del": ('"Del\\x7f and C1\\x85 and \\x9b"', f"Del{R} and C1{R} and {R}"),
    "nonchar": ('"Not characters \\uFFFE \\uFFFF"', f"Not characters {R} {R}"),
    "kept": ('"Tab\\tkept, \\u2028 kept, \\uFFFD kept, \\U0001F600 kept"',
             "Tab\tkept, \u2028 kept, \ufffd kept, \U0001F600 kept"),
    # Folder names: the slug, key, id and file path come from them.
    "folder\x1bname\x01": ('"Folder with controls"', "Folder with controls"),
    "bell\x07": ('"Bell folder \\x07"', f"Bell folder {R}"),
}
# The ids those folders give, as the XML must hold them.
EXPECTED_IDS = {
    "concept:glossary/esc", "concept:glossary/one", "concept:glossary/del", "concept:glossary/nonchar",
    "concept:glossary/kept", f"concept:glossary/folder{R}name{R}", f"concept:glossary/bell{R}",
}


def write_tree(root: Path) -> Path:
    for folder, (title, _) in ENTRIES.items():
        entry = root / "files" / "en-us" / "glossary" / folder
        entry.mkdir(parents=True)
        # No slug: it comes from the folder, control characters and all.
        (entry / "index.md").write_text(f"---\ntitle: {title}\n---\n\nSee {{{{Glossary(\"esc\")}}}}.\n",
                                        encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def graph(tmp_path_factory):
    root = write_tree(tmp_path_factory.mktemp("xml-tree") / "tree")
    g = gloss_graph.build_graph(gloss_graph.load([str(root)]))
    # The input really holds what XML cannot.
    assert g.nodes["concept:glossary/folder\x1bname\x01"]["labels"]["en-US"] == "Folder with controls"
    assert g.nodes["concept:glossary/esc"]["labels"]["en-US"] == "Red \x1b[31m alert"
    return g


def graphml_nodes(path: Path) -> dict[str, dict[str, str]]:
    """id -> {attribute name: text}, read with ElementTree (raises on bad XML)."""
    root = ET.parse(path).getroot()
    names = {k.get("id"): k.get("attr.name") for k in root.iter(GRAPHML + "key")}
    return {n.get("id"): {names[d.get("key")]: d.text for d in n.iter(GRAPHML + "data")}
            for n in root.iter(GRAPHML + "node")}


def gexf_nodes(path: Path) -> dict[str, dict[str, str]]:
    root = ET.parse(path).getroot()
    # Node and edge attributes are numbered apart: only the node ones.
    names = {a.get("id"): a.get("title") for group in root.iter(GEXF + "attributes")
             if group.get("class") == "node" for a in group.iter(GEXF + "attribute")}
    nodes = {}
    for n in root.iter(GEXF + "node"):
        values = {names[v.get("for")]: v.get("value") for v in n.iter(GEXF + "attvalue")}
        nodes[n.get("id")] = {"label": n.get("label"), **values}
    return nodes


@pytest.mark.parametrize("fmt, read", [("graphml", graphml_nodes), ("gexf", gexf_nodes)])
def test_titles_and_folder_names_with_controls_write_well_formed_xml(graph, tmp_path, fmt, read):
    path = serializations.write(graph, tmp_path / f"graph.{fmt}", fmt)
    nodes = read(path)
    assert set(nodes) == EXPECTED_IDS
    for folder, (_, title) in ENTRIES.items():
        node = nodes["concept:glossary/" + folder.replace("\x1b", R).replace("\x01", R).replace("\x07", R)]
        assert node["label"] == title
        assert node["labels.en-US"] == title
    folder = nodes[f"concept:glossary/folder{R}name{R}"]
    assert folder["slug"] == f"Glossary/folder{R}name{R}"
    assert folder["files.en-US"] == f"files/en-us/glossary/folder{R}name{R}/index.md"
    # Every reference to Glossary/esc survived as an edge between the written ids.
    text = path.read_text(encoding="utf-8")
    assert text.count('target="concept:glossary/esc"') == len(ENTRIES) - 1  # not from itself


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_networkx_reads_the_files_back(graph, tmp_path, fmt):
    path = serializations.write(graph, tmp_path / f"graph.{fmt}", fmt)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert set(back.nodes) == EXPECTED_IDS
    assert back.number_of_edges() == graph.number_of_edges()


def test_the_hostile_corpus_writes_well_formed_graphml_and_gexf(tmp_path):
    make_hostile_tree(tmp_path)
    done = run_cli(["build", "hostile", "-o", "out", "--quiet", "--rdf-format", "graphml", "--rdf-format", "gexf"],
                   tmp_path)
    assert done.returncode == 3, done.stderr[-2000:]  # some files cannot be read, by design
    # NUL, BEL, ESC and DEL; the line separator U+2028 is a character XML holds.
    title = f"Control{R}characters{R} in{R} a{R} title\u2028here"
    for nodes in (graphml_nodes(tmp_path / "out" / "graph.graphml"), gexf_nodes(tmp_path / "out" / "graph.gexf")):
        assert nodes["concept:glossary/title-control-chars"]["labels.en-US"] == title
        assert nodes["concept:glossary/alpha"]["labels.fr"] == "Alpha (fr)"


def hand_graph() -> nx.MultiDiGraph:
    """What the reader cannot make today but a graph may hold: ids that meet
    once cleaned, a lone surrogate (a file name that is not UTF-8), a locale
    holding a control character (it becomes part of attribute names)."""
    g = nx.MultiDiGraph()
    for node, title in (("concept:a\x01", "One"), ("concept:a\x02", "Two"), (f"concept:a{R}", "Already"),
                        ("concept:b\udce9", "Caf\udce9")):
        g.add_node(node, kind="concept", slug=node[8:], labels={"en-US": title, "x\x1bq": title + " (x)"})
    g.add_edge("concept:a\x01", "concept:a\x02", key="references", count=2, locales=["en-US"])
    g.add_edge("concept:a\x02", f"concept:a{R}", key="references", count=1, locales=["x\x1bq"])
    g.add_edge("concept:b\udce9", "concept:a\x01", key="references", count=1, locales=["en-US"])
    return g


def test_ids_that_meet_once_cleaned_stay_apart_and_keep_their_edges(tmp_path):
    g = hand_graph()
    for fmt in ("graphml", "gexf"):
        path = serializations.write(g, tmp_path / f"hand.{fmt}", fmt)
        nodes = graphml_nodes(path) if fmt == "graphml" else gexf_nodes(path)
        # A clean id keeps itself; the cleaned ones get ~2, ~3 in sorted order.
        assert {i: n["labels.en-US"] for i, n in nodes.items()} == {
            f"concept:a{R}": "Already", f"concept:a{R}~2": "One", f"concept:a{R}~3": "Two",
            f"concept:b{R}": f"Caf{R}"}
        assert {n[f"labels.x{R}q"] for n in nodes.values()} == {
            "One (x)", "Two (x)", "Already (x)", f"Caf{R} (x)"}
        back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
        assert sorted((u, v) for u, v in back.edges()) == [
            (f"concept:a{R}~2", f"concept:a{R}~3"), (f"concept:a{R}~3", f"concept:a{R}"),
            (f"concept:b{R}", f"concept:a{R}~2")]


def test_cleaning_is_deterministic():
    assert serializations.to_bytes(hand_graph(), "graphml") == serializations.to_bytes(hand_graph(), "graphml")
    reversed_graph = nx.MultiDiGraph()
    g = hand_graph()
    reversed_graph.add_nodes_from(reversed(list(g.nodes(data=True))))
    reversed_graph.add_edges_from(g.edges(keys=True, data=True))
    # Which cleaned id gets ~2 depends on the ids, not on the order they came in.
    assert (serializations.export_graph(reversed_graph).nodes[f"concept:a{R}~2"]["label"]
            == serializations.export_graph(g).nodes[f"concept:a{R}~2"]["label"] == "One")


def test_xml_text_and_names():
    assert serializations.xml_text("a\x00b\x0bc\x0cd\x1fe\x7ff\x9fg\ud800h\udfffi\ufffej\uffffk") \
        == "a" + "".join(R + c for c in "bcdefghijk")
    assert serializations.xml_text("tab\tLF\nCR\r\u00a0\ud7ff\ue000\ufffd\U00010000") \
        == "tab\tLF\nCR\r\u00a0\ud7ff\ue000\ufffd\U00010000"
    assert serializations.xml_text(42) == 42
    assert serializations.xml_safe_names(["x\x01", "x\x02", f"x{R}", f"x{R}~2", "y"]) == {
        "x\x01": f"x{R}~3", "x\x02": f"x{R}~4", f"x{R}": f"x{R}", f"x{R}~2": f"x{R}~2", "y": "y"}
