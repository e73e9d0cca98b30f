"""Publishing over the Graph Store Protocol, against small fake servers.

The fake servers are ``http.server`` instances on 127.0.0.1 in a thread;
each test says how its server answers and reads back what it received.
The real store is exercised in ``test_publish_oxigraph.py``.
"""
from __future__ import annotations

import argparse
import json
import socket
import threading
import tracemalloc
import urllib.parse
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from gloss_graph import publish as pub
from gloss_graph.cli import publish as cli_publish
from gloss_graph.errors import GlossGraphError, UsageError

SMALL_TTL = """\
@prefix ex: <https://example.org/> .
ex:a ex:p ex:b .
ex:a ex:p "one" .
ex:a ex:p ex:b .
_:n ex:q ex:a .
"""
SMALL_TRIPLES = 3  # the repeated triple counts once

NO_AUTH: dict[str, str] = {}


@pytest.fixture
def small_ttl(tmp_path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL_TTL, encoding="utf-8")
    return path


# --- a fake Graph Store -------------------------------------------------------


class Received:
    """What a fake server saw: one dict per request."""

    def __init__(self):
        self.requests: list[dict] = []
        self.lock = threading.Lock()

    def add(self, **fields):
        with self.lock:
            self.requests.append(fields)


def read_body(handler, limit: int | None = None) -> bytes:
    """Read the request body in chunks, up to ``limit`` bytes."""
    length = int(handler.headers.get("Content-Length", 0))
    if limit is not None:
        length = min(length, limit)
    chunks, left = [], length
    while left:
        chunk = handler.rfile.read(min(left, 65536))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def reply(handler, status: int, body: bytes = b"", headers: dict | None = None):
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


@contextmanager
def fake_server(respond):
    """Serve on 127.0.0.1; ``respond(handler, received, number)`` answers the
    request (``number`` counts from 1). Yields (base URL, Received)."""
    received = Received()
    counter = iter(range(1, 1_000_000))

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def handle_any(self):
            respond(self, received, next(counter))

        do_PUT = do_POST = do_GET = handle_any

        def log_message(self, *args):  # keep test output quiet
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", received
    finally:
        server.shutdown()
        server.server_close()


def record(handler, received, body: bytes):
    received.add(
        method=handler.command,
        path=handler.path,
        headers={k.lower(): v for k, v in handler.headers.items()},
        body=body,
    )


def accept(status: int = 204):
    def respond(handler, received, number):
        record(handler, received, read_body(handler))
        reply(handler, status)
    return respond


def store_and_count(count: int):
    """A Graph Store at /store that takes anything and a query endpoint at
    /query that answers every COUNT with ``count``."""
    def respond(handler, received, number):
        body = read_body(handler)
        record(handler, received, body)
        if handler.path.startswith("/query"):
            answer = {"head": {"vars": ["n"]}, "results": {"bindings": [
                {"n": {"type": "literal", "value": str(count),
                       "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}
            reply(handler, 200, json.dumps(answer).encode(),
                  {"Content-Type": "application/sparql-results+json"})
        else:
            reply(handler, 204)
    return respond


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def assert_one_line(message: str):
    assert message and "\n" not in message and "\r" not in message, message


# --- endpoints, graphs and credentials (no network) ---------------------------


@pytest.mark.parametrize("store, query", [
    ("http://localhost:7878/store", "http://localhost:7878/query"),  # Oxigraph
    ("http://localhost:3030/glossary/data", "http://localhost:3030/glossary/query"),  # Fuseki
    ("http://localhost:7200/repositories/gloss/rdf-graphs/service",
     "http://localhost:7200/repositories/gloss"),  # GraphDB, RDF4J
    ("https://db.example.org/base/store/", "https://db.example.org/base/query"),
])
def test_query_endpoint_is_derived_for_known_stores(store, query):
    assert pub.derive_query_endpoint(store) == query


def test_query_endpoint_of_an_unknown_layout_must_be_given():
    with pytest.raises(UsageError, match="--query-endpoint"):
        pub.derive_query_endpoint("http://localhost:8890/sparql-graph-crud")


def test_bearer_token_from_the_environment():
    assert pub.auth_header({pub.ENV_TOKEN: "abc.def"}) == "Bearer abc.def"


def test_basic_auth_from_the_environment():
    # base64("user:pass") is the RFC 7617 example encoding.
    env = {pub.ENV_USER: "user", pub.ENV_PASSWORD: "pass"}
    assert pub.auth_header(env) == "Basic dXNlcjpwYXNz"


def test_no_credentials_no_header():
    assert pub.auth_header({}) is None
    assert pub.auth_header({pub.ENV_TOKEN: ""}) is None


@pytest.mark.parametrize("env", [
    {pub.ENV_TOKEN: "tok-SECRET", pub.ENV_USER: "u", pub.ENV_PASSWORD: "pw-SECRET"},
    {pub.ENV_PASSWORD: "pw-SECRET"},
    {pub.ENV_USER: "u"},
    {pub.ENV_TOKEN: "tok-SECRET\r\nX-Injected: 1"},
])
def test_inconsistent_credentials_are_refused_without_showing_them(env):
    with pytest.raises(UsageError) as caught:
        pub.auth_header(env)
    assert "SECRET" not in str(caught.value)
    assert "GLOSS_GRAPH_SPARQL_" in str(caught.value)


def test_credentials_in_the_endpoint_url_are_refused_without_showing_them(small_ttl):
    with pytest.raises(UsageError) as caught:
        pub.publish(small_ttl, "http://alice:pw-SECRET@127.0.0.1:1/store", env=NO_AUTH)
    assert "pw-SECRET" not in str(caught.value)
    assert pub.ENV_TOKEN in str(caught.value)


@pytest.mark.parametrize("endpoint", [
    "ftp://127.0.0.1/store",
    "127.0.0.1:7878/store",
    "http:///store",
    "http://127.0.0.1:port/store",
    "http://127.0.0.1:7878/store?graph=https://example.org/g",
])
def test_unusable_endpoints_are_usage_errors(small_ttl, endpoint):
    with pytest.raises(UsageError):
        pub.publish(small_ttl, endpoint, env=NO_AUTH)


@pytest.mark.parametrize("iri", [
    "not an iri", "relative/path", "https://example.org/a>b", "https://example.org/{x}", "",
])
def test_graph_iris_that_could_break_a_request_are_refused(small_ttl, iri):
    with pytest.raises(UsageError):
        pub.publish(small_ttl, "http://127.0.0.1:1/store", graph=iri, env=NO_AUTH)


def test_graph_and_default_graph_exclude_each_other(small_ttl):
    with pytest.raises(UsageError):
        pub.publish(small_ttl, "http://127.0.0.1:1/store", graph="urn:x:g",
                    default_graph=True, env=NO_AUTH)


def test_server_message_is_the_first_non_blank_line_trimmed():
    body = b"\n\n  Parser error at line 3:   bad   token \nsecond line\n"
    assert pub.server_message(body) == "Parser error at line 3: bad token"


def test_server_message_drops_html_markup():
    body = (b"<html><head><title>T</title><style>p{}</style></head>"
            b"<body><h1>Error 401 Unauthorized</h1><p>more</p></body></html>")
    assert pub.server_message(body, "text/html") == "Error 401 Unauthorized"


def test_server_message_is_cut_to_a_bounded_length():
    message = pub.server_message(b"x" * 5000)
    assert len(message) == pub.MESSAGE_LIMIT and message.endswith("...")


def test_triples_are_counted_once_each(small_ttl):
    with small_ttl.open("rb") as body:
        assert pub.count_triples(body, small_ttl) == SMALL_TRIPLES


def test_a_folder_is_not_a_turtle_file(tmp_path):
    with pytest.raises(UsageError, match="cannot read"):
        pub.publish(tmp_path, "http://127.0.0.1:1/store", env=NO_AUTH)


def test_bad_turtle_names_file_and_line_and_is_not_sent(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <https://example.org/> .\nex:a ex:p ex:b .\nex:c ex:p\n")
    with fake_server(accept()) as (base, received):
        with pytest.raises(GlossGraphError) as caught:
            pub.publish(bad, f"{base}/store", env=NO_AUTH)
    assert str(caught.value).startswith(f"{bad}:4: not valid Turtle")
    assert received.requests == []


def test_missing_file_is_a_usage_error(tmp_path):
    with pytest.raises(UsageError, match="no such file"):
        pub.publish(tmp_path / "absent.ttl", "http://127.0.0.1:1/store", env=NO_AUTH)


def test_unknown_host_is_a_clean_error(small_ttl, monkeypatch):
    # No real DNS lookup: make name resolution fail the way it does for a
    # host that does not exist.
    def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
    monkeypatch.setattr(socket, "getaddrinfo", no_such_host)
    with pytest.raises(pub.ConnectionFailed) as caught:
        pub.publish(small_ttl, "http://glossary-store.invalid:7878/store", env=NO_AUTH)
    message = str(caught.value)
    assert_one_line(message)
    assert "http://glossary-store.invalid:7878/store" in message
    assert "cannot resolve the host name (Name or service not known)" in message


# --- the request that goes out -----------------------------------------------


@pytest.mark.server
def test_replace_puts_the_file_to_the_default_graph_iri(small_ttl):
    with fake_server(accept(201)) as (base, received):
        result = pub.publish(small_ttl, f"{base}/store", env=NO_AUTH)
    [request] = received.requests
    assert request["method"] == "PUT"
    graph = urllib.parse.quote(pub.DEFAULT_GRAPH_IRI, safe="")
    assert request["path"] == f"/store?graph={graph}"
    assert request["headers"]["content-type"] == "text/turtle"
    assert request["headers"]["content-length"] == str(small_ttl.stat().st_size)
    assert "authorization" not in request["headers"]
    assert "transfer-encoding" not in request["headers"]
    assert request["body"] == small_ttl.read_bytes()
    assert (result.method, result.status, result.graph) == ("PUT", 201, pub.DEFAULT_GRAPH_IRI)
    assert (result.triples, result.bytes_sent, result.attempts) == (
        SMALL_TRIPLES, small_ttl.stat().st_size, 1)
    assert result.endpoint == f"{base}/store"


@pytest.mark.server
def test_append_posts_to_a_named_graph_percent_encoded(small_ttl):
    graph = "https://example.org/graphs/glossary?v=1#all"
    with fake_server(accept()) as (base, received):
        pub.publish(small_ttl, f"{base}/store", graph=graph, replace=False, env=NO_AUTH)
    [request] = received.requests
    assert request["method"] == "POST"
    assert request["path"] == (
        "/store?graph=https%3A%2F%2Fexample.org%2Fgraphs%2Fglossary%3Fv%3D1%23all")


@pytest.mark.server
def test_default_graph_uses_the_default_parameter(small_ttl):
    with fake_server(accept()) as (base, received):
        result = pub.publish(small_ttl, f"{base}/store", default_graph=True, env=NO_AUTH)
    assert received.requests[0]["path"] == "/store?default"
    assert result.graph is None


@pytest.mark.server
def test_endpoint_query_parameters_are_kept(small_ttl):
    with fake_server(accept()) as (base, received):
        pub.publish(small_ttl, f"{base}/store?tenant=docs", default_graph=True, env=NO_AUTH)
    assert received.requests[0]["path"] == "/store?tenant=docs&default"


@pytest.mark.server
def test_a_non_ascii_endpoint_path_is_percent_encoded(small_ttl):
    with fake_server(accept()) as (base, received):
        pub.publish(small_ttl, f"{base}/données/store", default_graph=True, env=NO_AUTH)
    assert received.requests[0]["path"] == "/donn%C3%A9es/store?default"


@pytest.mark.parametrize("endpoint", ["http://127.0.0.1:1/my store", "http://127.0.0.1:1/a\tb"])
def test_spaces_in_the_endpoint_are_usage_errors(small_ttl, endpoint):
    with pytest.raises(UsageError, match="spaces or control characters"):
        pub.publish(small_ttl, endpoint, env=NO_AUTH)


@pytest.mark.server
@pytest.mark.parametrize("env, header", [
    ({pub.ENV_TOKEN: "t0ken-123"}, "Bearer t0ken-123"),
    ({pub.ENV_USER: "user", pub.ENV_PASSWORD: "pass"}, "Basic dXNlcjpwYXNz"),
])
def test_credentials_from_the_environment_are_sent(small_ttl, env, header):
    with fake_server(accept()) as (base, received):
        pub.publish(small_ttl, f"{base}/store", env=env)
    assert received.requests[0]["headers"]["authorization"] == header


@pytest.mark.server
def test_the_upload_streams_the_file_not_reads_it_whole(tmp_path, monkeypatch):
    # 16 MiB sent with Python's allocations peaking far below that. Parsing
    # is left out of the measurement (it keeps the file's distinct triples,
    # by design): this is about the upload alone.
    size = 16 * 1024 * 1024
    big = tmp_path / "big.ttl"
    line = b'<https://example.org/a> <https://example.org/p> "%08d" .\n'
    with big.open("wb") as out:
        out.write(b"".join(line % i for i in range(size // len(line % 0))))
    monkeypatch.setattr(pub, "count_triples", lambda body, name: 0)

    seen = []

    def discard(handler, received, number):
        total = 0
        left = int(handler.headers["Content-Length"])
        while left:
            chunk = handler.rfile.read(min(left, 65536))
            if not chunk:
                break
            total += len(chunk)
            left -= len(chunk)
        seen.append(total)
        reply(handler, 204)

    with fake_server(discard) as (base, _):
        tracemalloc.start()
        try:
            result = pub.publish(big, f"{base}/store", env=NO_AUTH)
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    assert seen == [big.stat().st_size] == [result.bytes_sent]
    assert peak < size // 16, f"peak {peak} bytes while sending {size}"


# --- failures -----------------------------------------------------------------


@pytest.mark.server
def test_closed_port_is_a_clean_error(small_ttl):
    port = closed_port()
    with pytest.raises(pub.ConnectionFailed) as caught:
        pub.publish(small_ttl, f"http://127.0.0.1:{port}/store", env=NO_AUTH)
    message = str(caught.value)
    assert_one_line(message)
    assert message.startswith(f"could not publish to http://127.0.0.1:{port}/store, graph <")
    assert "connection refused" in message


@pytest.mark.server
def test_400_names_endpoint_and_the_servers_first_line_and_is_not_retried(small_ttl):
    def refuse(handler, received, number):
        record(handler, received, read_body(handler))
        reply(handler, 400, b"Parser error at line 2 column 9: unexpected '.'\nat parse()\n",
              {"Content-Type": "text/plain"})

    with fake_server(refuse) as (base, received):
        with pytest.raises(pub.ServerRefused) as caught:
            pub.publish(small_ttl, f"{base}/store", graph="urn:x:g", retries=3, backoff=0,
                        env=NO_AUTH)
    message = str(caught.value)
    assert_one_line(message)
    assert message == (
        f"could not publish to {base}/store, graph <urn:x:g>: server answered "
        "400 Bad Request: Parser error at line 2 column 9: unexpected '.'"
    )
    assert len(received.requests) == 1


@pytest.mark.server
def test_5xx_is_retried_until_it_works(small_ttl):
    def flaky(handler, received, number):
        record(handler, received, read_body(handler))
        if number < 3:
            reply(handler, 503, b"loading, try again")
        else:
            reply(handler, 204)

    with fake_server(flaky) as (base, received):
        result = pub.publish(small_ttl, f"{base}/store", retries=3, backoff=0, env=NO_AUTH)
    assert result.attempts == 3 and result.status == 204
    assert len(received.requests) == 3
    # Each try sends the whole file again, not what was left of it.
    assert all(r["body"] == small_ttl.read_bytes() for r in received.requests)


@pytest.mark.server
def test_5xx_gives_up_after_the_retries(small_ttl):
    def broken(handler, received, number):
        record(handler, received, read_body(handler))
        reply(handler, 500, b"<html><body><h1>Internal error: disk full</h1></body></html>",
              {"Content-Type": "text/html"})

    with fake_server(broken) as (base, received):
        with pytest.raises(pub.ServerRefused) as caught:
            pub.publish(small_ttl, f"{base}/store", retries=2, backoff=0, env=NO_AUTH)
    message = str(caught.value)
    assert_one_line(message)
    assert message.endswith(
        "server answered 500 Internal Server Error: Internal error: disk full (after 3 attempts)")
    assert len(received.requests) == 3


@pytest.mark.server
def test_connection_dropped_mid_upload_is_retried_then_a_clean_error(tmp_path):
    big = tmp_path / "big.ttl"
    line = '<https://example.org/a> <https://example.org/p> "%s" .\n'
    big.write_text("".join(line % i for i in range(100_000)), encoding="ascii")

    def hang_up(handler, received, number):
        # Read a little of the body, then close without answering: a server
        # stopped, or a proxy giving up, mid-upload.
        record(handler, received, read_body(handler, limit=4096))
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    with fake_server(hang_up) as (base, received):
        with pytest.raises(pub.ConnectionFailed) as caught:
            pub.publish(big, f"{base}/store", retries=1, backoff=0, env=NO_AUTH)
    message = str(caught.value)
    assert_one_line(message)
    assert message == (
        f"could not publish to {base}/store, graph <{pub.DEFAULT_GRAPH_IRI}>: "
        "the server closed the connection before answering (after 2 attempts)"
    )
    assert [len(r["body"]) for r in received.requests] == [4096, 4096]


@pytest.mark.server
def test_a_server_that_never_answers_times_out_without_retrying(small_ttl):
    release = threading.Event()

    def silent(handler, received, number):
        record(handler, received, read_body(handler))
        release.wait(10)

    with fake_server(silent) as (base, received):
        try:
            with pytest.raises(pub.ConnectionFailed) as caught:
                pub.publish(small_ttl, f"{base}/store", timeout=0.3, retries=3, backoff=0,
                            env=NO_AUTH)
        finally:
            release.set()
    assert_one_line(str(caught.value))
    assert "no answer in time" in str(caught.value)
    assert len(received.requests) == 1


@pytest.mark.server
def test_redirects_are_reported_not_followed(small_ttl):
    def moved(handler, received, number):
        record(handler, received, read_body(handler))
        reply(handler, 308, b"", {"Location": "https://store.example.org/store"})

    with fake_server(moved) as (base, received):
        with pytest.raises(pub.ServerRefused) as caught:
            pub.publish(small_ttl, f"{base}/store", env={pub.ENV_TOKEN: "tok-123"})
    assert "308 Permanent Redirect to https://store.example.org/store (not followed" in str(
        caught.value)
    assert len(received.requests) == 1


@pytest.mark.server
@pytest.mark.parametrize("status, location, shown", [
    (307, "/db/store", "307 Temporary Redirect to /db/store (not"),  # relative: as sent
    # Not a URL urlsplit can take (an unclosed IPv6 bracket): still shown,
    # without its query string, and no traceback.
    (301, "http://[::1/store?key=k-123", "301 Moved Permanently to http://[::1/store (not"),
])
def test_a_redirect_target_is_shown(small_ttl, status, location, shown):
    def moved(handler, received, number):
        read_body(handler)
        reply(handler, status, b"", {"Location": location})

    with fake_server(moved) as (base, _):
        with pytest.raises(pub.ServerRefused) as caught:
            pub.publish(small_ttl, f"{base}/store", env=NO_AUTH)
    assert shown in str(caught.value)


@pytest.mark.server
def test_a_server_echoing_the_token_does_not_leak_it(small_ttl):
    token = "tok-9f8e7d6c5b4a"

    def echo(handler, received, number):
        record(handler, received, read_body(handler))
        reply(handler, 403, f"Forbidden: {handler.headers['Authorization']} is revoked".encode())

    with fake_server(echo) as (base, _):
        with pytest.raises(pub.ServerRefused) as caught:
            pub.publish(small_ttl, f"{base}/store", env={pub.ENV_TOKEN: token})
    assert "403 Forbidden: Forbidden: Bearer *** is revoked" in str(caught.value)
    assert token not in str(caught.value)


# --- verify ---------------------------------------------------------------------


@pytest.mark.server
def test_verify_counts_the_graph_on_the_query_endpoint(small_ttl):
    with fake_server(store_and_count(SMALL_TRIPLES)) as (base, received):
        result = pub.publish(small_ttl, f"{base}/store", graph="urn:x:g", verify=True,
                             env={pub.ENV_TOKEN: "t"})
    assert result.server_triples == SMALL_TRIPLES
    put, query = received.requests
    assert (query["method"], query["path"]) == ("POST", "/query")
    assert query["headers"]["authorization"] == "Bearer t"
    sent = urllib.parse.parse_qs(query["body"].decode())["query"]
    assert sent == ["SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:x:g> { ?s ?p ?o } }"]


@pytest.mark.server
def test_verify_of_the_default_graph_counts_the_default_graph(small_ttl):
    with fake_server(store_and_count(SMALL_TRIPLES)) as (base, received):
        pub.publish(small_ttl, f"{base}/store", default_graph=True, verify=True, env=NO_AUTH)
    sent = urllib.parse.parse_qs(received.requests[1]["body"].decode())["query"]
    assert sent == ["SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"]


@pytest.mark.server
def test_verify_fails_when_the_counts_differ(small_ttl):
    with fake_server(store_and_count(SMALL_TRIPLES - 1)) as (base, _):
        with pytest.raises(pub.VerifyFailed) as caught:
            pub.publish(small_ttl, f"{base}/store", graph="urn:x:g", verify=True, env=NO_AUTH)
    message = str(caught.value)
    assert_one_line(message)
    assert f"counts {SMALL_TRIPLES - 1} triples there, expected {SMALL_TRIPLES}" in message
    assert f"{base}/query" in message


@pytest.mark.server
@pytest.mark.parametrize("on_server, ok", [(SMALL_TRIPLES + 5, True), (SMALL_TRIPLES - 1, False)])
def test_verify_after_append_wants_at_least_the_files_triples(small_ttl, on_server, ok):
    with fake_server(store_and_count(on_server)) as (base, _):
        if ok:
            result = pub.publish(small_ttl, f"{base}/store", replace=False, verify=True,
                                 env=NO_AUTH)
            assert result.server_triples == on_server
        else:
            with pytest.raises(pub.VerifyFailed, match=f"expected at least {SMALL_TRIPLES}"):
                pub.publish(small_ttl, f"{base}/store", replace=False, verify=True, env=NO_AUTH)


@pytest.mark.server
def test_verify_with_an_unknown_query_endpoint_fails_before_uploading(small_ttl):
    with fake_server(accept()) as (base, received):
        with pytest.raises(UsageError, match="--query-endpoint"):
            pub.publish(small_ttl, f"{base}/graph-store", verify=True, env=NO_AUTH)
        pub.publish(small_ttl, f"{base}/graph-store", verify=False, env=NO_AUTH)
    assert len(received.requests) == 1  # only the second call uploaded


@pytest.mark.server
def test_verify_uses_the_query_endpoint_given(small_ttl):
    with fake_server(store_and_count(SMALL_TRIPLES)) as (base, received):
        pub.publish(small_ttl, f"{base}/graph-store", verify=True,
                    query_endpoint=f"{base}/query?reasoning=false", env=NO_AUTH)
    assert received.requests[1]["path"] == "/query?reasoning=false"


# --- the command (this module's parser; the full CLI is run in a subprocess
# by test_publish_cli.py) --------------------------------------------------------


def parse(argv):
    parser = argparse.ArgumentParser(prog="gloss-graph")
    cli_publish.add_parser(parser.add_subparsers())
    return parser.parse_args(argv)


def test_command_defaults_to_replace_and_the_default_graph_iri():
    args = parse(["publish", "g.ttl", "--endpoint", "http://127.0.0.1:7878/store"])
    assert (args.replace, args.graph, args.default_graph, args.verify) == (True, None, False, False)
    assert (args.retries, args.timeout) == (3, 120)
    assert args.run is cli_publish.run


@pytest.mark.parametrize("argv", [
    ["--graph", "urn:x:g", "--default-graph"],
    ["--replace", "--append"],
    ["--retries", "-1"],
    ["--timeout", "0"],
    ["--timeout", "inf"],
])
def test_command_rejects_conflicting_or_bad_options(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        parse(["publish", "g.ttl", "--endpoint", "http://127.0.0.1:7878/store", *argv])
    assert caught.value.code == 2


@pytest.mark.server
def test_command_prints_one_summary_line(small_ttl, capsys):
    with fake_server(store_and_count(SMALL_TRIPLES)) as (base, received):
        args = parse(["publish", str(small_ttl), "--endpoint", f"{base}/store",
                      "--graph", "urn:x:g", "--append", "--verify"])
        assert args.run(args) == 0
    assert received.requests[0]["method"] == "POST"
    assert capsys.readouterr().out == (
        f"published {SMALL_TRIPLES} triples from {small_ttl} to {base}/store, "
        f"graph <urn:x:g> (appended); verified: the server holds {SMALL_TRIPLES}\n"
    )


def test_a_literal_too_big_to_parse_is_a_clean_error(tmp_path):
    # pyoxigraph's parser holds one token at most 16 MiB.
    huge = tmp_path / "huge.ttl"
    huge.write_bytes(b'<https://example.org/a> <https://example.org/p> "'
                     + b"x" * (17 * 1024 * 1024) + b'" .\n')
    with pytest.raises(pub.PublishError) as caught:
        pub.publish(huge, "http://127.0.0.1:1/store", env=NO_AUTH)
    assert str(caught.value).startswith(f"{huge}: cannot parse: ")
    assert_one_line(str(caught.value))
