"""A real Oxigraph SPARQL server for tests, on 127.0.0.1 with a temporary store.

Import the fixture into a test module (``from oxigraph_server import
oxigraph_server``) and use ``oxigraph_server.store`` / ``.query`` /
``.count(graph)``. The server comes from the ``oxigraph`` package in the
test extras, found in the same ``bin/`` folder as the running Python.
"""
from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

START_TIMEOUT = 30  # seconds to wait for the server to answer


def oxigraph_binary() -> Path:
    return Path(sys.executable).parent / "oxigraph"


def free_port() -> int:
    """A port nobody listens on right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Going through no proxy: these requests are for 127.0.0.1 only.
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class OxigraphServer:
    """``oxigraph serve`` in a child process; a context manager."""

    def __init__(self, location: Path):
        self.location = location
        self.port = 0
        self.process: subprocess.Popen | None = None
        self.log = location.parent / (location.name + ".log")

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def store(self) -> str:
        return f"{self.base}/store"

    @property
    def query_url(self) -> str:
        return f"{self.base}/query"

    def start(self) -> "OxigraphServer":
        binary = oxigraph_binary()
        if not binary.exists():
            pytest.fail(
                f"{binary} is missing: install the test extras "
                f"(pip install -e '.[test]') to get the oxigraph server"
            )
        # Another process could take the port between free_port() and the
        # server binding it; try a few ports before giving up.
        for _ in range(3):
            self.port = free_port()
            with self.log.open("wb") as log:
                self.process = subprocess.Popen(
                    [str(binary), "serve", "--location", str(self.location),
                     "--bind", f"127.0.0.1:{self.port}"],
                    stdout=log, stderr=subprocess.STDOUT,
                )
            if self._wait_until_up():
                return self
            self.stop()
        raise RuntimeError(f"oxigraph did not start; its log: {self.log.read_text()[-2000:]}")

    def _wait_until_up(self) -> bool:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with _opener.open(f"{self.base}/", timeout=2) as answer:
                    if answer.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.05)
        return False

    def stop(self) -> None:
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.process = None

    def __enter__(self) -> "OxigraphServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    # Queries, sent with urllib: independent of the code under test.

    def select(self, query: str, default_graph: str | None = None) -> list[dict[str, str]]:
        """Run a SELECT; rows as {variable: value}. ``default_graph`` names a
        graph to serve as the query's default graph (SPARQL protocol's
        ``default-graph-uri``)."""
        fields = {"query": query}
        if default_graph:
            fields["default-graph-uri"] = default_graph
        data = urllib.parse.urlencode(fields).encode()
        request = urllib.request.Request(
            self.query_url, data=data,
            headers={"Accept": "application/sparql-results+json"},
        )
        with _opener.open(request, timeout=30) as answer:
            results = json.load(answer)
        return [
            {name: cell["value"] for name, cell in row.items()}
            for row in results["results"]["bindings"]
        ]

    def count(self, graph: str | None) -> int:
        """Triples in a named graph, or in the default graph for None."""
        pattern = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
        return int(self.select(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")[0]["n"])

    def triples(self, graph: str | None) -> set[tuple[str, str, str]]:
        """The (s, p, o) values in a graph; blank nodes come back as labels."""
        pattern = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
        rows = self.select(f"SELECT ?s ?p ?o WHERE {{ {pattern} }}")
        return {(row["s"], row["p"], row["o"]) for row in rows}


@pytest.fixture(scope="module")
def oxigraph_server(tmp_path_factory):
    """One Oxigraph server per test module, with an empty on-disk store.
    Tests keep apart by writing graphs with their own IRIs."""
    with OxigraphServer(tmp_path_factory.mktemp("oxigraph") / "store") as server:
        yield server
