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
from collections import Counter
from dataclasses import asdict, dataclass, field, replace
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
    notes: list[str] = field(default_factory=list)  # how options were applied (corpus.notes)

    @property
    def exit_status(self) -> int:
        return 1 if self.failing else 0


# A kind may be written singular, as in `gloss-graph: {ignore: [orphan]}`.
ALIASES = {kind[:-1]: kind for kind in KINDS if kind.endswith("s")}


def parse_kinds(values, option: str = "--fail-on", words: bool = True) -> frozenset:
    """A list of kinds as given: one string of comma-separated kinds, or a
    list of such strings (a repeated option); singular names are read as
    their kind (``orphan``, ``dead-end``). With ``words``, ``all`` and
    ``none`` (alone) stand for every kind and for no kind."""
    parts = [values] if isinstance(values, str) else list(values)
    names = {ALIASES.get(name.strip(), name.strip()) for part in parts for name in part.split(",") if name.strip()}
    if words and names == {"none"}:
        return frozenset()
    if words and names == {"all"}:
        return frozenset(KINDS)
    unknown = sorted(names - set(KINDS))
    if unknown or not names:
        shown = ", ".join(repr(u) for u in unknown) or repr(",".join(parts))
        choices = "none, all or a comma-separated list of" if words else "a comma-separated list of"
        raise UsageError(f"{option}: unknown kind {shown}; use {choices}: {', '.join(KINDS)}")
    return frozenset(names)


def selected(found: list[Finding], select=None, ignore=()) -> list[Finding]:
    """The findings of the ``select`` kinds (every kind when None), less
    the ``ignore`` kinds."""
    keep = (frozenset(KINDS) if select is None else frozenset(select)) - frozenset(ignore)
    return [f for f in found if f.kind in keep]


def check(sources, *, fail_on=DEFAULT_FAIL_ON, select=None, ignore=(), only=None, locale: str | None = None,
          workers: int | None = None, progress=None, stage=None, mentions: bool | None = None,
          page_mentions: bool = False) -> CheckResult:
    """Read ``sources`` as ``build`` does, write nothing, return the report,
    the findings of the ``select`` kinds (all when None) but the ``ignore``
    kinds, and of those the ones of the ``fail_on`` kinds.

    ``only``: file paths (as ``Finding.file`` spells them, or any path to
    the same file): report findings in these files alone (pre-commit).
    ``progress(done, total)`` as files are read; ``stage(name, total)`` as
    each stage starts: ``reading``, ``resolving``, ``report``.
    ``mentions``: look for unlinked mentions (they are many, and suggestions
    rather than faults); by default only when ``select`` or ``fail_on``
    names the kind. ``page_mentions``: in site pages too."""
    from . import report as health
    from .corpus import discover_all, load_found
    from .graph import graph_data
    from .stages import Stages

    stages = Stages(stage)
    found_sources = discover_all(list(sources) if not isinstance(sources, str) else [sources], locale)
    stages.start("reading", sum(len(s.files) for s in found_sources))
    if mentions is None:
        mentions = UNLINKED in (select or ()) or UNLINKED in fail_on
    # Summaries and running text only when mentions are looked for: nothing
    # else check reports reads them, and they are a fifth of reading.
    corpus = load_found(found_sources, locale=locale, workers=workers, progress=stages.reading(progress),
                        meanwhile=_import_check, texts=bool(mentions or page_mentions))
    stages.start("resolving")
    data = graph_data(corpus)
    found_mentions = None
    if mentions or page_mentions:
        from .mentions import mentions_of

        found_mentions = mentions_of(found_sources, corpus, workers, page_mentions)
    stages.start("report")
    report = health.check_report(corpus, data, mentions=found_mentions)
    found = selected(findings(report), select, ignore)
    if only is not None:
        found = in_files(found, only)
    fail_on = frozenset(fail_on)
    return CheckResult(report, found, fail_on, [f for f in found if f.kind in fail_on], list(corpus.notes))


def _import_check() -> None:
    """What the stages after reading import, done while other processes
    read files (as build does)."""
    import rapidfuzz.distance  # noqa: F401 - did you mean, for broken references
    import rapidfuzz.process  # noqa: F401

    from . import graph, report, resolve, suggest  # noqa: F401


def in_files(found: list[Finding], files) -> list[Finding]:
    """The findings located in one of ``files``, with the file written as
    given there. A finding is in a file when both are the same absolute path
    (``./x`` is ``x``) or the same real path (through a link); real paths
    are asked only of findings whose last two parts match a file's."""
    import os

    def tail(path: str) -> tuple[str, str]:
        head, name = os.path.split(path)
        return os.path.basename(head), name

    absolute = {os.path.abspath(f): f for f in files}
    real = {os.path.realpath(f): f for f in files}
    tails = {tail(p) for p in absolute.keys() | real.keys()}
    kept = []
    for f in found:
        where = os.path.abspath(f.file)
        given = absolute.get(where)
        if given is None and tail(where) in tails:
            given = real.get(os.path.realpath(f.file))
        if given is not None:
            kept.append(replace(f, file=given))
    return kept


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
# A file name or title may hold an ESC that would drive the terminal, a
# newline that would forge a second finding, or a workflow command for
# GitHub's runner: every format escapes what ``terminal`` says is unsafe.


def format_text(found: list[Finding], fail_on=DEFAULT_FAIL_ON) -> str:
    """``file:line:column: severity: kind: message``, one a line, as
    compilers print; line and column are left out where unknown. The
    severity is ``error`` for the ``fail_on`` kinds (the lines that fail
    the run), ``warning`` for the others. File and message go through
    ``terminal.safe``."""
    return "".join(_text_line(f, fail_on) + "\n" for f in found)


def _text_line(f: Finding, fail_on) -> str:
    where = f.file + (f":{f.line}" if f.line else "") + (f":{f.column}" if f.line and f.column else "")
    return f"{safe(where)}: {_severity(f, fail_on)}: {f.kind}: {safe(f.message)}"


def format_json(found: list[Finding], fail_on=DEFAULT_FAIL_ON) -> str:
    """A JSON array: each finding's fields plus ``severity`` ("error" for
    the fail-on kinds, else "warning"). The values are exact; what
    ``terminal.safe`` would escape is written as a JSON escape
    (``terminal.safe_document``)."""
    items = [{**asdict(f), "severity": _severity(f, fail_on)} for f in found]
    return safe_document(json.dumps(items, ensure_ascii=False, indent=2)) + "\n"


# GitHub shows at most 10 error and 10 warning annotations of a step (and
# 50 of a job); more are dropped without a word.
GITHUB_ANNOTATIONS = 10


def format_github(found: list[Finding], fail_on=DEFAULT_FAIL_ON, limit: int = GITHUB_ANNOTATIONS) -> str:
    """GitHub Actions workflow commands, within GitHub's annotation limits.

    Every finding is printed as a text line inside a collapsed log group
    (``::group::``), so the log has them all. Then the annotations, shown
    on the files: ``::error`` for the ``fail_on`` kinds, ``::warning`` for
    the rest. When a severity has more than ``limit`` findings, the first
    ``limit - 1`` are annotated and one more annotation counts the rest by
    kind, so none is dropped silently."""
    if not found:
        return ""
    lines = [f"::group::gloss-graph check: {len(found)} findings"]
    lines += [_text_line(f, fail_on) for f in found]
    lines.append("::endgroup::")
    for severity in ("error", "warning"):
        of_severity = [f for f in found if _severity(f, fail_on) == severity]
        shown = of_severity if len(of_severity) <= limit else of_severity[: limit - 1]
        lines += [_annotation(f, severity) for f in shown]
        if len(shown) < len(of_severity):
            lines.append(_more_annotation(of_severity[len(shown):], severity))
    return "".join(line + "\n" for line in lines)


def _annotation(f: Finding, severity: str) -> str:
    props = [("file", f.file)]
    if f.line:
        props.append(("line", str(f.line)))
        if f.column:
            props.append(("col", str(f.column)))
    props.append(("title", f"gloss-graph {f.kind}"))
    joined = ",".join(f"{k}={escape_property(v)}" for k, v in props)
    return f"::{severity} {joined}::{escape_data(f.message)}"


def _more_annotation(rest: list[Finding], severity: str) -> str:
    counts = Counter(f.kind for f in rest)
    by_kind = ", ".join(f"{counts[k]} {k}" for k in KINDS if counts[k])
    title = f"gloss-graph: {len(rest)} more {severity}s"
    message = (f"{len(rest)} more {severity}s not annotated ({by_kind}): every finding is in the log "
               "group above and in the job summary")
    return f"::{severity} title={escape_property(title)}::{escape_data(message)}"


def github_summary(found: list[Finding], fail_on=DEFAULT_FAIL_ON, limit: int = 100) -> str:
    """A job summary in GitHub-flavoured markdown (for ``$GITHUB_STEP_SUMMARY``):
    a table of findings by kind and severity, then the findings (the first
    ``limit`` of each kind), every text from the content escaped so that it
    renders as text."""
    from .report_markdown import code, escape

    counts = Counter(f.kind for f in found)
    failing = sum(1 for f in found if f.kind in fail_on)
    verdict = f"{failing} failing" if failing else "passed"
    out = [f"## gloss-graph check: {len(found)} findings, {verdict}", ""]
    if not found:
        return "\n".join(out) + "\n"
    out += ["| kind | severity | findings |", "| --- | --- | --- |"]
    out += [f"| {kind} | {'error' if kind in fail_on else 'warning'} | {counts[kind]} |"
            for kind in KINDS if counts[kind]]
    for kind in KINDS:
        of_kind = [f for f in found if f.kind == kind]
        if not of_kind:
            continue
        out += ["", f"<details><summary>{kind} ({len(of_kind)})</summary>", ""]
        for f in of_kind[:limit]:
            where = f.file + (f":{f.line}" if f.line else "") + (f":{f.column}" if f.line and f.column else "")
            out.append(f"- {code(where)}: {escape(f.message)}")
        if len(of_kind) > limit:
            out.append(f"- ... and {len(of_kind) - limit} more (in the log)")
        out += ["", "</details>"]
    return "\n".join(out) + "\n"


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

