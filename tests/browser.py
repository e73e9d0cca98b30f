"""Headless Debian Chromium driven by Playwright (sync API), for the page tests
and the scripts in benchmarks/.

Every request that is not for a file:// URL is recorded and blocked, and so
are console errors, uncaught exceptions and dialogs, so a test can assert
that none happened. The fixtures ``chromium`` (one browser for the whole
session) and ``open_graph`` reach every test module through conftest.py.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORT = {"width": 1280, "height": 800}
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"


def launch(playwright):
    """Debian's Chromium: Playwright never downloads a browser here."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)


@dataclass
class Watch:
    """What a page did that it should not have."""

    requests: list[str] = field(default_factory=list)  # non-file:// URLs, blocked
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def route(self, route):
        url = route.request.url
        if url.startswith("file:"):
            route.continue_()
        else:
            self.requests.append(url)
            route.abort()

    def request(self, request):
        # Seen even when no route handler runs (a request the route missed).
        url = request.url
        if not url.startswith(("file:", "data:", "about:")) and url not in self.requests:
            self.requests.append(url)

    def console(self, message):
        if message.type == "error":
            self.console_errors.append(message.text)

    def dialog(self, dialog):
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    def problems(self) -> list[str]:
        return (
            [f"request: {u}" for u in self.requests]
            + [f"console error: {m}" for m in self.console_errors]
            + [f"page error: {m}" for m in self.page_errors]
            + [f"dialog: {m}" for m in self.dialogs]
        )


def watched_page(browser, *, viewport=None):
    """A page in a fresh context, every request, console message, page error
    and dialog recorded by the Watch: ``(context, page, watch)``."""
    context = browser.new_context(viewport=viewport or VIEWPORT)
    watch = Watch()
    context.route("**/*", watch.route)
    page = context.new_page()
    page.on("request", watch.request)
    page.on("console", watch.console)
    page.on("pageerror", lambda err: watch.page_errors.append(str(err)))
    page.on("dialog", watch.dialog)
    return context, page, watch


def open_page(browser, path: Path, *, viewport=None, wait_ready=True, timeout_ms=30_000):
    """Open ``path`` from file:// in a fresh context: ``(page, watch)``."""
    _, page, watch = watched_page(browser, viewport=viewport)
    page.goto(Path(path).resolve().as_uri())
    if wait_ready:
        page.wait_for_selector("body[data-ready]", state="attached", timeout=timeout_ms)
    return page, watch


def screenshot(page, name: str) -> Path:
    """Keep a screenshot under tests/artifacts/ (git-ignored)."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / name
    page.screenshot(path=str(path))
    return path


@pytest.fixture(scope="session")
def chromium():
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"{CHROMIUM} is not installed (make test installs Debian's chromium package)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def open_graph(chromium):
    """``open_graph(path) -> (page, watch)``; contexts are closed afterwards."""
    opened = []

    def _open(path, **kwargs):
        page, watch = open_page(chromium, path, **kwargs)
        opened.append(page.context)
        return page, watch

    yield _open
    for context in opened:
        context.close()
