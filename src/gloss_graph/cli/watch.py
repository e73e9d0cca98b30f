"""``gloss-graph watch``: build, then rebuild on every save. A shell over
``watch.watch``."""
from __future__ import annotations

import argparse
import gc
import signal
import sys

from . import options

HELP = """\
Build SOURCEs into OUTPUT as `build` does, then watch them: on every save,
rebuild (incrementally: only what changed is read and written) and print
one line per change in the findings, such as

  new orphan: Glossary/Jitter
  new broken reference: FILE:LINE:COLUMN: reference to Glossary/X ...
  fixed: broken reference in FILE:LINE

then one line saying what the rebuild wrote. Findings are matched as
`check --baseline` matches them (kind, file, target, text; not the line),
so a finding that only moved is not reported.

With --serve PORT, OUTPUT is served on http://127.0.0.1:PORT/ (only on this
machine; 0 picks a free port): graph.html, report.html (report.md as a
page), and the other outputs. An open graph.html or report.html reloads
itself after each rebuild that changed something, keeping the selected
node (the URL hash) or the scroll position. The served graph.html carries
a small reload script and a Content-Security-Policy that allows it; the
file on disk is never changed (docs/watch.md).

Ctrl-C (or SIGTERM) stops watching; outputs are replaced whole, never
half-written.

exit status: 0 stopped with Ctrl-C or SIGTERM; 2 usage error (no such SOURCE, no
glossary in it, a bad option, the port in use); 1 the first build failed.
"""


def add_parser(sub) -> None:
    parser = sub.add_parser("watch", help="rebuild on every save; serve the page that reloads itself",
                            description=HELP, formatter_class=argparse.RawDescriptionHelpFormatter)
    options.add_sources(parser, "glossary trees to read and watch")
    parser.add_argument("-o", "--output", help="output folder (default: the configuration's output, else output)")
    parser.add_argument("--serve", type=_port, metavar="PORT",
                        help="serve OUTPUT on 127.0.0.1:PORT, pages reloading after each rebuild")
    parser.add_argument("--locale", help="locale of a bare glossary folder, e.g. fr or pt-BR")
    parser.add_argument("--base-iri", help="namespace of concept IRIs in the Turtle")
    parser.add_argument("--workers", type=int, help="processes for reading files (default: all cores)")
    options.add_config_options(parser)
    options.add_common(parser, quiet="print only the changes in findings, not a line per rebuild")
    parser.set_defaults(run=run)


def run(args) -> int:
    from ..terminal import safe
    from ..watch import watch

    # The console script turns the cyclic garbage collector off for one-shot
    # commands (cli.run); a process that rebuilds for hours needs it.
    gc.enable()
    chatter = ("built ", "rebuilt ", "watching ")  # what -q leaves out

    def echo(line: str) -> None:
        if not (args.quiet and line.startswith(chatter)):
            print(line, flush=True)

    def serving(url: str) -> None:
        print(f"serving {safe(output)} at {url}graph.html and {url}report.html", flush=True)

    # SIGTERM (a service manager, `kill`) stops as Ctrl-C does: the rebuild
    # under way is abandoned between two whole files, the server closed.
    conf = options.load_config(args)
    sources = options.sources(args, conf, "watch")
    output = args.output if args.output is not None else conf.output or "output"
    base_iri = args.base_iri if args.base_iri is not None else conf.base_iri
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        watch(sources, output, port=args.serve, echo=echo, on_serving=serving, locale=args.locale,
              base_iri=base_iri, workers=args.workers,
              on_wait=lambda message: print(f"gloss-graph watch: {message}", file=sys.stderr, flush=True))
    except KeyboardInterrupt:
        print("gloss-graph watch: stopped", file=sys.stderr, flush=True)
    return 0


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535 (0: any free port)")
    return value
