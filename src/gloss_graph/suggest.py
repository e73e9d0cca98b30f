"""Did you mean: the entry a broken glossary reference was meant for.

A broken reference names a glossary slug with no entry anywhere. What the
writer meant is looked for in everything the glossary knows, in this order,
and the first step that finds exactly one concept answers:

1. ``cleaned slug``: the slug without its ``#fragment`` or query, doubled
   or trailing slashes (``Glossary//Baseline/Typography``);
2. ``redirect``: that cleaned slug through the redirects of the reference's
   locale and en-US;
3. ``title``, ``short title``, ``title without qualifier``: a concept whose
   title or short title, in any locale, is the term
   (``{{Glossary("Navigateur")}}`` -> Browser, by its French title), or
   whose title is, once a parenthesised qualifier is taken off;
4. ``prefix``: a concept whose slug or title starts with the term at a word
   boundary (``IP`` -> ``IP_Address``, "IP address");
5. ``spelling``: a slug or title at a small edit distance (Damerau-Levenshtein:
   none for terms of up to three letters, one edit up to six, two beyond),
   with a margin: no other concept as close or one edit further.

A step that finds two concepts or more offers none of them, and so does the
whole search when no step finds one: no suggestion beats a wrong one. A
suggestion is ``certain`` (``gloss-graph fix --broken`` applies it) only for a
redirect or an exact title.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from .model import Corpus

EN = "en-US"
CLEANED, REDIRECT, TITLE, SHORT_TITLE, BARE_TITLE, PREFIX, SPELLING = (
    "cleaned slug", "redirect", "title", "short title", "title without qualifier", "prefix", "spelling")
_NAME_ORDER = (TITLE, SHORT_TITLE, BARE_TITLE, PREFIX)
CERTAIN = frozenset({REDIRECT, TITLE})
PREFIX_PART = "glossary/"
_SEPARATORS = re.compile(r"[\s_]+")
_SLASHES = re.compile(r"/{2,}")
_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")
_BOUNDARY = frozenset(" -(/.,:")
_MAX_HOPS = 20


@dataclass(frozen=True)
class Suggestion:
    """An existing concept for a broken reference, and why."""

    key: str  # concept key
    slug: str  # display slug: "Glossary/IP_Address"
    reason: str  # CLEANED, REDIRECT, TITLE, SHORT_TITLE, BARE_TITLE, PREFIX or SPELLING
    certain: bool  # safe to apply without a person looking


class Suggester:
    """``suggester(looked_for, locale)`` -> a Suggestion or None, for every
    broken reference of one corpus (answers are remembered: a glossary has
    few distinct broken targets, each referenced many times)."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.slugs = {key: c.slug for key, c in corpus.concepts.items()}
        self.names = _names(corpus)  # normalised title or slug term -> {(key, reason)}
        self._answers: dict[tuple[str, str], Suggestion | None] = {}
        self._terms: list[str] | None = None

    def __call__(self, looked_for: str, locale: str = EN) -> Suggestion | None:
        question = (looked_for.lower(), locale)
        if question not in self._answers:
            self._answers[question] = self._suggest(*question)
        return self._answers[question]

    def _suggest(self, key: str, locale: str) -> Suggestion | None:
        base = _clean(key)
        if base != key and base in self.slugs:
            return self._offer(base, CLEANED)
        redirected = self._redirect(base, locale)
        if redirected:
            return self._offer(redirected, REDIRECT)
        term = normal(base[len(PREFIX_PART):] if base.startswith(PREFIX_PART) else base)
        if not term:
            return None
        for step in (self._by_name, self._by_prefix, self._by_spelling):
            found = step(term)
            if found is not None:
                return found if found else None  # an empty answer: the step was ambiguous, look no further
        return None

    def _offer(self, key: str, reason: str) -> Suggestion:
        return Suggestion(key, self.slugs[key], reason, reason in CERTAIN)

    def _redirect(self, key: str, locale: str) -> str | None:
        tables = [self.corpus.redirects.get(loc, {}) for loc in dict.fromkeys((locale, EN))]
        seen = {key}
        for _ in range(_MAX_HOPS):
            step = next((table[key] for table in tables if key in table), None)
            if step is None or "://" in step:
                return None
            key = _clean(step.lower())
            if key in self.slugs:
                return key
            if key in seen:
                return None
            seen.add(key)
        return None

    def _by_name(self, term: str):
        found = self.names.get(term, set())
        return self._one(found)

    def _by_prefix(self, term: str):
        terms, found = self.terms, set()
        at = bisect_left(terms, term)  # the names that start with the term follow it in sorted order
        while at < len(terms) and terms[at].startswith(term):
            name = terms[at]
            if len(name) > len(term) and name[len(term)] in _BOUNDARY:
                found.update((key, PREFIX) for key, _ in self.names[name])
            at += 1
        return self._one(found)

    def _by_spelling(self, term: str):
        allowed = edits_allowed(term)
        if not allowed:
            return None
        from rapidfuzz.distance import DamerauLevenshtein  # in C; only imported when something is broken
        from rapidfuzz.process import extract

        # Everything within one edit more than allowed, to see the margin.
        close = extract(term, self.terms, scorer=DamerauLevenshtein.distance, score_cutoff=allowed + 1, limit=None)
        if not close:
            return None
        best = min(distance for _, distance, _ in close)
        if best > allowed:
            return None
        near = {key for name, distance, _ in close if distance <= best + 1 for key, _ in self.names[name]}
        if len(near) != 1:
            return set()
        return self._offer(near.pop(), SPELLING)

    @property
    def terms(self) -> list[str]:
        if self._terms is None:
            self._terms = sorted(self.names)
        return self._terms

    def _one(self, found: set[tuple[str, str]]):
        """One concept -> its Suggestion; none -> None (try the next step);
        several -> an empty set (ambiguous: stop)."""
        keys = {key for key, _ in found}
        if not keys:
            return None
        if len(keys) > 1:
            return set()
        key = keys.pop()
        reasons = {reason for _, reason in found}
        return self._offer(key, next(r for r in _NAME_ORDER if r in reasons))


def edits_allowed(term: str) -> int:
    """How many edits a misspelling may be from the word meant: none for a
    short term (``IP`` and ``ISP`` are different words), one up to six
    letters, two beyond."""
    return 0 if len(term) <= 3 else 1 if len(term) <= 6 else 2


def normal(text: str) -> str:
    """A term or title compared as words: lower case, underscores and runs of
    white space as one space."""
    return _SEPARATORS.sub(" ", text).strip().lower()


def _clean(key: str) -> str:
    """A slug without its fragment or query, doubled or trailing slashes."""
    base = key.split("#", 1)[0].split("?", 1)[0]
    return _SLASHES.sub("/", base).rstrip("/")


def _names(corpus: Corpus) -> dict[str, set[tuple[str, str]]]:
    """Every way a concept is named: its slug's term, and its titles and short
    titles in every locale, with and without a parenthesised qualifier."""
    names: dict[str, set[tuple[str, str]]] = {}
    for key, concept in corpus.concepts.items():
        term = key[len(PREFIX_PART):] if key.startswith(PREFIX_PART) else key
        names.setdefault(normal(term), set()).add((key, TITLE))
        for entry in concept.entries.values():
            for text, reason in ((entry.title, TITLE), (entry.short_title or "", SHORT_TITLE)):
                for form, why in ((normal(text), reason), (normal(_QUALIFIER.sub("", text)), BARE_TITLE)):
                    if form:
                        names.setdefault(form, set()).add((key, why))
    return names
