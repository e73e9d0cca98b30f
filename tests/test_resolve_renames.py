"""Renamed terms in resolution: a term with a stray slash, a translation filed
under a slug of its own that its locale's _redirects.txt ties to the English
one, and the old slugs that redirects (and such translations) leave behind."""
from __future__ import annotations

from pathlib import Path

import pytest

import gloss_graph
from gloss_graph.model import TO_CONCEPT, TO_EXTERNAL, TO_PAGE
from gloss_graph.resolve import replaced_terms, term_slug


@pytest.mark.parametrize("term, slug", [
    ("/Baseline/Typography", "Glossary/Baseline/Typography"),
    ("Baseline//Typography/", "Glossary/Baseline/Typography"),
    ("IP address", "Glossary/IP_address"),
    ("Term#part", "Glossary/Term"),
])
def test_a_term_never_makes_an_empty_segment(term, slug):
    assert term_slug(term) == slug


def entry(root: Path, locale: str, folder: str, slug: str, title: str, text: str = "Some text.") -> None:
    path = root / "files" / locale / "glossary" / folder / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title}\nslug: {slug}\n---\n\n{text}\n", encoding="utf-8")


def redirects(root: Path, locale: str, *lines: tuple[str, str]) -> None:
    path = root / "files" / locale / "_redirects.txt"
    path.write_text("".join(f"{a}\t{b}\n" for a, b in lines), encoding="utf-8")


@pytest.fixture
def renamed(tmp_path):
    """en-US Stylesheet; German at Style_sheet, its redirects sending the
    English slug there (as MDN's German does); an en-US rename, a term moved
    out of the glossary, one sent off MDN, and a redirect to nothing."""
    entry(tmp_path, "en-us", "stylesheet", "Glossary/Stylesheet", "Stylesheet",
          'A link to {{Glossary("/Round_Trip_Time/")}} and {{Glossary("RTT")}}.')
    entry(tmp_path, "en-us", "round_trip_time", "Glossary/Round_Trip_Time", "Round Trip Time")
    entry(tmp_path, "de", "style_sheet", "Glossary/Style_sheet", "Stylesheet")
    redirects(tmp_path, "de", ("/de/docs/Glossary/Stylesheet", "/de/docs/Glossary/Style_sheet"))
    redirects(tmp_path, "en-us",
              ("/en-US/docs/Glossary/RTT", "/en-US/docs/Glossary/Round_Trip_Time_(RTT)"),
              ("/en-US/docs/Glossary/Round_Trip_Time_(RTT)", "/en-US/docs/Glossary/Round_Trip_Time"),
              ("/en-US/docs/Glossary/Clickjacking", "/en-US/docs/Web/Security/Attacks/Clickjacking"),
              ("/en-US/docs/Glossary/Elsewhere", "https://example.org/elsewhere"),
              ("/en-US/docs/Glossary/Gone", "/en-US/docs/Glossary/Nothing_here"))
    return gloss_graph.load([str(tmp_path / "files")])


def test_a_translation_joins_through_its_own_redirects(renamed):
    assert set(renamed.concepts) == {"glossary/stylesheet", "glossary/round_trip_time"}
    stylesheet = renamed.concepts["glossary/stylesheet"]
    assert set(stylesheet.entries) == {"en-US", "de"} and not stylesheet.orphaned_translation


def test_a_stray_slash_in_a_term_still_finds_it(renamed):
    targets = {(l.target_kind, l.target) for l in renamed.links if l.source_key == "glossary/stylesheet"}
    assert targets == {(TO_CONCEPT, "glossary/round_trip_time")}


def test_replaced_terms_name_what_replaced_each_old_slug(renamed):
    assert replaced_terms(renamed.concepts, renamed.redirects) == {
        "glossary/clickjacking": (TO_PAGE, "en-US", "Web/Security/Attacks/Clickjacking"),
        "glossary/elsewhere": (TO_EXTERNAL, "https://example.org/elsewhere", ""),
        "glossary/round_trip_time_(rtt)": (TO_CONCEPT, "glossary/round_trip_time", ""),
        "glossary/rtt": (TO_CONCEPT, "glossary/round_trip_time", ""),
        "glossary/style_sheet": (TO_CONCEPT, "glossary/stylesheet", ""),  # the German slug of its own
    }
