"""``gloss-graph publish``: put a Turtle file into a SPARQL store."""
from __future__ import annotations

import argparse

from .. import publish as publishing


def add_parser(subparsers) -> argparse.ArgumentParser:
    parser = subparsers.add_parser(
        "publish",
        help="upload a Turtle file to a SPARQL store (Graph Store Protocol)",
        description=(
            "Upload a Turtle file to a SPARQL 1.1 Graph Store endpoint: PUT replaces "
            "the graph (the default), POST adds to it. See docs/publishing.md."
        ),
        epilog=(
            f"Credentials come from the environment only: {publishing.ENV_TOKEN} "
            f"(bearer token), or {publishing.ENV_USER} and {publishing.ENV_PASSWORD} "
            "(basic auth)."
        ),
    )
    parser.add_argument("ttl", metavar="TTL", help="the Turtle file to upload")
    parser.add_argument(
        "--endpoint", required=True, metavar="URL",
        help="Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph)",
    )
    target = parser.add_mutually_exclusive_group()
    target.add_argument(
        "--graph", metavar="IRI",
        help=f"named graph to write (default: {publishing.DEFAULT_GRAPH_IRI})",
    )
    target.add_argument(
        "--default-graph", action="store_true", help="write the store's default graph"
    )
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--replace", dest="replace", action="store_true", default=True,
        help="replace the graph with the file (HTTP PUT; the default)",
    )
    mode.add_argument(
        "--append", dest="replace", action="store_false",
        help="add the file's triples to the graph (HTTP POST)",
    )
    parser.add_argument(
        "--verify", action="store_true",
        help="count the graph's triples on the server afterwards; fail if they differ",
    )
    parser.add_argument(
        "--query-endpoint", metavar="URL",
        help="SPARQL query endpoint for --verify (worked out for Oxigraph, Fuseki, GraphDB)",
    )
    parser.add_argument(
        "--retries", type=_count, default=3, metavar="N",
        help="tries again after a 5xx answer or a dropped connection (default: 3)",
    )
    parser.add_argument(
        "--timeout", type=_seconds, default=publishing.DEFAULT_TIMEOUT, metavar="SECONDS",
        help=f"give up on a connect, read or write after this long "
             f"(default: {publishing.DEFAULT_TIMEOUT})",
    )
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    result = publishing.publish(
        args.ttl,
        args.endpoint,
        graph=args.graph,
        default_graph=args.default_graph,
        replace=args.replace,
        verify=args.verify,
        query_endpoint=args.query_endpoint,
        retries=args.retries,
        timeout=args.timeout,
    )
    print(publishing.describe(result))
    return 0


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must not be negative")
    return value


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value < float("inf"):  # also rejects nan
        raise argparse.ArgumentTypeError("must be a finite number more than 0")
    return value
