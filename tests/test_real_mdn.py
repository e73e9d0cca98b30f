"""The core on real MDN snapshots (../shared/mdn): counts and the cases the
project was asked to get right."""
from __future__ import annotations

from gloss_graph.model import TO_CONCEPT, TO_MISSING
from gloss_graph.resolve import where

from conftest import need_shared


def index_md_count(locale_folder) -> int:
    """Entries on disk: index.md files under glossary/, minus the index page."""
    return sum(1 for _ in (locale_folder / "glossary").rglob("index.md")) - 1


def entries_by_locale(corpus) -> dict[str, int]:
    counts: dict[str, int] = {}
    for concept in corpus.concepts.values():
        for loc in concept.entries:
            counts[loc] = counts.get(loc, 0) + 1
    return counts


def test_2022_every_entry_is_read(mdn_2022):
    files = need_shared("2022", "files")
    expected = {"en-US": index_md_count(files / "en-us"), "fr": index_md_count(files / "fr")}
    assert entries_by_locale(mdn_2022) == expected
    assert mdn_2022.files_skipped == 0


def test_2026_every_entry_is_read(mdn_2026):
    files = need_shared("2026", "files")
    expected = {"en-US": index_md_count(files / "en-us"), "de": index_md_count(files / "de")}
    assert entries_by_locale(mdn_2026) == expected


def test_2022_every_french_entry_joins_an_english_concept(mdn_2022):
    french = [c for c in mdn_2022.concepts.values() if "fr" in c.entries]
    assert len(french) == index_md_count(need_shared("2022", "files", "fr"))
    lonely = [c.key for c in french if "en-US" not in c.entries]
    assert lonely == []


def test_french_bezier_curve_joins_despite_stale_translation_of(mdn_2022):
    concept = mdn_2022.concepts["glossary/bezier_curve"]
    assert concept.entries["fr"].translation_of == "Glossary/Bézier_curve"  # stale legacy key
    assert set(concept.entries) == {"en-US", "fr"}


def _links_from(corpus, source_key, locale="en-US"):
    return [l for l in corpus.links if l.source_key == source_key and l.locale == locale]


def test_mixin_references_interface_which_is_broken(mdn_2026):
    broken = [l for l in _links_from(mdn_2026, "glossary/mixin") if l.target_kind == TO_MISSING]
    assert [l.looked_for for l in broken] == ["Glossary/interface"]
    link = broken[0]
    line = (need_shared("2026", "files", "en-us", "glossary", "mixin", "index.md")
            .read_text(encoding="utf-8").split("\n")[link.line - 1])
    assert line[link.column - 1 :].startswith('{{Glossary("interface")}}')


def test_round_trip_time_link_with_parentheses_resolves(mdn_2022):
    links = [l for l in _links_from(mdn_2022, "glossary/effective_connection_type")
             if "round_trip" in l.looked_for.lower()]
    assert links and all(l.target_kind == TO_CONCEPT for l in links)
    assert {l.target for l in links} == {"glossary/round_trip_time_(rtt)"}


def test_empty_element_resolves_through_redirects(mdn_2026):
    kind, key, _, _ = where(mdn_2026, "en-US", "Glossary/Empty_element")
    assert (kind, key) == (TO_CONCEPT, "glossary/void_element")
    kind, key, _, fallback = where(mdn_2026, "de", "Glossary/Empty_element")
    assert (kind, key, fallback) == (TO_CONCEPT, "glossary/void_element", False)


def test_link_to_an_image_attachment_is_no_reference(mdn_2022):
    text = need_shared("2022", "files", "en-us", "glossary", "color_wheel", "index.md").read_text(encoding="utf-8")
    assert "color_wheel_macos.png)" in text  # the case is still in the data
    assert not [l for l in mdn_2022.links if "color_wheel_macos" in l.looked_for.lower()]


def test_untranslated_target_falls_back_to_english(mdn_2022):
    fallbacks = [l for l in mdn_2022.links if l.fallback]
    assert fallbacks, "French entries of 2022 reference terms that exist only in en-US"
    for link in fallbacks:
        assert link.locale == "fr"
        assert "fr" not in mdn_2022.concepts[link.target].entries
        assert "en-US" in mdn_2022.concepts[link.target].entries


def test_orphaned_translations_have_no_english_source(mdn_2026):
    orphaned = [c for c in mdn_2026.concepts.values() if c.orphaned_translation]
    assert orphaned
    for concept in orphaned:
        assert set(concept.entries) == {"de"}
        english = need_shared("2026", "files", "en-us")
        assert not (english / concept.key / "index.md").exists()


def test_a_fragment_in_a_glossary_macro_points_at_the_entry(mdn_2026):
    """{{Glossary("Color_space#display-p3")}}-style macros link into a page
    that exists; they are not broken references."""
    import re

    root = need_shared("2026", "files", "en-us", "glossary")
    cases = []
    for path in sorted(root.rglob("index.md")):
        for term in re.findall(r'\{\{\s*[Gg]lossary\(\s*"([^"#]+)#[^"]*"', path.read_text(encoding="utf-8")):
            cases.append((path.relative_to(root.parent.parent).as_posix(), "glossary/" + term.strip().replace(" ", "_").lower()))
    assert cases, "the data still holds glossary macros with a fragment"
    for file, key in cases:
        if key in mdn_2026.concepts:
            assert any(l.file == file and l.target == key and l.target_kind == TO_CONCEPT for l in mdn_2026.links)
    assert all("#" not in l.looked_for for l in mdn_2026.links if l.target_kind == TO_MISSING)
