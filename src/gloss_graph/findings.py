"""Findings: the health report as a linter's list of located problems.

``findings(report) -> list[Finding]`` turns a report (``report.health_report``)
into one Finding per thing to fix, each with the file as the user would
open it (the SOURCE joined with the file's path inside it), line and column
where known. ``check(sources)`` reads, reports and lists in one call, writing
nothing: it is what ``gloss-graph check`` runs. The three output formats
(text, JSON, GitHub Actions workflow commands) are plain functions here too.
"""
from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import PurePosixPath

from .errors import UsageError
from .terminal import safe, safe_document

BROKEN = "broken-references"
UNREADABLE = "unreadable"
WARNINGS = "warnings"
ORPHANS = "orphans"
DEAD_ENDS = "dead-ends"
UNTRANSLATED = "untranslated"
ORPHANED_TRANSLATIONS = "orphaned-translations"
ENCODING = "encoding"
KINDS = (BROKEN, UNREADABLE, WARNINGS, ORPHANS, DEAD_ENDS, UNTRANSLATED, ORPHANED_TRANSLATIONS, ENCODING)
DEFAULT_FAIL_ON = frozenset({BROKEN, UNREADABLE})


@dataclass(frozen=True)
class Finding:
    kind: str  # one of KINDS
    file: str  # SOURCE joined with the file's path inside it, '/'-separated
    line: int | None  # 1-based, None when the problem is the whole file
    column: int | None  # 1-based, None when unknown
    message: str
    # What ``baseline.fingerprint`` matches on, besides kind and file: the
    # referenced slug (broken references, fallbacks), the concept's slug
    # (orphans, dead ends, untranslated, orphaned translations, encoding);
    # the link text as written (or the mojibake snippet), "" where there is none.
    target: str = ""
    text: str = ""

    def sort_key(self) -> tuple:
        return (self.file, self.line or 0, self.column or 0, KINDS.index(self.kind), self.message)


@dataclass
class CheckResult:
    report: dict
    findings: list[Finding]
    fail_on: frozenset = DEFAULT_FAIL_ON
    failing: list[Finding] = field(default_factory=list)

    @property
    def exit_status(self) -> int:
        return 1 if self.failing else 0


def parse_kinds(text: str) -> frozenset:
    """``--fail-on`` value: comma-separated KINDS, ``all`` or ``none``."""
    names = {part.strip() for part in text.split(",") if part.strip()}
    if names == {"none"}:
        return frozenset()
    if names == {"all"}:
        return frozenset(KINDS)
    unknown = sorted(names - set(KINDS))
    if unknown or not names:
        raise UsageError(f"unknown kind {', '.join(unknown) or repr(text)} for --fail-on; "
                         f"use none, all or a comma-separated list of: {', '.join(KINDS)}")
    return frozenset(names)


def check(sources, *, fail_on=DEFAULT_FAIL_ON, locale: str | None = None,
          workers: int | None = None, progress=None) -> CheckResult:
    """Read ``sources`` as ``build`` does, write nothing, return the report,
    every finding, and the findings of the ``fail_on`` kinds."""
    from . import report as health
    from .corpus import load
    from .graph import graph_data

    corpus = load(list(sources) if not isinstance(sources, str) else [sources],
                  locale=locale, workers=workers, progress=progress)
    data = health.check_report(corpus, graph_data(corpus))
    found = findings(data)
    fail_on = frozenset(fail_on)
    return CheckResult(data, found, fail_on, [f for f in found if f.kind in fail_on])


def findings(report: dict) -> list[Finding]:
    """Every finding in the report, sorted by file, line, column, kind."""
    found: list[Finding] = []
    for item in report["broken_references"]:
        hint = f"; did you mean {item['suggestion']}?" if item["suggestion"] else ""
        found.append(_at(item, BROKEN, f"reference to {item['target']} ({_quote(item['text'])}), "
                                       f"which has no entry in any loaded locale{hint}",
                         item["target"], item["text"]))
    for item in report["errors"]:
        found.append(_at(item, UNREADABLE, item["reason"]))
    for item in report["warnings"]:
        found.append(_at(item, WARNINGS, item["reason"]))
    referrers = "no other entry or page" if report["summary"].get("pages") else "no other entry"
    for item in report["orphans"]:
        found.append(_at(item, ORPHANS, f"{item['slug']} is referenced by {referrers}", item["slug"]))
    for item in report["dead_ends"]:
        found.append(_at(item, DEAD_ENDS, f"{item['slug']} references no other term", item["slug"]))
    found += _untranslated(report)
    for item in report["orphaned_translations"]:
        claimed = f" (translation_of: {item['translation_of']})" if item["translation_of"] else ""
        found.append(_at(item, ORPHANED_TRANSLATIONS,
                         f"{item['locale']} entry {item['slug']} has no en-US source{claimed}", item["slug"]))
    for item in report["encoding_flaws"]:
        found.append(_at(item, ENCODING, f"text looks like mojibake: {_quote(item['snippet'])}",
                         item["slug"], item["snippet"]))
    found += [_omitted(item) for item in report.get("omitted", ())]
    return sorted(found, key=Finding.sort_key)


# The report's sections that are cut per file (report.cut_floods), and the
# kind of finding each becomes.
_SECTION_KINDS = {"broken_references": BROKEN, "untranslated_targets": UNTRANSLATED,
                  "encoding_flaws": ENCODING, "errors": UNREADABLE, "warnings": WARNINGS}


def _omitted(item: dict) -> Finding:
    """One finding for the items of a flood the report does not list."""
    like = f" like: {item['kind']}" if item["kind"] else ""
    return _at(item, _SECTION_KINDS[item["section"]],
               f"and {item['count'] - item['listed']} more in this file{like} (only the first "
               f"{item['listed']} of a kind are listed per file)", "", item["kind"])


def _untranslated(report: dict) -> list[Finding]:
    """A missing translation is located at the en-US entry that needs it;
    a reference that falls back to en-US at the reference."""
    english = {item["slug"]: item for item in report["concepts"]}
    found = []
    for loc, slugs in report["untranslated"].items():
        for slug in slugs:
            found.append(_at(english[slug], UNTRANSLATED, f"{slug} has no {loc} entry", slug))
    for item in report["untranslated_targets"]:
        found.append(_at(item, UNTRANSLATED, f"reference to {item['target']} ({_quote(item['text'])}) "
                                             f"falls back to en-US: it has no {item['locale']} entry",
                         item["target"], item["text"]))
    return found


def _at(item: dict, kind: str, message: str, target: str = "", text: str = "") -> Finding:
    return Finding(kind, _path(item), item.get("line"), item.get("column"), message, target, text)


def _path(item: dict) -> str:
    return PurePosixPath(item["root"], item["file"]).as_posix() if item.get("root") else item["file"]


def _quote(text: str) -> str:
    return json.dumps(" ".join(str(text).split()), ensure_ascii=False)


# --- output formats ---------------------------------------------------------------
# A file name or title may hold an ESC that would drive the terminal, a
# newline that would forge a second finding, or a workflow command for
# GitHub's runner: every format escapes what ``terminal`` says is unsafe.


def format_text(found: list[Finding]) -> str:
    """``file:line:column: kind: message``, one a line, as compilers print;
    line and column are left out where unknown. File and message go
    through ``terminal.safe``."""
    lines = []
    for f in found:
        where = f.file + (f":{f.line}" if f.line else "") + (f":{f.column}" if f.line and f.column else "")
        lines.append(f"{safe(where)}: {f.kind}: {safe(f.message)}")
    return "".join(line + "\n" for line in lines)


def format_json(found: list[Finding], fail_on=DEFAULT_FAIL_ON) -> str:
    """A JSON array: each finding's fields plus ``severity`` ("error" for
    the fail-on kinds, else "warning"). The values are exact; what
    ``terminal.safe`` would escape is written as a JSON escape
    (``terminal.safe_document``)."""
    items = [{**asdict(f), "severity": _severity(f, fail_on)} for f in found]
    return safe_document(json.dumps(items, ensure_ascii=False, indent=2)) + "\n"


def format_github(found: list[Finding], fail_on=DEFAULT_FAIL_ON) -> str:
    """GitHub Actions workflow commands: ``::error`` for the fail-on kinds,
    ``::warning`` for the rest, so the annotations show on the changed lines."""
    lines = []
    for f in found:
        props = [("file", f.file)]
        if f.line:
            props.append(("line", str(f.line)))
            if f.column:
                props.append(("col", str(f.column)))
        props.append(("title", f"gloss-graph {f.kind}"))
        joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
        lines.append(f"::{_severity(f, fail_on)} {joined}::{escape_data(f.message)}")
    return "".join(line + "\n" for line in lines)


_LINE_BREAKS = re.compile(r"(\r|\n)")
_ENCODED_BREAKS = {"\r": "%0D", "\n": "%0A"}


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as actions/toolkit does
    (``escapeData``): ``%``, CR and LF as ``%25``, ``%0D``, ``%0A`` (the
    runner turns them back into a line break inside the annotation, never
    into a command). Everything else ``terminal.safe`` escapes is shown as
    its escape first, so that nothing reaches the runner's log raw."""
    return "".join(_ENCODED_BREAKS.get(part) or safe(part).replace("%", "%25")
                   for part in _LINE_BREAKS.split(str(text)))


def escape_property(text: str) -> str:
    """A workflow command's property value (``escapeProperty``): also
    ``:`` and ``,``, which would otherwise end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _severity(f: Finding, fail_on) -> str:
    return "error" if f.kind in fail_on else "warning"

