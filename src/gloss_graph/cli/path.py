"""``gloss-graph path FILE A B``: reference paths between two terms. A shell
over ``paths.find_paths``."""
from __future__ import annotations

import argparse
import sys

from . import options

HELP = """\
Print up to three shortest paths of references between two glossary terms,
as the graph page shows them when two terms are picked: how is CORS related
to DNS? A reference counts either way; each step says which way it goes
(-> the term before references the one after, <- it is referenced by it,
<-> both). FILE is an RDF file written by `gloss-graph build` (read by its
extension: .ttl, .nt, .jsonld, .nq, .trig), or a SOURCE folder, read as
`build` reads it. A term is its slug (Glossary/CORS or CORS) or a title in
any language, case aside. See docs/graph.md.

exit status: 0 paths found; 1 the terms are not connected (the output says
so); 2 a usage error (no such file, a term the glossary does not hold)."""


def add_parser(sub) -> None:
    parser = sub.add_parser("path", help="reference paths between two terms",
                            description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("source", metavar="FILE", help="glossary.ttl (or .nt, .jsonld, ...), or a SOURCE folder")
    parser.add_argument("start", metavar="A", help="the first term: slug or title")
    parser.add_argument("goal", metavar="B", help="the second term: slug or title")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text (default), or JSON for scripts")
    parser.add_argument("--locale", help="the locale of a SOURCE folder whose name does not tell")
    options.add_common(parser, quiet="print nothing: the exit status alone says whether the terms are connected")
    parser.set_defaults(run=run)


def run(args) -> int:
    from .. import paths

    answer = paths.find_paths(args.source, args.start, args.goal, locale=args.locale)
    if not args.quiet:
        sys.stdout.write(paths.format_json(answer) if args.format == "json" else paths.format_text(answer))
    return 0 if answer.paths else 1
