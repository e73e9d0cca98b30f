"""MDN's per-locale ``_redirects.txt``: ``FROM<TAB>TO`` lines, ``#`` comments.

Keys are lower-case slugs without the locale (``glossary/empty_element``),
because MDN compares slugs case-insensitively. Values are either a slug
(``Web/HTML/...``, display case kept) or, for redirects that leave MDN, the
absolute URL.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

_DOCS_PATH = re.compile(r"^/([^/]+)/docs/(.*)$")


def read_redirects(path: Path, problems: list | None = None) -> dict[str, str]:
    """One locale's redirect table: lower-case FROM slug -> TO slug or URL.
    Lines that cannot be read are skipped; ``problems`` receives a
    ``(line, reason)`` pair for each."""
    table: dict[str, str] = {}
    with open(path, encoding="utf-8", errors="replace") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\r\n").split("\t")
            if len(parts) < 2:
                if problems is not None:
                    problems.append((number, "redirect line has no tab between FROM and TO; ignored"))
                continue
            source = docs_slug(parts[0].strip())
            if source is None:
                if problems is not None:
                    problems.append((number, "redirect FROM is not a /<locale>/docs/ path; ignored"))
                continue
            target = parts[1].strip()
            table[source.lower()] = docs_slug(target) or target
    return table


def docs_slug(path: str) -> str | None:
    """``/fr/docs/Glossary/API#x`` -> ``Glossary/API``; None if not a docs path."""
    match = _DOCS_PATH.match(path)
    if not match:
        return None
    slug = match.group(2).split("#", 1)[0].split("?", 1)[0]
    return unquote(slug).strip("/")


def follow(tables: list[dict[str, str]], key: str, limit: int = 20) -> str | None:
    """Follow a redirect chain from ``key`` through the first table that knows
    each step. Returns the final slug or URL, or None when nothing redirects.
    Cycles and overlong chains stop where they are."""
    seen = {key}
    result = None
    for _ in range(limit):
        step = next((t[key] for t in tables if key in t), None)
        if step is None:
            break
        result = step
        key = step.lower()
        if key in seen:
            break
        seen.add(key)
    return result
