"""``gloss-graph build``: read SOURCEs, write every output."""
from __future__ import annotations

import json
import sys

from ..build import build
from .progress import progress_bar
from .problems import print_problems

HELP = """\
Read MDN-style glossary trees and write glossary.ttl, graph.html,
report.json and report.md into OUTPUT.

A SOURCE may be a checkout root holding files/, a files/ folder of locale
folders, one locale folder (files/fr) or one glossary folder
(files/fr/glossary). Several SOURCEs combine. A SOURCE that holds pages
outside glossary/ is read in site mode.

exit status: 0 every file read; 3 outputs written but some files skipped
(each named on stderr and in report.json); 2 usage error (no such SOURCE,
no glossary in it, bad option).
"""


def add_parser(sub) -> None:
    parser = sub.add_parser("build", help="build every output", description=HELP,
                            formatter_class=__import__("argparse").RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*", default=["content"], metavar="SOURCE",
                        help="glossary trees to read (default: content)")
    parser.add_argument("-o", "--output", default="output", help="output folder (default: output)")
    parser.add_argument("--locale", help="locale of a bare glossary folder, e.g. fr or pt-BR")
    parser.add_argument("--base-iri", help="namespace of concept IRIs in the Turtle")
    parser.add_argument("--rdf-format", action="append", default=[], choices=["nt", "jsonld", "graphml", "gexf"],
                        help="also write N-Triples, JSON-LD (glossary.nt, .jsonld) or GraphML, GEXF for Gephi "
                             "(graph.graphml, .gexf); repeat for several")
    parser.add_argument("--publish", metavar="URL",
                        help="after building, PUT glossary.ttl to this Graph Store endpoint (see `publish --help`; "
                             "credentials from GLOSS_GRAPH_SPARQL_* environment variables)")
    parser.add_argument("--publish-graph", metavar="IRI", help="named graph to replace when publishing")
    parser.add_argument("--no-cache", action="store_true",
                        help="read every file again instead of reusing unchanged ones from the last build")
    parser.add_argument("--workers", type=int, help="processes for reading files (default: all cores)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    parser.add_argument("--timings", action="store_true", help="print the time of each phase as JSON on stderr")
    parser.set_defaults(run=run)


def run(args) -> int:
    with progress_bar(enabled=not args.quiet) as progress:
        result = build(args.sources, args.output, locale=args.locale, base_iri=args.base_iri,
                       workers=args.workers, progress=progress, use_cache=not args.no_cache,
                       rdf_formats=tuple(dict.fromkeys(args.rdf_format)), publish_to=args.publish,
                       publish_graph=args.publish_graph)
    print_problems(result.corpus.problems)
    if not args.quiet:
        summary = result.report["summary"]
        locales = ", ".join(f"{loc} {n}" for loc, n in summary["entries_by_locale"].items())
        print(f"read {summary['files_read']} files ({summary['files_skipped']} skipped): {locales}")
        print(f"{summary['concepts']} concepts, {summary['references']} references "
              f"({summary['broken_references']} broken), {summary['pages']} site pages")
        for name, path in result.outputs.items():
            print(f"wrote {path}")
        if result.published is not None:
            from ..publish import describe

            print(describe(result.published))
    if args.timings:
        print(json.dumps({k: round(v, 4) for k, v in result.timings.items()}), file=sys.stderr)
    return result.exit_status
