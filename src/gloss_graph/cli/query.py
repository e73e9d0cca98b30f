"""``gloss-graph query``: SPARQL over an exported Turtle file."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..errors import UsageError


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "query",
        help="run SPARQL over an exported glossary.ttl",
        description=(
            "Run a SPARQL 1.1 query over a Turtle file written by `gloss-graph build`: "
            "given inline, from a .rq file, or by name from the queries shipped with "
            "gloss-graph (--list shows them). The prefixes of the export (skos:, gg:, "
            "dcterms:, foaf:, rdfs:, rdf:, xsd:) need no PREFIX lines. See docs/queries.md."
        ),
    )
    parser.add_argument("ttl", nargs="?", metavar="TTL", help="the Turtle file to query")
    parser.add_argument("sparql", nargs="?", metavar="SPARQL", help="the query text")
    parser.add_argument("-f", "--file", metavar="FILE.rq", help="read the query from a file")
    parser.add_argument(
        "--named", nargs="+", metavar="NAME", help="run a named query, then its argument if it takes one"
    )
    parser.add_argument(
        "--format", choices=("table", "csv", "json"), default="table",
        help="table (default), or the SPARQL 1.1 CSV or JSON results format",
    )
    parser.add_argument("--list", action="store_true", help="list the named queries and exit")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from .. import query  # pyoxigraph is imported only when a query runs

    if args.list:
        sys.stdout.write(_listing(query.named_queries()))
        return 0
    given = [args.sparql is not None, args.file is not None, args.named is not None]
    if args.ttl is None or sum(given) != 1:
        raise UsageError("give TTL and exactly one of: SPARQL, -f FILE.rq, --named NAME [ARG]")
    store = query.load(args.ttl)
    if args.named:
        results = query.run_named(store, args.named[0], args.named[1:])
    elif args.file:
        results = query.run(store, _read(args.file), source=args.file)
    else:
        results = query.run(store, args.sparql)
    sys.stdout.write(query.render(results, args.format))
    return 0


def _read(path: str) -> str:
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise UsageError(f"{path}: cannot read: {err}") from None


def _listing(queries) -> str:
    heads = {name: " ".join([name] + [p.upper() for p, _ in q.params]) for name, q in queries.items()}
    width = max(len(h) for h in heads.values())
    lines = []
    for name, q in queries.items():
        lines.append(f"{heads[name].ljust(width)}  {q.summary}")
        lines += [f"{''.ljust(width)}    {p.upper()}: {what}" for p, what in q.params]
    return "\n".join(lines) + "\n"
