"""Find the markdown files and redirect tables under each SOURCE.

A SOURCE may be a checkout root holding ``files/``, a ``files/`` folder of
locale folders, one locale folder (``files/fr``) or one glossary folder
(``files/fr/glossary``). Every ``index.md`` below a locale folder is found:
under ``glossary/`` it is an entry (or, at the top, the glossary's own index
page), elsewhere a site page.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .model import ENTRY, PAGE, SCHEME, SourceFile

GLOSSARY_DIR = "glossary"
REDIRECTS_FILE = "_redirects.txt"
_LOCALE_NAME = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})*$", re.IGNORECASE)


@dataclass
class LocaleTree:
    """One locale's part of a SOURCE: where to walk, and the slug of that place."""

    locale: str
    folder: Path  # the locale folder, where _redirects.txt lives
    walk_root: Path  # the folder walked for index.md files
    slug_prefix: str  # slug of walk_root: "" for a locale folder, "glossary" otherwise


@dataclass
class Source:
    """A SOURCE as the user gave it, and what was found under it."""

    given: str
    root: Path  # what file paths are made relative to
    trees: list[LocaleTree] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    redirect_files: dict[str, Path] = field(default_factory=dict)  # locale -> path


def bcp47(folder_name: str) -> str:
    """MDN's lower-case locale folder name written as BCP 47: en-us -> en-US,
    zh-cn -> zh-CN, pt-br -> pt-BR, sr-latn -> sr-Latn."""
    parts = folder_name.split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 2 or part.isdigit():
            out.append(part.upper())
        elif len(part) == 4:
            out.append(part.title())
        else:
            out.append(part.lower())
    return "-".join(out)


def discover(given: str, locale: str | None = None) -> Source:
    """Find every locale tree and markdown file under one SOURCE."""
    path = Path(given)
    if not path.exists():
        raise UsageError(f"{given}: no such file or folder")
    if not path.is_dir():
        raise UsageError(f"{given}: not a folder (give a checkout, files/, a locale or a glossary folder)")
    source = Source(given=given, root=path)
    source.trees = _locale_trees(path, locale)
    if not source.trees:
        raise UsageError(
            f"{given}: no glossary found (expected files/<locale>/glossary/<slug>/index.md "
            "below it, or name a bare glossary folder with --locale)"
        )
    for tree in source.trees:
        redirects = tree.folder / REDIRECTS_FILE
        if redirects.is_file():
            source.redirect_files[tree.locale] = redirects
        source.files.extend(_files_of(tree, path))
    if not any(f.kind == ENTRY for f in source.files):
        raise UsageError(f"{given}: holds no glossary entries (no glossary/<slug>/index.md)")
    return source


def _locale_trees(path: Path, locale: str | None) -> list[LocaleTree]:
    if (path / "files").is_dir():
        path = path / "files"
    if path.name.lower() == GLOSSARY_DIR:
        name = _checked_locale(locale or path.resolve().parent.name, path, locale)
        return [LocaleTree(name, path.parent, path, GLOSSARY_DIR)]
    if (path / GLOSSARY_DIR).is_dir():
        name = _checked_locale(locale or path.resolve().name, path, locale)
        return [LocaleTree(name, path, path, "")]
    trees = [
        LocaleTree(bcp47(child.name), child, child, "")
        for child in sorted(path.iterdir())
        if child.is_dir() and (child / GLOSSARY_DIR).is_dir()
    ]
    if trees or locale is None:
        return trees
    # A bare folder of <slug>/index.md entries, named by --locale.
    return [LocaleTree(bcp47(locale), path, path, GLOSSARY_DIR)] if _has_index_md(path) else []


def _checked_locale(name: str, path: Path, given: str | None) -> str:
    if given is None and not _LOCALE_NAME.match(name):
        raise UsageError(f"{path}: cannot tell the locale from the folder name {name!r}; name it with --locale")
    return bcp47(name)


def _has_index_md(path: Path) -> bool:
    return any("index.md" in names for _, _, names in os.walk(path))


def _files_of(tree: LocaleTree, root: Path) -> list[SourceFile]:
    """Every index.md in the tree, sorted by slug. os.walk does not follow
    symlinked folders, so a symlink loop cannot hang the walk. Plain string
    paths: pathlib objects for 14,000 files cost most of a second."""
    walk_root = str(tree.walk_root)
    rel_root = os.path.relpath(walk_root, root)
    rel_root = "" if rel_root == "." else rel_root.replace(os.sep, "/") + "/"
    found = []
    for dirpath, dirnames, filenames in os.walk(walk_root):
        dirnames.sort()
        if "index.md" in dirnames:
            # A folder named index.md: found, so that reading it reports it.
            dirnames.remove("index.md")
            filenames.append("index.md")
        if "index.md" not in filenames:
            continue
        below = dirpath[len(walk_root) :].strip(os.sep).replace(os.sep, "/")
        slug = "/".join(p for p in (tree.slug_prefix, below) if p).lower()
        found.append(
            SourceFile(
                path=os.path.join(dirpath, "index.md"),
                rel=rel_root + (below + "/" if below else "") + "index.md",
                locale=tree.locale,
                folder_slug=slug,
                kind=_kind_of(slug),
            )
        )
    found.sort(key=lambda f: f.folder_slug)
    return found


def _kind_of(folder_slug: str) -> str:
    if folder_slug == GLOSSARY_DIR:
        return SCHEME
    if folder_slug.startswith(GLOSSARY_DIR + "/"):
        return ENTRY
    return PAGE
