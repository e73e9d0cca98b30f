"""The command line: a thin shell over the Python API.

Each command lives in its own module with ``add_parser(subparsers)`` and
``run(args) -> int``; this module only wires them up and turns bad input into
one-line errors (a traceback only with ``--debug``).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys

from ..errors import GlossGraphError, UsageError

COMMANDS = ("build", "check", "diff", "query", "publish")

EXIT_OK = 0
EXIT_USAGE = 2


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gloss-graph",
        description="Turn a markdown glossary (MDN layout) into a knowledge graph.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":
                raise
            continue  # a command still being written in this checkout
        module.add_parser(sub)
    return parser


def run() -> None:
    """The console script: ``main``, then leave at once. Tearing down the
    interpreter (freeing every object of a big build one by one) took 60 ms;
    every output is written and closed by then, so only the standard
    streams need flushing."""
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # stdout closed early (| head): nothing more to say
        pass
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as err:
        if args.debug:
            raise
        print(f"gloss-graph {args.command}: error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except GlossGraphError as err:
        if args.debug:
            raise
        print(f"gloss-graph {args.command}: error: {err}", file=sys.stderr)
        return err.exit_status
    except KeyboardInterrupt:
        print(f"gloss-graph {args.command}: interrupted", file=sys.stderr)
        return 130
