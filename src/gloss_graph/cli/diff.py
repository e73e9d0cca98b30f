"""``gloss-graph diff OLD NEW``: what changed between two link-health
reports. A shell over ``diff.diff``."""
from __future__ import annotations

import argparse
import sys

from . import options

HELP = """\
Compare two reports written by `gloss-graph build` (report.json, or the
output folders holding it), typically of a pull request's base and head:
terms added, removed and renamed, and orphans, broken references, stale
translations and unreadable files that are new or fixed, per locale.

A removed term counts as renamed when the NEW report's glossary_redirects
send its slug to a term NEW has. Broken references are matched by locale,
file, target and link text (not line), and counted. Stale translations are
"not compared" when either report lacks them.

formats:
  text      a summary, then one line per change, by locale
  markdown  for a pull-request comment: a verdict, a summary table and
            collapsed details per locale
  json      everything, for scripts (docs/ci.md)

With -q nothing is printed: the exit status alone tells.

exit status: 0 when nothing got worse; 1 when a new orphan, broken
reference, stale translation or unreadable file appeared; 2 usage error
(no such file, not a report, another schema_version).
"""


def add_parser(sub) -> None:
    parser = sub.add_parser("diff", help="what changed between two reports; exit 1 when something got worse",
                            description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("old", metavar="OLD", help="the earlier report.json, or its output folder")
    parser.add_argument("new", metavar="NEW", help="the later report.json, or its output folder")
    parser.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                        help="how the differences are printed (default: text)")
    options.add_common(parser, quiet="print nothing: the exit status alone says whether something got worse")
    parser.set_defaults(run=run)


def run(args) -> int:
    from .. import diff

    result = diff.diff(args.old, args.new)
    formats = {"text": diff.format_text, "markdown": diff.format_markdown, "json": diff.format_json}
    if not args.quiet:
        sys.stdout.write(formats[args.format](result))
    return result.exit_status
