"""The hostile corpus: broken, malicious and odd input, and what should happen.

``tests/hostile/files/`` holds what can be committed: MDN layout, written for
these tests, with a few good entries that reference each other so that a bad
file has something to cost. ``make_hostile_tree(tmp_path)`` copies it into a
temporary folder and adds what cannot or should not be committed: a 10 MB file,
binary bytes, special files, symlink loops, bytes that are not UTF-8, a
byte-order mark and CRLF line endings (editors and git would "fix" those), and
folder names that some file systems refuse.

``CASES`` says, for every file, what gloss-graph must do with it; the table in
``tests/hostile/README.md`` says the same for people, and a test keeps the two
in step.
"""
from __future__ import annotations

import os
import shutil
import stat
from dataclasses import dataclass
from pathlib import Path

STATIC = Path(__file__).resolve().parent / "hostile"

# Side effects the YAML payloads would have if a loader ever ran them.
PWNED_MARKERS = (
    Path("/tmp/gloss-graph-hostile-pwned"),
    Path("/tmp/gloss-graph-hostile-pwned-new"),
)
# The "Zen of Python" that `!!python/module:this` would print on import.
ZEN_LINE = "Beautiful is better than ugly"
# Where the dot-dot slug would land if a path were built from it.
ESCAPE_MARKER = Path("/tmp/gloss-graph-escape")

HUGE_BYTES = 10 * 1024 * 1024
MANY_REFERENCES = 10_000

# Committed under names every file system accepts; renamed in the temporary
# tree so that each folder matches its slug (quotes, <>, | and \ are refused
# by Windows and would break a checkout there).
RENAMES = {
    "slug-quotes": "quote\"and'apostrophe",
    "slug-angle": "<angle>&amp",
    "slug-iri-forbidden": "back\\slash{brace}|pipe^caret`tick",
}

ERROR = ("error",)
WARNING = ("warning",)
EITHER = ("error", "warning")
NONE = ()


@dataclass(frozen=True)
class Case:
    """One file of the hostile tree and the behaviour expected of it.

    ``folder``: below ``files/<locale>/glossary/`` in the built tree ("" for
    the glossary's own index page); ``file`` overrides the whole path below
    the tree for files that are not entries.
    ``severity``: the problem kinds accepted for this file in report.json;
    empty means it must not be reported as an error (warnings are allowed,
    since what a careful reader notices is not all known here).
    ``lines``: lines that must be reported, each with a problem of its own.
    ``lands``: the entry must be in every output, under ``title`` (its
    prefLabel in the Turtle); None means "when it is only a warning".
    """

    folder: str
    why: str
    severity: tuple[str, ...] = NONE
    lines: tuple[int, ...] = ()
    lands: bool | None = False
    title: str | None = None
    locale: str = "en-us"
    made: str = "static"  # or "make_hostile_tree"
    file: str | None = None

    @property
    def path(self) -> str:
        """Path below the tree's root, '/'-separated."""
        if self.file:
            return self.file
        glossary = f"files/{self.locale}/glossary"
        return f"{glossary}/{self.folder}/index.md" if self.folder else f"{glossary}/index.md"


def _good(folder: str, title: str, why: str, **kw) -> Case:
    return Case(folder, why, NONE, (), True, title, **kw)


CASES: tuple[Case, ...] = (
    # -- good entries: something to lose --------------------------------------
    Case("", "the glossary's own index page, a title with & and <>", NONE, (), False),
    _good("alpha", "Alpha", "good entry; references Beta and Gamma"),
    _good("beta", "Beta", "good entry, old front matter; references Alpha and Delta"),
    _good("gamma", "Gamma", "good entry; references Alpha, Beta, and the missing Nowhere (line 10)"),
    _good("delta", "Delta", "good entry, tags as one string; references Gamma"),
    _good("alpha", "Alpha (fr)", "good French translation; Beta falls back to en-US", locale="fr"),
    _good("redirect-user", "Redirect user",
          "references through a redirect, a redirect loop and a redirect to a script URL"),
    _good("loop", "Loop", "good entry beside a symlink to its own folder: read once"),
    # -- front matter ------------------------------------------------------------
    Case("no-front-matter", "no front matter at all", ERROR),
    Case("unterminated-front-matter", "front matter opened on line 1, never closed", ERROR),
    Case("front-matter-list", "front matter is a YAML list, not a mapping", ERROR),
    Case("front-matter-string", "front matter is a plain string, not a mapping", ERROR),
    Case("front-matter-empty", "front matter holds nothing: no title, no slug", EITHER, (), None),
    Case("yaml-tab", "a tab indents line 5; the parser stops there", ERROR, (5,)),
    Case("yaml-bad-indent", "line 3 is indented under a plain string; the parser stops there",
         ERROR, (3,)),
    Case("yaml-unclosed-bracket", "bracket opened on line 3 never closed; the parser stops on line 4",
         ERROR, (4,)),
    Case("yaml-deep-nesting", "tags nested 10,000 deep on line 4: refused or ignored, never a crash",
         EITHER, (), None, "YAML nested too deep"),
    Case("yaml-python-object-apply", "!!python/object/apply:os.system on line 2: never run",
         ERROR, (2,)),
    Case("yaml-python-object-new", "!!python/object/new:subprocess.check_call on line 4: never run",
         ERROR, (4,)),
    Case("yaml-python-name", "!!python/name and !!python/module on lines 2 and 4: never imported",
         ERROR, (2,)),
    Case("yaml-alias-bomb", "billion laughs: tags on line 13 expand to 9^9 strings if walked",
         EITHER, (), None, "YAML alias bomb"),
    # -- title ---------------------------------------------------------------------
    Case("title-missing", "no title", EITHER, (), None),
    Case("title-empty", "empty title", EITHER, (), None),
    Case("title-number", "title is the number 42: recovered as the text \"42\"", WARNING, (), True, "42"),
    Case("title-list", "title is a list", EITHER, (), None),
    Case("title-control-chars", "title holds NUL, BEL, ESC, DEL and U+2028: outputs stay valid",
         NONE, (), True),
    Case("tags-mapping", "tags are a mapping: ignored", WARNING, (), True, "Tags mapping"),
    # -- slug ------------------------------------------------------------------------
    Case("slug-missing", "no slug: recovered from the folder", WARNING, (), True, "Slug missing"),
    Case("slug-not-string", "slug is a list: recovered from the folder or refused", EITHER, (), None,
         "Slug not a string"),
    Case("slug-folder-mismatch", "slug Glossary/Elsewhere in folder slug-folder-mismatch",
         WARNING, (), True, "Slug elsewhere"),
    _good("duplicate", "Duplicate (the one in its own folder)",
          "claims Glossary/Duplicate, and its folder agrees: it keeps the slug"),
    Case("duplicate-copy", "claims glossary/DUPLICATE too (slugs ignore case): skipped, naming the other",
         ERROR),
    Case("slug-newline", "slug holds a line break", EITHER, (), None, "Slug with a line break"),
    Case("dot-dot", "slug climbs out with ../..: nothing written outside the output folder",
         WARNING, (), True, "Slug climbing out"),
    _good("with space", "With space", "slug holds a space"),
    _good("hash#fragment", "Hash", "slug holds #"),
    _good("percent%20encoded", "Percent", "slug holds %20, which is not an escape"),
    _good("a..b", "Dots", "slug holds .."),
    _good("café_ñ_日本語", "Café", "slug holds letters outside ASCII"),
    _good(RENAMES["slug-quotes"], "Quotes", "slug holds \" and '", made="make_hostile_tree (renamed)"),
    _good(RENAMES["slug-angle"], "Angle", "slug holds < > &", made="make_hostile_tree (renamed)"),
    _good(RENAMES["slug-iri-forbidden"], "Forbidden", "slug holds \\ { } | ^ `, which no IRI may hold raw",
          made="make_hostile_tree (renamed)"),
    # -- body ------------------------------------------------------------------------
    Case("unterminated-macro", "{{Glossary(\"Alpha\" never closed on line 6, nor the last one on line 11;"
         " Beta on line 8 still found", WARNING, (6, 11), True, "Unterminated macro"),
    Case("empty-term", "{{glossary(\"\")}} on line 6 and a blank term on line 8: no reference to Glossary/",
         WARNING, (6, 8), True, "Empty term"),
    _good("unclosed-comment", "Unclosed comment",
          "<!-- opened inside a paragraph is text (CommonMark); Alpha after it still found"),
    _good("regex-backtracking", "Regex backtracking",
          "long runs of ( [ {{ < ` that make careless patterns backtrack; Alpha at the end still found"),
    _good("xss-title", "</script><script>window.__xss=1</script>", "title closes a script element"),
    _good("xss-attribute-title", "\"'><img src=x onerror=\"window.__xss=1\">",
          "title closes an attribute value with either quote"),
    _good("xss-tags", "XSS in tags", "tags are markup and a javascript: string"),
    _good("xss-body", "XSS in the body",
          "summary, link texts and URLs carry markup, javascript:, data: and quote payloads"),
    # -- bytes and files, made by make_hostile_tree ------------------------------------
    _good("huge", "Huge", "a 10 MB entry", made="make_hostile_tree"),
    _good("many-references", "Many references", f"{MANY_REFERENCES:,} references in one entry",
          made="make_hostile_tree"),
    _good("bom", "Byte order mark", "UTF-8 with a byte-order mark", made="make_hostile_tree"),
    _good("crlf", "CRLF line endings", "CRLF line endings; the broken reference on line 8 keeps its line and column",
          made="make_hostile_tree"),
    Case("not-utf8", "Latin-1 bytes on lines 2 and 7: reported at line 2", EITHER, (2,), None,
         made="make_hostile_tree"),
    Case("empty-file", "an empty file", ERROR, made="make_hostile_tree"),
    Case("binary", "a binary file (PNG header, NUL bytes) named index.md", ERROR, made="make_hostile_tree"),
    Case("unreadable-dir", "index.md is a folder", ERROR, made="make_hostile_tree"),
    Case("unreadable-fifo", "index.md is a named pipe: opening it must not block", ERROR,
         made="make_hostile_tree"),
    Case("unreadable-dangling", "index.md is a symlink to nothing", ERROR, made="make_hostile_tree"),
    Case("unreadable-chmod", "index.md has mode 000: unreadable for a user, readable for root",
         ERROR if os.geteuid() != 0 else NONE, (), os.geteuid() == 0, "Mode 000",
         made="make_hostile_tree"),
    Case("loop-a", "symlink to loop-b, which links back to loop-a: the walk must end",
         NONE, made="make_hostile_tree", file="files/en-us/glossary/loop-a"),
    # -- redirects -----------------------------------------------------------------------
    Case("", "a redirect loop (lines 3-4), a line with no tab (line 5), a javascript: target (line 6)",
         WARNING, (5,), False, file="files/en-us/_redirects.txt"),
)


def case(folder: str, locale: str = "en-us") -> Case:
    return next(c for c in CASES if c.folder == folder and c.locale == locale and not c.file)


def make_hostile_tree(tmp_path: Path) -> Path:
    """Build the hostile tree in ``tmp_path/hostile`` and return it (a checkout
    root holding ``files/``)."""
    root = Path(tmp_path) / "hostile"
    shutil.copytree(STATIC / "files", root / "files", symlinks=True)
    glossary = root / "files" / "en-us" / "glossary"
    for committed, name in RENAMES.items():
        (glossary / committed).rename(glossary / name)
    _write_entry(glossary / "huge", _huge())
    _write_entry(glossary / "many-references", _many_references())
    _write_entry(glossary / "bom", b"\xef\xbb\xbf" + _text(
        "Byte order mark", "Glossary/BOM",
        "This entry starts with a UTF-8 byte-order mark. It refers to {{Glossary(\"Alpha\")}}."))
    _write_entry(glossary / "crlf", _text(
        "CRLF line endings", "Glossary/CRLF",
        "This entry ends its lines with CR LF.\n\n"
        "It refers to {{Glossary(\"Nowhere_CRLF\")}} on line 8, column 14.").replace(b"\n", b"\r\n"))
    _write_entry(glossary / "not-utf8", (
        "---\ntitle: Caf\xe9 in Latin-1\nslug: Glossary/Not-UTF8\n---\n\n"
        "This entry was saved as Latin-1, not UTF-8.\nA second caf\xe9 on line 7.\n"
    ).encode("latin-1"))
    _write_entry(glossary / "empty-file", b"")
    _write_entry(glossary / "binary", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)) * 16)
    _unreadable(glossary)
    _symlink_loops(glossary)
    return root


def _write_entry(folder: Path, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.md").write_bytes(data)


def _text(title: str, slug: str, body: str) -> bytes:
    return f"---\ntitle: {title}\nslug: {slug}\n---\n\n{body}\n".encode()


def _huge() -> bytes:
    head = _text("Huge", "Glossary/Huge",
                 "A 10 MB entry. Its first paragraph is short and refers to {{Glossary(\"Alpha\")}}.")
    line = b"Filler that says nothing in particular, and refers to {{Glossary(\"Beta\")}} now and then.\n"
    filler = b"\n".join([line * 40] * (HUGE_BYTES // (len(line) * 40 + 1) + 1))
    return head + b"\n" + filler


def _many_references() -> bytes:
    terms = ("Alpha", "Beta", "Gamma", "Delta")
    lines = [f'- {{{{Glossary("{terms[i % 4]}", "reference {i}")}}}}' for i in range(MANY_REFERENCES)]
    return _text("Many references", "Glossary/Many-references",
                 f"This entry holds {MANY_REFERENCES:,} references.\n\n" + "\n".join(lines))


def _unreadable(glossary: Path) -> None:
    """Files that cannot be read. Tests run as root, where mode 000 does not
    stop reading, so three other kinds stand in: a folder named index.md, a
    named pipe (open() would wait for a writer forever) and a dangling
    symlink. The mode-000 file is kept too: for a normal user it is an error,
    for root a good entry."""
    (glossary / "unreadable-dir" / "index.md").mkdir(parents=True)
    (glossary / "unreadable-fifo").mkdir()
    os.mkfifo(glossary / "unreadable-fifo" / "index.md")
    (glossary / "unreadable-dangling").mkdir()
    (glossary / "unreadable-dangling" / "index.md").symlink_to("no-such-file.md")
    _write_entry(glossary / "unreadable-chmod", _text(
        "Mode 000", "Glossary/Unreadable-chmod", "This entry's file has mode 000."))
    (glossary / "unreadable-chmod" / "index.md").chmod(0)


def _symlink_loops(glossary: Path) -> None:
    """A folder holding a link to itself, and two links pointing at each other."""
    (glossary / "loop" / "again").symlink_to(".", target_is_directory=True)
    (glossary / "loop-a").symlink_to("loop-b", target_is_directory=True)
    (glossary / "loop-b").symlink_to("loop-a", target_is_directory=True)


def remove_tree(root: Path) -> None:
    """shutil.rmtree, after giving back the permission taken from the mode-000 file."""
    chmod = root / "files" / "en-us" / "glossary" / "unreadable-chmod" / "index.md"
    if chmod.exists():
        chmod.chmod(stat.S_IRUSR | stat.S_IWUSR)
    shutil.rmtree(root)
