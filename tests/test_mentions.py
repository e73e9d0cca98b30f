"""Unlinked mentions (mentions.py): which words count as a mention, where
they are looked for, how sure each is; on hand-made trees, on MDN 2026, and
against the hand-labelled sample in tests/data (docs/fixing.md)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

import gloss_graph
from gloss_graph.mentions import HIGH, LOW, find_mentions

DATA = Path(__file__).parent / "data" / "mentions-mdn-2026-en-us.jsonl"
LINKS_PACKET = 'A {{Glossary("Packet", "packet")}}.'


def write(root: Path, slug: str, body: str, locale: str = "en-us", title: str | None = None, extra: str = "") -> Path:
    path = root / "files" / locale / "glossary" / slug.lower() / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title or slug.replace('_', ' ')}\nslug: Glossary/{slug}\n{extra}---\n\n{body}\n",
                    encoding="utf-8")
    return path


def mentions(root: Path) -> list[tuple[str, str, str, int, int]]:
    """(source slug, target slug, text, line, column) of every mention."""
    corpus = gloss_graph.load([str(root)])
    return [(corpus.concepts[m.source].slug, corpus.concepts[m.target].slug, m.text, m.line, m.column)
            for m in find_mentions(corpus)]


def by_target(root: Path) -> dict:
    corpus = gloss_graph.load([str(root)])
    return {corpus.concepts[m.target].slug: m for m in find_mentions(corpus)}


# --- what counts as a mention ----------------------------------------------------


def test_title_short_title_title_without_qualifier_and_link_text(tmp_path):
    write(tmp_path, "Call_stack", "A stack.", extra="short-title: Stack of calls\n")
    write(tmp_path, "Alpha", "A channel.", title="Alpha (alpha channel)")
    write(tmp_path, "Method", "A function.")
    write(tmp_path, "Class", 'Has {{Glossary("Method", "methods")}}.')
    write(tmp_path, "Recursion", "Uses the call stack, a stack of calls, alpha, and methods.")
    found = {(target, text) for source, target, text, *_ in mentions(tmp_path) if source == "Glossary/Recursion"}
    # One mention per target: the first name found (the title), not the short title after it.
    assert found == {("Glossary/Call_stack", "call stack"), ("Glossary/Alpha", "alpha"),
                     ("Glossary/Method", "methods")}


def test_position_is_the_file_line_and_column(tmp_path):
    write(tmp_path, "Packet", "Data.")
    path = write(tmp_path, "Router", "First line.\n\nSecond: a packet.")
    (source, target, text, line, column), = mentions(tmp_path)
    assert path.read_text().split("\n")[line - 1][column - 1:column - 1 + len(text)] == "packet"


def test_whole_words_only_and_acronyms_as_written(tmp_path):
    write(tmp_path, "API", "An interface.")
    write(tmp_path, "IP_Address", "A number.", title="IP address")
    write(tmp_path, "TCP", "A protocol.")
    write(tmp_path, "Node.js", "A runtime.")
    write(tmp_path, "Locale", "Where.")
    # "apis", "rapid", "api" in lower case, TCP/IP, Node.jsx and <locale> are not mentions.
    write(tmp_path, "Web", "Rapid apis; an api. Over TCP/IP with Node.jsx at /<locale>/docs.")
    assert mentions(tmp_path) == []
    write(tmp_path, "Web", "An API over an IP address and TCP.")
    assert {t for _, t, *_ in mentions(tmp_path)} == {"Glossary/API", "Glossary/IP_Address", "Glossary/TCP"}


def test_never_in_code_links_macros_headings_comments_or_front_matter(tmp_path):
    write(tmp_path, "Packet", "Data.")
    body = ("## Packet\n\n"
            "`packet` {{HTTPHeader(\"packet\")}} [packet](https://example.com) <https://x.org/packet>\n\n"
            "<!-- packet -->\n\n```\npacket\n```\n\n    packet\n\n<code>packet</code> <kbd>packet</kbd>\n\n"
            "[a packet]: https://example.com\n")
    write(tmp_path, "Router", body, extra="description: a packet router\n")
    assert mentions(tmp_path) == []


def test_first_mention_only_and_none_where_already_referenced_or_itself(tmp_path):
    write(tmp_path, "Packet", "A packet is data; packets.")  # itself: no
    write(tmp_path, "Router", "A packet, and another packet.")
    write(tmp_path, "Switch", 'A packet and {{Glossary("Packet")}}.')  # already links it: no
    assert [(s, text, column) for s, _, text, _, column in mentions(tmp_path)] == [("Glossary/Router", "packet", 3)]


def test_ambiguous_names_and_disambiguation_parents_suggest_nothing(tmp_path):
    write(tmp_path, "Block", "{{GlossaryDisambiguation}}")
    write(tmp_path, "Block/CSS", "Outer display.", title="Block (CSS)")
    write(tmp_path, "Block/Layout", "Flow.", title="Block (layout)")
    write(tmp_path, "Grid", "A grid.")
    write(tmp_path, "Grid_alias", "Another.", title="Grid")  # two concepts titled Grid
    write(tmp_path, "Box", "A block in a grid.")
    assert mentions(tmp_path) == []


def test_only_documents_of_the_same_locale(tmp_path):
    write(tmp_path, "Packet", "Data.")
    write(tmp_path, "Packet", "Données.", locale="fr", title="Paquet")
    write(tmp_path, "Router", "Un packet et un paquet.", locale="fr")
    assert [(t, text) for _, t, text, *_ in mentions(tmp_path)] == [("Glossary/Packet", "paquet")]


# --- confidence ---------------------------------------------------------------------


def linked_by_two(root: Path) -> None:
    write(root, "Packet", "Data.")
    write(root, "Hub", LINKS_PACKET)
    write(root, "Modem", LINKS_PACKET)


def test_high_where_the_glossary_links_the_name_and_in_the_first_paragraph(tmp_path):
    linked_by_two(tmp_path)
    write(tmp_path, "Router", "Routes each packet.")
    mention = by_target(tmp_path)["Glossary/Packet"]
    assert (mention.confidence, mention.linked_in, mention.mentioned_in) == (HIGH, 2, 1)


@pytest.mark.parametrize("body, why", [
    ("Intro.\n\nThen a packet.", "after the first paragraph"),
    ("- a packet", "in a list item"),
    ("A **packet switch** is a device.", "in bold"),
    ("The Big packet Thing.", "next to a capitalised word"),
    ("The `x`   packet field.", "next to code or a link"),
])
def test_low_where_a_link_would_be_out_of_place(tmp_path, body, why):
    linked_by_two(tmp_path)
    write(tmp_path, "Router", body)
    mention = by_target(tmp_path)["Glossary/Packet"]
    assert mention.confidence == LOW and mention.why_low.startswith(why)


def test_low_where_writers_rarely_link_the_name(tmp_path):
    write(tmp_path, "Packet", "Data.")
    write(tmp_path, "Hub", LINKS_PACKET)
    for name in ("Router", "Switch", "Bridge"):
        write(tmp_path, name, "Moves a packet.")
    mentions_ = find_mentions(gloss_graph.load([str(tmp_path)]))
    assert {(m.confidence, m.linked_in, m.mentioned_in) for m in mentions_} == {(LOW, 1, 3)}
    assert mentions_[0].why_low == "rarely linked: 1 of 4 documents that use the name link it"


def test_an_orphan_has_no_evidence_and_so_only_low_mentions(tmp_path):
    write(tmp_path, "Latency", "Delay.")
    write(tmp_path, "Ping", "Measures latency.")
    assert by_target(tmp_path)["Glossary/Latency"].confidence == LOW


def test_german_capitalises_every_noun(tmp_path):
    write(tmp_path, "Packet", "Daten.", locale="de", title="Paket")
    for name in ("Hub", "Modem"):
        write(tmp_path, name, '{{Glossary("Packet", "Paket")}}.', locale="de")
    write(tmp_path, "Router", "Der Router leitet jedes Paket Weiter.", locale="de")
    assert by_target(tmp_path)["Glossary/Packet"].confidence == HIGH


# --- reports ----------------------------------------------------------------------


def test_report_check_and_markdown(tmp_path):
    linked_by_two(tmp_path)
    write(tmp_path, "Latency", "Delay.")
    write(tmp_path, "Router", "Routes each packet with latency.")
    result = gloss_graph.build([str(tmp_path)], tmp_path / "out")
    items = result.report["unlinked_mentions"]
    assert [(i["target"], i["source"], i["text"], i["confidence"], i["orphan"]) for i in items] == [
        ("Glossary/Packet", "Glossary/Router", "packet", "high", False),
        ("Glossary/Latency", "Glossary/Router", "latency", "low", True)]
    assert result.report["summary"]["unlinked_mentions"] == 2
    markdown = (tmp_path / "out" / "report.md").read_text()
    section = markdown.split("## Unlinked mentions (2)")[1]
    assert section.index("Glossary/Latency") < section.index("Glossary/Packet")  # orphans first
    # check looks for them when asked, and they never fail it by default.
    checked = gloss_graph.check([str(tmp_path)], mentions=True)
    kinds = [f.kind for f in checked.findings if f.kind == "unlinked-mention"]
    assert len(kinds) == 2 and checked.failing == [] and checked.exit_status == 0
    assert "unlinked_mentions" not in gloss_graph.check([str(tmp_path)]).report


# --- MDN 2026 ----------------------------------------------------------------------


@pytest.fixture(scope="module")
def mdn_2026_mentions(mdn_2026):
    return find_mentions(mdn_2026)


def test_mdn_2026_orphans_named_in_other_entries(mdn_2026, mdn_2026_mentions):
    sources: dict[str, set[str]] = {}
    for m in mdn_2026_mentions:
        if m.locale == "en-US":
            sources.setdefault(mdn_2026.concepts[m.target].slug, set()).add(mdn_2026.concepts[m.source].slug)
    # The examples the issue gave, each an orphan of MDN 2026.
    assert len(sources["Glossary/Bandwidth"]) == 8
    assert sources["Glossary/Abstraction"] == {"Glossary/High-level_programming_language", "Glossary/Inheritance",
                                              "Glossary/State_machine"}
    assert "Glossary/Recursion" in sources["Glossary/Call_stack"]
    assert "Glossary/HTTP_header" in sources["Glossary/CRLF"]


def test_mdn_2026_mentions_are_where_they_say(mdn_2026_mentions):
    """Every mention's words are in its file at its line and column."""
    texts: dict[str, list[str]] = {}
    for m in mdn_2026_mentions:
        path = str(Path(m.root) / m.file)
        if path not in texts:
            texts[path] = Path(path).read_text(encoding="utf-8-sig").replace("\r\n", "\n").split("\n")
        assert texts[path][m.line - 1][m.column - 1:m.column - 1 + len(m.text)] == m.text, (m.file, m.line)


def _labelled() -> list[dict]:
    return [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]


def _now(mdn_2026, mdn_2026_mentions) -> dict:
    return {(m.file, m.line, m.column, mdn_2026.concepts[m.target].slug): m.confidence
            for m in mdn_2026_mentions if m.locale == "en-US"}


# The one labelled-wrong mention of the held-out sample still found with
# high confidence (docs/fixing.md): RAIL's "originated by the Google Chrome
# team". No rule we could state tells it from the right ones; it is pinned
# here so that the list can only shrink.
KNOWN_WRONG_HIGH = {("en-us/glossary/rail/index.md", "Glossary/Google_Chrome")}


def test_labelled_wrong_mentions_do_not_come_back_as_high(mdn_2026, mdn_2026_mentions):
    now = _now(mdn_2026, mdn_2026_mentions)
    wrong_high = {(item["file"], item["target"]) for item in _labelled() if item["sample"] == "held-out"
                  and item["label"] == "wrong" and now.get(
                      (item["file"], item["line"], item["column"], item["target"])) == HIGH}
    assert wrong_high <= KNOWN_WRONG_HIGH


def test_labelled_sample_precision_of_high_confidence(mdn_2026, mdn_2026_mentions):
    now = _now(mdn_2026, mdn_2026_mentions)
    for samples in ({"held-out"}, {"held-out", "tuning-1", "tuning-2"}):
        high = [item for item in _labelled() if item["sample"] in samples
                and now.get((item["file"], item["line"], item["column"], item["target"])) == HIGH]
        right = sum(item["label"] == "right" for item in high)
        assert len(high) >= 50 and right / len(high) >= 0.9, (samples, right, len(high))


# --- site pages (on request) ---------------------------------------------------------


def page(root: Path, slug: str, body: str) -> Path:
    path = root / "files" / "en-us" / slug.lower() / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {slug.rsplit('/', 1)[-1]}\nslug: {slug}\n---\n\n{body}\n", encoding="utf-8")
    return path


def test_site_pages_on_request_orphans_and_sure_ones_only(tmp_path):
    linked_by_two(tmp_path)  # Packet: linked by entries
    write(tmp_path, "Latency", "Delay.")  # an orphan
    page(tmp_path, "Web/API/Fetch", "Fetching has latency and moves a packet.")
    page(tmp_path, "Web/API/XHR", 'Moves a {{Glossary("Packet", "packet")}}.')
    page(tmp_path, "Web/API/WebSocket", "Streams a packet.")
    plain = gloss_graph.build([str(tmp_path)], tmp_path / "a")
    assert plain.report["unlinked_mentions"] == []  # pages are not searched by default
    result = gloss_graph.build([str(tmp_path)], tmp_path / "b", page_mentions=True)
    found = {(i["source"], i["target"], i["confidence"]) for i in result.report["unlinked_mentions"]}
    # Latency, an orphan, is named on a page: kept though low. Packet is linked
    # by one page of three that name it: rarely linked on pages, so dropped.
    assert found == {("Web/API/Fetch", "Glossary/Latency", "low")}
    fixed = gloss_graph.fix([str(tmp_path)], min_confidence="low", page_mentions=True, write=True)
    assert [Path(p).parent.name for p in fixed.written] == ["fetch"]


def test_content_sample_as_its_readme_describes(content_corpus):
    """content/README.md section 9: the orphan Bandwidth named in Latency,
    and the three high-confidence mentions."""
    found = find_mentions(content_corpus)
    slug = lambda key: content_corpus.concepts[key].slug  # noqa: E731
    high = {(slug(m.source), slug(m.target), m.text, m.line, m.column) for m in found if m.confidence == HIGH}
    assert high == {("Glossary/ARIA", "Glossary/Property", "properties", 8, 161),
                    ("Glossary/DOM", "Glossary/Browser", "browser", 9, 62),
                    ("Glossary/TLS", "Glossary/DNS", "DNS", 8, 260)}
    bandwidth = [m for m in found if slug(m.target) == "Glossary/Bandwidth"]
    assert [(slug(m.source), m.line, m.column, m.confidence) for m in bandwidth] == [
        ("Glossary/Latency", 10, 460, LOW)]
    assert len(found) == 26


def test_a_long_line_naming_many_terms_is_not_quadratic(tmp_path):
    """One 600 KB line naming 200 terms that other entries link, each after a
    3,000-letter word: looking around each mention once scanned the whole
    line before it, and the word before it letter by letter (over a minute).
    A hang guard, not a speed target: the bound is a hundred times the time."""
    import subprocess
    import sys

    terms = [f"Term{i:04d}" for i in range(200)]
    for term in terms:
        write(tmp_path, term, "Text.")
    for linker in ("Linker1", "Linker2"):
        write(tmp_path, linker, " ".join(f'{{{{Glossary("{t}", "{t}")}}}}' for t in terms))
    write(tmp_path, "Victim", " ".join("x" * 3000 + " " + t for t in terms))
    script = ("import sys, gloss_graph; from gloss_graph.mentions import find_mentions; "
              "print(len(find_mentions(gloss_graph.load([sys.argv[1]], workers=1))))")
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], capture_output=True, text=True,
                          timeout=30, check=True)
    assert done.stdout.strip() == "200"
