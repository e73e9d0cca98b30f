"""The output folder served on 127.0.0.1 while ``gloss-graph watch`` runs,
with pages that reload themselves after each rebuild.

``LiveServer(folder, port)`` serves, from a thread:

- ``/graph.html``: the page as the build wrote it, with two additions made
  in what is sent (never in the file on disk): a small reload script
  (``RELOAD_JS``) with the build number it was served at, and a
  Content-Security-Policy relaxed by exactly that much: the script's hash
  added to ``script-src`` and ``connect-src 'self'`` added, so that it may
  open the event stream below. Every other directive stays as written:
  content still cannot run a script or reach any other address;
- ``/report.html``: report.md rendered (markdown-it, raw HTML off, so the
  report's text stays text), with the same script and a policy of its own;
- ``/report.md``, ``/report.json``, ``/glossary.ttl`` and the other outputs
  of a build, as they are; ``/`` lists them. Nothing else in the folder
  (the cache, the lock, anything a user put there) is served;
- ``/__gloss-graph/events``: Server-Sent Events, one message with the build
  number when a rebuild has written something (``reloaded()``), a comment
  line every 15 seconds otherwise.

The reload script compares the number in each message with the one its page
was served at and reloads when they differ; a page reloads with its URL, so
the graph page keeps its selection (the URL hash) and the report page its
scroll position (kept in ``sessionStorage`` across the reload). EventSource
reconnects by itself after the server restarts.

Only 127.0.0.1 is listened on, and a request whose ``Host`` is not
``127.0.0.1:PORT`` or ``localhost:PORT`` is refused, so that a web page
elsewhere cannot read the glossary through DNS rebinding. Every response
says ``Cache-Control: no-store`` and ``X-Content-Type-Options: nosniff``.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .errors import UsageError

HOST = "127.0.0.1"
EVENTS = "/__gloss-graph/events"
PING_SECONDS = 15.0
# The files a build writes that are served, and as what.
OUTPUTS = {
    "graph.html": "text/html; charset=utf-8",
    "report.md": "text/markdown; charset=utf-8",
    "report.json": "application/json",
    "glossary.ttl": "text/turtle; charset=utf-8",
    "glossary.nt": "application/n-triples",
    "glossary.jsonld": "application/ld+json",
    "graph.graphml": "application/xml",
    "graph.gexf": "application/xml",
}
REPORT_PAGE = "report.html"

RELOAD_JS = """\
(function () {
  "use strict";
  // Added by gloss-graph watch --serve: reload when a rebuild wrote something.
  var key = "gloss-graph-scroll:" + location.pathname;
  var build = document.querySelector('meta[name="gloss-graph-build"]').content;
  try {
    var y = sessionStorage.getItem(key);
    if (y !== null) { sessionStorage.removeItem(key); window.scrollTo(0, Number(y)); }
  } catch (err) { /* storage refused: the page opens at the top */ }
  var events = new EventSource("/__gloss-graph/events");
  events.onmessage = function (event) {
    if (event.data === build) return;
    events.close();
    try { sessionStorage.setItem(key, String(window.scrollY)); } catch (err) { /* as above */ }
    location.reload();
  };
})();
"""
RELOAD_HASH = "'sha256-" + base64.b64encode(hashlib.sha256(RELOAD_JS.encode("utf-8")).digest()).decode("ascii") + "'"
PAGE_CSP = (f"default-src 'none'; script-src {RELOAD_HASH}; connect-src 'self'; style-src 'unsafe-inline'; "
            "img-src data:; base-uri 'none'; form-action 'none'")
_CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', re.I)
_REPORT_CSS = ("body{font:15px/1.5 system-ui,sans-serif;margin:1.5em auto;max-width:72em;padding:0 1em}"
               "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:2px 6px;"
               "text-align:left;vertical-align:top}code{font-size:90%}")


class LiveServer:
    """``folder`` on http://127.0.0.1:``port``/ (0: any free port), from a
    background thread: ``start()``, ``reloaded()`` after each rebuild that
    wrote something, ``close()``."""

    def __init__(self, folder: str | Path, port: int):
        self.folder = Path(folder)
        self.build = 0
        self.closing = False
        self.changed = threading.Condition()
        try:
            self.httpd = _Server((HOST, port), _Handler)
        except OSError as err:
            raise UsageError(f"--serve {port}: cannot listen on {HOST}:{port}: {err.strerror or err}") from None
        self.httpd.live = self
        self.port = self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="gloss-graph-serve", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/"

    def start(self) -> None:
        self.thread.start()

    def reloaded(self) -> None:
        """A rebuild wrote new outputs: every open page reloads."""
        with self.changed:
            self.build += 1
            self.changed.notify_all()

    def close(self) -> None:
        with self.changed:
            self.closing = True
            self.changed.notify_all()
        if self.thread.is_alive():
            self.httpd.shutdown()
        self.httpd.server_close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream never keeps the process alive
    block_on_close = False
    live: LiveServer


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    server_version = "gloss-graph"
    sys_version = ""

    def do_HEAD(self) -> None:  # noqa: N802 - the name http.server calls
        self._answer(body=False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(body=True)

    def log_message(self, format, *args) -> None:  # noqa: A002 - the terminal is for findings
        pass

    def _answer(self, body: bool) -> None:
        live = self.server.live
        if self.headers.get("Host", "") not in (f"{HOST}:{live.port}", f"localhost:{live.port}"):
            return self._send(HTTPStatus.FORBIDDEN, b"forbidden host\n", "text/plain; charset=utf-8", body)
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == EVENTS:
            return self._events() if body else self._send(HTTPStatus.OK, b"", "text/event-stream", False)
        name = path.lstrip("/")
        with live.changed:
            build = live.build  # the build number goes with what is read after it
        if name == "":
            return self._send(HTTPStatus.OK, _index(live.folder), "text/html; charset=utf-8", body, PAGE_CSP)
        if name == REPORT_PAGE:
            markdown = _read(live.folder / "report.md")
            if markdown is not None:
                page = report_page(markdown.decode("utf-8", "replace"), build)
                return self._send(HTTPStatus.OK, page, "text/html; charset=utf-8", body, PAGE_CSP)
        elif name in OUTPUTS:
            data = _read(live.folder / name)
            if data is not None:
                if name == "graph.html":
                    data = with_reload(data.decode("utf-8"), build).encode("utf-8")
                return self._send(HTTPStatus.OK, data, OUTPUTS[name], body)
        self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8", body)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, body: bool, csp: str | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        if csp:
            self.send_header("Content-Security-Policy", csp)
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _events(self) -> None:
        live = self.server.live
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        sent = None
        while True:
            with live.changed:
                live.changed.wait_for(lambda: live.closing or live.build != sent, timeout=PING_SECONDS)
                build, closing = live.build, live.closing
            if closing:
                return
            message = f"retry: 500\ndata: {build}\n\n" if build != sent else ": ping\n\n"
            sent = build
            try:
                self.wfile.write(message.encode("ascii"))
                self.wfile.flush()
            except OSError:  # the page went away
                return


def with_reload(page: str, build: int) -> str:
    """graph.html as served: the reload script and the build number added,
    its Content-Security-Policy extended to allow them and nothing more.
    A page without the policy in its head is served as it is."""
    head_end = page.find("</head>")
    body_end = page.rfind("</body>")
    match = _CSP_META.search(page, 0, head_end)
    if head_end < 0 or body_end < 0 or match is None:
        return page
    policy = html.escape(relaxed_policy(html.unescape(match.group(1))), quote=True)
    meta = f'<meta name="gloss-graph-build" content="{build}">'
    return (page[:match.start()] + f'<meta http-equiv="Content-Security-Policy" content="{policy}">' + meta
            + page[match.end():body_end] + f"<script>{RELOAD_JS}</script>\n" + page[body_end:])


def relaxed_policy(policy: str) -> str:
    """``policy`` with the reload script's hash added to ``script-src`` and
    ``connect-src 'self'`` (the event stream) in place of any connect-src."""
    directives = [d.strip() for d in policy.split(";") if d.strip()]
    out, has_script = [], False
    for directive in directives:
        name = directive.split()[0].lower()
        if name == "connect-src":
            continue
        if name == "script-src":
            directive, has_script = f"{directive} {RELOAD_HASH}", True
        out.append(directive)
    if not has_script:
        out.append(f"script-src {RELOAD_HASH}")
    out.append("connect-src 'self'")
    return "; ".join(out)


def report_page(markdown: str, build: int) -> bytes:
    """report.md as an HTML page. Raw HTML in the markdown is shown as text
    (report.md escapes content anyway); no link is made from bare URLs."""
    from markdown_it import MarkdownIt

    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="referrer" content="no-referrer">\n<meta name="gloss-graph-build" content="{build}">\n'
            f"<title>Link-health report</title>\n<style>{_REPORT_CSS}</style>\n</head>\n<body>\n{body}"
            f"<script>{RELOAD_JS}</script>\n</body>\n</html>\n").encode("utf-8")


def _index(folder: Path) -> bytes:
    names = [name for name in OUTPUTS if (folder / name).is_file()]
    if (folder / "report.md").is_file():
        names.insert(1 if "graph.html" in names else 0, REPORT_PAGE)
    items = "".join(f'<li><a href="/{name}">{name}</a></li>' for name in names)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>gloss-graph watch</title></head>'
            f"<body><h1>{html.escape(str(folder))}</h1><ul>{items}</ul></body></html>\n").encode("utf-8")


def _read(path: Path) -> bytes | None:
    """A whole output as the build left it (it replaces files atomically), or
    None when it is not there (yet)."""
    try:
        return path.read_bytes()
    except OSError:
        return None
