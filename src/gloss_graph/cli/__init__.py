"""The command line: a thin shell over the Python API.

Each command lives in its own module with ``add_parser(subparsers)`` and
``run(args) -> int``; this module only wires them up and turns bad input into
one-line errors (a traceback only with ``--debug``).
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from ..errors import GlossGraphError, UsageError

# Each command's one-line help: the listing in `gloss-graph --help` needs
# no more, so a command's module (and what it imports) is loaded only when
# that command runs or its own --help is asked for.
COMMANDS = {
    "build": "build every output",
    "check": "report broken references, orphans and more; exit 1 in CI",
    "diff": "what changed between two reports; exit 1 when something got worse",
    "query": "run SPARQL over an exported glossary.ttl",
    "publish": "upload a Turtle file to a SPARQL store (Graph Store Protocol)",
    "path": "reference paths between two terms",
}

EXIT_OK = 0
EXIT_USAGE = 2


def make_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the command it names is loaded whole."""
    parser = argparse.ArgumentParser(
        prog="gloss-graph",
        description="Turn a markdown glossary (MDN layout) into a knowledge graph.",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    wanted = next((arg for arg in argv if arg in COMMANDS), None) if argv is not None else None
    for name, summary in COMMANDS.items():
        if wanted in (None, name):
            importlib.import_module(f"{__name__}.{name}").add_parser(sub)
        else:
            sub.add_parser(name, help=summary)
    return parser


def run() -> None:
    """The console script: ``main``, then leave at once. Tearing down the
    interpreter (freeing every object of a big build one by one) took 60 ms;
    every output is written and closed by then, so only the standard
    streams need flushing.

    The cyclic garbage collector is off: a build makes a few hundred
    thousand small objects that live until the end, which reference
    counting frees with their owners, and the collector's passes over them
    (a fifth of a glossary build's time, a third of the site's) found
    nothing to collect. A long-running command (watch) turns it back on."""
    gc.disable()
    status = main()
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # stdout closed early (| head): nothing more to say
        pass
    os._exit(status)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = make_parser(argv)
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
