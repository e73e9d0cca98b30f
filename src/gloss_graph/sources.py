"""Find the markdown files and redirect tables under each SOURCE.

A SOURCE may be a checkout root holding ``files/``, a ``files/`` folder of
locale folders, one locale folder (``files/fr``) or one glossary folder
(``files/fr/glossary``). Every ``index.md`` below a locale folder is found:
under ``glossary/`` it is an entry (or, at the top, the glossary's own index
page), elsewhere a site page.

The locale of a SOURCE comes from its folder names. Where they cannot tell
(a bare folder of ``<slug>/index.md``), ``--locale`` names it; a SOURCE
written ``PATH=LOCALE`` names its own and wins over its folder name. Every
locale, wherever it comes from, is checked by ``langtags`` (the rule the
Turtle writer applies); a locale folder with another name is skipped with a
warning.

Nothing outside a SOURCE is read. The walk does not follow folder links (so
a link loop cannot hang it and no file is found twice); a file link, or a
link to a locale folder, is followed only when its real path lies inside the
SOURCE's own real path. Any other link is skipped with a warning that names
the link, never what it points to.

A file or folder name that is not UTF-8 (Python gives its bytes as lone
surrogates) is opened by its real name but shown everywhere else, in the
outputs and in messages, with U+FFFD for each such byte, as undecodable
bytes in a file are: no output can hold a lone surrogate.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import langtags
from .errors import UsageError
from .model import ENTRY, PAGE, SCHEME, Problem, SourceFile
from .terminal import safe

GLOSSARY_DIR = "glossary"
REDIRECTS_FILE = "_redirects.txt"
INDEX = "index.md"


@dataclass
class LocaleTree:
    """One locale's part of a SOURCE: where to walk, and the slug of that place."""

    locale: str
    folder: str  # the locale folder, where _redirects.txt lives
    walk_root: str  # the folder walked for index.md files
    slug_prefix: str  # slug of walk_root: "" for a locale folder, "glossary" otherwise


@dataclass
class Source:
    """A SOURCE as the user gave it, and what was found under it."""

    given: str  # as typed, without a "=LOCALE" suffix
    root: str  # what file paths are made relative to
    real_root: str  # its real path: nothing outside it is read
    trees: list[LocaleTree] = field(default_factory=list)
    files: list[SourceFile] = field(default_factory=list)
    redirect_files: dict[str, str] = field(default_factory=dict)  # locale -> path
    problems: list[Problem] = field(default_factory=list)
    locale_from_option: bool = False  # --locale named this SOURCE's locale


def bcp47(folder_name: str) -> str:
    """MDN's lower-case locale folder name written as BCP 47: en-us -> en-US,
    zh-cn -> zh-CN, pt-br -> pt-BR, sr-latn -> sr-Latn."""
    return langtags.canonical(folder_name)


def split_source(text: str) -> tuple[str, str | None]:
    """``files/x=fr`` -> ("files/x", "fr"). Only a suffix that is a language
    tag counts, and only when the whole text is not itself an existing path."""
    path, sep, tag = text.rpartition("=")
    if sep and path and langtags.is_well_formed(tag) and not os.path.exists(text):
        return path, tag
    return text, None


def check_locale(tag: str, what: str) -> str:
    """A locale given by the user, in canonical case, or a UsageError."""
    try:
        return langtags.check(tag)
    except langtags.BadLanguageTag as err:
        raise UsageError(f"{what}: {err}") from None


def discover(given: str, locale: str | None = None) -> Source:
    """Find every locale tree and markdown file under one SOURCE.

    ``given`` may end in ``=LOCALE``; ``locale`` (``--locale``) is used only
    where the folder names cannot tell the locale."""
    path, own = split_source(given)
    if own is not None:
        own = check_locale(own, f"{safe(given)}: locale")
    if locale is not None:
        locale = check_locale(locale, "--locale")
    if not os.path.exists(path):
        raise UsageError(f"{safe(path)}: no such file or folder")
    if not os.path.isdir(path):
        raise UsageError(f"{safe(path)}: not a folder (give a checkout, files/, a locale or a glossary folder)")
    source = Source(given=as_text(path), root=path, real_root=os.path.realpath(path))
    source.trees = _locale_trees(source, own, locale)
    if not source.trees:
        raise UsageError(
            f"{safe(path)}: no glossary found (expected files/<locale>/glossary/<slug>/index.md "
            "below it, or name the locale of a bare glossary folder with --locale or PATH=LOCALE)"
        )
    for tree in source.trees:
        if not _inside(source.real_root, tree.walk_root):
            source.problems.append(Problem("warning", _relative(source, tree.walk_root), None,
                                           "is a link to a folder outside the SOURCE; skipped", source.given))
            continue
        # A glossary folder given alone has its _redirects.txt one level up,
        # in its locale folder: that folder is where the file must lie.
        redirects = os.path.join(tree.folder, REDIRECTS_FILE)
        if os.path.isfile(redirects) and _inside(os.path.realpath(tree.folder), redirects):
            source.redirect_files[tree.locale] = redirects
        source.files.extend(_files_of(tree, source))
    if not any(f.kind == ENTRY for f in source.files):
        raise UsageError(f"{safe(path)}: holds no glossary entries (no glossary/<slug>/index.md)")
    return source


def _locale_trees(source: Source, own: str | None, option: str | None) -> list[LocaleTree]:
    path = source.root
    if os.path.isdir(os.path.join(path, "files")):
        path = os.path.join(path, "files")
    name = os.path.basename(os.path.realpath(path))
    if name.lower() == GLOSSARY_DIR:
        locale = _named_locale(source, os.path.basename(os.path.dirname(os.path.realpath(path))), own, option)
        return [LocaleTree(locale, os.path.dirname(path), path, GLOSSARY_DIR)]
    if os.path.isdir(os.path.join(path, GLOSSARY_DIR)):
        return [LocaleTree(_named_locale(source, name, own, option), path, path, "")]
    trees = _locale_folders(source, path)
    if trees:
        if own is not None:
            raise UsageError(f"{safe(source.given)}={own}: this SOURCE holds several locale folders; "
                             "name a locale only for a single locale or glossary folder")
        return trees
    locale = own or option
    if locale is None or not _has_index_md(path):
        return []
    # A bare folder of <slug>/index.md entries, named by --locale or =LOCALE.
    source.locale_from_option = own is None
    return [LocaleTree(locale, path, path, GLOSSARY_DIR)]


def _named_locale(source: Source, folder: str, own: str | None, option: str | None) -> str:
    """The locale of a single locale or glossary folder: =LOCALE, else the
    folder's name, else --locale."""
    if own is not None:
        return own
    if langtags.is_well_formed(folder):
        return bcp47(folder)
    if option is not None:
        source.locale_from_option = True
        return option
    raise UsageError(f"{safe(source.given)}: cannot tell the locale from the folder name {safe(repr(folder))}; "
                     "name it with --locale or as PATH=LOCALE")


def _locale_folders(source: Source, path: str) -> list[LocaleTree]:
    """Each child folder holding glossary/ is a locale; a name that is not a
    language tag, or a link out of the SOURCE, is skipped with a warning."""
    trees = []
    for entry in sorted(os.scandir(path), key=lambda e: e.name):
        if not _is_dir(entry) or not os.path.isdir(os.path.join(entry.path, GLOSSARY_DIR)):
            continue
        rel = _relative(source, entry.path)
        if entry.is_symlink() and not _inside(source.real_root, entry.path):
            source.problems.append(Problem("warning", rel, None, "is a link to a folder outside the SOURCE; skipped",
                                           source.given))
        elif not langtags.is_well_formed(entry.name):
            source.problems.append(Problem("warning", rel, None, "is not named as a locale (a language tag such "
                                           "as en-us, fr or pt-br); skipped", source.given))
        else:
            trees.append(LocaleTree(bcp47(entry.name), entry.path, entry.path, ""))
    return trees


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _inside(real_root: str, path: str) -> bool:
    """Whether ``path``, links resolved, lies in the folder whose real path is ``real_root``."""
    real = os.path.realpath(path)
    return real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep)


def _relative(source: Source, path: str) -> str:
    return as_text(os.path.relpath(path, source.root).replace(os.sep, "/"))


def as_text(name: str) -> str:
    """``name`` with each byte that was not UTF-8 (a lone surrogate from the
    file system) as U+FFFD."""
    if name.isascii():
        return name
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _has_index_md(path: str) -> bool:
    return any(INDEX in names for _, _, names in os.walk(path))


def _files_of(tree: LocaleTree, source: Source) -> list[SourceFile]:
    """Every index.md in the tree, sorted by slug. Plain string paths and
    os.scandir: pathlib objects and os.walk's extra stat calls cost a large
    part of a second on the 14,000 pages of MDN."""
    rel_root = os.path.relpath(tree.walk_root, source.root)
    rel_root = "" if rel_root == "." else rel_root.replace(os.sep, "/") + "/"
    found: list[SourceFile] = []
    stack = [(tree.walk_root, "")]
    while stack:
        folder, below = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # unreadable folder: nothing under it can be found
        for entry in entries:
            if entry.name == INDEX:
                _add_index(found, tree, source, entry, rel_root, below)
            elif not entry.is_symlink() and _is_dir(entry):
                stack.append((entry.path, f"{below}/{entry.name}" if below else entry.name))
    found.sort(key=lambda f: f.folder_slug)
    return found


def _add_index(found: list, tree: LocaleTree, source: Source, entry: os.DirEntry, rel_root: str, below: str) -> None:
    rel = rel_root + (below + "/" if below else "") + INDEX
    link = entry.is_symlink()
    if link and not _inside(source.real_root, entry.path):
        source.problems.append(Problem("warning", rel, None, "is a link to a file outside the SOURCE; skipped",
                                       source.given))
        return
    if not rel.isascii() and as_text(rel) != rel:
        rel = as_text(rel)
        below = as_text(below)
        source.problems.append(Problem("warning", rel, None, "its path is not valid UTF-8; each byte that is not "
                                       "is shown as U+FFFD", source.given))
    slug = "/".join(p for p in (tree.slug_prefix, below) if p).lower()
    # A folder named index.md is found too, so that reading it reports it.
    found.append(SourceFile(path=entry.path, rel=rel, locale=tree.locale, folder_slug=slug, kind=_kind_of(slug),
                            link=link))


def _kind_of(folder_slug: str) -> str:
    if folder_slug == GLOSSARY_DIR:
        return SCHEME
    if folder_slug.startswith(GLOSSARY_DIR + "/"):
        return ENTRY
    return PAGE
