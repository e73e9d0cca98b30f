"""What is read, and as which locale: nothing outside a SOURCE, one rule for
language tags, --locale only where folder names cannot tell, and the genuine
entry kept when an impostor claims its slug."""
from __future__ import annotations

import os

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gloss_graph
from gloss_graph import langtags
from gloss_graph.cli import main
from gloss_graph.errors import UsageError
from gloss_graph.sources import discover, split_source

ENTRY = "---\ntitle: {title}\nslug: Glossary/{slug}\n---\n{body}\n"


def entry(folder, slug, title=None, body="Text."):
    path = folder / slug.lower() / "index.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ENTRY.format(title=title or slug, slug=slug, body=body), encoding="utf-8")
    return path


@pytest.fixture
def tree(tmp_path):
    glossary = tmp_path / "src/files/en-us/glossary"
    entry(glossary, "Alpha", body='See {{Glossary("Beta")}}.')
    entry(glossary, "Beta")
    secret = tmp_path / "outside/secret.md"
    secret.parent.mkdir(parents=True)
    secret.write_text(ENTRY.format(title="SECRET-TITLE", slug="Leak", body="SECRET-BODY"), encoding="utf-8")
    return tmp_path


def built_text(tmp_path, src, out="out") -> str:
    result = gloss_graph.build([str(src)], tmp_path / out, workers=1)
    text = "".join((tmp_path / out / name).read_text(encoding="utf-8") for name in ("glossary.ttl", "graph.html",
                                                                                     "report.json"))
    return result, text


# --- links out of the tree ------------------------------------------------------------


def test_a_file_link_out_of_the_source_is_skipped_and_named(tree):
    leak = tree / "src/files/en-us/glossary/leak"
    leak.mkdir()
    (leak / "index.md").symlink_to(tree / "outside/secret.md")
    result, text = built_text(tree, tree / "src")
    assert "SECRET" not in text
    warnings = [p for p in result.problems if "leak/index.md" in p.file]
    assert len(warnings) == 1 and "outside the SOURCE" in warnings[0].reason
    assert "secret.md" not in warnings[0].reason  # the link is named, not its target


def test_a_locale_folder_link_out_of_the_source_is_skipped(tree):
    other = tree / "outside/files/xx/glossary"
    entry(other, "Leak", title="SECRET-TITLE")
    (tree / "src/files/xx").symlink_to(tree / "outside/files/xx")
    result, text = built_text(tree, tree / "src")
    assert "SECRET" not in text
    assert any(p.file == "files/xx" and "outside the SOURCE" in p.reason for p in result.problems)


def test_a_link_chain_that_leaves_and_comes_back_is_followed(tree):
    """Its real path is inside the SOURCE: nothing from outside can be read through it."""
    hop = tree / "outside/hop.md"
    hop.symlink_to(tree / "src/files/en-us/glossary/beta/index.md")
    alias = tree / "src/files/en-us/glossary/gamma"
    alias.mkdir()
    (alias / "index.md").symlink_to(hop)
    result, _ = built_text(tree, tree / "src")
    assert not [p for p in result.problems if "gamma" in p.file and "outside" in p.reason]


def test_a_link_to_proc_is_skipped(tree):
    folder = tree / "src/files/en-us/glossary/environ"
    folder.mkdir()
    (folder / "index.md").symlink_to("/proc/self/environ")
    result, text = built_text(tree, tree / "src")
    assert any("environ/index.md" in p.file and "outside the SOURCE" in p.reason for p in result.problems)
    assert "PATH=" not in text


def test_a_file_swapped_for_a_link_after_listing_is_not_followed(tree, monkeypatch):
    """Between discovery and reading a file becomes a link out: refused."""
    from gloss_graph import reading

    real = reading.read_entry
    target = tree / "src/files/en-us/glossary/beta/index.md"

    def swap_then_read(sf, source, reach=None, texts=True):
        if sf.path.endswith("beta/index.md") and not os.path.islink(target):
            target.unlink()
            target.symlink_to(tree / "outside/secret.md")
        return real(sf, source, reach, texts)

    monkeypatch.setattr(reading, "read_entry", swap_then_read)
    result, text = built_text(tree, tree / "src")
    assert "SECRET" not in text
    assert any("beta/index.md" in p.file and p.severity == "error" for p in result.problems)


# --- one rule for language tags ------------------------------------------------------


def oxigraph_accepts(tag: str) -> bool:
    try:
        pyoxigraph.Literal("x", language=tag)
    except ValueError:
        return False
    return True


@settings(max_examples=3000)
@given(st.from_regex(r"[a-zA-Z0-9_ !-]{0,20}", fullmatch=True))
def test_the_rule_is_the_turtle_writers(tag):
    assert langtags.is_well_formed(tag) == oxigraph_accepts(tag)


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(["en", "zh", "sr", "de", "x", "u", "latn", "hans", "us", "cn", "419", "1901",
                                 "co", "phonebk", "a", "toolongtag", "gregory", "i", "klingon"]),
                min_size=1, max_size=5))
def test_the_rule_agrees_on_tag_shaped_strings(parts):
    tag = "-".join(parts)
    assert langtags.is_well_formed(tag) == oxigraph_accepts(tag)


@pytest.mark.parametrize("folder, tag", [("en-us", "en-US"), ("zh-cn", "zh-CN"), ("sr-latn-rs", "sr-Latn-RS"),
                                         ("de-ch-1901-u-co-phonebk", "de-CH-1901-u-co-phonebk"), ("es-419", "es-419")])
def test_canonical_case(folder, tag):
    assert langtags.canonical(folder) == tag


@pytest.mark.parametrize("name", ["__proto__", "x y", "toolonglang", "gg-site-edit", "en_US"])
def test_a_locale_folder_of_another_name_is_skipped_with_a_warning(tree, name):
    entry(tree / "src/files" / name / "glossary", "Gamma")
    result, text = built_text(tree, tree / "src")
    assert result.summary["entries_by_locale"] == {"en-US": 2}
    assert any(p.file == f"files/{name}" and "not named as a locale" in p.reason for p in result.problems)


@pytest.mark.parametrize("locale", ["en_US!!", "gg-site-edit", "", "x y"])
def test_a_bad_locale_option_is_a_usage_error_before_reading(tree, locale, capsys):
    bare = tree / "bare"
    entry(bare, "Gamma")
    assert main(["build", str(bare), "-o", str(tree / "o"), "--locale", locale, "-q"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gloss-graph build: error: --locale: ") and err.count("\n") == 1
    assert not (tree / "o").exists()


def test_a_source_folder_named_like_no_locale_needs_one(tree):
    copy = tree / "gg-site-edit"
    entry(copy / "glossary", "Gamma")
    with pytest.raises(UsageError, match="cannot tell the locale"):
        discover(str(copy))


# --- --locale where folder names cannot tell, PATH=LOCALE anywhere ------------------


def test_locale_option_names_only_the_bare_folder(tree):
    bare = tree / "bare"
    entry(bare, "Gamma")
    entry(bare, "Alpha", title="Alpha en français")
    corpus = gloss_graph.load([str(bare), str(tree / "src/files/en-us")], locale="fr")
    assert sorted(corpus.concepts["glossary/alpha"].entries) == ["en-US", "fr"]
    assert corpus.notes == [f"--locale fr names the locale of {bare}"]


def test_an_unused_locale_option_says_so(tree):
    corpus = gloss_graph.load([str(tree / "src")], locale="fr")
    assert sorted({loc for c in corpus.concepts.values() for loc in c.entries}) == ["en-US"]
    assert "not used" in corpus.notes[0]


def test_path_equals_locale_names_one_source(tree):
    bare = tree / "bare"
    entry(bare, "Alpha", title="Alpha auf Deutsch")
    corpus = gloss_graph.load([f"{bare}=de", str(tree / "src")])
    assert corpus.concepts["glossary/alpha"].entries["de"].title == "Alpha auf Deutsch"
    assert split_source(f"{bare}=de") == (str(bare), "de")
    assert split_source("a=b=c") == ("a=b=c", None)  # "c" is no language tag
    with pytest.raises(UsageError, match="cannot tell|no such"):
        gloss_graph.load([f"{tree / 'missing'}=de"])


# --- an impostor claiming a slug -----------------------------------------------------------


@pytest.mark.parametrize("impostor", ["aaa-copy", "zzz-copy"])
def test_the_entry_in_its_own_folder_wins_over_a_copy(tmp_path, impostor):
    glossary = tmp_path / "src/files/en-us/glossary"
    entry(glossary, "Good-Alpha", title="The real one")
    copy = glossary / impostor / "index.md"
    copy.parent.mkdir()
    copy.write_text(ENTRY.format(title="The impostor", slug="Good-Alpha", body="Fake."), encoding="utf-8")
    corpus = gloss_graph.load([str(tmp_path / "src")], workers=1)
    assert corpus.concepts["glossary/good-alpha"].entries["en-US"].title == "The real one"
    (error,) = [p for p in corpus.problems if p.severity == "error"]
    assert error.file == f"files/en-us/glossary/{impostor}/index.md"
    assert "good-alpha/index.md" in error.reason and "which is kept" in error.reason
    assert "folder matches the slug" in error.reason


def test_when_neither_folder_matches_the_first_in_folder_order_wins(tmp_path):
    glossary = tmp_path / "src/files/en-us/glossary"
    for folder, title in (("b-copy", "second"), ("a-copy", "first")):
        path = glossary / folder / "index.md"
        path.parent.mkdir(parents=True)
        path.write_text(ENTRY.format(title=title, slug="Nowhere", body="x"), encoding="utf-8")
    entry(glossary, "Other")
    corpus = gloss_graph.load([str(tmp_path / "src")], workers=1)
    assert corpus.concepts["glossary/nowhere"].entries["en-US"].title == "first"
    (error,) = [p for p in corpus.problems if p.severity == "error"]
    assert "b-copy" in error.file and "neither folder matches" in error.reason
