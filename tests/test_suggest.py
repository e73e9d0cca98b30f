"""Did you mean (suggest.py): one small tree per step of the search, the
margins that make it offer nothing, and its answers on real MDN data."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

import gloss_graph
from gloss_graph.model import TO_MISSING
from gloss_graph.suggest import Suggester, edits_allowed


def entry(root: Path, slug: str, body: str = "Text.", locale: str = "en-us", title: str | None = None,
          extra: str = "") -> None:
    path = root / "files" / locale / "glossary" / slug.lower() / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: {title or slug.replace('_', ' ')}\nslug: Glossary/{slug}\n{extra}---\n\n{body}\n",
                    encoding="utf-8")


def suggested(root: Path, looked_for: str, locale: str = "en-US"):
    found = Suggester(gloss_graph.load([str(root)]))("Glossary/" + looked_for, locale)
    return (found.slug, found.reason, found.certain) if found else None


@pytest.fixture
def tree(tmp_path):
    entry(tmp_path, "IP_Address", title="IP address")
    entry(tmp_path, "ISP")
    entry(tmp_path, "Protocol")
    entry(tmp_path, "Browser")
    entry(tmp_path, "Browser", locale="fr", title="Navigateur")
    entry(tmp_path, "RTT", title="Round Trip Time (RTT)")
    entry(tmp_path, "Call_stack", title="Call stack", extra="short-title: Stack of calls\n")
    entry(tmp_path, "Baseline/Typography", title="Baseline (typography)")
    entry(tmp_path, "Block/CSS", title="Block (CSS)")
    entry(tmp_path, "Block/Layout", title="Block (layout)")
    entry(tmp_path, "Caching")
    entry(tmp_path, "Catching")
    return tmp_path


def test_a_word_boundary_prefix_beats_a_near_spelling(tree):
    # The one "did you mean" that matters on MDN 2026: IP is one letter from ISP.
    assert suggested(tree, "IP") == ("Glossary/IP_Address", "prefix", False)


def test_a_title_in_another_locale(tree):
    assert suggested(tree, "navigateur", "fr") == ("Glossary/Browser", "title", True)
    assert suggested(tree, "Navigateur") == ("Glossary/Browser", "title", True)


def test_a_title_without_its_qualifier_and_a_short_title(tree):
    assert suggested(tree, "Round_trip_time") == ("Glossary/RTT", "title without qualifier", False)
    assert suggested(tree, "stack of calls") == ("Glossary/Call_stack", "short title", False)


def test_a_cleaned_slug(tree):
    assert suggested(tree, "/Baseline/Typography") == ("Glossary/Baseline/Typography", "cleaned slug", False)


def test_a_redirect(tree):
    redirects = tree / "files" / "en-us" / "_redirects.txt"
    redirects.write_text("/en-US/docs/Glossary/Old_protocol\t/en-US/docs/Glossary/Gone\n"
                         "/en-US/docs/Glossary/Gone\t/en-US/docs/Glossary/Protocol\n", encoding="utf-8")
    # A fragment the resolver does not follow redirects for: cleaned, then redirected.
    assert suggested(tree, "Old_protocol/") == ("Glossary/Protocol", "redirect", True)


def test_a_misspelling_one_edit_away(tree):
    assert suggested(tree, "Protocl") == ("Glossary/Protocol", "spelling", False)
    assert suggested(tree, "Borwser") == ("Glossary/Browser", "spelling", False)  # a swap is one edit


def test_no_suggestion_below_the_margin(tree):
    # "Cacthing" is one edit from Catching and two from Caching: too close to call.
    assert suggested(tree, "Cacthing") is None
    # "Block" is the prefix of two concepts' titles: ambiguous, and the search stops there.
    assert suggested(tree, "Block") is None
    # Short terms get no spelling suggestions: SMIL is not SGML, IPS is not ISP.
    assert suggested(tree, "IPS") is None
    # Nothing near.
    assert suggested(tree, "Zebra_crossing") is None


def test_edits_allowed_grow_with_the_term():
    assert [edits_allowed("x" * n) for n in (2, 3, 4, 6, 7, 20)] == [0, 0, 1, 1, 2, 2]


def test_report_and_check_show_the_reason(tree):
    entry(tree, "RTP", body='Over {{Glossary("IP")}} and {{Glossary("Protocl")}}.')
    result = gloss_graph.check([str(tree)])
    items = {b["target"]: (b["suggestion"], b["suggestion_reason"]) for b in result.report["broken_references"]}
    assert items == {"Glossary/IP": ("Glossary/IP_Address", "prefix"),
                     "Glossary/Protocl": ("Glossary/Protocol", "spelling")}
    messages = sorted(f.message for f in result.findings if f.kind == "broken-references")
    assert messages[0].endswith("did you mean Glossary/IP_Address (prefix)?")


# --- real data ---------------------------------------------------------------


def _suggestions(corpus) -> dict[tuple[str, str], tuple | None]:
    suggest = Suggester(corpus)
    found = {}
    for link in corpus.links:
        if link.target_kind == TO_MISSING:
            s = suggest(link.looked_for, link.locale)
            found[(link.locale, link.looked_for)] = (s.slug, s.reason) if s else None
    return found


def test_mdn_2026_ip_gets_ip_address(mdn_2026):
    found = _suggestions(mdn_2026)
    assert found[("en-US", "Glossary/IP")] == ("Glossary/IP_Address", "prefix")
    # A common word with no entry gets nothing rather than a wrong guess.
    assert found[("en-US", "Glossary/interface")] is None
    assert found[("en-US", "Glossary/binary")] is None


def test_mdn_2022_french_links_to_french_slugs_get_the_english_entry(mdn_2022):
    found = _suggestions(mdn_2022)
    assert found[("fr", "Glossary/navigateur")] == ("Glossary/Browser", "title")
    assert found[("fr", "Glossary/cryptogramme")] == ("Glossary/Ciphertext", "title")
    # The old difflib search offered DOS_attack for "attack": nothing is better.
    assert found[("en-US", "Glossary/attack")] is None


def test_mdn_2026_misspelt_slugs_come_back_right(mdn_2026):
    """Every en-US slug of five letters or more with one letter dropped,
    swapped or changed: when a suggestion is made, it is the slug meant."""
    rng = random.Random(2026)
    suggest = Suggester(mdn_2026)
    right = wrong = 0
    for key, concept in sorted(mdn_2026.concepts.items()):
        term = concept.slug.split("/", 1)[1]
        if "en-US" not in concept.entries or len(term) < 5:
            continue
        i = rng.randrange(1, len(term) - 1)
        for typo in (term[:i] + term[i + 1:], term[:i - 1] + term[i] + term[i - 1] + term[i + 1:]):
            if typo.lower() == term.lower() or "glossary/" + typo.lower() in mdn_2026.concepts:
                continue
            found = suggest("Glossary/" + typo, "en-US")
            if found:
                right += found.key == key
                wrong += found.key != key
    assert right > 600
    assert wrong / (right + wrong) < 0.01


def test_a_flood_of_broken_references_is_suggested_for_only_as_far_as_it_is_listed(tmp_path, monkeypatch):
    from gloss_graph import flood, suggest

    entry(tmp_path, "Protocol")
    entry(tmp_path, "Flood", "\n".join(f'{{{{Glossary("Protocl{i}")}}}}' for i in range(flood.LISTED + 50)))
    asked = []
    real = suggest.Suggester._suggest
    monkeypatch.setattr(suggest.Suggester, "_suggest", lambda self, *a: asked.append(a) or real(self, *a))
    result = gloss_graph.check([str(tmp_path)])
    listed = result.report["broken_references"]
    assert len(listed) == flood.LISTED and result.report["summary"]["broken_references"] == flood.LISTED + 50
    assert len(asked) == flood.LISTED
    assert all(item["suggestion_reason"] is None or item["suggestion"] for item in listed)
