"""``gloss-graph build``: read SOURCEs, write every output."""
from __future__ import annotations

import argparse
import json
import sys

from . import options
from ..terminal import safe
from .problems import print_problems
from .progress import stages
from .publish import add_publish_options, publish_kwargs

EXTRA_FORMATS = ("nt", "jsonld", "graphml", "gexf")

HELP = """\
Read MDN-style glossary trees and write glossary.ttl, graph.html,
report.json and report.md into OUTPUT.

A SOURCE may be a checkout root holding files/, a files/ folder of locale
folders, one locale folder (files/fr) or one glossary folder
(files/fr/glossary), written PATH=LOCALE to name its locale. Several
SOURCEs combine. A SOURCE that holds pages outside glossary/ is read in
site mode. Options may come before, between or after the SOURCEs.

Rebuilds are incremental: unchanged files are taken from the cache in
OUTPUT (.gloss-graph-cache.json, with the lock .gloss-graph.lock beside
it); when nothing changed at all, nothing is written. --no-cache reads
everything again. `make clean` removes both.

exit status: 0 every file read; 3 outputs written but some files skipped
(each named on stderr and in report.json); 2 usage error (no such SOURCE,
no glossary in it, bad option, a bad configuration file); 1 another
failure: the output folder held by another build for longer than
--lock-timeout, or the outputs written (and listed) but the upload
(--publish) failed.
"""


def add_parser(sub) -> None:
    parser = sub.add_parser("build", help="build every output", description=HELP,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_sources(parser, "glossary trees to read")
    parser.add_argument("-o", "--output", help="output folder (default: the configuration's output, else output)")
    parser.add_argument("--locale", help="locale of a bare glossary folder, e.g. fr or pt-BR")
    parser.add_argument("--base-iri", help="namespace of concept IRIs in the Turtle")
    parser.add_argument("--also", "--rdf-format", dest="also", action=options.ListOption, metavar="FORMATS",
                        help="also write N-Triples, JSON-LD (glossary.nt, .jsonld), or GraphML, GEXF for "
                             f"Gephi (graph.graphml, .gexf): any of {', '.join(EXTRA_FORMATS)}, with commas "
                             "or repeated (--rdf-format is the old name)")
    parser.add_argument("--english-tag", choices=["en", "en-US"], default="en",
                        help="language tag of en-US text in the RDF: en (default; what SKOS tools filter on) "
                             "or en-US in full")
    parser.add_argument("--license", metavar="IRI", default="auto",
                        help="dcterms:license of the concept scheme: an IRI, 'none', or 'auto' (default: "
                             "CC BY-SA 2.5 when the input is MDN's, none otherwise)")
    parser.add_argument("--no-cache", action="store_true",
                        help="read every file again instead of reusing unchanged ones from the last build")
    parser.add_argument("--lock-timeout", type=_seconds, default=600.0, metavar="SECONDS",
                        help="wait at most this long for another build into OUTPUT (default: 600)")
    parser.add_argument("--workers", type=int, help="processes for reading files (default: all cores)")
    parser.add_argument("--page-mentions", action="store_true",
                        help="site mode: also look for unlinked mentions in every site page (reads each page "
                             "whole: about ten seconds more on all of MDN)")
    parser.add_argument("--timings", action="store_true", help="print the time of each phase as JSON on stderr")
    options.add_verbose(parser)
    add_publish_options(parser, prefix="publish")
    options.add_config_options(parser)
    options.add_common(parser, quiet="no progress bar, no notes, no summary")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ..build import build, check_formats
    from ..errors import UsageError

    publish = publish_kwargs(args, "publish")  # checked before anything is read
    if args.also == []:  # given, but only commas or spaces
        raise UsageError("--also: names no format (choose from nt, jsonld, graphml, gexf)")
    try:
        formats = check_formats(args.also or ())
    except UsageError as err:
        raise UsageError(f"--also: {err}") from None
    conf = options.load_config(args)
    sources = options.sources(args, conf, "build")
    output = args.output if args.output is not None else conf.output or "output"
    base_iri = args.base_iri if args.base_iri is not None else conf.base_iri
    with stages("build", enabled=not args.quiet, verbose=args.verbose) as (progress, stage):
        result = build(sources, output, locale=args.locale, base_iri=base_iri, english_tag=args.english_tag,
                       license=args.license, workers=args.workers,
                       progress=progress, stage=stage, use_cache=not args.no_cache, rdf_formats=formats,
                       lock_timeout=args.lock_timeout, page_mentions=args.page_mentions,
                       on_wait=lambda message: print(f"gloss-graph build: {safe(message)}", file=sys.stderr))
    for warning in result.warnings:
        print(safe(warning), file=sys.stderr)
    print_problems(result.problems)
    if not args.quiet:
        for note in result.notes:
            print(f"gloss-graph build: note: {safe(note)}", file=sys.stderr)
        _summary(result)
    if args.timings:
        print(json.dumps({k: round(v, 4) for k, v in result.timings.items()}), file=sys.stderr)
    if publish is not None:
        _publish(result, publish, args)  # after the outputs are listed: a failed upload leaves them written
    return result.exit_status


def _publish(result, publish: dict, args) -> None:
    from .. import publish as publishing

    if args.verbose and not args.quiet:
        print("gloss-graph build: publishing glossary.ttl", file=sys.stderr)
    result.published = publishing.publish(result.outputs["glossary.ttl"], **publish)
    if not args.quiet:
        print(publishing.describe(result.published))


def _summary(result) -> None:
    summary = result.summary
    # Locales are language tags (langtags.py) and paths come from the user: all made safe all the same.
    locales = safe(", ".join(f"{loc} {n}" for loc, n in summary.get("entries_by_locale", {}).items()))
    print(f"read {summary.get('files_read', 0)} files ({summary.get('files_skipped', 0)} skipped): {locales}")
    print(f"{summary.get('concepts', 0)} concepts, {summary.get('references', 0)} references "
          f"({summary.get('broken_references', 0)} broken), {summary.get('pages', 0)} site pages")
    if result.up_to_date:
        print(f"nothing changed since the last build into {safe(_folder(result))}: no output rewritten")
    for name, path in result.outputs.items():
        if not result.up_to_date:
            print(f"{'wrote' if name in result.written else 'unchanged'} {safe(path)}")


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
