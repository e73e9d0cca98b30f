"""The command line: a thin shell over the Python API.

Each command lives in its own module with ``add_parser(subparsers)`` and
``run(args) -> int``; this module only wires them up and turns bad input into
one-line errors (with ``--debug``, a traceback before it; the exit status
is the same). The options every command shares are in ``options.py``.
"""
from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys

from ..errors import GlossGraphError
from ..terminal import safe
from .options import CommandParser, add_debug_and_version

# Each command's one-line help: the listing in `gloss-graph --help` needs
# no more, so a command's module (and what it imports) is loaded only when
# that command runs or its own --help is asked for.
COMMANDS = {
    "build": "build every output",
    "check": "report broken references, orphans and more; exit 1 in CI",
    "diff": "what changed between two reports; exit 1 when something got worse",
    "watch": "rebuild on every save; serve the page that reloads itself",
    "fix": "link unlinked mentions and repair broken references; diff or --write",
    "query": "run SPARQL over an exported glossary.ttl",
    "publish": "upload a Turtle file to a SPARQL store (Graph Store Protocol)",
    "path": "reference paths between two terms",
}

EXIT_OK = 0
EXIT_USAGE = 2


class Parser(argparse.ArgumentParser):
    """argparse, with its error messages made terminal-safe: they quote the
    arguments (``unrecognized arguments: ...`` quotes them raw), and an
    argument may be a folder name from an untrusted tree. Each command's
    parser is one too (argparse makes subparsers of the parent's class)."""

    def error(self, message: str):
        super().error(safe(message))


def make_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser; with ``argv``, only the command it names is loaded whole."""
    parser = Parser(
        prog="gloss-graph",
        description="Turn a markdown glossary (MDN layout) into a knowledge graph.",
        epilog="Every command takes --debug, -q/--quiet and --version, before or after its other "
               "words; `gloss-graph COMMAND --help` says the rest.",
    )
    add_debug_and_version(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=CommandParser)
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
    if any("\0" in arg for arg in argv):
        # No process can be given one (arguments are C strings); a Python
        # caller of main() can, and every file name would refuse it later.
        print(f"gloss-graph {args.command}: error: an argument holds a NUL character", file=sys.stderr)
        return EXIT_USAGE
    try:
        return args.run(args)
    except GlossGraphError as err:  # UsageError included: its exit status is 2
        # --debug adds the traceback; the message and the exit status stay the same.
        if getattr(args, "debug", False):
            import traceback

            traceback.print_exc()
        print(f"gloss-graph {args.command}: error: {error_text(err)}", file=sys.stderr)
        return err.exit_status
    except KeyboardInterrupt:
        print(f"gloss-graph {args.command}: interrupted", file=sys.stderr)
        return 130


def error_text(err: Exception) -> str:
    """An error's message made terminal-safe. It is one line, but for lines
    that go on with two spaces (under an invalid query, the parser's own
    message: ``\\n  parser: ...``); each such line is made safe alone, and
    any other line break is shown as ``\\n``."""
    return "\n  ".join(safe(part) for part in str(err).split("\n  "))
