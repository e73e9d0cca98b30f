"""``gloss-graph build``: read SOURCEs, write every output."""
from __future__ import annotations

import argparse
import json
import sys

from .problems import print_problems
from .progress import progress_bar
from .publish import add_publish_options, publish_kwargs

HELP = """\
Read MDN-style glossary trees and write glossary.ttl, graph.html,
report.json and report.md into OUTPUT.

A SOURCE may be a checkout root holding files/, a files/ folder of locale
folders, one locale folder (files/fr) or one glossary folder
(files/fr/glossary), written PATH=LOCALE to name its locale. Several
SOURCEs combine. A SOURCE that holds pages outside glossary/ is read in
site mode.

Rebuilds are incremental: unchanged files are taken from the cache in
OUTPUT (.gloss-graph-cache.json); when nothing changed at all, nothing is
written. --no-cache reads everything again.

exit status: 0 every file read; 3 outputs written but some files skipped
(each named on stderr and in report.json); 2 usage error (no such SOURCE,
no glossary in it, bad option); 1 another failure (a failed upload, the
output folder held by another build for longer than --lock-timeout).
"""


def add_parser(sub) -> None:
    parser = sub.add_parser("build", help="build every output", description=HELP,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("sources", nargs="*", default=["content"], metavar="SOURCE",
                        help="glossary trees to read (default: content)")
    parser.add_argument("-o", "--output", default="output", help="output folder (default: output)")
    parser.add_argument("--locale", help="locale of a bare glossary folder, e.g. fr or pt-BR")
    parser.add_argument("--base-iri", help="namespace of concept IRIs in the Turtle")
    parser.add_argument("--english-tag", choices=["en", "en-US"], default="en",
                        help="language tag of en-US text in the RDF: en (default; what SKOS tools filter on) "
                             "or en-US in full")
    parser.add_argument("--license", metavar="IRI", default="auto",
                        help="dcterms:license of the concept scheme: an IRI, 'none', or 'auto' (default: "
                             "CC BY-SA 2.5 when the input is MDN's, none otherwise)")
    parser.add_argument("--rdf-format", action="append", default=[], choices=["nt", "jsonld", "graphml", "gexf"],
                        help="also write N-Triples, JSON-LD (glossary.nt, .jsonld) or GraphML, GEXF for Gephi "
                             "(graph.graphml, .gexf); repeat for several")
    parser.add_argument("--no-cache", action="store_true",
                        help="read every file again instead of reusing unchanged ones from the last build")
    parser.add_argument("--lock-timeout", type=_seconds, default=600.0, metavar="SECONDS",
                        help="wait at most this long for another build into OUTPUT (default: 600)")
    parser.add_argument("--workers", type=int, help="processes for reading files (default: all cores)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar, no summary")
    parser.add_argument("--timings", action="store_true", help="print the time of each phase as JSON on stderr")
    add_publish_options(parser, prefix="publish")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ..build import build

    publish = publish_kwargs(args, "publish")  # checked before anything is read
    with progress_bar(enabled=not args.quiet) as progress:
        result = build(args.sources, args.output, locale=args.locale, base_iri=args.base_iri,
                       english_tag=args.english_tag, license=args.license,
                       workers=args.workers, progress=progress, use_cache=not args.no_cache,
                       rdf_formats=tuple(args.rdf_format), publish=publish, lock_timeout=args.lock_timeout,
                       on_wait=lambda message: print(f"gloss-graph build: {message}", file=sys.stderr))
    for warning in result.warnings:
        print(f"{warning}", file=sys.stderr)
    print_problems(result.problems)
    for note in result.notes:
        print(f"gloss-graph build: note: {note}", file=sys.stderr)
    if not args.quiet:
        _summary(result)
    if args.timings:
        print(json.dumps({k: round(v, 4) for k, v in result.timings.items()}), file=sys.stderr)
    return result.exit_status


def _summary(result) -> None:
    summary = result.summary
    locales = ", ".join(f"{loc} {n}" for loc, n in summary.get("entries_by_locale", {}).items())
    print(f"read {summary.get('files_read', 0)} files ({summary.get('files_skipped', 0)} skipped): {locales}")
    print(f"{summary.get('concepts', 0)} concepts, {summary.get('references', 0)} references "
          f"({summary.get('broken_references', 0)} broken), {summary.get('pages', 0)} site pages")
    if result.up_to_date:
        print(f"nothing changed since the last build into {_folder(result)}: no output rewritten")
    for name, path in result.outputs.items():
        if not result.up_to_date:
            print(f"{'wrote' if name in result.written else 'unchanged'} {path}")
    if result.published is not None:
        from ..publish import describe

        print(describe(result.published))


def _folder(result) -> str:
    first = next(iter(result.outputs.values()), None)
    return str(first.parent) if first is not None else "the output folder"


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 <= value <= 86400:  # also rejects nan
        raise argparse.ArgumentTypeError("must be between 0 and 86400 seconds")
    return value
