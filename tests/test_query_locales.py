"""`untranslated` and the loaded locales on small Turtle files written by
hand, with en-US written as the export writes it today ("en-us") and as it
will ("en"): the answers must not change."""
from __future__ import annotations

import pytest

from gloss_graph import query
from gloss_graph.errors import UsageError

TEMPLATE = """\
@prefix gg: <https://w3id.org/gloss-graph/vocab#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<https://example.org/scheme> a skos:ConceptScheme ; skos:prefLabel "Glossaire"@fr , "Glossary"@{en} , "Glossar"@de .
<https://example.org/A> a skos:Concept ; gg:slug "Glossary/A" ; skos:prefLabel "A"@{en} , "A fr"@fr , "A zh"@zh-cn .
<https://example.org/B> a skos:Concept ; gg:slug "Glossary/B" ; skos:prefLabel "B"@{en} , "B tw"@zh-tw .
<https://example.org/C> a skos:Concept ; gg:slug "Glossary/C" ; skos:prefLabel "C"@{en} .
<https://example.org/D> a skos:Concept ; gg:slug "Glossary/D" ; skos:prefLabel "D fr"@fr .
"""
SPELLINGS = ["en-us", "en-US", "en"]


@pytest.fixture(scope="module", params=SPELLINGS)
def spelled(request, tmp_path_factory):
    """(how en-US is written, a store of the file)."""
    path = tmp_path_factory.mktemp("locales") / "glossary.ttl"
    path.write_text(TEMPLATE.replace("{en}", request.param), encoding="utf-8")
    return request.param, query.load(path)


def slugs(store, locale):
    return [row["slug"] for row in query.rows(query.run_named(store, "untranslated", [locale]))]


@pytest.mark.parametrize("locale, expected", [
    ("fr", ["Glossary/B", "Glossary/C"]),  # D is French only: nothing English to translate
    ("zh-CN", ["Glossary/B", "Glossary/C"]),
    ("zh-cn", ["Glossary/B", "Glossary/C"]),
    ("zh-TW", ["Glossary/A", "Glossary/C"]),
    ("zh", ["Glossary/C"]),  # a language matches each of its regions, as langMatches does
])
def test_untranslated_is_the_same_whichever_way_english_is_written(spelled, locale, expected):
    _, store = spelled
    assert slugs(store, locale) == expected


def test_loaded_locales_come_from_the_concepts_titles(spelled):
    en, store = spelled
    # The scheme's German title does not make German a loaded locale.
    assert query.loaded_locales(store) == ["en" if en == "en" else "en-US", "fr", "zh-CN", "zh-TW"]


@pytest.mark.parametrize("locale", ["de", "ja", "zh-HK", "fr-CA"])
def test_a_locale_without_titles_is_refused(spelled, locale):
    en, store = spelled
    english = "en" if en == "en" else "en-US"
    with pytest.raises(UsageError) as err:
        query.run_named(store, "untranslated", [locale])
    assert str(err.value) == (f"no concept has a title in {locale}: the locale is not loaded; "
                              f"this file has titles in: {english}, fr, zh-CN, zh-TW")


@pytest.mark.parametrize("locale", ["en", "en-US", "EN-us", "en-GB"])
def test_the_source_language_is_not_a_translation(spelled, locale):
    _, store = spelled
    with pytest.raises(UsageError, match=f"^{locale} is the language the glossary is translated from"):
        query.run_named(store, "untranslated", [locale])


def test_without_english_nothing_is_left_to_translate(tmp_path):
    path = tmp_path / "french.ttl"
    path.write_text("\n".join(line for line in TEMPLATE.splitlines() if "{en}" not in line), encoding="utf-8")
    store = query.load(path)
    assert query.loaded_locales(store) == ["fr"]
    assert slugs(store, "fr") == []
