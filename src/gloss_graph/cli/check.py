"""``gloss-graph check``: read SOURCEs, print the health report's findings as
a linter does, write nothing. A shell over ``findings.check``."""
from __future__ import annotations

import argparse
import os
import sys
from collections import Counter
from dataclasses import replace

from .. import baseline, findings
from ..errors import UsageError
from ..terminal import safe
from . import options
from .progress import stages

HELP = f"""\
Read glossary trees as `build` does, write nothing, and print what needs
fixing: one finding per line, with file, line and column where known.

PATH is a SOURCE (a glossary tree, as for `build`) or a file in one: a
file is checked against the whole tree it belongs to (the nearest folder
above it named files/), and findings are printed for the files given
alone, as pre-commit wants; folders given with files are then read for
context only. --changed-since REV does the same for the index.md files git
sees as new or changed since REV under the SOURCEs.

kinds of finding (a kind may be written singular: orphan, dead-end):
  broken-references      a reference to a glossary term with no entry
  unreadable             a file that could not be read as an entry
  warnings               a file read, but something had to be recovered
  orphans                a term no other entry (or site page) references
  dead-ends              a term that references no other term
  untranslated           an en-US term with no entry in a loaded locale, or
                         a translation's reference that falls back to en-US
  orphaned-translations  a translation whose en-US source is missing
  stale-translation      a translation whose English file changed after its
                         l10n.sourceCommit, or whose staleness is unknown
                         (needs the en-US SOURCE in a git checkout;
                         docs/translations.md)
  encoding               text that looks like mojibake
  unlinked-mention       a term named in another entry's running text without
                         a link: looked for only with --mentions (or when
                         --select or --fail-on names it); never fails unless
                         --fail-on names it; `gloss-graph fix` makes the links

Lists of kinds take commas and repeats alike (--ignore a,b --ignore c).
An entry's front matter may suppress kinds in its own file:
  gloss-graph:
    ignore: [orphans]

formats:
  text    file:line:column: severity: kind: message   (line and column
          where known); severity is "error" for the --fail-on kinds (the
          lines that fail the run), "warning" for the others
  json    a JSON array of {{"kind", "file", "line", "column", "message",
          "target", "text", "severity"}}
  github  GitHub Actions: every finding in a collapsed log group, then
          annotations (::error for the --fail-on kinds, ::warning for the
          rest) within GitHub's limit of 10 of each per step, the rest
          counted in one more; a job summary is appended to
          $GITHUB_STEP_SUMMARY when it is set

Every finding selected is printed; a count by kind goes to stderr (unless
-q).

baselines (docs/ci.md): --write-baseline FILE records every finding of
today in FILE (to commit) and prints none; --baseline FILE prints and fails
only on findings not recorded there, and says on stderr how many recorded
ones remain and how many were fixed. A finding is matched by kind, file,
target and text, not by line, so edits elsewhere keep it known.

exit status: 1 when there are findings of a --fail-on kind (default:
{",".join(sorted(findings.DEFAULT_FAIL_ON))}); 0 otherwise; 2 usage error (no such SOURCE,
no glossary in it, unknown kind or format, a bad configuration file).
"""


def add_parser(sub) -> None:
    parser = sub.add_parser("check", help="report broken references, orphans and more; exit 1 in CI",
                            description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_sources(parser, "glossary trees, or files in them", metavar="PATH")
    parser.add_argument("--changed-since", metavar="REV",
                        help="check only the index.md files new or changed since the git revision REV")
    parser.add_argument("--fail-on", action=options.ListOption, metavar="KINDS",
                        help="kinds that fail the check, 'all' or 'none' (default: "
                             f"{','.join(sorted(findings.DEFAULT_FAIL_ON))})")
    parser.add_argument("--select", action=options.ListOption, metavar="KINDS",
                        help="report only these kinds (default: all)")
    parser.add_argument("--ignore", action=options.ListOption, metavar="KINDS",
                        help="do not report these kinds")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="how findings are printed (default: text)")
    parser.add_argument("--locale", help="locale of a bare glossary folder, e.g. fr or pt-BR")
    parser.add_argument("--workers", type=int, help="processes for reading files (default: all cores)")
    parser.add_argument("--mentions", action="store_true",
                        help="also list unlinked mentions (places to add a link; docs/fixing.md)")
    parser.add_argument("--page-mentions", action="store_true",
                        help="site mode: unlinked mentions in every site page too (reads each page whole)")
    baselines = parser.add_mutually_exclusive_group()
    baselines.add_argument("--baseline", metavar="FILE",
                           help="report and fail only on findings not recorded in FILE")
    baselines.add_argument("--write-baseline", metavar="FILE",
                           help="record every finding in FILE (to commit), print none, exit 0")
    options.add_verbose(parser)
    options.add_config_options(parser)
    options.add_common(parser, quiet="no progress bar, no notes, no count on stderr")
    parser.set_defaults(run=run)


def run(args) -> int:
    conf = options.load_config(args)
    # Every list of kinds before reading: a typo fails fast.
    fail_on = findings.parse_kinds(_given(args.fail_on, conf.fail_on, sorted(findings.DEFAULT_FAIL_ON)))
    select = _kinds(args.select, conf.select, "--select")
    ignore = _kinds(args.ignore, conf.ignore, "--ignore") or frozenset()
    known = baseline.read_baseline(args.baseline) if args.baseline else None
    paths = options.sources(args, conf, "check")
    targets = _targets(args, paths)
    if targets is None:
        return _nothing_to_check(args)
    with stages("check", enabled=not args.quiet, verbose=args.verbose) as (progress, stage):
        result = findings.check(targets.sources, fail_on=fail_on, select=select, ignore=ignore,
                                only=targets.files or None, locale=args.locale, workers=args.workers,
                                progress=progress, stage=stage, mentions=args.mentions or None,
                                page_mentions=args.page_mentions)
    if not args.quiet:
        for note in result.notes:
            print(f"gloss-graph check: note: {note}", file=sys.stderr)
    if args.write_baseline:
        return _write_baseline(result, args)
    if known is not None:
        known = _narrowed(known, select, ignore, targets.files)
        compared = baseline.compare(result.findings, known)
        result = replace(result, findings=compared.new, failing=compared.failing(fail_on))
    _print(result, args.format, fail_on)
    if not args.quiet:
        print(_counts(result), file=sys.stderr)
        staleness = result.report["staleness"]
        if findings.STALE_TRANSLATION in fail_on and not staleness["determined"]:
            print(f"gloss-graph check: note: stale translations could not be determined: "
                  f"{safe(staleness['reason'])}", file=sys.stderr)
        if known is not None:
            print(f"gloss-graph check: baseline {safe(args.baseline)}: {len(compared.new)} new, "
                  f"{len(compared.known)} known remain, {compared.fixed_count} fixed", file=sys.stderr)
    return result.exit_status


def _given(option, configured, default):
    return option if option is not None else configured if configured is not None else default


def _kinds(option, configured, name: str) -> frozenset | None:
    chosen = _given(option, configured, None)
    return findings.parse_kinds(chosen, name, words=False) if chosen else None


def _targets(args, paths: list[str]):
    """What to read and what to report on; None when nothing is to be checked."""
    from ..focus import changed_files, targets

    found = targets(paths)
    if not args.quiet:
        for path in found.skipped:
            print(f"gloss-graph check: note: {safe(path)} skipped: not a glossary file (index.md)",
                  file=sys.stderr)
    if found.files and args.write_baseline:
        raise UsageError("--write-baseline records the findings of whole trees: give folders, not files")
    if args.changed_since is not None:
        if found.files or found.skipped:
            raise UsageError("--changed-since finds the changed files itself: give folders (SOURCEs), not files")
        if args.write_baseline:
            raise UsageError("--write-baseline records the findings of whole trees: "
                             "it cannot be given with --changed-since")
        found.files = changed_files(args.changed_since, [_folder(s) for s in found.sources])
        if not found.files:
            if not args.quiet:
                print(f"gloss-graph check: note: no glossary file is new or changed since "
                      f"{safe(args.changed_since)}", file=sys.stderr)
            return None
    elif found.skipped and not found.sources:
        return None
    return found


def _folder(source: str) -> str:
    """A SOURCE's folder (without a ``=LOCALE`` suffix)."""
    from ..sources import split_source

    return split_source(source)[0]


def _nothing_to_check(args) -> int:
    _print(findings.CheckResult({}, []), args.format, frozenset())
    return 0


def _print(result: findings.CheckResult, form: str, fail_on) -> None:
    if form == "json":
        sys.stdout.write(findings.format_json(result.findings, fail_on))
    elif form == "github":
        sys.stdout.write(findings.format_github(result.findings, fail_on))
        _job_summary(result, fail_on)
    else:
        sys.stdout.write(findings.format_text(result.findings, fail_on))


def _job_summary(result: findings.CheckResult, fail_on) -> None:
    """Append the summary to the file GitHub Actions names in
    $GITHUB_STEP_SUMMARY; a failure to write it is a warning, not an error."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(findings.github_summary(result.findings, fail_on))
    except OSError as err:
        print(f"gloss-graph check: warning: cannot write the job summary to {safe(path)}: "
              f"{safe(err.strerror or err)}", file=sys.stderr)


def _narrowed(known: baseline.Baseline, select, ignore, files: list[str]) -> baseline.Baseline:
    """The part of the baseline this run can see: its kinds and, when files
    are given, their files; the rest is neither known nor fixed here."""
    kinds = (frozenset(findings.KINDS) if select is None else select) - ignore
    where = {baseline.relative_file(f, known.root) for f in files}
    items = {key: r for key, r in known.items.items() if r.kind in kinds and (not files or r.file in where)}
    return replace(known, items=items)


def _write_baseline(result: findings.CheckResult, args) -> int:
    path = baseline.write_baseline(result.findings, args.write_baseline)
    if not args.quiet:
        print(f"gloss-graph check: wrote {safe(path)}: {len(result.findings)} findings recorded",
              file=sys.stderr)
    return 0


def _counts(result: findings.CheckResult) -> str:
    by_kind = Counter(f.kind for f in result.findings)
    listed = ", ".join(f"{by_kind[k]} {k}" for k in findings.KINDS if by_kind[k]) or "none"
    verdict = f"{len(result.failing)} failing" if result.failing else "passed"
    return f"gloss-graph check: {len(result.findings)} findings ({listed}); {verdict}"
