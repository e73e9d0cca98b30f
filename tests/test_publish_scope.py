"""Where credentials may go: only to the endpoint's scheme, host and port,
and over plain http:// only to this machine unless the user allows it.

Real servers on 127.0.0.1 show what arrives where. Non-loopback addresses
(192.0.2.1, 2001:db8::1: documentation ranges that route nowhere) are only
ever refused or handed to a stand-in for ``socket.create_connection``:
nothing here connects anywhere but 127.0.0.1.
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from gloss_graph import publish as pub
from gloss_graph.errors import UsageError
from test_publish import (
    SMALL_TRIPLES, SMALL_TTL, assert_one_line, fake_server, read_body, record, reply,
    store_and_count,
)
from test_publish_cli import ROOT, TOKEN

AUTH = {pub.ENV_TOKEN: TOKEN}
BASIC = {pub.ENV_USER: "alice", pub.ENV_PASSWORD: "pw-0123456789"}


@pytest.fixture
def small_ttl(tmp_path):
    path = tmp_path / "small.ttl"
    path.write_text(SMALL_TTL, encoding="utf-8")
    return path


@pytest.fixture
def no_network(monkeypatch):
    """Every connection attempt is recorded and refused, before any packet."""
    attempts = []

    def refuse(address, *args, **kwargs):
        attempts.append(address)
        raise ConnectionRefusedError(111, "Connection refused (stand-in)")

    def no_lookup(host, *args, **kwargs):
        attempts.append(("getaddrinfo", host))
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known (stand-in)")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", no_lookup)
    return attempts


# --- --verify on another origin ---------------------------------------------------


@pytest.mark.server
@pytest.mark.parametrize("env", [AUTH, BASIC], ids=["bearer", "basic"])
def test_verify_on_another_port_gets_no_credentials(small_ttl, env):
    with fake_server(store_and_count(SMALL_TRIPLES)) as (store, at_store), \
            fake_server(store_and_count(SMALL_TRIPLES)) as (query, at_query):
        result = pub.publish(small_ttl, f"{store}/store", verify=True,
                             query_endpoint=f"{query}/query", env=env)
    [upload] = at_store.requests
    [count] = at_query.requests
    assert upload["headers"]["authorization"] == pub.auth_header(env)
    assert "authorization" not in count["headers"]
    assert count["path"] == "/query"  # it was the count that arrived there
    assert result.server_triples == SMALL_TRIPLES
    assert result.credentials_withheld_from == f"{query}/query"
    assert pub.describe(result).endswith(
        f"; verified: the server holds {SMALL_TRIPLES}; asked {query}/query without "
        "credentials: not the endpoint's scheme, host and port")


@pytest.mark.server
def test_verify_on_another_host_name_gets_no_credentials(small_ttl):
    # One server, two names for it: 127.0.0.1 for the store, localhost for
    # the query endpoint. Another host by name is another host.
    with fake_server(store_and_count(SMALL_TRIPLES)) as (base, received):
        port = urlsplit(base).port
        result = pub.publish(small_ttl, f"{base}/store", verify=True,
                             query_endpoint=f"http://localhost:{port}/query", env=AUTH)
    upload, count = received.requests
    assert upload["headers"]["authorization"] == f"Bearer {TOKEN}"
    assert count["headers"]["host"] == f"localhost:{port}"
    assert "authorization" not in count["headers"]
    assert result.credentials_withheld_from == f"http://localhost:{port}/query"


@pytest.mark.server
def test_verify_on_the_same_origin_gets_the_credentials(small_ttl):
    # The derived query endpoint, and another URL given on the same scheme,
    # host and port: both are the endpoint's own.
    with fake_server(store_and_count(SMALL_TRIPLES)) as (base, received):
        derived = pub.publish(small_ttl, f"{base}/store", verify=True, env=AUTH)
        given = pub.publish(small_ttl, f"{base}/store", verify=True,
                            query_endpoint=f"{base}/query?reasoning=false", env=AUTH)
    assert [r["headers"].get("authorization") for r in received.requests] == [
        f"Bearer {TOKEN}"] * 4
    assert derived.credentials_withheld_from is None is given.credentials_withheld_from
    assert "without credentials" not in pub.describe(derived)


@pytest.mark.server
def test_a_refusal_from_a_query_endpoint_asked_without_credentials_says_why(small_ttl):
    def wants_login(handler, received, number):
        record(handler, received, read_body(handler))
        reply(handler, 401, b"login required", {"WWW-Authenticate": 'Basic realm="q"'})

    with fake_server(store_and_count(SMALL_TRIPLES)) as (store, _), \
            fake_server(wants_login) as (query, at_query):
        with pytest.raises(pub.ServerRefused) as caught:
            pub.publish(small_ttl, f"{store}/store", verify=True,
                        query_endpoint=f"{query}/query", env=AUTH)
    message = str(caught.value)
    assert_one_line(message)
    assert message == (
        f"could not count triples on {query}/query: server answered 401 Unauthorized "
        "(asks for Basic realm=\"q\"): login required; credentials not sent there: "
        "not the endpoint's scheme, host and port")
    assert "authorization" not in at_query.requests[0]["headers"]


@pytest.mark.parametrize("a, b, same", [
    ("http://h:7878/store", "http://h:7878/query", True),
    ("http://h/store", "http://h:80/query", True),
    ("https://h/store", "https://h:443/query", True),
    ("http://H.example/store", "http://h.example/query", True),
    ("http://h:7878/store", "http://h:7879/query", False),
    ("http://h:7878/store", "https://h:7878/query", False),
    ("http://h/store", "https://h/query", False),
    ("http://127.0.0.1:7878/store", "http://localhost:7878/query", False),
    ("http://h.example/store", "http://query.h.example/query", False),
])
def test_same_origin_is_scheme_host_and_port(a, b, same):
    assert pub.same_origin(urlsplit(a), urlsplit(b)) is same


def test_verify_elsewhere_without_credentials_set_is_just_a_verify(small_ttl, no_network):
    # Nothing to withhold: no note. (The store is refused by the stand-in;
    # what matters is that the withheld note is not computed from nothing.)
    with pytest.raises(pub.ConnectionFailed):
        pub.publish(small_ttl, "http://127.0.0.1:7878/store", verify=True,
                    query_endpoint="http://127.0.0.1:7879/query", env={})
    assert no_network == [("127.0.0.1", 7878)]


# --- plain http:// off this machine ------------------------------------------------


@pytest.mark.parametrize("env", [AUTH, BASIC], ids=["bearer", "basic"])
@pytest.mark.parametrize("endpoint", [
    "http://192.0.2.1:7878/store",
    "http://[2001:db8::1]:7878/store",
    "http://store.example.org/store",
    "http://127.0.0.1.nip.io/store",  # resolves to 127.0.0.1, but only by name
    "http://0.0.0.0:7878/store",
])
def test_credentials_over_http_off_this_machine_are_refused_before_connecting(
        small_ttl, no_network, env, endpoint):
    with pytest.raises(UsageError) as caught:
        pub.publish(small_ttl, endpoint, env=env)
    message = str(caught.value)
    assert_one_line(message)
    assert "--allow-insecure-credentials" in message
    assert message.startswith("refusing to send credentials over plain http:// to ")
    assert TOKEN not in message and "pw-0123456789" not in message
    assert no_network == []


def test_allow_insecure_credentials_lets_them_go(small_ttl, no_network):
    with pytest.raises(pub.ConnectionFailed, match="connection refused"):
        pub.publish(small_ttl, "http://192.0.2.1:7878/store", env=AUTH,
                    allow_insecure_credentials=True)
    assert no_network == [("192.0.2.1", 7878)]


@pytest.mark.parametrize("endpoint, address", [
    ("https://192.0.2.1:7878/store", ("192.0.2.1", 7878)),  # TLS: fine without the flag
    ("http://192.0.2.1:7878/store", ("192.0.2.1", 7878)),  # no credentials: nothing to leak
])
def test_what_is_not_refused(small_ttl, no_network, endpoint, address):
    env = AUTH if endpoint.startswith("https") else {}
    with pytest.raises(pub.ConnectionFailed):
        pub.publish(small_ttl, endpoint, env=env)
    assert no_network == [address]


@pytest.mark.parametrize("host, loopback", [
    ("localhost", True), ("LOCALHOST", True), ("127.0.0.1", True), ("127.4.5.6", True),
    ("::1", True), ("::ffff:127.0.0.1", True),
    ("192.0.2.1", False), ("10.0.0.1", False), ("0.0.0.0", False), ("::", False),
    ("2001:db8::1", False), ("localhost.example.org", False), ("mylocalhost", False),
    ("127.0.0.1.nip.io", False), ("", False),
])
def test_loopback_is_localhost_127_slash_8_and_ipv6_one(host, loopback):
    assert pub.is_loopback(host) is loopback


@pytest.mark.server
@pytest.mark.parametrize("name", ["127.0.0.1", "localhost"])
def test_credentials_over_http_to_this_machine_are_sent(small_ttl, name):
    with fake_server(store_and_count(SMALL_TRIPLES)) as (base, received):
        port = urlsplit(base).port
        pub.publish(small_ttl, f"http://{name}:{port}/store", env=AUTH)
    assert received.requests[0]["headers"]["authorization"] == f"Bearer {TOKEN}"


# Runs the command in a child whose sockets cannot connect at all: if the
# refusal came after a connection attempt, the child would say so and exit 3.
NO_SOCKETS = """
import socket, sys
def refuse(*args, **kwargs):
    print("tried to connect", file=sys.stderr)
    sys.exit(3)
socket.socket.connect = refuse
socket.create_connection = refuse
socket.getaddrinfo = refuse
from gloss_graph.cli import main
sys.exit(main(sys.argv[1:]))
"""


def test_the_command_refuses_with_one_line_naming_the_option(small_ttl):
    done = subprocess.run(
        [sys.executable, "-c", NO_SOCKETS, "publish", str(small_ttl),
         "--endpoint", "http://192.0.2.1:7878/store"],
        cwd=ROOT, env={**_clean_env(), pub.ENV_TOKEN: TOKEN},
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert done.stderr == (
        "gloss-graph publish: error: refusing to send credentials over plain http:// to "
        "192.0.2.1; use https://, or pass --allow-insecure-credentials\n")


def _clean_env() -> dict:
    return {k: v for k, v in os.environ.items() if not k.startswith("GLOSS_GRAPH_SPARQL_")}
