"""``gloss-graph check``: read SOURCEs, print the health report's findings as
a linter does, write nothing. A shell over ``findings.check``."""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import replace

from .. import baseline, findings
from ..terminal import safe
from .progress import progress_bar

HELP = f"""\
Read glossary trees as `build` does, write nothing, and print what needs
fixing: one finding per line, with file, line and column where known.

kinds of finding:
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
  unlinked-mention      a term named in another entry's running text without
                         a link (only with --mentions; never fails unless
                         --fail-on names it; `gloss-graph fix` makes the links)

formats:
  text    file:line:column: kind: message   (line and column where known)
  json    a JSON array of {{"kind", "file", "line", "column", "message",
          "target", "text", "severity"}}; severity is "error" for the
          --fail-on kinds
  github  GitHub Actions workflow commands: ::error for the --fail-on
          kinds, ::warning for the rest, shown as annotations on the files

Every finding is printed; a count by kind goes to stderr (unless -q).

baselines (docs/ci.md): --write-baseline FILE records every finding of
today in FILE (to commit) and prints none; --baseline FILE prints and fails
only on findings not recorded there, and says on stderr how many recorded
ones remain and how many were fixed. A finding is matched by kind, file,
target and text, not by line, so edits elsewhere keep it known.

exit status: 1 when there are findings of a --fail-on kind (default:
{",".join(sorted(findings.DEFAULT_FAIL_ON))}); 0 otherwise; 2 usage error (no such SOURCE,
no glossary in it, unknown kind or format).
"""


def add_parser(sub) -> None:
    parser = sub.add_parser("check", help="report broken references, orphans and more; exit 1 in CI",
                            description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*", default=["content"], metavar="SOURCE",
                        help="glossary trees to read (default: content)")
    parser.add_argument("--fail-on", default=",".join(sorted(findings.DEFAULT_FAIL_ON)), metavar="KINDS",
                        help="comma-separated kinds that fail the check, 'all' or 'none' "
                             "(default: %(default)s)")
    parser.add_argument("--format", choices=("text", "json", "github"), default="text",
                        help="how findings are printed (default: text)")
    parser.add_argument("--locale", help="locale of a bare glossary folder, e.g. fr or pt-BR")
    parser.add_argument("--workers", type=int, help="processes for reading files (default: all cores)")
    parser.add_argument("--mentions", action="store_true",
                        help="also list unlinked mentions (places to add a link; docs/fixing.md)")
    baselines = parser.add_mutually_exclusive_group()
    baselines.add_argument("--baseline", metavar="FILE",
                           help="report and fail only on findings not recorded in FILE")
    baselines.add_argument("--write-baseline", metavar="FILE",
                           help="record every finding in FILE (to commit), print none, exit 0")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no count on stderr")
    parser.set_defaults(run=run)


def run(args) -> int:
    fail_on = findings.parse_kinds(args.fail_on)  # before reading: a typo fails fast
    known = baseline.read_baseline(args.baseline) if args.baseline else None
    with progress_bar(enabled=not args.quiet) as progress:
        result = findings.check(args.sources, fail_on=fail_on, locale=args.locale, workers=args.workers,
                                progress=progress, mentions=args.mentions or findings.UNLINKED in fail_on)
    if args.write_baseline:
        return _write_baseline(result, args)
    if known is not None:
        compared = baseline.compare(result.findings, known)
        result = replace(result, findings=compared.new, failing=compared.failing(fail_on))
    if args.format == "json":
        sys.stdout.write(findings.format_json(result.findings, fail_on))
    elif args.format == "github":
        sys.stdout.write(findings.format_github(result.findings, fail_on))
    else:
        sys.stdout.write(findings.format_text(result.findings))
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
