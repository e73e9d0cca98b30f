"""Put a Turtle file into a SPARQL triple store, over the Graph Store Protocol.

The SPARQL 1.1 Graph Store HTTP Protocol is one HTTP request: ``PUT`` a
Turtle body to ``<store endpoint>?graph=<IRI>`` to replace that graph, or
``POST`` it to add to it (``?default`` instead of ``?graph=`` for the default
graph). Every common store speaks it (Oxigraph, Fuseki, GraphDB, RDF4J,
Virtuoso, QLever), so this module needs nothing beyond the standard library's
``http.client``: one request, a few headers, a body streamed from disk.
``http.client`` rather than ``urllib`` because we need to tell a refused
connection from one dropped mid-upload, and to read a server's early answer
(401, 413) after it stopped reading our body; ``urllib`` folds all of those
into one ``URLError``.

Credentials come from environment variables only (see ``auth_header``) so
they never sit in shell history or a process list. No message built here
contains them, and a server's own text is scrubbed of them before it is
quoted (an error page may echo the request's headers).
"""
from __future__ import annotations

import base64
import http.client
import json
import os
import re
import socket
import ssl
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import quote, urlencode, urlsplit

from .errors import GlossGraphError, UsageError

# Where the triples go when neither a graph nor the default graph is asked
# for: one fixed, documented IRI, so publishing a rebuilt glossary again
# replaces the previous copy instead of leaving it next to the new one.
DEFAULT_GRAPH_IRI = "https://w3id.org/gloss-graph/id/graph"

ENV_USER = "GLOSS_GRAPH_SPARQL_USER"
ENV_PASSWORD = "GLOSS_GRAPH_SPARQL_PASSWORD"
ENV_TOKEN = "GLOSS_GRAPH_SPARQL_TOKEN"

# Seconds to wait on one connect, read or write. Generous because a store
# answers a PUT only once the graph is loaded: Oxigraph on disk takes about
# 20 s to replace the whole en-US site's graph (57,000 triples).
DEFAULT_TIMEOUT = 120
CHUNK_SIZE = 64 * 1024  # bytes sent per write while streaming the file
ANSWER_LIMIT = 64 * 1024  # bytes of an answer body read, for its message
MESSAGE_LIMIT = 200  # characters of the server's own message quoted

# Store endpoint path ending -> query endpoint path ending, for the stores
# whose layout is fixed: Oxigraph (/store, /query), Fuseki (/ds/data,
# /ds/query), GraphDB and RDF4J (/repositories/R/rdf-graphs/service,
# /repositories/R).
QUERY_ENDPOINT_FOR = (
    ("/store", "/query"),
    ("/data", "/query"),
    ("/rdf-graphs/service", ""),
)


class PublishError(GlossGraphError):
    """Publishing failed: the message names the endpoint and what went wrong."""


class ConnectionFailed(PublishError):
    """No HTTP answer: refused, unknown host, timeout, TLS, dropped."""


class ServerRefused(PublishError):
    """The server answered with an error status."""


class VerifyFailed(PublishError):
    """The server does not hold the triples the file holds."""


@dataclass(frozen=True)
class PublishResult:
    """What one publish did. ``graph`` is ``None`` for the default graph;
    ``server_triples`` is set only when the upload was verified."""

    file: str
    endpoint: str  # scheme, host and path: never credentials or a query
    graph: str | None
    method: str  # "PUT" (replace) or "POST" (append)
    status: int
    triples: int  # distinct triples in the file
    bytes_sent: int
    attempts: int
    server_triples: int | None = None


def publish(
    ttl_path: str | os.PathLike,
    endpoint: str,
    *,
    graph: str | None = None,
    default_graph: bool = False,
    replace: bool = True,
    verify: bool = False,
    query_endpoint: str | None = None,
    retries: int = 3,
    timeout: float = DEFAULT_TIMEOUT,
    backoff: float = 0.5,
    env: Mapping[str, str] = os.environ,
) -> PublishResult:
    """Upload ``ttl_path`` to the Graph Store endpoint ``endpoint``.

    ``replace`` PUTs (the graph then holds exactly the file's triples),
    otherwise POSTs (the file's triples are added). The target is ``graph``,
    or the default graph with ``default_graph``, or ``DEFAULT_GRAPH_IRI``.
    5xx answers and dropped connections are tried again ``retries`` times,
    waiting ``backoff`` seconds, then twice that, and so on. ``timeout`` is
    per network operation (connect, each read or write), in seconds.
    ``verify`` counts the graph's triples on the query endpoint afterwards.
    """
    graph = _target_graph(graph, default_graph)
    if retries < 0 or not timeout > 0 or backoff < 0:
        raise UsageError("retries and backoff must not be negative, timeout must be positive")
    store = split_endpoint(endpoint)
    # Worked out before uploading, so a missing --query-endpoint is reported
    # before anything on the server changes.
    query_url = _query_url(endpoint, query_endpoint) if verify else None
    authorization = auth_header(env)
    secrets = _secrets(env)
    method = "PUT" if replace else "POST"
    target = f"{display(endpoint)}, {graph_label(graph)}"

    # One open file for counting and every try: if a build replaces the
    # file meanwhile, what is counted is still what is sent.
    with _open(ttl_path) as body:
        triples = count_triples(body, ttl_path)
        size = os.fstat(body.fileno()).st_size
        headers = {"Content-Type": "text/turtle", "Content-Length": str(size)}
        if authorization:
            headers["Authorization"] = authorization

        def send() -> _Answer:
            body.seek(0)
            return _exchange(store, method, _with_graph(store, graph), headers, body, timeout)

        answer, attempts = _retrying(send, retries, backoff, f"could not publish to {target}")
    if not 200 <= answer.status < 300:
        raise ServerRefused(
            f"could not publish to {target}: {answer.describe(secrets)}{_tries(attempts)}"
        )

    server_triples = None
    if verify:
        server_triples = count_on_server(
            query_url, graph, authorization=authorization, retries=retries,
            timeout=timeout, backoff=backoff, secrets=secrets,
        )
        _check_count(server_triples, triples, replace, f"published to {target}, but {display(query_url)}")
    return PublishResult(
        file=str(ttl_path), endpoint=display(endpoint), graph=graph, method=method,
        status=answer.status, triples=triples, bytes_sent=size, attempts=attempts,
        server_triples=server_triples,
    )


def _target_graph(graph: str | None, default_graph: bool) -> str | None:
    """The graph IRI to write, or None for the default graph."""
    if graph is not None and default_graph:
        raise UsageError("give either a graph IRI or the default graph, not both")
    if default_graph:
        return None
    graph = DEFAULT_GRAPH_IRI if graph is None else graph
    check_iri(graph)
    return graph


def _query_url(endpoint: str, query_endpoint: str | None) -> str:
    url = query_endpoint or derive_query_endpoint(endpoint)
    split_endpoint(url)
    return url


def _check_count(on_server: int, in_file: int, replace: bool, where: str) -> None:
    # After a PUT the graph holds exactly the file; after a POST it may also
    # hold what was there before, so it must hold at least the file.
    if on_server == in_file or (not replace and on_server > in_file):
        return
    expected = in_file if replace else f"at least {in_file}"
    raise VerifyFailed(f"{where} counts {on_server} triples there, expected {expected}")


def describe(result: PublishResult) -> str:
    """One line for the user, for ``publish`` and ``build --publish``."""
    how = "replaced" if result.method == "PUT" else "appended"
    line = (
        f"published {result.triples} triples from {result.file} to {result.endpoint}, "
        f"{graph_label(result.graph)} ({how})"
    )
    if result.server_triples is not None:
        line += f"; verified: the server holds {result.server_triples}"
    return line


# --- the file ---------------------------------------------------------------


def _open(path: str | os.PathLike):
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise UsageError(f"{path}: no such file") from None
    except OSError as err:
        raise UsageError(f"{path}: cannot read: {err.strerror or err}") from None


def count_triples(body: BinaryIO, name: str | os.PathLike) -> int:
    """Distinct triples in a Turtle file (open, binary), as a store would
    count them; ``name`` is for messages.

    Parsing before uploading also catches a broken file here, with its line
    number, instead of as a server's 400 (or half a graph on stores that do
    not load in one transaction). pyoxigraph is the parser Oxigraph itself
    uses, and it streams the file rather than reading it whole.
    """
    import pyoxigraph  # here, not at the top: every CLI command imports this module

    try:
        return len(set(pyoxigraph.parse(body, format=pyoxigraph.RdfFormat.TURTLE)))
    except SyntaxError as err:
        reason = re.sub(r"^Parser error at line \d+ column \d+: ", "", str(err.msg))
        raise PublishError(f"{name}:{err.lineno}: not valid Turtle: {reason}") from None
    except OSError as err:
        raise UsageError(f"{name}: cannot read: {err.strerror or err}") from None
    except MemoryError as err:  # pyoxigraph caps one token (a literal) at 16 MiB
        raise PublishError(f"{name}: cannot parse: {err}") from None


# --- endpoints, graphs, credentials ----------------------------------------


def split_endpoint(url: str):
    """Check an endpoint URL and split it; reject what we cannot use safely."""
    if re.search(r"[\x00-\x20\x7f]", url):
        raise UsageError("endpoint URL must not contain spaces or control characters")
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UsageError(f"endpoint must be an http:// or https:// URL, got {display(url)!r}")
    if parts.username is not None or parts.password is not None:
        # Never echo the URL here: it holds a password.
        raise UsageError(
            f"credentials in the endpoint URL are not accepted; "
            f"set {ENV_USER} and {ENV_PASSWORD}, or {ENV_TOKEN}"
        )
    try:
        parts.port  # raises on a port that is not a number
    except ValueError:
        raise UsageError(f"endpoint has a bad port: {display(url)!r}") from None
    keys = {pair.split("=", 1)[0] for pair in parts.query.split("&") if pair}
    if keys & {"graph", "default"}:
        raise UsageError("give the graph with --graph or --default-graph, not in the endpoint URL")
    return parts


def display(url: str) -> str:
    """An endpoint as shown to the user: no credentials, no query string."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def derive_query_endpoint(endpoint: str) -> str:
    """The SPARQL query endpoint next to a Graph Store endpoint, for stores
    with a fixed layout; anything else needs ``--query-endpoint``."""
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/")
    for store_end, query_end in QUERY_ENDPOINT_FOR:
        if path.endswith(store_end):
            return parts._replace(path=path[: -len(store_end)] + query_end, query="").geturl()
    raise UsageError(
        f"cannot tell the SPARQL query endpoint from {display(endpoint)}; "
        f"give it with --query-endpoint"
    )


def check_iri(iri: str) -> None:
    """A graph IRI must be absolute and hold nothing that would break out of
    ``<...>`` in a query or a URL."""
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+$", iri):
        raise UsageError(f"graph must be an absolute IRI without spaces or <>\"{{}}|\\^`, got {iri!r}")


def graph_label(graph: str | None) -> str:
    return "the default graph" if graph is None else f"graph <{graph}>"


def auth_header(env: Mapping[str, str]) -> str | None:
    """The Authorization header from the environment, or None.

    ``GLOSS_GRAPH_SPARQL_TOKEN`` gives bearer auth; ``GLOSS_GRAPH_SPARQL_USER``
    with ``GLOSS_GRAPH_SPARQL_PASSWORD`` gives basic auth. Empty counts as
    unset. Messages name the variables, never their values.
    """
    token = env.get(ENV_TOKEN) or None
    user = env.get(ENV_USER) or None
    password = env.get(ENV_PASSWORD) or None
    if token and (user or password):
        raise UsageError(f"set either {ENV_TOKEN} or {ENV_USER} and {ENV_PASSWORD}, not both")
    if token:
        _check_header_safe(token, ENV_TOKEN)
        return f"Bearer {token}"
    if user or password:
        if not (user and password):
            missing = ENV_PASSWORD if user else ENV_USER
            raise UsageError(f"{ENV_USER} and {ENV_PASSWORD} go together; {missing} is not set")
        if ":" in user:
            raise UsageError(f"{ENV_USER} must not contain ':' (HTTP basic auth cannot carry it)")
        pair = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
        return f"Basic {pair}"
    return None


def _check_header_safe(value: str, name: str) -> None:
    # http.client would reject a newline itself, but with the value in its
    # message; say which variable is wrong instead. (User and password are
    # base64-encoded, so only the token goes into the header as it is.)
    if not all(" " <= ch <= "~" for ch in value):
        raise UsageError(f"{name} holds characters that cannot go in an HTTP header")


def _secrets(env: Mapping[str, str]) -> list[str]:
    values = [env.get(ENV_TOKEN) or "", env.get(ENV_PASSWORD) or ""]
    user, password = env.get(ENV_USER) or "", env.get(ENV_PASSWORD) or ""
    if user and password:
        values.append(base64.b64encode(f"{user}:{password}".encode()).decode("ascii"))
    return sorted({v for v in values if v}, key=len, reverse=True)


def _redact(message: str, secrets: list[str]) -> str:
    for secret in secrets:
        message = message.replace(secret, "***")
    return message


# --- verification -----------------------------------------------------------


def count_on_server(
    query_url: str,
    graph: str | None,
    *,
    authorization: str | None = None,
    retries: int = 3,
    timeout: float = DEFAULT_TIMEOUT,
    backoff: float = 0.5,
    secrets: list[str] | None = None,
) -> int:
    """Triples in ``graph`` (None: the default graph), counted by the
    server's SPARQL query endpoint."""
    secrets = secrets or []
    pattern = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    form = urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"}).encode("ascii")
    store = split_endpoint(query_url)
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": str(len(form)),
        "Accept": "application/sparql-results+json",
    }
    if authorization:
        headers["Authorization"] = authorization
    where = f"could not count triples on {display(query_url)}"

    def ask() -> _Answer:
        return _exchange(store, "POST", _path(store), headers, form, timeout)

    answer, attempts = _retrying(ask, retries, backoff, where)
    if not 200 <= answer.status < 300:
        raise ServerRefused(f"{where}: {answer.describe(secrets)}{_tries(attempts)}")
    try:
        binding = json.loads(answer.body)["results"]["bindings"][0]
        return int(binding["n"]["value"])
    except (ValueError, KeyError, IndexError, TypeError):
        raise VerifyFailed(
            f"{where}: the answer is not a SPARQL JSON result with a count"
        ) from None


# --- HTTP -------------------------------------------------------------------


@dataclass(frozen=True)
class _Answer:
    status: int
    reason: str
    content_type: str
    location: str
    body: bytes  # at most ANSWER_LIMIT bytes

    def describe(self, secrets: list[str]) -> str:
        """The answer in a few words. Only the server's own text can hold a
        credential (echoed back in an error page), so that is scrubbed."""
        text = f"server answered {self.status} {_one_line(self.reason)}".rstrip()
        if 300 <= self.status < 400 and self.location:
            # Not followed: a redirect could carry the credentials elsewhere.
            where = display(self.location) if "://" in self.location else _one_line(self.location)
            text += f" to {_redact(where, secrets)} (not followed; use that URL)"
        message = _redact(server_message(self.body, self.content_type), secrets)
        return f"{text}: {message}" if message else text


class _Dropped(Exception):
    """The connection closed before an answer came: worth another try."""


# What may stay as it is in a request target: the RFC 3986 reserved and
# unreserved characters, and '%' of existing escapes. Anything else (non-ASCII
# in an IRI-style endpoint) is percent-encoded, as http.client sends ASCII only.
_URL_SAFE = "/?#[]@!$&'()*+,;=:%-._~"


def _path(store, extra: str = "") -> str:
    query = "&".join(part for part in (store.query, extra) if part)
    target = (store.path or "/") + (f"?{query}" if query else "")
    return quote(target, safe=_URL_SAFE)


def _with_graph(store, graph: str | None) -> str:
    # Graph Store Protocol: ?default, or ?graph=<IRI percent-encoded whole>.
    return _path(store, "default" if graph is None else "graph=" + quote(graph, safe=""))


def _connection(store, timeout: float) -> http.client.HTTPConnection:
    if store.scheme == "https":
        return http.client.HTTPSConnection(
            store.hostname, store.port, timeout=timeout,
            context=ssl.create_default_context(), blocksize=CHUNK_SIZE,
        )
    return http.client.HTTPConnection(
        store.hostname, store.port, timeout=timeout, blocksize=CHUNK_SIZE
    )


def _exchange(store, method: str, path: str, headers: dict, body, timeout: float) -> _Answer:
    """One request. ``body`` (bytes or a binary file) is streamed in
    CHUNK_SIZE writes. Raises OSError subclasses when there is no
    connection, ``_Dropped`` when it closes before an answer."""
    conn = _connection(store, timeout)
    try:
        conn.connect()
        try:
            conn.request(method, path, body=body, headers=headers)
        except (BrokenPipeError, ConnectionResetError):
            # The server stopped reading; it may have said why first (401,
            # 413) and that answer is still ours to read, so fall through.
            pass
        try:
            response = conn.getresponse()
        except (ConnectionResetError, BrokenPipeError, http.client.RemoteDisconnected):
            raise _Dropped() from None
        try:
            data = response.read(ANSWER_LIMIT)
        except http.client.IncompleteRead as partial:
            data = partial.partial
        except (ConnectionResetError, BrokenPipeError):
            data = b""
        return _Answer(
            status=response.status,
            reason=response.reason or "",
            content_type=response.getheader("Content-Type", ""),
            location=response.getheader("Location", ""),
            body=data,
        )
    finally:
        conn.close()


def _retrying(
    attempt: Callable[[], _Answer], retries: int, backoff: float, where: str
) -> tuple[_Answer, int]:
    """Run ``attempt`` until it gets an answer below 500, trying again after
    a 5xx or a dropped connection, at most ``retries`` more times. Refused
    connections, unknown hosts and timeouts are not tried again: waiting a
    second will not fix them, and a timed-out upload may still be loading."""
    tries = 0
    while True:
        tries += 1
        try:
            answer = attempt()
        except _Dropped:
            if tries > retries:
                raise ConnectionFailed(
                    f"{where}: the server closed the connection before answering{_tries(tries)}"
                ) from None
        except (OSError, http.client.HTTPException) as err:
            raise ConnectionFailed(f"{where}: {network_reason(err)}") from None
        else:
            if answer.status < 500 or tries > retries:
                return answer, tries
        time.sleep(backoff * 2 ** (tries - 1))


def _tries(tries: int) -> str:
    return f" (after {tries} attempts)" if tries > 1 else ""


def network_reason(err: BaseException) -> str:
    """What went wrong before any HTTP answer, in a few words."""
    if isinstance(err, socket.gaierror):
        return f"cannot resolve the host name ({_one_line(err.strerror or str(err))})"
    if isinstance(err, ConnectionRefusedError):
        return "connection refused (is the server running, on that port?)"
    if isinstance(err, TimeoutError):  # socket.timeout is TimeoutError since 3.10
        return "no answer in time (try a longer --timeout)"
    if isinstance(err, ssl.SSLError):
        return f"TLS failed: {_one_line(getattr(err, 'reason', None) or str(err))}"
    if isinstance(err, http.client.HTTPException):
        return f"not an HTTP answer ({type(err).__name__})"
    if isinstance(err, OSError) and err.strerror:
        return f"cannot connect: {_one_line(err.strerror)}"
    return f"cannot connect: {_one_line(str(err)) or type(err).__name__}"


def server_message(body: bytes, content_type: str = "") -> str:
    """The server's own message: the first non-blank line of its answer,
    with HTML tags dropped, trimmed to MESSAGE_LIMIT characters."""
    text = body.decode("utf-8", errors="replace")
    if "html" in content_type.lower() or text.lstrip().startswith("<"):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", "\n", text)
        text = re.sub(r"<[^>]*>", "\n", text)
    for line in text.splitlines():
        line = _one_line(line)
        if line:
            return line if len(line) <= MESSAGE_LIMIT else line[: MESSAGE_LIMIT - 3] + "..."
    return ""


def _one_line(text: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
