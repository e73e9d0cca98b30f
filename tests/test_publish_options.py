"""The publishing options: one vocabulary for ``publish`` and ``build
--publish``, checked ranges, and endpoints shown as the user typed them.

``build`` is represented by a bare parser given the options under the
``publish`` prefix, as cli/build.py adds them.
"""
from __future__ import annotations

import argparse
import inspect
import re
from pathlib import Path

import pytest

from gloss_graph import publish as pub
from gloss_graph.cli import publish as cli
from gloss_graph.errors import UsageError
from test_publish import SMALL_TRIPLES, SMALL_TTL, fake_server, store_and_count
from test_publish_cli import assert_clean_failure, gloss_graph

from gloss_graph.cli.options import COMMON

ROOT = Path(__file__).resolve().parents[1]
URL = "http://127.0.0.1:7878/store"


def publish_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gloss-graph")
    cli.add_parser(parser.add_subparsers())
    return parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gloss-graph build")
    cli.add_publish_options(parser, prefix="publish")
    return parser


def parse_publish(*argv):
    return publish_parser().parse_args(["publish", "g.ttl", *argv])


def parse_build(*argv):
    return build_parser().parse_args(list(argv))


def option_strings(parser: argparse.ArgumentParser) -> set[str]:
    actions = parser._actions
    if parser.prog == "gloss-graph":  # the publish subcommand's own parser
        actions = parser._subparsers._group_actions[0].choices["publish"]._actions
    # Leave out the options every command has (cli/options.py), publishing's or not.
    return {s for a in actions for s in a.option_strings if s not in ("-h", "--help", *COMMON)}


# --- one vocabulary -------------------------------------------------------------------


def test_build_has_every_publish_option_under_the_prefix():
    publish = option_strings(publish_parser())
    build = option_strings(build_parser())
    assert {"--endpoint", "--graph", "--default-graph", "--replace", "--append", "--verify",
            "--query-endpoint", "--retries", "--retry-max-time", "--timeout",
            "--allow-insecure-credentials"} == publish
    assert build == {"--publish"} | {
        "--publish-" + s.removeprefix("--") for s in publish - {"--endpoint"}}


# Each publish option with a value, and the keyword argument it must give.
EVERY_OPTION = [
    (["--graph", "urn:x:g"], {"graph": "urn:x:g"}),
    (["--default-graph"], {"default_graph": True}),
    (["--replace"], {"replace": True}),
    (["--append"], {"replace": False}),
    (["--verify"], {"verify": True}),
    (["--query-endpoint", "http://127.0.0.1:7878/sparql"],
     {"query_endpoint": "http://127.0.0.1:7878/sparql"}),
    (["--retries", "7"], {"retries": 7}),
    (["--retry-max-time", "42.5"], {"retry_max_time": 42.5}),
    (["--timeout", "9"], {"timeout": 9.0}),
    (["--allow-insecure-credentials"], {"allow_insecure_credentials": True}),
]


def defaults() -> dict:
    """publish()'s own defaults, read from its signature."""
    return {name: p.default for name, p in inspect.signature(pub.publish).parameters.items()
            if name in cli.KEYWORDS}


def test_the_defaults_are_publishs_own():
    assert set(defaults()) == set(cli.KEYWORDS)
    assert cli.publish_kwargs(parse_publish("--endpoint", URL)) == {"endpoint": URL, **defaults()}
    assert cli.publish_kwargs(parse_build("--publish", URL), "publish") == {
        "endpoint": URL, **defaults()}


@pytest.mark.parametrize("argv, expected", EVERY_OPTION, ids=lambda v: str(v))
def test_each_option_means_the_same_on_build_and_publish(argv, expected):
    prefixed = ["--publish-" + argv[0].removeprefix("--"), *argv[1:]]
    want = {"endpoint": URL, **defaults(), **expected}
    assert cli.publish_kwargs(parse_publish("--endpoint", URL, *argv)) == want
    assert cli.publish_kwargs(parse_build("--publish", URL, *prefixed), "publish") == want


def test_all_options_at_once_reach_publish():
    argv = [a for option, _ in EVERY_OPTION if option[0] not in ("--default-graph", "--replace")
            for a in option]
    kwargs = cli.publish_kwargs(parse_publish("--endpoint", URL, *argv))
    assert kwargs == {
        "endpoint": URL, "graph": "urn:x:g", "default_graph": False, "replace": False,
        "verify": True, "query_endpoint": "http://127.0.0.1:7878/sparql", "retries": 7,
        "retry_max_time": 42.5, "timeout": 9.0, "allow_insecure_credentials": True,
    }
    # And they are what publish() accepts: no keyword it would refuse.
    inspect.signature(pub.publish).bind("g.ttl", **kwargs)


def test_build_without_publish_gives_no_kwargs():
    assert cli.publish_kwargs(parse_build(), "publish") is None


@pytest.mark.parametrize("argv, named", [
    (["--publish-graph", "urn:x:g"], "--publish-graph"),
    (["--publish-default-graph"], "--publish-default-graph"),
    (["--publish-append"], "--publish-append"),
    (["--publish-replace"], "--publish-replace"),
    (["--publish-verify", "--publish-retries", "0"], "--publish-verify, --publish-retries"),
    (["--publish-allow-insecure-credentials"], "--publish-allow-insecure-credentials"),
])
def test_a_publish_option_without_publish_is_a_usage_error(argv, named):
    args = parse_build(*argv)
    with pytest.raises(UsageError) as caught:
        cli.check_publish_options(args, "publish")
    assert str(caught.value) == f"{named} given without --publish URL"
    with pytest.raises(UsageError):  # publish_kwargs checks too
        cli.publish_kwargs(args, "publish")


@pytest.mark.parametrize("argv", [
    ["--publish-graph", "urn:x:g", "--publish-default-graph"],
    ["--publish-replace", "--publish-append"],
])
def test_conflicting_prefixed_options_are_refused_by_the_parser(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        parse_build("--publish", URL, *argv)
    assert caught.value.code == 2
    assert "not allowed with argument" in capsys.readouterr().err


# --- ranges -----------------------------------------------------------------------------


@pytest.mark.parametrize("option, value, words", [
    ("retries", "1001", "must be from 0 to 1000"),
    ("retries", "-1", "must be from 0 to 1000"),
    ("retries", "99999999999999999999999999999", "must be from 0 to 1000"),
    ("retries", "1e3", "not a whole number: '1e3'"),
    ("retries", "9" * 5000, "not a whole number: '" + "9" * 37 + "...'"),
    ("retry-max-time", "1e400", "must be from 0 to 86400 seconds"),
    ("retry-max-time", "-1", "must be from 0 to 86400 seconds"),
    ("retry-max-time", "nan", "must be from 0 to 86400 seconds"),
    ("retry-max-time", "soon", "not a number of seconds: 'soon'"),
    ("timeout", "0", "must be more than 0 and at most 86400 seconds"),
    ("timeout", "1e12", "must be more than 0 and at most 86400 seconds"),
    ("timeout", "inf", "must be more than 0 and at most 86400 seconds"),
    ("timeout", "nan", "must be more than 0 and at most 86400 seconds"),
    ("timeout", "1\n::error::x", "not a number of seconds: '1\\n::error::x'"),
])
@pytest.mark.parametrize("command", ["publish", "build"])
def test_out_of_range_values_are_one_line_argument_errors(command, option, value, words, capsys):
    with pytest.raises(SystemExit) as caught:
        if command == "publish":
            parse_publish("--endpoint", URL, f"--{option}", value)
        else:
            parse_build("--publish", URL, f"--publish-{option}", value)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    flag = f"--{option}" if command == "publish" else f"--publish-{option}"
    assert err.splitlines()[-1].endswith(f"error: argument {flag}: {words}")


def test_the_command_refuses_a_huge_retry_count_in_one_line(tmp_path):
    done = gloss_graph(str(tmp_path / "g.ttl"), "--endpoint", URL, "--retries", "1" + "0" * 30)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert done.stderr.splitlines()[-1] == (
        "gloss-graph publish: error: argument --retries: must be from 0 to 1000")


# --- the endpoint as typed -------------------------------------------------------------


@pytest.fixture
def small_ttl(tmp_path):
    path = tmp_path / "small.ttl"
    path.write_text(SMALL_TTL, encoding="utf-8")
    return path


@pytest.mark.parametrize("typed, message", [
    ("localhost:7878/store", "endpoint must be an http:// or https:// URL, got "
     "'localhost:7878/store' (did you mean http://localhost:7878/store?)"),
    ("127.0.0.1:7878/store", "endpoint must be an http:// or https:// URL, got "
     "'127.0.0.1:7878/store' (did you mean http://127.0.0.1:7878/store?)"),
    ("//db.example.org/store", "endpoint must be an http:// or https:// URL, got "
     "'//db.example.org/store' (did you mean http://db.example.org/store?)"),
    ("alice:pw-SECRET@localhost:7878/store", "endpoint must be an http:// or https:// URL, "
     "got 'localhost:7878/store' (did you mean http://localhost:7878/store?)"),
    ("ftp://127.0.0.1/store", "endpoint must be an http:// or https:// URL, got "
     "'ftp://127.0.0.1/store'"),
    ("ftp://alice:pw-SECRET@127.0.0.1/store", "endpoint must be an http:// or https:// URL, "
     "got 'ftp://127.0.0.1/store'"),
    ("http:///store", "endpoint must be an http:// or https:// URL, got 'http:///store'"),
    ("localhost:7878/store?api_key=SECRET#x", "endpoint must be an http:// or https:// URL, "
     "got 'localhost:7878/store' (did you mean http://localhost:7878/store?)"),
    ("http://127.0.0.1:port/store?pw=SECRET", "endpoint has a bad port: "
     "'http://127.0.0.1:port/store'"),
    ("HTTP://127.0.0.1:port/store", "endpoint has a bad port: 'HTTP://127.0.0.1:port/store'"),
    ("http://alice:pw/SECRET@127.0.0.1/store", "endpoint has a bad port: "
     "'http://127.0.0.1/store'"),
    ("localhost:7878/st\u202eore", "endpoint must be an http:// or https:// URL, got "
     "'localhost:7878/st\\u202eore' (did you mean http://localhost:7878/st\\u202eore?)"),
    ("http://127.0.0.1:x\x9b/store", "endpoint has a bad port: 'http://127.0.0.1:x\\x9b/store'"),
])
def test_a_bad_endpoint_is_shown_as_typed_without_credentials(small_ttl, typed, message):
    with pytest.raises(UsageError) as caught:
        pub.publish(small_ttl, typed, env={})
    assert str(caught.value) == message
    assert "SECRET" not in str(caught.value) and "pw" not in str(caught.value)


def test_a_bad_query_endpoint_is_named_as_such(small_ttl):
    with pytest.raises(UsageError) as caught:
        pub.publish(small_ttl, URL, verify=True, query_endpoint="localhost:7878/query", env={})
    assert str(caught.value) == (
        "query endpoint must be an http:// or https:// URL, got 'localhost:7878/query' "
        "(did you mean http://localhost:7878/query?)")


def test_the_command_shows_the_endpoint_as_typed(small_ttl):
    done = gloss_graph(str(small_ttl), "--endpoint", "localhost:7878/store")
    line = assert_clean_failure(done, status=2)
    assert line == (
        "gloss-graph publish: error: endpoint must be an http:// or https:// URL, got "
        "'localhost:7878/store' (did you mean http://localhost:7878/store?)")


@pytest.mark.server
def test_the_command_passes_every_option_through(small_ttl):
    with fake_server(store_and_count(SMALL_TRIPLES)) as (base, received):
        done = gloss_graph(str(small_ttl), "--endpoint", f"{base}/store", "--default-graph",
                           "--append", "--verify", "--query-endpoint", f"{base}/query",
                           "--retries", "0", "--retry-max-time", "1", "--timeout", "5")
    assert done.returncode == 0, done.stderr
    upload, count = received.requests
    assert (upload["method"], upload["path"]) == ("POST", "/store?default")
    assert count["path"] == "/query"
    assert done.stdout == (
        f"published {SMALL_TRIPLES} triples from {small_ttl} to {base}/store, the default "
        f"graph (appended); verified: the server holds {SMALL_TRIPLES}\n")


# --- the option table in docs/publishing.md ---------------------------------------------


def test_the_docs_table_lists_every_option_of_both_commands():
    text = (ROOT / "docs" / "publishing.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| `(--[a-z-]+)[^`]*` \| `(--[a-z-]+)[^`]*` \|", text, re.M)
    assert {publish for publish, _ in rows} == option_strings(publish_parser())
    assert {build for _, build in rows} == option_strings(build_parser())
    assert all(build in ("--publish", "--publish-" + publish.removeprefix("--"))
               for publish, build in rows)


def test_an_unclosed_ipv6_bracket_is_a_usage_error(small_ttl):
    with pytest.raises(UsageError) as caught:
        pub.publish(small_ttl, "http://[::1/store", env={})
    assert str(caught.value) == "endpoint is not a URL: 'http://[::1/store'"
