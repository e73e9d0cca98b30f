"""The fast path for MDN's simple front matter gives exactly what the YAML
loader gives, on every real file, and leaves everything else to the loader."""
from __future__ import annotations

import datetime
import os

import pytest
import yaml
from frontmatter.default_handlers import YAMLHandler

from gloss_graph.entries import Unreadable, split_front_matter
from gloss_graph.front_matter import BOUNDARY, parse_simple

from conftest import CONTENT, need_shared

YAML = YAMLHandler()


def front_matters(root):
    for dirpath, _, names in os.walk(root):
        if "index.md" not in names:
            continue
        path = os.path.join(dirpath, "index.md")
        text = open(path, "rb").read().decode("utf-8-sig", "replace").replace("\r\n", "\n").replace("\r", "\n")
        parts = BOUNDARY.split(text, 2) if BOUNDARY.match(text) else []
        if len(parts) == 3:
            yield path, parts[1]


def check_tree(root) -> tuple[int, int]:
    """(files read by the fast path, files left to the loader); fails on any difference."""
    fast = slow = 0
    for path, text in front_matters(root):
        simple = parse_simple(text)
        if simple is None:
            slow += 1
            continue
        fast += 1
        loaded = YAML.load(text)
        assert simple == loaded, path
        assert [type(v) for v in simple.values()] == [type(v) for v in loaded.values()], path
    return fast, slow


@pytest.mark.shared
@pytest.mark.parametrize("tree", ["2022/files", "2026/files"])
def test_equal_to_yaml_on_every_glossary_file(tree):
    fast, slow = check_tree(need_shared(*tree.split("/")))
    assert fast > 1000 and slow < fast / 100  # the fast path is the rule, not the exception


@pytest.mark.shared
def test_equal_to_yaml_on_every_page_of_the_site(site_files):
    fast, slow = check_tree(site_files)
    assert fast + slow == 14073 and slow < 100


def test_equal_to_yaml_on_the_sample_glossary():
    fast, _ = check_tree(CONTENT)
    assert fast > 60


@pytest.mark.parametrize("text", [
    "title: 404\n", "title: yes\n", "title: No\n", "title: 2001-12-14\n", "title: 1.5e+3\n", "title: 0x1A\n",
    "title: ~\n", "title: null\n", "title: =\n", "title: <<\n", "title: 1_000\n", "title: .inf\n",
    "tags:\n  - 12\n", "l10n:\n  sourceCommit: 1234567\n", "yes: x\n",
])
def test_what_yaml_reads_as_no_text_falls_back(text):
    assert parse_simple(text) is None


@pytest.mark.parametrize("text", [
    "title: |\n  block\n", "title: >\n  folded\n", "title: [a, b]\n", "title: {a: b}\n", "title: &a x\n",
    "title: *a\n", "title: !!str x\n", 'title: "a\\"b"\n', "title: 'it''s' x\n", "title: a\n  continued\n",
    "title: a # comment\n", "title: a: b\n", "# comment\ntitle: a\n", "title: a\ttab\n", "title: -\n",
    "  title: indented\n", "tags:\n  - a\n\n  - b\n", "tags:\n  - a\n    - nested\n", "l10n:\n  a:\n",
    "title: x\n---\n", "%YAML 1.1\ntitle: x\n", "title: `x`\n", "title: @x\n", "title: x\u2028y\n", "",
])
def test_anything_else_falls_back(text):
    assert parse_simple(text) is None


@pytest.mark.parametrize("text, expected", [
    ("title: API\nslug: Glossary/API\n", {"title": "API", "slug": "Glossary/API"}),
    ('title: "Glossary: API"\n', {"title": "Glossary: API"}),
    ("title: 'l''API'\n", {"title": "l'API"}),
    ("tags:\n  - A\n  - 'B'\n", {"tags": ["A", "B"]}),
    ("tags:\n- A\n- B\n", {"tags": ["A", "B"]}),
    ("tags:\ntitle: x\n", {"tags": None, "title": "x"}),
    ("l10n:\n  sourceCommit: 5b20f5f4265f988f80f513db0e4b35c7e0cd70dc\n",
     {"l10n": {"sourceCommit": "5b20f5f4265f988f80f513db0e4b35c7e0cd70dc"}}),
    ("title: -moz-box\n", {"title": "-moz-box"}),
    ("title: a\ntitle: b\n", {"title": "b"}),  # as YAML: the last one wins
    ("title: x:y and a#z\n", {"title": "x:y and a#z"}),
])
def test_the_simple_shape_is_read_as_yaml_reads_it(text, expected):
    assert parse_simple(text) == expected == YAML.load(text)


def test_a_fallback_still_reads_dates_and_reports_yaml_errors_with_their_line():
    meta, _, _ = split_front_matter("---\ntitle: x\ndate: 2001-12-14\n---\nbody\n")
    assert meta["date"] == datetime.date(2001, 12, 14)
    with pytest.raises(Unreadable) as err:
        split_front_matter("---\ntitle: x\nslug: [unclosed\n---\nbody\n")
    assert err.value.line == 4 and "not valid YAML" in err.value.reason
    assert isinstance(yaml.safe_load("a: 1"), dict)


def test_the_words_and_first_characters_are_pyyamls():
    """front_matter knows which plain scalars PyYAML resolves without
    importing it: its letter-keyed resolvers are booleans and null only, and
    exactly these words; every other keyed character is in PATTERN_FIRSTS."""
    from yaml.resolver import Resolver

    from gloss_graph.front_matter import BOOL_AND_NULL_WORDS, PATTERN_FIRSTS

    table = Resolver.yaml_implicit_resolvers
    letters = {key for key in table if key and key.isalpha()}
    assert {key for key in table if key} - letters == set(PATTERN_FIRSTS)
    assert {tag.rsplit(":", 1)[-1] for key in letters for tag, _ in table[key]} == {"bool", "null"}
    assert {word[0] for word in BOOL_AND_NULL_WORDS} == letters
    for word in BOOL_AND_NULL_WORDS:
        assert any(pattern.match(word) for _, pattern in table[word[0]]), word
    for letter in letters:  # no other word of those letters is resolved
        for word in (letter, letter + "es", letter + "ull", letter + "alse", letter + "rue", letter + "ff", letter + "x"):
            resolved = any(pattern.match(word) for _, pattern in table[letter])
            assert resolved == (word in BOOL_AND_NULL_WORDS), word


# Scalars made of the characters PyYAML's number, date and symbol patterns
# use, so that near misses are common: "1_0", "0x1G", "2001-1-2 3:04:05",
# "+.inf", "12:61", "0o7", "<<<", ...
_NUMBERISH = "0123456789_.:-+eExXbBoOabcdfinNIFaTtZ <=!&*~\t"


@pytest.mark.parametrize("value", [
    "0", "007", "08", "0b101", "0b2", "0x1F", "0x1G", "1_000", "-1", "+1", "1:30", "1:60", "190:20:30", "1.5",
    "1.", ".5", "1e3", "1.0e+3", "1.0e3", "-.inf", ".NaN", ".nan2", "2001-12-14", "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10 -5", "2001-1-2 3:04:05", "2001-12-14 21:59", "<<", "<", "=", "==", "!", "&", "*",
    "**", "~", "~x", "0a0bd1b8c4f3b6b2d2c0f6f2f3c7a0b1c2d3e4f5", "404", "1st", "3D", "-webkit-box", ".htaccess",
])
def test_resolved_is_pyyamls_table(value):
    """RESOLVED answers, for a scalar starting with one of PATTERN_FIRSTS,
    what PyYAML's own resolvers for that first character answer."""
    from yaml.resolver import Resolver

    from gloss_graph.front_matter import PATTERN_FIRSTS, RESOLVED

    assert value[0] in PATTERN_FIRSTS or value[0].isalnum()
    theirs = any(p.match(value) for _, p in Resolver.yaml_implicit_resolvers.get(value[0], ()))
    if value[0] in PATTERN_FIRSTS:
        assert bool(RESOLVED.match(value)) == theirs, value


def test_resolved_agrees_with_pyyaml_on_random_scalars():
    from hypothesis import given, settings
    from hypothesis import strategies as st
    from yaml.resolver import Resolver

    from gloss_graph.front_matter import PATTERN_FIRSTS, RESOLVED

    table = Resolver.yaml_implicit_resolvers

    @settings(max_examples=3000, deadline=None, derandomize=True)
    @given(st.sampled_from(sorted(PATTERN_FIRSTS)), st.text(_NUMBERISH, max_size=24))
    def agree(first, rest):
        value = first + rest
        theirs = any(p.match(value) for _, p in table.get(first, ()))
        assert bool(RESOLVED.match(value)) == theirs, value

    agree()
