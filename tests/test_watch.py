"""``gloss-graph watch``: real file changes in a copy of content/, seen by
watchfiles, rebuilt, and told one line per change in findings; the process
stopped with SIGINT as Ctrl-C stops it; and, with --serve, a real Chromium
page on 127.0.0.1 that shows a new node without being reloaded by hand."""
from __future__ import annotations

import json
import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from gloss_graph import serve
from gloss_graph.findings import Finding
from gloss_graph.watch import finding_changes, watch

ROOT = Path(__file__).resolve().parents[1]
LATENCY = "files/en-us/glossary/latency/index.md"
BROWSER = "files/en-us/glossary/browser/index.md"
JITTER_LINK = 'Jitter, the {{Glossary("Jitter", "jitter")}} of it, matters too.\n'
TIMEOUT = 30.0


def entry(title: str, body: str = "A term of its own.\n") -> str:
    return f"---\ntitle: {title}\nslug: Glossary/{title}\npage-type: glossary-definition\n---\n\n{body}"


def save(path: Path, text: str) -> None:
    """As an editor saves: a temporary file beside it, renamed over it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + "~")  # a backup-style name watch must ignore
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def line_of(path: Path, needle: str) -> tuple[int, int]:
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.fixture
def site(tmp_path):
    shutil.copytree(ROOT / "content", tmp_path / "content")
    return tmp_path


# --- the lines, from findings ---------------------------------------------------------------------

def test_finding_changes_by_fingerprint_not_line():
    orphan = Finding("orphans", "c/x.md", None, None, "Glossary/X is referenced by no other entry", "Glossary/X")
    broken = Finding("broken-references", "c/b.md", 12, 5, 'reference to Glossary/Y ("y")', "Glossary/Y", "y")
    other = Finding("broken-references", "c/c.md", 3, 1, 'reference to Glossary/Z ("z")', "Glossary/Z", "z")
    moved = Finding("broken-references", "c/c.md", 30, 7, other.message, "Glossary/Z", "z")
    copy = Finding("broken-references", "c/c.md", 40, 1, other.message, "Glossary/Z", "z")
    new_orphan = Finding("orphans", "c/w.md", None, None, "Glossary/W is referenced by no other entry", "Glossary/W")
    assert finding_changes([orphan, broken, other], [moved, new_orphan]) == [
        "new orphan: Glossary/W",
        "fixed: broken reference in c/b.md:12",
        "fixed: orphan Glossary/X",
    ]
    # A second copy of a known finding is new; the first one, moved, is not.
    assert finding_changes([other], [moved, copy]) == [
        'new broken reference: c/c.md:40:1: reference to Glossary/Z ("z")']
    assert finding_changes([other], [moved]) == []


# --- the library call, in a thread -----------------------------------------------------------------

def lines_until(lines: queue.Queue, prefix: str, on_timeout) -> list[str]:
    """Every line up to and including the next one starting with ``prefix``;
    after TIMEOUT seconds, an AssertionError with what ``on_timeout()`` says."""
    got = []
    deadline = time.monotonic() + TIMEOUT
    while True:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            raise AssertionError(f"no line starting {prefix!r} within {TIMEOUT} s; got {got}{on_timeout()}") from None
        got.append(line)
        if line.startswith(prefix) or line.startswith("ERROR"):
            return got


class Watching:
    """``watch`` running in a thread until ``stop()``; its lines in a queue."""

    def __init__(self, sources, output, **options):
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        self.stop_event = threading.Event()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(sources, output), kwargs=options, daemon=True)
        self.thread.start()

    def _run(self, sources, output, **options):
        try:
            watch(sources, output, echo=self.lines.put, stop_event=self.stop_event, **options)
        except BaseException as err:  # noqa: BLE001 - shown by the test
            self.error = err
            self.lines.put(f"ERROR {err!r}")

    def until(self, prefix: str) -> list[str]:
        got = lines_until(self.lines, prefix, lambda: "")
        assert not [line for line in got if line.startswith("ERROR")], got
        self.seen += got
        return got

    def stop(self) -> None:
        self.stop_event.set()
        self.thread.join(TIMEOUT)
        assert not self.thread.is_alive(), "watch did not stop"
        assert self.error is None, self.error


def test_each_save_is_rebuilt_and_told(site, monkeypatch):
    monkeypatch.chdir(site)
    content = site / "content"
    watching = Watching(["content"], "out")
    try:
        first = watching.until("watching ")
        assert first[0].startswith("built out in ") and first[0].endswith(" findings")
        assert first[1] == "watching content (Ctrl-C to stop)"

        latency = content / LATENCY
        save(latency, latency.read_text("utf-8") + "\n" + JITTER_LINK)
        line, column = line_of(latency, '{{Glossary("Jitter"')
        lines = watching.until("rebuilt ")
        assert lines[:-1] == [f'new broken reference: content/{LATENCY}:{line}:{column}: reference to '
                              f'Glossary/Jitter ("jitter"), which has no entry in any loaded locale']
        assert re.fullmatch(r"rebuilt in \d+\.\d\d s: wrote .*report\.json.*; 1 change in findings", lines[-1])

        save(content / "files/en-us/glossary/jitter/index.md", entry("Jitter"))
        lines = watching.until("rebuilt ")
        changes = lines[:-1]
        assert f"fixed: broken reference in content/{LATENCY}:{line}" in changes
        assert "new dead end: Glossary/Jitter" in changes  # it links nowhere yet
        assert not [c for c in changes if c.startswith("new orphan")]  # latency links to it
        assert sorted(c for c in changes if "missing translation" in c) == [
            f"new missing translation: content/files/en-us/glossary/jitter/index.md: Glossary/Jitter has no "
            f"{locale} entry" for locale in ("fr", "ja", "zh-CN")]

        save(content / "files/en-us/glossary/wander/index.md", entry("Wander", 'See {{Glossary("Latency")}}.\n'))
        changes = watching.until("rebuilt ")[:-1]
        assert "new orphan: Glossary/Wander" in changes

        # A finding that only moves is not news.
        browser = content / BROWSER
        text = browser.read_text("utf-8")
        save(browser, text.replace("---\n\n", "---\n\nA first paragraph, added.\n\n", 1))
        assert re.fullmatch(r"rebuilt in .*; no change in findings", watching.until("rebuilt ")[-1])

        # Only inputs trigger a rebuild: a note in the folder does not.
        (content / "notes.txt").write_text("not an input\n")
        save(browser, text)  # then an input does: the moved line moves back
        assert watching.until("rebuilt ")[-1].endswith("no change in findings")
    finally:
        watching.stop()
    assert sum(1 for line in watching.seen if line.startswith("rebuilt ")) == 5
    report = json.loads((site / "out/report.json").read_text("utf-8"))
    assert {c["slug"] for c in report["concepts"]} >= {"Glossary/Jitter", "Glossary/Wander"}


def test_a_broken_rebuild_is_told_and_watched_past(site, monkeypatch):
    monkeypatch.chdir(site)
    watching = Watching(["content"], "out", workers=1)
    try:
        watching.until("watching ")
        entry_path = site / "content/files/en-us/glossary/json/index.md"
        save(entry_path, "---\ntitle: [unclosed\n---\n\nBody.\n")
        changes = watching.until("rebuilt ")[:-1]
        assert any(c.startswith("new unreadable file: content/files/en-us/glossary/json/index.md") for c in changes)
        save(entry_path, entry("JSON"))
        changes = watching.until("rebuilt ")[:-1]
        assert "fixed: unreadable file in content/files/en-us/glossary/json/index.md" in [
            re.sub(r":\d+$", "", c) for c in changes]
    finally:
        watching.stop()


def test_usage_errors(site, capsys):
    from gloss_graph.cli import main

    assert main(["watch", str(site / "nowhere"), "-o", str(site / "out")]) == 2
    assert capsys.readouterr().err == f"gloss-graph watch: error: {site / 'nowhere'}: no such folder\n"
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["watch", str(site / "content"), "-o", str(site / "out"), "--serve", str(port)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"gloss-graph watch: error: --serve {port}: cannot listen on 127.0.0.1:{port}: ")
    assert not (site / "out").exists()  # refused before building


# --- the process, stopped with SIGINT ---------------------------------------------------------------

class Process:
    """``gloss-graph watch`` as a user starts it; stdout lines in a queue."""

    def __init__(self, cwd: Path, *args: str):
        env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONUNBUFFERED": "1"}
        self.popen = subprocess.Popen([sys.executable, "-m", "gloss_graph", "watch", *args], cwd=cwd, env=env,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.popen.stdout:
            self.lines.put(line.rstrip("\n"))

    def until(self, prefix: str) -> list[str]:
        def stopped() -> str:
            self.popen.kill()
            return f"; stderr: {self.popen.stderr.read()}"

        return lines_until(self.lines, prefix, stopped)

    def interrupt(self) -> tuple[int, str]:
        self.popen.send_signal(signal.SIGINT)
        try:
            status = self.popen.wait(TIMEOUT)
        except subprocess.TimeoutExpired:
            self.popen.kill()
            raise AssertionError("watch did not stop on SIGINT") from None
        return status, self.popen.stderr.read()


def assert_whole(out: Path) -> None:
    """Every output is a whole file and no temporary file is left."""
    assert sorted(p.name for p in out.iterdir() if p.name.endswith(".tmp")) == []
    json.loads((out / "report.json").read_text("utf-8"))
    assert (out / "graph.html").read_text("utf-8").rstrip().endswith("</html>")
    assert (out / "report.md").read_text("utf-8").startswith("# Link-health report")


def test_sigint_stops_the_process_cleanly(site):
    process = Process(site, "content", "-o", "out")
    process.until("watching ")
    latency = site / "content" / LATENCY
    save(latency, latency.read_text("utf-8") + "\n" + JITTER_LINK)
    assert process.until("rebuilt ")[0].startswith("new broken reference: ")
    status, stderr = process.interrupt()
    assert (status, stderr) == (0, "gloss-graph watch: stopped\n")
    assert_whole(site / "out")


def test_sigint_during_rebuilds_leaves_whole_outputs(site):
    """Interrupted while rebuilding (or about to): every output is still a
    whole file, the old one or the new one, and the next build is correct."""
    process = Process(site, "content", "-o", "out", "--workers", "2")
    process.until("watching ")
    glossary = site / "content/files/en-us/glossary"
    for number in range(40):  # keep it busy rebuilding
        save(glossary / f"term{number}/index.md", entry(f"Term{number}"))
    time.sleep(0.3)
    status, stderr = process.interrupt()
    assert status == 0 and stderr.endswith("gloss-graph watch: stopped\n") and "Traceback" not in stderr
    assert_whole(site / "out")
    from gloss_graph.build import build

    result = build([str(site / "content")], site / "out")
    assert {f"Glossary/Term{n}" for n in range(40)} <= {c["slug"] for c in result.report["concepts"]}


# --- serving, and a real page that reloads itself ------------------------------------------------------

def test_served_page_keeps_the_file_on_disk_untouched():
    page = ('<html><head><meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
            'script-src \'sha256-abc\'; style-src \'unsafe-inline\'"></head><body><p>x</p></body></html>')
    served = serve.with_reload(page, 7)
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', served).group(1)
    import html

    directives = [d.strip() for d in html.unescape(policy).split(";")]
    assert directives == ["default-src 'none'", f"script-src 'sha256-abc' {serve.RELOAD_HASH}",
                          "style-src 'unsafe-inline'", "connect-src 'self'"]
    assert '<meta name="gloss-graph-build" content="7">' in served
    assert served.endswith(f"<script>{serve.RELOAD_JS}</script>\n</body></html>")
    assert serve.with_reload("<html><body>no policy</body></html>", 1) == "<html><body>no policy</body></html>"


@pytest.fixture
def served(site):
    process = Process(site, "content", "-o", "out", "--serve", "0")
    lines = process.until("watching ")
    url = re.search(r"at (http://127\.0\.0\.1:\d+/)graph\.html", "\n".join(lines)).group(1)
    yield process, url
    status, stderr = process.interrupt()
    assert (status, stderr) == (0, "gloss-graph watch: stopped\n")


def fetch(url: str, host: str | None = None) -> tuple[int, dict, bytes]:
    import urllib.error
    import urllib.request

    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def test_server_serves_outputs_only_to_this_machine(served, site):
    _, url = served
    status, headers, body = fetch(url + "graph.html")
    assert status == 200 and headers["Cache-Control"] == "no-store"
    assert serve.RELOAD_JS in body.decode("utf-8")
    assert serve.RELOAD_JS not in (site / "out/graph.html").read_text("utf-8")  # never on disk
    assert fetch(url + "report.json")[2] == (site / "out/report.json").read_bytes()
    assert fetch(url + ".gloss-graph-cache.json")[0] == 404
    assert fetch(url + "../content/files/en-us/glossary/api/index.md")[0] == 404
    port = url.rsplit(":", 1)[1].strip("/")
    assert fetch(url + "graph.html", host=f"attacker.example:{port}")[0] == 403  # DNS rebinding
    status, headers, body = fetch(url + "report.html")
    assert status == 200 and "connect-src 'self'" in headers["Content-Security-Policy"]
    assert b"<h2>Broken references (2)</h2>" in body


@dataclass
class Seen:
    problems: list[str] = field(default_factory=list)  # console errors, uncaught exceptions
    requests: list[str] = field(default_factory=list)


@pytest.fixture
def live_page(chromium):
    """``live_page(url, viewport) -> (page, seen)``: a page of the server in
    a fresh context, what went wrong and every request recorded."""
    contexts = []

    def _open(url: str, viewport: dict) -> tuple:
        context = chromium.new_context(viewport=viewport)
        contexts.append(context)
        page, seen = context.new_page(), Seen()
        page.on("console", lambda m: seen.problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda err: seen.problems.append(str(err)))
        page.on("request", lambda r: seen.requests.append(r.url))
        page.goto(url)
        return page, seen

    yield _open
    for context in contexts:
        context.close()


@pytest.mark.browser
def test_open_page_shows_a_new_node_without_a_manual_reload(served, site, live_page):
    _, url = served
    page, seen = live_page(url + "graph.html#concept:glossary/latency", {"width": 1280, "height": 800})
    page.wait_for_selector("body[data-ready]", state="attached", timeout=30_000)
    page.wait_for_function("() => document.getElementById('panel-body').dataset.node === 'concept:glossary/latency'")
    assert page.evaluate("glossGraph.nodes.get('concept:glossary/jitter')") is None
    page.evaluate("window.notReloadedYet = true")

    latency = site / "content" / LATENCY
    save(site / "content/files/en-us/glossary/jitter/index.md", entry("Jitter"))
    save(latency, latency.read_text("utf-8") + "\n" + JITTER_LINK)
    # The page reloads by itself: the marker set above is gone, the new node is there.
    page.wait_for_function("() => !window.notReloadedYet && window.glossGraph && "
                           "glossGraph.nodes.get('concept:glossary/jitter') !== null", timeout=30_000)
    page.wait_for_selector("body[data-ready]", state="attached")
    # The selection survived the reload, and it now shows the new reference.
    assert page.evaluate("location.hash") == "#concept:glossary/latency"
    page.wait_for_function("() => document.getElementById('panel-body').dataset.node === 'concept:glossary/latency'")
    assert "Jitter" in page.text_content("#panel-body")
    assert seen.problems == []
    assert all(r.startswith(url) for r in seen.requests), seen.requests


@pytest.mark.browser
def test_report_page_reloads_and_keeps_its_place(served, site, live_page):
    _, url = served
    page, seen = live_page(url + "report.html", {"width": 1000, "height": 500})
    page.evaluate("window.scrollTo(0, 900); window.notReloadedYet = true")
    assert page.evaluate("window.scrollY") == 900
    latency = site / "content" / LATENCY
    save(latency, latency.read_text("utf-8") + "\n" + JITTER_LINK)
    page.wait_for_function("() => !window.notReloadedYet && document.body && "
                           "document.body.textContent.includes('Glossary/Jitter')", timeout=30_000)
    page.wait_for_function("() => window.scrollY === 900")
    assert seen.problems == []
