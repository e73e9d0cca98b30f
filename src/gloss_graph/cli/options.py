"""What every command's parser shares.

- ``CommandParser``: options may stand anywhere among the words
  (``check A --format json B``); the words argparse leaves over after an
  option are given back to the command's list of words.
- ``add_common(parser, quiet=...)``: ``--debug``, ``-q/--quiet`` and
  ``--version``, on every command (and ``--debug``, ``--version`` before
  the command too).
- ``ListOption``: a list option that takes commas and repeats alike
  (``--select orphans,dead-ends`` is ``--select orphans --select dead-ends``).
"""
from __future__ import annotations

import argparse

from .. import __version__

VERSION = f"gloss-graph {__version__}"
COMMON = ("-q", "--quiet", "--debug", "--version")  # every command's (add_common)


class CommandParser(argparse.ArgumentParser):
    """A command's parser whose list of words (``words_dest``, set by
    ``set_words``) may be split by options: argparse gives a positional
    only the first run of words and leaves the others over as unknown.
    They are taken back here, in their order; an unknown option stays
    unknown, and every word after ``--`` is a word."""

    words_dest: str | None = None

    def error(self, message: str):
        """argparse's errors quote the arguments raw; an argument may be a
        folder name from an untrusted tree (terminal.safe)."""
        from ..terminal import safe

        super().error(safe(message))

    def set_words(self, dest: str) -> None:
        self.words_dest = dest

    def parse_known_args(self, args=None, namespace=None):
        namespace, extras = super().parse_known_args(args, namespace)
        if self.words_dest is None:
            return namespace, extras
        words, unknown, literal = [], [], False
        for item in extras:
            if literal or not item.startswith("-") or item == "-":
                words.append(item)
            elif item == "--":
                literal = True
            else:
                unknown.append(item)
        setattr(namespace, self.words_dest, list(getattr(namespace, self.words_dest) or []) + words)
        return namespace, unknown


class ListOption(argparse.Action):
    """``--opt a,b --opt c`` gives ``["a", "b", "c"]``; empty parts are
    dropped. The default stays None, so that a command can tell "not
    given" (the configuration file's value applies) from an empty list,
    which names nothing (each command says whether that is an error)."""

    def __call__(self, parser, namespace, values, option_string=None):
        items = list(getattr(namespace, self.dest, None) or [])
        items += [part.strip() for part in values.split(",") if part.strip()]
        setattr(namespace, self.dest, items)


def add_sources(parser: "CommandParser", what: str, metavar: str = "SOURCE") -> None:
    """The SOURCE positionals every reading command takes (``what`` they
    are), which options may split (``set_words``)."""
    parser.add_argument("sources", nargs="*", default=None, metavar=metavar,
                        help=f"{what} (default: the configuration's sources, else content)")
    parser.set_words("sources")


def add_common(parser: argparse.ArgumentParser, quiet: str) -> None:
    """``-q/--quiet`` (``quiet`` says what it leaves out), ``--debug`` and
    ``--version``. ``--debug`` defaults to SUPPRESS so that a command's
    parser does not undo a ``--debug`` given before the command."""
    group = parser.add_argument_group("common options")
    group.add_argument("-q", "--quiet", action="store_true", help=quiet)
    add_debug_and_version(group)


def add_debug_and_version(parser) -> None:
    parser.add_argument("--debug", action="store_true", default=argparse.SUPPRESS,
                        help="show a traceback with an error (the exit status stays the same)")
    parser.add_argument("--version", action="version", version=VERSION, help="print the version and exit")


def add_verbose(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-v", "--verbose", action="store_true",
                        help="say each stage on stderr as it starts, also when stderr is not a terminal")


def add_config_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group(
        "configuration",
        "defaults come from gloss-graph.toml, or [tool.gloss-graph] in\n"
        "pyproject.toml, in the current folder or the nearest folder above it;\n"
        "options given here win (README: Configuration)")
    configs = group.add_mutually_exclusive_group()
    configs.add_argument("--config", metavar="FILE", help="read this configuration file instead")
    configs.add_argument("--no-config", action="store_true", help="read no configuration file")


# --- what the configuration file supplies -------------------------------------------

DEFAULT_SOURCE = "content"


def load_config(args):
    """The configuration that applies: ``--config FILE``, none with
    ``--no-config``, else the file found from the current folder upward."""
    from .. import config

    if args.no_config:
        return config.Config()
    if args.config is not None:
        return config.load(args.config)
    return config.discover()


def sources(args, conf, command: str) -> list[str]:
    """The SOURCEs: given, else the configuration's, else ``content``. Says
    on stderr which default was taken (unless -q); a default that is not
    there is a usage error that names it and where it came from."""
    import os
    import sys

    from ..errors import UsageError
    from ..sources import split_source
    from ..terminal import safe

    if args.sources:
        return list(args.sources)
    if conf.sources is not None:
        chosen, origin = list(conf.sources), f"sources from {conf.where}"
    else:
        chosen, origin = [DEFAULT_SOURCE], "the default SOURCE"
    missing = [s for s in chosen if not os.path.exists(split_source(s)[0])]
    if missing:
        raise UsageError(f"no SOURCE given, and {origin}, {safe(missing[0])}, does not exist here "
                         f"({safe(os.getcwd())}); give a SOURCE, or set sources in gloss-graph.toml "
                         "or [tool.gloss-graph] in pyproject.toml")
    if not args.quiet:
        print(f"gloss-graph {command}: no SOURCE given: reading {', '.join(safe(s) for s in chosen)} ({origin})",
              file=sys.stderr)
    return chosen
