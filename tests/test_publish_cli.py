"""``gloss-graph publish`` run as a user runs it, in a child process: every
failure is one line on stderr, no traceback, and no credential anywhere in
the output."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from gloss_graph import publish as pub
from oxigraph_server import oxigraph_server  # noqa: F401  (a fixture)
from test_publish import SMALL_TTL, SMALL_TRIPLES, closed_port, fake_server, read_body, record, reply

pytestmark = pytest.mark.server

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "tok-5d41402abc4b2a76b9719d911017c592"
PASSWORD = "pw-7215ee9c7d9dc229d2921a40e899ec5f"


def gloss_graph(*argv, env_extra=None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GLOSS_GRAPH_SPARQL_")}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "gloss_graph", "publish", *argv],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )


@pytest.fixture
def small_ttl(tmp_path) -> Path:
    path = tmp_path / "small.ttl"
    path.write_text(SMALL_TTL, encoding="utf-8")
    return path


def assert_clean_failure(done: subprocess.CompletedProcess, status: int = 1) -> str:
    assert done.returncode == status, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("gloss-graph publish: error: ")
    for secret in (TOKEN, PASSWORD):
        assert secret not in done.stderr
    return lines[0]


def test_a_400_with_a_token_set_is_one_line_without_the_token(small_ttl):
    seen = []

    def refuse(handler, received, number):
        seen.append(handler.headers.get("Authorization"))
        read_body(handler)
        # A careless server that quotes the request back in its error.
        reply(handler, 400, f"Bad request (Authorization: {seen[-1]})\nstack...\n".encode())

    with fake_server(refuse) as (base, _):
        done = gloss_graph(str(small_ttl), "--endpoint", f"{base}/store",
                           env_extra={pub.ENV_TOKEN: TOKEN})
    line = assert_clean_failure(done)
    assert seen == [f"Bearer {TOKEN}"]  # the token did go to the server
    assert line == (
        f"gloss-graph publish: error: could not publish to {base}/store, graph "
        f"<{pub.DEFAULT_GRAPH_IRI}>: server answered 400 Bad Request: "
        "Bad request (Authorization: Bearer ***)"
    )


def test_a_closed_port_is_one_line(small_ttl):
    port = closed_port()
    done = gloss_graph(str(small_ttl), "--endpoint", f"http://127.0.0.1:{port}/store",
                       env_extra={pub.ENV_USER: "alice", pub.ENV_PASSWORD: PASSWORD})
    line = assert_clean_failure(done)
    assert f"http://127.0.0.1:{port}/store" in line and "connection refused" in line


def test_a_server_stopped_mid_upload_is_one_line(tmp_path):
    big = tmp_path / "big.ttl"
    big.write_text("".join(f'<https://example.org/a> <https://example.org/p> "{i}" .\n'
                           for i in range(100_000)), encoding="ascii")

    def hang_up(handler, received, number):
        record(handler, received, read_body(handler, limit=4096))
        handler.close_connection = True
        handler.connection.close()

    with fake_server(hang_up) as (base, received):
        done = gloss_graph(str(big), "--endpoint", f"{base}/store", "--retries", "0",
                           env_extra={pub.ENV_TOKEN: TOKEN})
    line = assert_clean_failure(done)
    assert line.endswith("the server closed the connection before answering")
    assert len(received.requests) == 1


def test_credentials_in_the_url_are_refused_without_echoing_them(small_ttl):
    done = gloss_graph(str(small_ttl), "--endpoint", f"http://alice:{PASSWORD}@127.0.0.1:9/store")
    line = assert_clean_failure(done, status=2)
    assert pub.ENV_PASSWORD in line


def test_a_missing_file_is_a_usage_error(tmp_path):
    done = gloss_graph(str(tmp_path / "absent.ttl"), "--endpoint", "http://127.0.0.1:9/store")
    line = assert_clean_failure(done, status=2)
    assert line.endswith("absent.ttl: no such file")


def test_publish_and_verify_on_oxigraph(oxigraph_server, small_ttl):
    done = gloss_graph(str(small_ttl), "--endpoint", oxigraph_server.store,
                       "--graph", "https://example.org/graphs/cli", "--verify")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert done.stdout == (
        f"published {SMALL_TRIPLES} triples from {small_ttl} to {oxigraph_server.store}, "
        f"graph <https://example.org/graphs/cli> (replaced); "
        f"verified: the server holds {SMALL_TRIPLES}\n"
    )
    assert oxigraph_server.count("https://example.org/graphs/cli") == SMALL_TRIPLES
