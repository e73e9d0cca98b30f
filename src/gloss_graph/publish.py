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
they never sit in shell history or a process list. They go only to the
endpoint's own scheme, host and port, and over plain ``http://`` only to
this machine unless the caller allows it. No message built here contains
them: everything a server sends back that is quoted (status line, headers,
body) is scrubbed of them, in every escaped form they are likely to be
echoed in, before it is cut to length (see ``redact``).
"""
from __future__ import annotations

import base64
import functools
import ipaddress
import json
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import BinaryIO
from urllib.parse import quote, urlencode, urlsplit

from .errors import GlossGraphError, UsageError
from .terminal import safe

from .publish_settings import (  # noqa: F401 - the limits and defaults, shared with the command line
    DEFAULT_BACKOFF, DEFAULT_GRAPH_IRI, DEFAULT_RETRIES, DEFAULT_RETRY_MAX_TIME, DEFAULT_TIMEOUT, ENV_PASSWORD,
    ENV_TOKEN, ENV_USER, MAX_RETRIES, MAX_RETRY_MAX_TIME, MAX_RETRY_WAIT, MAX_TIMEOUT,
)

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
    """The server answered with an error status (``status``)."""

    def __init__(self, message: str, status: int = 0):
        super().__init__(message)
        self.status = status


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
    # The query endpoint --verify asked without the credentials, because it
    # is on another scheme, host or port than the endpoint; None otherwise.
    credentials_withheld_from: str | None = None


def publish(
    ttl_path: str | os.PathLike,
    endpoint: str,
    *,
    graph: str | None = None,
    default_graph: bool = False,
    replace: bool = True,
    verify: bool = False,
    query_endpoint: str | None = None,
    retries: int = DEFAULT_RETRIES,
    retry_max_time: float = DEFAULT_RETRY_MAX_TIME,
    timeout: float = DEFAULT_TIMEOUT,
    backoff: float = DEFAULT_BACKOFF,
    allow_insecure_credentials: bool = False,
    env: Mapping[str, str] = os.environ,
) -> PublishResult:
    """Upload ``ttl_path`` to the Graph Store endpoint ``endpoint``.

    ``replace`` PUTs (the graph then holds exactly the file's triples),
    otherwise POSTs (the file's triples are added). The target is ``graph``,
    or the default graph with ``default_graph``, or ``DEFAULT_GRAPH_IRI``.
    5xx answers and dropped connections are tried again ``retries`` times,
    waiting ``backoff`` seconds, then twice that, and so on, each wait at
    most ``MAX_RETRY_WAIT`` seconds, and no try starting later than
    ``retry_max_time`` seconds after the first one failed. ``timeout`` is
    per network operation (connect, each read or write), in seconds.
    ``verify`` counts the graph's triples on the query endpoint afterwards.

    Credentials (from ``env``, see ``auth_header``) go only to the
    endpoint's scheme, host and port: a query endpoint elsewhere is asked
    without them (``PublishResult.credentials_withheld_from``). Over plain
    ``http://`` they go only to a loopback address, unless
    ``allow_insecure_credentials``.
    """
    graph = _target_graph(graph, default_graph)
    _check_patience(retries, retry_max_time, timeout, backoff)
    store = split_endpoint(endpoint)
    # Worked out before uploading, so a missing --query-endpoint is reported
    # before anything on the server changes.
    query_url = _query_url(endpoint, query_endpoint) if verify else None
    authorization = auth_header(env)
    if authorization:
        check_credentials_transport(store, allow_insecure_credentials)
    withheld = None
    if authorization and query_url and not same_origin(store, split_endpoint(query_url)):
        withheld = display(query_url)
    secrets = _secrets(env)
    patience = _Patience(retries, backoff, retry_max_time)
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

        tried = _retrying(send, patience, f"could not publish to {target}")
    if not 200 <= tried.answer.status < 300:
        raise ServerRefused(
            f"could not publish to {target}: {tried.answer.describe(secrets)}{tried.note}",
            tried.answer.status,
        )

    server_triples = None
    if verify:
        server_triples = _verify_count(
            query_url, graph, authorization, bool(withheld), patience, timeout, secrets)
        _check_count(server_triples, triples, replace, f"published to {target}, but {display(query_url)}")
    return PublishResult(
        file=str(ttl_path), endpoint=display(endpoint), graph=graph, method=method,
        status=tried.answer.status, triples=triples, bytes_sent=size, attempts=tried.attempts,
        server_triples=server_triples, credentials_withheld_from=withheld,
    )


def _check_patience(retries: int, retry_max_time: float, timeout: float, backoff: float) -> None:
    # `not a <= x <= b` rather than `x < a or x > b`, so that nan fails too.
    if not 0 <= retries <= MAX_RETRIES:
        raise UsageError(f"retries must be from 0 to {MAX_RETRIES}, got {retries}")
    if not 0 <= retry_max_time <= MAX_RETRY_MAX_TIME:
        raise UsageError(
            f"retry max time must be from 0 to {MAX_RETRY_MAX_TIME} seconds, got {retry_max_time}")
    if not 0 < timeout <= MAX_TIMEOUT:
        raise UsageError(
            f"timeout must be more than 0 and at most {MAX_TIMEOUT} seconds, got {timeout}")
    if not 0 <= backoff <= MAX_RETRY_WAIT:
        raise UsageError(f"backoff must be from 0 to {MAX_RETRY_WAIT} seconds, got {backoff}")


def _verify_count(query_url, graph, authorization, withheld, patience, timeout, secrets):
    """``count_on_server`` with the credentials unless ``withheld``; then a
    refusal says why they were not sent."""
    try:
        return _count(query_url, graph, None if withheld else authorization, patience, timeout,
                      secrets)
    except ServerRefused as err:
        if withheld and err.status in (401, 403):
            raise ServerRefused(f"{err}; {WITHHELD}", err.status) from None
        raise


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
    split_endpoint(url, "query endpoint")
    return url


def _check_count(on_server: int, in_file: int, replace: bool, where: str) -> None:
    # After a PUT the graph holds exactly the file; after a POST it may also
    # hold what was there before, so it must hold at least the file.
    if on_server == in_file or (not replace and on_server > in_file):
        return
    expected = in_file if replace else f"at least {in_file}"
    raise VerifyFailed(f"{where} counts {on_server} triples there, expected {expected}")


# Why --verify's query endpoint was asked without the credentials.
WITHHELD = "credentials not sent there: not the endpoint's scheme, host and port"


def describe(result: PublishResult) -> str:
    """One line for the user, for ``publish`` and ``build --publish``."""
    how = "replaced" if result.method == "PUT" else "appended"
    line = (
        f"published {result.triples} triples from {safe(result.file)} to {result.endpoint}, "
        f"{graph_label(result.graph)} ({how})"
    )
    if result.server_triples is not None:
        line += f"; verified: the server holds {result.server_triples}"
    if result.credentials_withheld_from is not None:
        line += f"; asked {result.credentials_withheld_from} without credentials: " \
                "not the endpoint's scheme, host and port"
    return line


# --- the file ---------------------------------------------------------------


def _open(path: str | os.PathLike):
    try:
        return open(path, "rb")
    except FileNotFoundError:
        raise UsageError(f"{safe(path)}: no such file") from None
    except OSError as err:
        raise UsageError(f"{safe(path)}: cannot read: {err.strerror or err}") from None


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
        raise PublishError(f"{safe(name)}:{err.lineno}: not valid Turtle: {safe(reason)}") from None
    except OSError as err:
        raise UsageError(f"{safe(name)}: cannot read: {err.strerror or err}") from None
    except MemoryError as err:  # pyoxigraph caps one token (a literal) at 16 MiB
        raise PublishError(f"{safe(name)}: cannot parse: {safe(err)}") from None


# --- endpoints, graphs, credentials ----------------------------------------


def split_endpoint(url: str, what: str = "endpoint"):
    """Check an endpoint URL and split it; reject what we cannot use safely.
    ``what`` names it in messages ("endpoint", "query endpoint")."""
    if re.search(r"[\x00-\x20\x7f]", url):
        raise UsageError(f"{what} URL must not contain spaces or control characters")
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1/store": an unclosed IPv6 bracket
        raise UsageError(f"{what} is not a URL: '{shown(url)}'") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        hint = f" (did you mean http://{shown(url).lstrip('/')}?)" if "://" not in url else ""
        raise UsageError(f"{what} must be an http:// or https:// URL, got '{shown(url)}'{hint}")
    if parts.username is not None or parts.password is not None:
        # Never echo the URL here: it holds a password.
        raise UsageError(
            f"credentials in the {what} URL are not accepted; "
            f"set {ENV_USER} and {ENV_PASSWORD}, or {ENV_TOKEN}"
        )
    try:
        parts.port  # raises on a port that is not a number
    except ValueError:
        raise UsageError(f"{what} has a bad port: '{shown(url)}'") from None
    try:
        parts.hostname.encode("idna")  # what the connection will do with it
    except UnicodeError:
        raise UsageError(f"{what} has a host name that is not one: '{shown(url)}'") from None
    keys = {pair.split("=", 1)[0] for pair in parts.query.split("&") if pair}
    if keys & {"graph", "default"}:
        raise UsageError("give the graph with --graph or --default-graph, not in the endpoint URL")
    return parts


# The userinfo of a URL as typed, scheme or not: everything from the start
# of the authority to its last "@". Taken to the last "@" before any "?" or
# "#" (not the first "/"), so that a password holding an unescaped "/" is
# still removed whole.
_USERINFO = re.compile(r"^((?:[A-Za-z][A-Za-z0-9+.-]*:)?//)?[^?#]*@")


def shown(url: str) -> str:
    """An endpoint as the user typed it, for messages about its form: any
    user name and password removed, and the query string (which may hold
    an API key, as display() knows), safe to print."""
    without_query = re.split(r"[?#]", url, maxsplit=1)[0]
    return safe(_USERINFO.sub(lambda m: m.group(1) or "", without_query))


def display(url: str) -> str:
    """An endpoint as shown to the user: no credentials, no query string."""
    try:
        parts = urlsplit(url)
    except ValueError:  # only from a server's Location: ours are checked
        return shown(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    try:
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        port = ""
    return safe(f"{parts.scheme}://{host}{port}{parts.path}")


_DEFAULT_PORT = {"http": 80, "https": 443}


def same_origin(a, b) -> bool:
    """Whether two split endpoints share scheme, host and port (the port a
    scheme implies counts as given: http://h/ and http://h:80/ are one)."""
    def origin(parts):
        return parts.scheme, parts.hostname, parts.port or _DEFAULT_PORT[parts.scheme]
    return origin(a) == origin(b)


def is_loopback(host: str) -> bool:
    """Whether a host name (as ``urlsplit`` gives it, IPv6 without
    brackets) is this machine: ``localhost``, 127.0.0.0/8 or ::1. Other
    names that happen to resolve to 127.0.0.1 do not count: what a name
    resolves to can change between this check and the connection."""
    if host.lower() == "localhost":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:127.0.0.1
    return address.is_loopback or bool(mapped and mapped.is_loopback)


def check_credentials_transport(store, allow_insecure: bool = False) -> None:
    """Refuse to send credentials over plain http:// off this machine:
    anyone on the way could read them (basic auth is only base64)."""
    if store.scheme == "http" and not is_loopback(store.hostname) and not allow_insecure:
        raise UsageError(
            f"refusing to send credentials over plain http:// to {safe(store.hostname)}; "
            "use https://, or pass --allow-insecure-credentials"
        )


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
        return f"Basic {_basic_pair(user, password)}"
    return None


def _basic_pair(user: str, password: str) -> str:
    # surrogateescape: the environment's bytes as they were, even when they
    # are not UTF-8 (Python decodes them so, and encoding back must not fail).
    return base64.b64encode(f"{user}:{password}".encode("utf-8", "surrogateescape")).decode("ascii")


def _check_header_safe(value: str, name: str) -> None:
    # http.client would reject a newline itself, but with the value in its
    # message; say which variable is wrong instead. (User and password are
    # base64-encoded, so only the token goes into the header as it is.)
    if not all(" " <= ch <= "~" for ch in value):
        raise UsageError(f"{name} holds characters that cannot go in an HTTP header")


def _secrets(env: Mapping[str, str]) -> list[str]:
    """Every value that must never be printed: the token, the password and
    the base64 user:password pair that carries it, and each one's UTF-8
    read as Latin-1 (how a server that guessed the wrong encoding echoes it)."""
    user, password = env.get(ENV_USER) or "", env.get(ENV_PASSWORD) or ""
    values = [env.get(ENV_TOKEN) or "", password]
    if user and password:
        values.append(_basic_pair(user, password))
    values += [v.encode("utf-8", "surrogateescape").decode("latin-1") for v in values]
    return sorted({v for v in values if v}, key=len, reverse=True)


def redact(text: str, secrets: list[str] | tuple[str, ...]) -> str:
    """``text`` with each secret replaced by ``***``, as it is or escaped
    the ways a server may echo it: HTML (``&amp;``, ``&#39;``, ``&#x27;``),
    JSON (``\\"``, ``\\/``, ``\\u00e9``) or URL (``%2F``, and ``+`` for a
    space), in any mix and either case of hex digit."""
    if not secrets:
        return text
    return _secret_pattern(tuple(secrets)).sub("***", text)


@functools.lru_cache(maxsize=8)
def _secret_pattern(secrets: tuple[str, ...]) -> re.Pattern:
    # Longest first, so that a secret inside another is not matched first.
    ordered = sorted(secrets, key=len, reverse=True)
    return re.compile("|".join("".join(_char_forms(ch) for ch in s) for s in ordered))


_HTML_NAMED = {"&": "amp", "<": "lt", ">": "gt", '"': "quot", "'": "apos"}
_JSON_SHORT = {'"': '\\"', "\\": "\\\\", "/": "\\/", "\b": "\\b", "\f": "\\f",
               "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _char_forms(ch: str) -> str:
    """A regular expression for one character of a secret, as it is or
    escaped for HTML, JSON or a URL."""
    code = ord(ch)
    forms = [f"&#0*{code};", f"&#[xX]0*{_hex(code)};"]
    if ch in _HTML_NAMED:
        forms.append(f"&{_HTML_NAMED[ch]};")
    units = ch.encode("utf-16-be", "surrogatepass")  # JSON escapes UTF-16 units
    forms.append("".join(
        r"\\u" + _hex(int.from_bytes(units[i:i + 2], "big"), 4) for i in range(0, len(units), 2)
    ))
    if ch in _JSON_SHORT:
        forms.append(re.escape(_JSON_SHORT[ch]))
    forms.append("".join("%" + _hex(byte, 2) for byte in ch.encode("utf-8", "surrogateescape")))
    if ch == " ":
        forms.append(r"\+")
    # The character itself last: "%" or "&" may begin an escape, and the
    # first alternative that matches wins, so a secret ending in "%" would
    # leave the "25" of its "%25" behind.
    forms.append(re.escape(ch))
    return "(?:" + "|".join(forms) + ")"


def _hex(number: int, width: int = 0) -> str:
    """``number`` in hex as a regular expression taking either case."""
    return "".join(f"[{d}{d.upper()}]" if d.isalpha() else d for d in f"{number:0{width}x}")


def _scrub(text: str, secrets: list[str], limit: int = MESSAGE_LIMIT) -> str:
    """Server text made fit to quote: secrets out, on one line, then cut to
    ``limit`` characters. In that order, so that a cut can never leave the
    start of a secret behind. Redacted again after joining the lines, in
    case the secret was echoed broken over two."""
    text = redact(_one_line(redact(text, secrets)), secrets)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- verification -----------------------------------------------------------


def count_on_server(
    query_url: str,
    graph: str | None,
    *,
    authorization: str | None = None,
    retries: int = DEFAULT_RETRIES,
    retry_max_time: float = DEFAULT_RETRY_MAX_TIME,
    timeout: float = DEFAULT_TIMEOUT,
    backoff: float = DEFAULT_BACKOFF,
    secrets: list[str] | None = None,
) -> int:
    """Triples in ``graph`` (None: the default graph), counted by the
    server's SPARQL query endpoint. ``authorization`` is sent as it is: the
    caller decides whether this endpoint may have it (``same_origin``)."""
    _check_patience(retries, retry_max_time, timeout, backoff)
    patience = _Patience(retries, backoff, retry_max_time)
    return _count(query_url, graph, authorization, patience, timeout, secrets or [])


def _count(query_url, graph, authorization, patience, timeout, secrets) -> int:
    pattern = "?s ?p ?o" if graph is None else f"GRAPH <{graph}> {{ ?s ?p ?o }}"
    form = urlencode({"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}"}).encode("ascii")
    store = split_endpoint(query_url, "query endpoint")
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

    tried = _retrying(ask, patience, where)
    if not 200 <= tried.answer.status < 300:
        raise ServerRefused(f"{where}: {tried.answer.describe(secrets)}{tried.note}",
                            tried.answer.status)
    try:
        binding = json.loads(tried.answer.body)["results"]["bindings"][0]
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
    authenticate: str  # WWW-Authenticate: the scheme a 401 asks for
    body: bytes  # at most ANSWER_LIMIT bytes
    complete: bool = True  # False when the body went on past ANSWER_LIMIT

    def describe(self, secrets: list[str]) -> str:
        """The answer in a few words. Everything the server sent can hold a
        credential (an error page, a reason phrase or a header may echo the
        request's Authorization), so every part is scrubbed."""
        text = f"server answered {self.status} {_scrub(self.reason, secrets)}".rstrip()
        if self.status == 401 and self.authenticate:
            text += f" (asks for {_scrub(self.authenticate, secrets)})"
        if 300 <= self.status < 400 and self.location:
            # Not followed: a redirect could carry the credentials elsewhere.
            location = redact(self.location, secrets)
            where = display(location) if "://" in location else location
            text += f" to {_scrub(where, secrets)} (not followed; use that URL)"
        message = server_message(
            self.body, self.content_type, secrets=secrets, complete=self.complete)
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


def _connection(store, timeout: float) -> "http.client.HTTPConnection":
    import http.client  # here, not at the top: every command imports this module
    import ssl

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
    import http.client  # here, not at the top: every command imports this module

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
            data = response.read(ANSWER_LIMIT + 1)  # one more: was there more?
        except http.client.IncompleteRead as partial:
            data = partial.partial
        except (ConnectionResetError, BrokenPipeError):
            data = b""
        return _Answer(
            status=response.status,
            reason=response.reason or "",
            content_type=response.getheader("Content-Type", ""),
            location=response.getheader("Location", ""),
            authenticate=response.getheader("WWW-Authenticate", ""),
            body=data[:ANSWER_LIMIT],
            complete=len(data) <= ANSWER_LIMIT,
        )
    finally:
        conn.close()


@dataclass(frozen=True)
class _Patience:
    """How long to keep trying: see ``publish``."""

    retries: int
    backoff: float
    max_time: float


@dataclass(frozen=True)
class _Tried:
    answer: _Answer
    attempts: int
    note: str  # for messages: "" or " (after 3 attempts)"


def retry_wait(failed_tries: int, backoff: float) -> float:
    """Seconds to wait after the ``failed_tries``-th failed try: ``backoff``
    doubled each time, never more than ``MAX_RETRY_WAIT``. The exponent is
    capped too, or ``2 ** 2000`` would not fit in a float."""
    return min(backoff * 2.0 ** min(failed_tries - 1, 64), MAX_RETRY_WAIT)


def _retrying(attempt: Callable[[], _Answer], patience: _Patience, where: str) -> _Tried:
    """Run ``attempt`` until it gets an answer below 500, trying again after
    a 5xx or a dropped connection, at most ``patience.retries`` more times,
    and none starting later than ``patience.max_time`` seconds after the
    first failure. Refused connections, unknown hosts and timeouts are not
    tried again: waiting a second will not fix them, and a timed-out upload
    may still be loading."""
    import http.client  # here, not at the top: every command imports this module

    tries, deadline = 0, None
    while True:
        tries += 1
        try:
            answer = attempt()
        except _Dropped:
            answer = None
        except (OSError, http.client.HTTPException) as err:
            raise ConnectionFailed(f"{where}: {network_reason(err)}") from None
        if answer is not None and answer.status < 500:
            return _Tried(answer, tries, _tries(tries))
        note = _tries(tries)
        if tries <= patience.retries:
            now = time.monotonic()
            deadline = now + patience.max_time if deadline is None else deadline
            wait = retry_wait(tries, patience.backoff)
            if now + wait <= deadline:
                time.sleep(wait)
                continue
            attempts = f"{tries} attempts" if tries > 1 else "1 attempt"
            note = f" (after {attempts}; stopped by --retry-max-time {patience.max_time:g})"
        if answer is None:
            raise ConnectionFailed(
                f"{where}: the server closed the connection before answering{note}")
        return _Tried(answer, tries, note)


def _tries(tries: int) -> str:
    return f" (after {tries} attempts)" if tries > 1 else ""


def network_reason(err: BaseException) -> str:
    """What went wrong before any HTTP answer, in a few words."""
    import http.client  # here, not at the top: every command imports this module
    import socket
    import ssl

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


def server_message(
    body: bytes, content_type: str = "", *, secrets: list[str] | tuple[str, ...] = (),
    complete: bool = True,
) -> str:
    """The server's own message: the first non-blank line of its answer,
    with HTML tags dropped, ``secrets`` redacted, then trimmed to
    MESSAGE_LIMIT characters. A body that was cut off (``complete`` false)
    loses its last, unfinished line: it may end in the first half of a
    secret, which no longer matches the secret."""
    text = redact(body.decode("utf-8", errors="replace"), secrets)
    if not complete:
        text = text[: text.rfind("\n") + 1]
    if "html" in content_type.lower() or text.lstrip().startswith("<"):
        text = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", "\n", text)
        text = re.sub(r"<[^>]*>", "\n", text)
    for line in text.splitlines():
        if _one_line(line):
            return _scrub(line, list(secrets))
    return ""


def _one_line(text: str) -> str:
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())
