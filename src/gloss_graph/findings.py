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

BROKEN = "broken-references"
UNREADABLE = "unreadable"
WARNINGS = "warnings"
ORPHANS = "orphans"
DEAD_ENDS = "dead-ends"
UNTRANSLATED = "untranslated"
ORPHANED_TRANSLATIONS = "orphaned-translations"
ENCODING = "encoding"
STALE_TRANSLATION = "stale-translation"
UNLINKED = "unlinked-mention"
KINDS = (BROKEN, UNREADABLE, WARNINGS, ORPHANS, DEAD_ENDS, UNTRANSLATED, ORPHANED_TRANSLATIONS, STALE_TRANSLATION,
         ENCODING, UNLINKED)
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
    # (orphans, dead ends, untranslated, orphaned translations, stale
    # translations, encoding); the link text as written (or the mojibake
    # snippet; a stale translation's status), "" where there is none.
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
          workers: int | None = None, progress=None, mentions: bool = False,
          page_mentions: bool = False) -> CheckResult:
    """Read ``sources`` as ``build`` does, write nothing, return the report,
    every finding, and the findings of the ``fail_on`` kinds. Unlinked
    mentions are looked for only with ``mentions`` (they are many, and
    suggestions rather than faults), in site pages too with ``page_mentions``."""
    from . import report as health
    from .corpus import discover_all, load_found
    from .graph import graph_data

    found = discover_all(list(sources) if not isinstance(sources, str) else [sources], locale)
    corpus = load_found(found, locale=locale, workers=workers, progress=progress)
    found_mentions = None
    if mentions or page_mentions:
        from .mentions import mentions_of

        found_mentions = mentions_of(found, corpus, workers, page_mentions)
    data = health.check_report(corpus, graph_data(corpus), mentions=found_mentions)
    found = findings(data)
    fail_on = frozenset(fail_on)
    return CheckResult(data, found, fail_on, [f for f in found if f.kind in fail_on])


def findings(report: dict) -> list[Finding]:
    """Every finding in the report, sorted by file, line, column, kind."""
    found: list[Finding] = []
    for item in report["broken_references"]:
        hint = f"; did you mean {item['suggestion']} ({item['suggestion_reason']})?" if item["suggestion"] else ""
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
    found += _stale(report)
    for item in report["encoding_flaws"]:
        found.append(_at(item, ENCODING, f"text looks like mojibake: {_quote(item['snippet'])}",
                         item["slug"], item["snippet"]))
    for item in report.get("unlinked_mentions", ()):
        orphan = " (an orphan)" if item["orphan"] else ""
        found.append(_at(item, UNLINKED, f"{_quote(item['text'])} names {item['target']}{orphan} without a link "
                                         f"({item['confidence']} confidence); `gloss-graph fix` links it",
                         item["target"], item["text"]))
    return sorted(found, key=Finding.sort_key)


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


def _stale(report: dict) -> list[Finding]:
    """One finding per stale or unknown translation, at the translation's
    file. The status is the fingerprint's text, so that a translation
    recorded in a baseline as unknown is new once it is known to be stale;
    how far behind it is is not, so that one more English commit keeps it
    known. None when staleness was not determined (older reports have no
    section)."""
    found = []
    for item in report.get("stale_translations") or ():
        state = "is stale" if item["status"] == "stale" else "has an unknown staleness"
        found.append(_at(item, STALE_TRANSLATION,
                         f"{item['locale']} translation of {item['slug']} {state}: {item['reason']}",
                         item["slug"], item["status"]))
    return found


def _at(item: dict, kind: str, message: str, target: str = "", text: str = "") -> Finding:
    return Finding(kind, _path(item), item.get("line"), item.get("column"), message, target, text)


def _path(item: dict) -> str:
    return PurePosixPath(item["root"], item["file"]).as_posix() if item.get("root") else item["file"]


def _quote(text: str) -> str:
    return json.dumps(" ".join(str(text).split()), ensure_ascii=False)


# --- output formats ---------------------------------------------------------------

# C0 and C1 control characters (tab aside): a title may hold an ESC that
# would drive the terminal or a newline that would forge a second finding.
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def format_text(found: list[Finding]) -> str:
    """``file:line:column: kind: message``, one a line, as compilers print;
    line and column are left out where unknown."""
    lines = []
    for f in found:
        where = f.file + (f":{f.line}" if f.line else "") + (f":{f.column}" if f.line and f.column else "")
        lines.append(f"{_one_line(where)}: {f.kind}: {_one_line(f.message)}")
    return "".join(line + "\n" for line in lines)


def format_json(found: list[Finding], fail_on=DEFAULT_FAIL_ON) -> str:
    """A JSON array: each finding's fields plus ``severity`` ("error" for
    the fail-on kinds, else "warning")."""
    items = [{**asdict(f), "severity": _severity(f, fail_on)} for f in found]
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


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


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as actions/toolkit does
    (``escapeData``): ``%``, CR and LF. Other control characters are shown
    as ``\\xNN`` first, so that none reaches the runner's log raw."""
    text = _CONTROL.sub(lambda m: m.group() if m.group() in "\r\n" else f"\\x{ord(m.group()):02x}", text)
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value (``escapeProperty``): also
    ``:`` and ``,``, which would otherwise end the value."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _severity(f: Finding, fail_on) -> str:
    return "error" if f.kind in fail_on else "warning"


def _one_line(text: str) -> str:
    """Text on one printable line: control characters shown as escapes."""
    return _CONTROL.sub(lambda m: {"\n": "\\n", "\r": "\\r"}.get(m.group(), f"\\x{ord(m.group()):02x}"), text)
