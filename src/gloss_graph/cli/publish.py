"""``gloss-graph publish``: put a Turtle file into a SPARQL store.

The publishing options are one vocabulary, shared with ``gloss-graph build
--publish URL`` (docs/publishing.md has the table):

- ``add_publish_options(parser, prefix)`` adds them to a parser: as they are
  for ``publish`` (``--endpoint``, ``--graph``, ...), or under a prefix for
  ``build`` (``--publish`` for the endpoint, ``--publish-graph``, ...);
- ``publish_kwargs(args, prefix)`` turns the parsed arguments into the
  keyword arguments of ``gloss_graph.publish.publish``;
- ``check_publish_options(args, prefix)`` refuses prefixed options given
  without the endpoint (``--publish-graph`` without ``--publish``).
"""
from __future__ import annotations

import argparse

from .. import publish_settings as publishing
from ..errors import UsageError
from ..terminal import safe
from . import options

# The keyword arguments of publishing.publish() that are options, in the
# order --help lists them. Each option's dest is its keyword (with the
# prefix: publish_graph).
KEYWORDS = (
    "graph", "default_graph", "replace", "verify", "query_endpoint",
    "retries", "retry_max_time", "timeout", "allow_insecure_credentials",
)

# Their defaults. publish() has the same ones; set here too so that `publish`
# --help and its parsed arguments show them.
DEFAULTS = {
    "graph": None,
    "default_graph": False,
    "replace": True,
    "verify": False,
    "query_endpoint": None,
    "retries": publishing.DEFAULT_RETRIES,
    "retry_max_time": publishing.DEFAULT_RETRY_MAX_TIME,
    "timeout": publishing.DEFAULT_TIMEOUT,
    "allow_insecure_credentials": False,
}


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
            "(basic auth). They go only to the endpoint's own scheme, host and port, "
            "and over plain http:// only to this machine (localhost, 127.0.0.0/8, ::1) "
            "unless --allow-insecure-credentials is given."
        ),
    )
    parser.add_argument("ttl", metavar="TTL", help="the Turtle file to upload")
    add_publish_options(parser)
    options.add_common(parser, quiet="print nothing when the upload succeeds")
    parser.set_defaults(run=run)
    return parser


def run(args: argparse.Namespace) -> int:
    from .. import publish as publishing

    result = publishing.publish(args.ttl, **publish_kwargs(args))
    if not args.quiet:
        print(publishing.describe(result))
    return 0


# --- the shared vocabulary ----------------------------------------------------


def add_publish_options(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    """Add the publishing options to ``parser``.

    Without a prefix (``publish``): ``--endpoint URL`` (required),
    ``--graph``, ``--default-graph``, ``--replace``, ``--append``,
    ``--verify``, ``--query-endpoint``, ``--retries``, ``--retry-max-time``,
    ``--timeout``, ``--allow-insecure-credentials``, with their defaults.

    With a prefix, say ``"publish"`` (``build``): ``--publish URL`` (not
    required) and ``--publish-graph``, ``--publish-default-graph``, ...,
    in their own --help section. Their dests are ``publish`` and
    ``publish_graph``, ...; they default to None, so that
    ``check_publish_options`` can tell which were given.
    """
    def flag(name: str) -> str:
        return f"--{prefix}-{name}" if prefix else f"--{name}"

    def dest(keyword: str) -> str:
        return _dest(prefix, keyword)

    group = parser
    if prefix:
        group = parser.add_argument_group(
            "publishing",
            f"{_endpoint_flag(prefix)} URL uploads the Turtle afterwards; {flag('X')} is "
            "`gloss-graph publish`'s --X (see docs/publishing.md)",
        )
        group.add_argument(
            _endpoint_flag(prefix), dest=prefix, metavar="URL",
            help="Graph Store endpoint to upload to, e.g. http://localhost:7878/store",
        )
    else:
        group.add_argument(
            "--endpoint", required=True, metavar="URL",
            help="Graph Store endpoint, e.g. http://localhost:7878/store (Oxigraph)",
        )
    target = group.add_mutually_exclusive_group()
    target.add_argument(
        flag("graph"), dest=dest("graph"), metavar="IRI",
        help=f"named graph to write (default: {publishing.DEFAULT_GRAPH_IRI})",
    )
    target.add_argument(
        flag("default-graph"), dest=dest("default_graph"), action="store_const", const=True,
        help="write the store's default graph",
    )
    mode = group.add_mutually_exclusive_group()
    mode.add_argument(
        flag("replace"), dest=dest("replace"), action="store_const", const=True,
        help="replace the graph with the file (HTTP PUT; the default)",
    )
    mode.add_argument(
        flag("append"), dest=dest("replace"), action="store_const", const=False,
        help="add the file's triples to the graph (HTTP POST)",
    )
    group.add_argument(
        flag("verify"), dest=dest("verify"), action="store_const", const=True,
        help="count the graph's triples on the server afterwards; fail if they differ",
    )
    group.add_argument(
        flag("query-endpoint"), dest=dest("query_endpoint"), metavar="URL",
        help="SPARQL query endpoint to verify with (worked out for Oxigraph, Fuseki, GraphDB)",
    )
    group.add_argument(
        flag("retries"), dest=dest("retries"), type=_retries, metavar="N",
        help=f"tries again after a 5xx answer or a dropped connection, 0 to "
             f"{publishing.MAX_RETRIES} times (default: {publishing.DEFAULT_RETRIES}), "
             f"waiting {publishing.DEFAULT_BACKOFF:g} s, then twice as long each time, "
             f"at most {publishing.MAX_RETRY_WAIT} s",
    )
    group.add_argument(
        flag("retry-max-time"), dest=dest("retry_max_time"), type=_retry_max_time,
        metavar="SECONDS",
        help=f"start no try later than this after the first failure "
             f"(default: {publishing.DEFAULT_RETRY_MAX_TIME})",
    )
    group.add_argument(
        flag("timeout"), dest=dest("timeout"), type=_timeout, metavar="SECONDS",
        help=f"give up on a connect, read or write after this long "
             f"(default: {publishing.DEFAULT_TIMEOUT})",
    )
    group.add_argument(
        flag("allow-insecure-credentials"), dest=dest("allow_insecure_credentials"),
        action="store_const", const=True,
        help="send credentials over plain http:// to another machine (anyone on the way "
             "can read them)",
    )
    if not prefix:
        parser.set_defaults(**DEFAULTS)


def publish_kwargs(args: argparse.Namespace, prefix: str = "") -> dict | None:
    """The keyword arguments of ``publishing.publish(ttl, **kwargs)`` from
    arguments parsed with ``add_publish_options(parser, prefix)``: the
    endpoint and every option, defaults filled in. None when the endpoint
    was not given (``build`` without ``--publish``). Calls
    ``check_publish_options`` first."""
    check_publish_options(args, prefix)
    endpoint = getattr(args, prefix or "endpoint")
    if endpoint is None:
        return None
    kwargs = {"endpoint": endpoint}
    for keyword in KEYWORDS:
        value = getattr(args, _dest(prefix, keyword))
        kwargs[keyword] = DEFAULTS[keyword] if value is None else value
    return kwargs


def check_publish_options(args: argparse.Namespace, prefix: str = "") -> None:
    """Raise ``UsageError`` when options with ``prefix`` were given without
    the endpoint (``--publish-graph`` without ``--publish``): they would
    otherwise be silently ignored."""
    if not prefix or getattr(args, prefix) is not None:
        return
    given = [_given_flag(prefix, keyword, getattr(args, _dest(prefix, keyword)))
             for keyword in KEYWORDS if getattr(args, _dest(prefix, keyword)) is not None]
    if given:
        raise UsageError(f"{', '.join(given)} given without {_endpoint_flag(prefix)} URL")


def _dest(prefix: str, keyword: str) -> str:
    return f"{prefix}_{keyword}" if prefix else keyword


def _endpoint_flag(prefix: str) -> str:
    return f"--{prefix}"


def _given_flag(prefix: str, keyword: str, value) -> str:
    # --append stores replace=False: name the flag that was typed.
    name = "append" if keyword == "replace" and value is False else keyword.replace("_", "-")
    return f"--{prefix}-{name}"


# --- values -----------------------------------------------------------------
# Each a one-line error for argparse; ranges checked here so that a huge
# value is refused before it could overflow a timer.


def _retries(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {_quoted(text)}") from None
    if not 0 <= value <= publishing.MAX_RETRIES:
        raise argparse.ArgumentTypeError(f"must be from 0 to {publishing.MAX_RETRIES}")
    return value


def _timeout(text: str) -> float:
    value = _number(text)
    if not 0 < value <= publishing.MAX_TIMEOUT:  # also rejects nan
        raise argparse.ArgumentTypeError(
            f"must be more than 0 and at most {publishing.MAX_TIMEOUT} seconds")
    return value


def _retry_max_time(text: str) -> float:
    value = _number(text)
    if not 0 <= value <= publishing.MAX_RETRY_MAX_TIME:  # also rejects nan
        raise argparse.ArgumentTypeError(
            f"must be from 0 to {publishing.MAX_RETRY_MAX_TIME} seconds")
    return value


def _number(text: str) -> float:
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {_quoted(text)}") from None


def _quoted(text: str, limit: int = 40) -> str:
    text = text if len(text) <= limit else text[: limit - 3] + "..."
    return f"'{safe(text)}'"
