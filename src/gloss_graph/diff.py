"""Two link-health reports compared: what a change did to a glossary.

``diff(old, new) -> ReportDiff`` reads two report.json files (or the output
folders that hold them) and says, per locale, which terms were added,
removed or renamed, and which orphans, broken references, stale
translations and unreadable files are new or fixed. ``ReportDiff.worse`` is
what CI asks: did anything new go wrong? ``format_text``, ``format_markdown``
(a pull-request comment) and ``format_json`` print it; ``gloss-graph diff``
is a shell over these.

How things are matched between the two reports:

- a term is a (locale, slug) pair from ``concepts``, slugs compared without
  case, as MDN does;
- a removed term is *renamed* when the NEW report's ``glossary_redirects``
  sends its slug (the locale's redirects, then en-US's) to a term present in
  NEW; without that section (a report of an earlier version) no rename is
  detected, and the diff says so;
- an orphan by its slug; a broken reference as a finding is (see
  baseline.py): its locale, the file it is in (inside its SOURCE), the
  target and the link text, never its line, and counted, so that a second
  copy of a known broken link is new; a stale translation by locale and
  slug; an unreadable file by file and reason;
- ``stale_translations`` may be absent from either report: then it is
  "not compared" and cannot make the diff worse.

Reports are read as data and every field used is checked first
(``load_report``): a file that is not a report, or of another
``schema_version``, is a usage error naming the file.
"""
from __future__ import annotations

import html
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import report_markdown as md
from .baseline import split_by_count
from .jsonfile import problem, read_json, shown
from .report import SCHEMA_VERSION
from .terminal import safe, safe_document

EN = "en-US"
REPORT = "report.json"
MAX_BYTES = 512 * 1024 * 1024  # a whole-site report is a few MiB; this is only a guard
NO_LOCALE = ""  # errors belong to a file, not to a locale

# What each section's items must hold to be compared: field -> kind of value.
STR, OPT_INT, LOCALES = "a string", "an integer or null", "a non-empty list of strings"
FIELDS = {
    "concepts": {"slug": STR, "locales": LOCALES},
    "orphans": {"slug": STR, "title": STR, "locales": LOCALES, "root": STR, "file": STR},
    "broken_references": {"source": STR, "locale": STR, "target": STR, "text": STR, "root": STR,
                          "file": STR, "line": OPT_INT, "column": OPT_INT},
    "errors": {"root": STR, "file": STR, "line": OPT_INT, "reason": STR},
    "glossary_redirects": {"locale": STR, "from": STR, "to": STR},
    "stale_translations": {"locale": STR, "slug": STR},
}
OPTIONAL = ("glossary_redirects", "stale_translations")  # absent from reports of some versions


@dataclass(frozen=True)
class Term:
    locale: str
    slug: str


@dataclass(frozen=True)
class Rename:
    locale: str
    old: str  # the slug in OLD
    new: str  # the slug of the NEW term its redirect leads to


@dataclass
class Changes:
    """One kind of problem compared: ``new`` items are in NEW only, ``fixed``
    ones in OLD only. Each item is a dict with at least ``locale``."""

    new: list[dict] = field(default_factory=list)
    fixed: list[dict] = field(default_factory=list)
    compared: bool = True
    note: str = ""  # why it was not compared


@dataclass
class ReportDiff:
    old: str  # the report files, as given
    new: str
    added: list[Term]
    removed: list[Term]
    renamed: list[Rename]
    renames_detected: bool
    orphans: Changes
    broken: Changes
    stale: Changes
    errors: Changes
    notes: list[str] = field(default_factory=list)  # what could not be done, and why

    def problems(self) -> dict[str, Changes]:
        """The kinds of problem, by the name output uses."""
        return {"orphans": self.orphans, "broken_references": self.broken,
                "stale_translations": self.stale, "errors": self.errors}

    @property
    def worse(self) -> bool:
        """Something new went wrong: a new orphan, broken reference, stale
        translation or unreadable file."""
        return any(c.new for c in self.problems().values())

    @property
    def exit_status(self) -> int:
        return 1 if self.worse else 0

    def locales(self) -> list[str]:
        """Every locale with a change, en-US first; errors (no locale) are apart."""
        found = {t.locale for t in self.added + self.removed} | {r.locale for r in self.renamed}
        for changes in (self.orphans, self.broken, self.stale):
            found |= {i["locale"] for i in changes.new + changes.fixed}
        return sorted(found, key=_locale_order)


# --- reading --------------------------------------------------------------------

def diff(old: str | os.PathLike, new: str | os.PathLike) -> ReportDiff:
    """Read two reports (files, or folders holding report.json) and compare them."""
    old_path, new_path = report_path(old), report_path(new)
    return diff_reports(load_report(old_path), load_report(new_path),
                        old_name=os.fspath(old_path), new_name=os.fspath(new_path))


def report_path(path: str | os.PathLike) -> Path:
    """``path`` itself, or ``path/report.json`` for a folder."""
    path = Path(path)
    if path.is_dir():
        if not (path / REPORT).exists():
            raise problem(path, f"holds no {REPORT} (gloss-graph build writes one into its output folder)")
        return path / REPORT
    return path


def load_report(path: str | os.PathLike) -> dict:
    """report.json as data, checked: an object of ``schema_version``
    SCHEMA_VERSION whose sections used here hold what they should."""
    data = read_json(path, what="report", max_bytes=MAX_BYTES)
    if not isinstance(data, dict) or "schema_version" not in data:
        raise problem(path, "is not a gloss-graph report (no schema_version)")
    version = data["schema_version"]
    if type(version) is not int or version != SCHEMA_VERSION:
        raise problem(path, f"has schema_version {shown(version)}; this gloss-graph reads "
                            f"schema_version {SCHEMA_VERSION}")
    for section, fields in FIELDS.items():
        if section == "stale_translations" and data.get(section, 0) is None:
            continue  # null: staleness was not determined (no git history); not compared
        if section in data or section not in OPTIONAL:
            _check_section(path, data, section, fields)
    return data


def _check_section(path, data: dict, section: str, fields: dict) -> None:
    items = data.get(section)
    if not isinstance(items, list):
        raise problem(path, f"is not a gloss-graph report: {section} is missing or not a list")
    for number, item in enumerate(items):
        where = f"{section}[{number}]"
        if not isinstance(item, dict):
            raise problem(path, f"{where} is not an object")
        for name, kind in fields.items():
            if name not in item:
                raise problem(path, f"{where} has no {name!r}")
            if not _is(item[name], kind):
                raise problem(path, f"{where}.{name} is {shown(item[name])}, not {kind}")


def _is(value, kind: str) -> bool:
    if kind == STR:
        return isinstance(value, str)
    if kind == OPT_INT:
        return value is None or type(value) is int
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


# --- comparing ------------------------------------------------------------------

def diff_reports(old: dict, new: dict, *, old_name: str = "OLD", new_name: str = "NEW") -> ReportDiff:
    """Compare two checked reports (``load_report``); the names (the files)
    are only carried into the result."""
    old_terms, new_terms = _terms(old), _terms(new)
    removed = [t for key, t in old_terms.items() if key not in new_terms]
    renames_detected = "glossary_redirects" in new
    renamed = _renames(removed, new) if renames_detected else []
    renamed_from = {(r.locale, r.old.lower()) for r in renamed}
    renamed_to = {(r.locale, r.new.lower()) for r in renamed}
    result = ReportDiff(
        old=old_name, new=new_name,
        added=_sorted([t for key, t in new_terms.items() if key not in old_terms and key not in renamed_to]),
        removed=_sorted([t for t in removed if (t.locale, t.slug.lower()) not in renamed_from]),
        renamed=sorted(renamed, key=lambda r: (_locale_order(r.locale), r.old.lower(), r.old)),
        renames_detected=renames_detected,
        orphans=_compare([_orphan(i) for i in old["orphans"]], [_orphan(i) for i in new["orphans"]],
                         lambda i: i["slug"].lower()),
        broken=_compare([_broken(i) for i in old["broken_references"]],
                        [_broken(i) for i in new["broken_references"]],
                        lambda i: json.dumps([i["locale"], i["inside"], i["target"], i["text"]])),
        stale=_stale(old, new),
        errors=_compare([_error(i) for i in old["errors"]], [_error(i) for i in new["errors"]],
                        lambda i: json.dumps([i["inside"], i["reason"]])),
    )
    if not renames_detected:
        result.notes.append("renames not detected: the NEW report has no glossary_redirects "
                            "(written by an earlier gloss-graph); renamed terms show as removed and added")
    return result


def _terms(data: dict) -> dict[tuple[str, str], Term]:
    return {(loc, item["slug"].lower()): Term(loc, item["slug"])
            for item in data["concepts"] for loc in item["locales"]}


def _renames(removed: list[Term], new: dict) -> list[Rename]:
    """A removed term whose slug a NEW redirect (its locale's, else en-US's,
    as MDN looks them up) sends to a term that NEW has in the same locale.
    A translation that is gone while its English term was renamed is
    removed, not renamed: its readers now get the English page."""
    redirects = {(i["locale"], i["from"].lower()): i["to"] for i in new["glossary_redirects"]}
    present = _terms(new)
    found = []
    for term in removed:
        key = term.slug.lower()
        to = redirects.get((term.locale, key)) or redirects.get((EN, key))
        if to is not None and (term.locale, to.lower()) in present:
            found.append(Rename(term.locale, term.slug, present[(term.locale, to.lower())].slug))
    return found


def _compare(old_items: list[dict], new_items: list[dict], key) -> Changes:
    """New: NEW's items beyond OLD's count of their key; fixed: the reverse."""
    _, new, _ = split_by_count(new_items, key, Counter(key(i) for i in old_items))
    _, fixed, _ = split_by_count(old_items, key, Counter(key(i) for i in new_items))
    return Changes(new, fixed)


def _stale(old: dict, new: dict) -> Changes:
    """Stale translations compared by locale and slug: only those found
    stale (``status``), not those whose staleness is unknown. Not compared
    when a report lacks the section or could not determine it (null)."""
    absent = [name for name, data in (("OLD", old), ("NEW", new)) if "stale_translations" not in data]
    if absent:
        where = " and ".join(absent)
        return Changes(compared=False, note=f"the {where} report{'s have' if len(absent) > 1 else ' has'} "
                                            f"no stale_translations section")
    undetermined = [name for name, data in (("OLD", old), ("NEW", new)) if data["stale_translations"] is None]
    if undetermined:
        name = undetermined[0]
        why = ((old if name == "OLD" else new).get("staleness") or {}).get("reason") or "no reason given"
        where = " and ".join(undetermined)
        return Changes(compared=False, note=f"staleness not determined for the {where} "
                                            f"report{'s' if len(undetermined) > 1 else ''}; {why}")
    return _compare([_stale_item(i) for i in old["stale_translations"] if i.get("status", "stale") == "stale"],
                    [_stale_item(i) for i in new["stale_translations"] if i.get("status", "stale") == "stale"],
                    lambda i: json.dumps([i["locale"], i["slug"].lower()]))


# Each item as the diff keeps it: what output shows, plus ``inside`` (the
# file inside its SOURCE), which matches across reports built from two
# checkouts in different places.

def _orphan(item: dict) -> dict:
    return {"locale": item["locales"][0], "slug": item["slug"], "title": item["title"], "file": _joined(item)}


def _broken(item: dict) -> dict:
    return {"locale": item["locale"], "source": item["source"], "target": item["target"], "text": item["text"],
            "file": _joined(item), "line": item["line"], "column": item["column"], "inside": item["file"]}


def _stale_item(item: dict) -> dict:
    return {"locale": item["locale"], "slug": item["slug"]}


def _error(item: dict) -> dict:
    return {"locale": NO_LOCALE, "file": _joined(item), "line": item["line"], "reason": item["reason"],
            "inside": item["file"]}


def _joined(item: dict) -> str:
    return PurePosixPath(item["root"], item["file"]).as_posix() if item["root"] else item["file"]


# --- text -------------------------------------------------------------------------

LABELS = {  # kind -> (one, many), as output names them
    "orphans": ("orphan", "orphans"),
    "broken_references": ("broken reference", "broken references"),
    "stale_translations": ("stale translation", "stale translations"),
    "errors": ("unreadable file", "unreadable files"),
}


def verdict(result: ReportDiff) -> str:
    """One line: what got worse, or that nothing did."""
    if not result.worse:
        return "nothing got worse"
    parts = [_count(len(c.new), *_names("new", kind)) for kind, c in result.problems().items() if c.new]
    return "worse: " + ", ".join(parts)


def summary_lines(result: ReportDiff) -> list[str]:
    lines = [f"terms: {len(result.added)} added, {len(result.removed)} removed, {len(result.renamed)} renamed"]
    for kind, changes in result.problems().items():
        if changes.compared:
            lines.append(f"{LABELS[kind][1]}: {len(changes.new)} new, {len(changes.fixed)} fixed")
        else:
            lines.append(f"{LABELS[kind][1]}: not compared ({safe(changes.note)})")
    return lines


def format_text(result: ReportDiff) -> str:
    """A summary, then each locale's changes, one a line."""
    out = [f"gloss-graph diff: {safe(result.old)} -> {safe(result.new)}"]
    out += [safe(line) for line in summary_lines(result)]
    out += [f"note: {safe(note)}" for note in result.notes]
    out.append(f"verdict: {verdict(result)}")
    for loc in result.locales():
        out += ["", safe(loc)]
        out += [f"  {line}" for line in _locale_lines(result, loc)]
    if result.errors.new or result.errors.fixed:
        out += ["", "unreadable files"]
        out += [f"  {state} unreadable file: {safe(_place(i))}: {safe(i['reason'])}"
                for state, items in (("new", result.errors.new), ("fixed", result.errors.fixed)) for i in items]
    return "\n".join(out) + "\n"


def _locale_lines(result: ReportDiff, loc: str) -> list[str]:
    lines = [f"term added: {safe(t.slug)}" for t in result.added if t.locale == loc]
    lines += [f"term removed: {safe(t.slug)}" for t in result.removed if t.locale == loc]
    lines += [f"term renamed: {safe(r.old)} -> {safe(r.new)}" for r in result.renamed if r.locale == loc]
    for state in ("new", "fixed"):
        lines += [f"{state} orphan: {safe(i['slug'])} ({safe(i['file'])})"
                  for i in getattr(result.orphans, state) if i["locale"] == loc]
    for state in ("new", "fixed"):
        lines += [f"{state} broken reference: {safe(_place(i))}: {safe(i['target'])} ({_quote(i['text'])})"
                  for i in getattr(result.broken, state) if i["locale"] == loc]
    for state in ("new", "fixed"):
        lines += [f"{state} stale translation: {safe(i['slug'])}"
                  for i in getattr(result.stale, state) if i["locale"] == loc]
    return lines


# --- markdown, for a pull-request comment ----------------------------------------------

COLUMNS = ("terms added", "terms removed", "terms renamed", "new orphans", "fixed orphans",
           "new broken references", "fixed broken references", "new stale translations", "fixed stale translations")


def format_markdown(result: ReportDiff) -> str:
    """A verdict, a summary table (a row per locale and a total), notes,
    then each locale's lists in a collapsed ``<details>`` block. Text from
    the reports is escaped; long lists are cut at ``report_markdown.LIMIT``."""
    out = ["### gloss-graph diff", "", f"**{verdict(result).capitalize()}.**", ""]
    counts = {loc: _counts_in(result, loc) for loc in result.locales()}
    total = [sum(column) for column in zip(*counts.values())] or [0] * len(COLUMNS)
    out += ["| locale | " + " | ".join(COLUMNS) + " |", "| --- |" + " ---: |" * len(COLUMNS)]
    out += [f"| {md.escape(loc)} | " + " | ".join(_cells(result, row)) + " |" for loc, row in counts.items()]
    out += ["| **all** | " + " | ".join(f"**{cell}**" for cell in _cells(result, total)) + " |", ""]
    paragraphs = [f"Unreadable files: {len(result.errors.new)} new, {len(result.errors.fixed)} fixed."]
    if not result.stale.compared:
        paragraphs.append(f"Stale translations: not compared ({md.escape(result.stale.note)}).")
    paragraphs += [f"Note: {md.escape(note)}." for note in result.notes]
    out += "\n\n".join(paragraphs).splitlines()
    for loc in result.locales():
        out += _details(result, loc)
    if result.errors.new or result.errors.fixed:
        out += _details_block("unreadable files", [
            _md_list(_names(state, "errors"), [f"{md.code(_place(i))}: {md.escape(i['reason'])}"
                                               for i in getattr(result.errors, state)])
            for state in ("new", "fixed")])
    return "\n".join(out) + "\n"


def _counts_in(result: ReportDiff, loc: str) -> list[int]:
    """One locale's row of the summary table, in COLUMNS order."""
    terms = [sum(1 for t in terms if t.locale == loc) for terms in (result.added, result.removed, result.renamed)]
    problems = [sum(1 for i in getattr(changes, state) if i["locale"] == loc)
                for changes in (result.orphans, result.broken, result.stale) for state in ("new", "fixed")]
    return terms + problems


def _cells(result: ReportDiff, row: list[int]) -> list[str]:
    cells = [str(n) for n in row]
    return cells if result.stale.compared else cells[:-2] + ["n/a", "n/a"]


def _details(result: ReportDiff, loc: str) -> list[str]:
    def mine(items):
        return [i for i in items if i["locale"] == loc]

    def slugs(terms):
        return [md.code(t.slug) for t in terms if t.locale == loc]

    lists = [
        _md_list(("term added", "terms added"), slugs(result.added)),
        _md_list(("term removed", "terms removed"), slugs(result.removed)),
        _md_list(("term renamed", "terms renamed"),
                 [f"{md.code(r.old)} → {md.code(r.new)}" for r in result.renamed if r.locale == loc]),
    ]
    for state in ("new", "fixed"):
        lists.append(_md_list(_names(state, "orphans"), [f"{md.code(i['slug'])} ({md.code(i['file'])})"
                                                        for i in mine(getattr(result.orphans, state))]))
    for state in ("new", "fixed"):
        lists.append(_md_list(_names(state, "broken_references"), [
            f"{md.code(_place(i))}: {md.code(i['target'])} ({md.escape(i['text'])})"
            for i in mine(getattr(result.broken, state))]))
    for state in ("new", "fixed"):
        lists.append(_md_list(_names(state, "stale_translations"),
                              [md.code(i["slug"]) for i in mine(getattr(result.stale, state))]))
    return _details_block(loc, lists)


def _names(state: str, kind: str) -> tuple[str, str]:
    one, many = LABELS[kind]
    return f"{state} {one}", f"{state} {many}"


def _details_block(title: str, lists: list[tuple[tuple[str, str], int, list[str]]]) -> list[str]:
    shown = [(names, total, lines) for names, total, lines in lists if total]
    if not shown:
        return []
    # <summary> is HTML, where markdown escapes would show: escaped as HTML.
    # GitHub renders the markdown inside <details> only with blank lines around it.
    summary = ", ".join(_count(total, *names) for names, total, _ in shown)
    out = ["", "<details>", f"<summary>{html.escape(md.flat(title))}: {html.escape(summary)}</summary>", ""]
    for names, total, lines in shown:
        out += [f"**{names[1].capitalize()}**", ""] + lines + [""]
    return out + ["</details>"]


def _md_list(names: tuple[str, str], items: list[str]) -> tuple[tuple[str, str], int, list[str]]:
    lines = [f"- {item}" for item in items[:md.LIMIT]]
    if len(items) > md.LIMIT:
        lines.append(f"- ... and {len(items) - md.LIMIT} more (`gloss-graph diff --format json` lists them all)")
    return names, len(items), lines


# --- JSON -----------------------------------------------------------------------------

def to_data(result: ReportDiff) -> dict:
    """The diff as plain data (what ``--format json`` prints)."""
    problems = {kind: ({"new": len(c.new), "fixed": len(c.fixed)} if c.compared else None)
                for kind, c in result.problems().items()}
    return {
        "old": result.old,
        "new": result.new,
        "worse": result.worse,
        "renames_detected": result.renames_detected,
        "stale_translations_compared": result.stale.compared,
        "notes": result.notes,
        "summary": {"terms_added": len(result.added), "terms_removed": len(result.removed),
                    "terms_renamed": len(result.renamed), **problems},
        "locales": {loc: _locale_data(result, loc) for loc in result.locales()},
        "errors": {state: [_public(i) for i in getattr(result.errors, state)] for state in ("new", "fixed")},
    }


def _locale_data(result: ReportDiff, loc: str) -> dict:
    def changes(c: Changes):
        if not c.compared:
            return None
        return {state: [_public(i) for i in getattr(c, state) if i["locale"] == loc] for state in ("new", "fixed")}

    return {
        "terms_added": [t.slug for t in result.added if t.locale == loc],
        "terms_removed": [t.slug for t in result.removed if t.locale == loc],
        "terms_renamed": [{"from": r.old, "to": r.new} for r in result.renamed if r.locale == loc],
        "orphans": changes(result.orphans),
        "broken_references": changes(result.broken),
        "stale_translations": changes(result.stale),
    }


def format_json(result: ReportDiff) -> str:
    return safe_document(json.dumps(to_data(result), ensure_ascii=False, indent=2)) + "\n"


# --- helpers ----------------------------------------------------------------------------

def _public(item: dict) -> dict:
    return {k: v for k, v in item.items() if k not in ("inside",) and not (k == "locale" and v == NO_LOCALE)}


def _place(item: dict) -> str:
    where = item["file"]
    if item.get("line"):
        where += f":{item['line']}"
        if item.get("column"):
            where += f":{item['column']}"
    return where


def _quote(text: str) -> str:
    return safe(json.dumps(" ".join(text.split()), ensure_ascii=False))


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _sorted(terms: list[Term]) -> list[Term]:
    return sorted(terms, key=lambda t: (_locale_order(t.locale), t.slug.lower(), t.slug))


def _locale_order(loc: str) -> tuple:
    return (loc != EN, loc)

