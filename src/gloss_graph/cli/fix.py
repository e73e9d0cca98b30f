"""``gloss-graph fix``: turn unlinked mentions and broken references into
edits, shown as a diff or written. A shell over ``fixes.fix``."""
from __future__ import annotations

import argparse
import sys

from ..terminal import safe
from . import options

HELP = """\
Read glossary trees as `build` does and fix what can be fixed in the
markdown itself:

  --unlinked-mentions  the first mention of a term in another entry's running
                       text, not linked yet, becomes {{Glossary("term")}}
                       (or {{Glossary("Term", "words as written")}}), spelled
                       as the file's own glossary macros are
  --broken             a broken reference is pointed at the entry meant, when
                       that is certain: a redirect, or a title in any locale
                       (other suggestions are left for a person: see `check`)

With neither, both. Without --write nothing changes: the edits are printed as
a unified diff (apply it with `patch -p1` or `git apply` from this folder).
With --write each file is replaced atomically; every other byte (byte-order
mark, CRLF, trailing spaces, no final newline) is kept. A second run finds
nothing more to do. docs/fixing.md has how mentions are found and how often
each confidence is right.

exit status: 0 when nothing is left to fix; 1 when the diff is not empty
(without --write), or a place could not be edited or a file written (each
said on stderr); 2 usage error.
"""


def add_parser(sub) -> None:
    parser = sub.add_parser("fix", help="link unlinked mentions and repair broken references; diff or --write",
                            description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_sources(parser, "glossary trees to read")
    parser.add_argument("--unlinked-mentions", action="store_true", help="link unlinked mentions")
    parser.add_argument("--broken", action="store_true", help="repair broken references whose fix is certain")
    parser.add_argument("--term", action="append", default=[], metavar="SLUG",
                        help="only edits that link to this term (repeatable)")
    parser.add_argument("--min-confidence", choices=("high", "low"), default="high",
                        help="mentions to link: high (default) or every one (low)")
    parser.add_argument("--write", action="store_true", help="edit the files instead of printing a diff")
    parser.add_argument("--page-mentions", action="store_true",
                        help="site mode: link mentions in the site's pages too (reads every page whole)")
    parser.add_argument("--locale", help="locale of a SOURCE whose path does not tell it")
    options.add_config_options(parser)
    options.add_common(parser, quiet="no count of the places on stderr")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ..fixes import fix

    sources = options.sources(args, options.load_config(args), "fix")
    both = not (args.unlinked_mentions or args.broken)
    result = fix(sources, unlinked_mentions=args.unlinked_mentions or both, broken=args.broken or both,
                 terms=args.term, min_confidence=args.min_confidence, write=args.write, locale=args.locale,
                 page_mentions=args.page_mentions)
    if not args.write:
        sys.stdout.flush()
        sys.stdout.buffer.write(result.diff)
    for edit, why in result.skipped:
        print(safe(f"{edit.path}:{edit.line}:{edit.column}: not fixed: {why} ({edit.why})"), file=sys.stderr)
    for path, why in result.failed:
        print(safe(f"{path}: {why}"), file=sys.stderr)
    if not args.quiet:
        edits = sum(len(change.edits) for change in result.changes)
        if args.write:
            fixed = sum(len(c.edits) for c in result.changes if c.path in set(result.written))
            print(f"fixed {fixed} places in {len(result.written)} files", file=sys.stderr)
        else:
            print(f"{edits} places to fix in {len(result.changes)} files", file=sys.stderr)
    return result.exit_status
