"""Finding files under every SOURCE shape, and reading both front-matter
generations."""
from __future__ import annotations

import textwrap

import pytest

import gloss_graph
from gloss_graph.errors import UsageError
from gloss_graph.sources import bcp47, discover


@pytest.mark.parametrize("folder, tag", [
    ("en-us", "en-US"), ("zh-cn", "zh-CN"), ("pt-br", "pt-BR"), ("fr", "fr"), ("sr-latn", "sr-Latn"), ("es-419", "es-419"),
])
def test_locale_folders_become_bcp47(folder, tag):
    assert bcp47(folder) == tag


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


@pytest.fixture
def checkout(tmp_path):
    """A tiny mdn/content-like checkout: en-US and zh-CN."""
    write(tmp_path / "files/en-us/glossary/index.md", "---\ntitle: Glossary\nslug: Glossary\n---\nTerms.\n")
    write(tmp_path / "files/en-us/glossary/api/index.md", """
        ---
        title: API
        slug: Glossary/API
        page-type: glossary-definition
        sidebar: glossarysidebar
        short-title: API
        status:
          - experimental
        ---
        An **API** is a {{Glossary("Interface", "contract")}}.
        """)
    write(tmp_path / "files/en-us/glossary/interface/index.md", """
        ---
        title: Interface
        slug: Glossary/Interface
        tags:
        ---
        Something [an API](/en-US/docs/Glossary/API) offers.
        """)
    write(tmp_path / "files/zh-cn/glossary/api/index.md", """
        ---
        title: 应用程序接口
        slug: Glossary/API
        tags: 词汇表
        l10n:
          sourceCommit: 0123456789abcdef0123456789abcdef01234567
        ---
        见 {{Glossary("Interface")}}。
        """)
    return tmp_path


@pytest.mark.parametrize("sub, locales", [
    ("", ["en-US", "zh-CN"]),
    ("files", ["en-US", "zh-CN"]),
    ("files/zh-cn", ["zh-CN"]),
    ("files/en-us/glossary", ["en-US"]),
])
def test_every_source_shape_is_found(checkout, sub, locales):
    source = discover(str(checkout / sub) if sub else str(checkout))
    assert sorted(t.locale for t in source.trees) == locales
    assert {f.kind for f in source.files} >= {"entry"}


def test_a_bare_folder_needs_its_locale_named(tmp_path):
    write(tmp_path / "terms/api/index.md", "---\ntitle: API\nslug: Glossary/API\n---\nText.\n")
    with pytest.raises(UsageError, match="no glossary found"):
        discover(str(tmp_path / "terms"))
    source = discover(str(tmp_path / "terms"), locale="pt-br")
    assert [(f.locale, f.folder_slug) for f in source.files] == [("pt-BR", "glossary/api")]


def test_a_source_without_entries_is_a_usage_error(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(UsageError, match="no glossary"):
        gloss_graph.load([str(tmp_path / "empty")])
    with pytest.raises(UsageError, match="no such file"):
        gloss_graph.load([str(tmp_path / "missing")])


def test_several_sources_combine(checkout):
    corpus = gloss_graph.load([str(checkout / "files/en-us"), str(checkout / "files/zh-cn")])
    assert set(corpus.concepts["glossary/api"].entries) == {"en-US", "zh-CN"}


def test_both_front_matter_generations_are_read(checkout):
    corpus = gloss_graph.load([str(checkout)])
    api = corpus.concepts["glossary/api"]
    english, chinese = api.entries["en-US"], api.entries["zh-CN"]
    assert (english.page_type, english.sidebar, english.short_title, english.status) == (
        "glossary-definition", "glossarysidebar", "API", ("experimental",))
    assert chinese.source_commit == "0123456789abcdef0123456789abcdef01234567"
    assert chinese.tags == ("词汇表",)  # one string
    assert corpus.concepts["glossary/interface"].entries["en-US"].tags == ()  # empty
    assert english.summary == "An API is a contract."
    assert corpus.schemes["en-US"].title == "Glossary"
    assert "glossary" not in corpus.concepts  # the index page is the scheme, not a concept


def test_reference_positions_count_front_matter_lines(checkout):
    corpus = gloss_graph.load([str(checkout)])
    link = next(l for l in corpus.links if l.source_key == "glossary/api" and l.locale == "en-US")
    # nine front-matter lines, then the body: the macro stands on line 10
    assert (link.line, link.column, link.target) == (10, 17, "glossary/interface")


def test_a_symlink_loop_does_not_hang_the_walk(checkout):
    (checkout / "files/en-us/glossary/api/loop").symlink_to(checkout / "files/en-us/glossary")
    corpus = gloss_graph.load([str(checkout)])
    assert len(corpus.concepts) == 2
