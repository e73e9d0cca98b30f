"""``gloss-graph query``: SPARQL over an exported RDF file.

The grammar, so that options may stand anywhere among the other words:

    gloss-graph query FILE SPARQL
    gloss-graph query FILE -f QUERY.rq
    gloss-graph query FILE --named NAME [ARG]

``--named NAME`` is followed by exactly as many words as the named query
takes (``untranslated LOCALE``, ``neighbours TERM``, ``orphans`` none): the
query's own ``# param:`` lines say how many, so ``--named untranslated fr
FILE`` and ``FILE --named untranslated fr`` read the same and nothing needs
guessing. Every other word is FILE, then SPARQL, in that order.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError
from ..terminal import safe
from . import Parser

GRAMMAR = """\
--named NAME takes the words after it that the named query needs, no more:
`--named untranslated fr FILE`, `FILE --named untranslated fr` and
`--named orphans FILE` all work. Options may come before, between or after
the other words. FILE is read by its extension: .ttl, .nt, .jsonld (or
.json-ld), .nq, .trig.

exit status: 0 answered; 1 FILE does not parse; 2 a usage error (a bad
option, an invalid query, a locale, term or tag the file does not hold)."""


class _QueryParser(Parser):
    """argparse gives each positional one run of words: in `FILE --format
    csv SPARQL` it would leave SPARQL over as unrecognised. Words left over
    are taken back here as more positionals, in their order; an unknown
    option stays unknown."""

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        words = [e for e in extras if not e.startswith("-")]
        namespace.words = list(namespace.words or []) + words
        return namespace, [e for e in extras if e.startswith("-")]


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "query",
        help="run SPARQL over an exported glossary.ttl (or .nt, .jsonld)",
        usage=("%(prog)s FILE (SPARQL | -f QUERY.rq | --named NAME [ARG]) [--format {table,csv,json}] [-q]\n"
               "       %(prog)s --list"),
        description=(
            "Run a SPARQL 1.1 query over an RDF file written by `gloss-graph build`:\n"
            "given inline, from a .rq file, or by name from the queries shipped with\n"
            "gloss-graph (--list shows them). The prefixes of the export (skos:, gg:,\n"
            "dcterms:, foaf:, rdfs:, rdf:, xsd:) need no PREFIX lines. See docs/queries.md."
        ),
        epilog=GRAMMAR,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    # The subcommand's parser is made by `subparsers`; its class is ours.
    parser.__class__ = _QueryParser
    parser.add_argument("words", nargs="*", metavar="FILE [SPARQL]",
                        help="the RDF file to query, then the query text unless -f or --named gives it")
    parser.add_argument("-f", "--file", metavar="QUERY.rq", help="read the query from a file")
    parser.add_argument("--named", nargs="+", metavar=("NAME", "ARG"),
                        help="run a named query; the words it takes follow its name")
    parser.add_argument(
        "--format", choices=("table", "csv", "json"), default="table",
        help="table (default), or the SPARQL 1.1 CSV or JSON results format",
    )
    parser.add_argument("-q", "--quiet", action="store_true",
                        help="leave out the '(N rows)' line under a table")
    parser.add_argument("--list", action="store_true", help="list the named queries and exit")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from .. import query  # pyoxigraph is imported only when a query runs

    if args.list:
        sys.stdout.write(_listing(query.named_queries()))
        return 0
    words = list(args.words)
    named_args: list[str] = []
    if args.named:
        named_args, rest = _split_named(query.named_query(args.named[0]), args.named[1:], words)
        words += rest
    given = [len(words) > 1, args.file is not None, args.named is not None]
    if not words or sum(given) != 1 or len(words) > 2:
        raise UsageError("give FILE and exactly one of: SPARQL, -f QUERY.rq, --named NAME [ARG]"
                         + (f" (unexpected {safe(repr(words[-1]))})" if len(words) > 1 else ""))
    store = query.load(words[0])
    if args.named:
        results = query.run_named(store, args.named[0], named_args)
    elif args.file:
        results = query.run(store, _read(args.file), source=args.file)
    else:
        results = query.run(store, words[1])
    sys.stdout.write(query.render(results, args.format, footer=not args.quiet))
    return 0


def _split_named(named, after: list[str], words: list[str]) -> tuple[list[str], list[str]]:
    """The words after ``--named NAME``: the query's arguments, then the
    rest (FILE when it was written last)."""
    wanted = len(named.params)
    taken, rest = after[:wanted], after[wanted:]
    if len(taken) < wanted:
        raise UsageError(f"--named {named.name} takes {named.usage}, got {len(taken)} argument(s)")
    if taken and not words and not rest and _looks_like_rdf(taken[-1]):
        raise UsageError(f"--named {named.name} takes {named.usage} and then FILE: "
                         f"{safe(repr(taken[-1]))} was read as {named.usage.split()[-1]}")
    return taken, rest


def _looks_like_rdf(word: str) -> bool:
    from ..query import RDF_FORMATS

    return Path(word).suffix.lower() in RDF_FORMATS


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{safe(path)}: cannot read: {safe(err)}") from None


def _listing(queries) -> str:
    heads = {name: " ".join([name, q.usage]).strip() for name, q in queries.items()}
    width = max(len(h) for h in heads.values())
    lines = []
    for name, q in queries.items():
        lines.append(f"{heads[name].ljust(width)}  {q.summary}")
        lines += [f"{''.ljust(width)}    {p.upper()}: {what}" for p, what in q.params]
    return "\n".join(lines) + "\n"
