"""Baselines for ``gloss-graph check``, as linters have them: record today's
findings once, then fail only on findings that are not recorded.

A finding is matched by its fingerprint: kind, file, target and text (see
``findings.Finding``), never line or column, so editing elsewhere in the
file, or moving the finding itself, keeps it known. Identical findings in
one file (the same broken link written twice) share a fingerprint, so the
baseline keeps a count for each: a third copy of a link recorded twice is new.

The baseline file is small, sorted JSON meant to be committed::

    {
      "version": 1,
      "findings": [
        {"kind": "broken-references", "file": "files/en-us/glossary/rtp/index.md", "target": "Glossary/IP", "text": "IP", "count": 1}
      ]
    }

Files are written relative to the baseline file's own folder, '/'-separated,
so the file holds no absolute path and means the same in every checkout.
Nothing else is stored: no time, no machine, no line numbers. Reading it
checks every field (``read_baseline``); nothing in it can run code.
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable, Iterable, TypeVar

from .findings import Finding
from .jsonfile import problem, read_json, shown
from .outputs import write_atomic
from .terminal import BIDI_CONTROLS

VERSION = 1
MAX_BYTES = 32 * 1024 * 1024  # the whole en-US site's findings fit in a few MiB
FIELDS = ("kind", "file", "target", "text", "count")

T = TypeVar("T")


@dataclass(frozen=True)
class Recorded:
    """One fingerprint in a baseline and how many findings carry it."""

    kind: str
    file: str  # relative to the baseline's folder, '/'-separated
    target: str
    text: str
    count: int = 1

    @property
    def fingerprint(self) -> str:
        return _key(self.kind, self.file, self.target, self.text)


@dataclass
class Baseline:
    path: Path
    items: dict[str, Recorded] = field(default_factory=dict)  # fingerprint -> Recorded

    @property
    def root(self) -> str:
        """The folder the recorded files are relative to: the baseline's own."""
        return os.path.dirname(os.path.abspath(self.path))

    @property
    def total(self) -> int:
        return sum(r.count for r in self.items.values())


@dataclass
class BaselineResult:
    new: list[Finding]  # not in the baseline, or more copies than it records
    known: list[Finding]  # recorded in the baseline
    fixed: list[Recorded]  # in the baseline but gone; ``count`` is how many are gone

    @property
    def fixed_count(self) -> int:
        return sum(r.count for r in self.fixed)

    def failing(self, fail_on) -> list[Finding]:
        """The new findings of the ``fail_on`` kinds: what fails the check."""
        return [f for f in self.new if f.kind in fail_on]


def fingerprint(finding: Finding, root: str | os.PathLike | None = None) -> str:
    """A readable, stable string: the JSON array ``[kind, file, target,
    text]``. With ``root``, the file is taken relative to that folder (as a
    baseline stores it); without, as the finding has it."""
    file = relative_file(finding.file, root) if root is not None else finding.file
    return _key(finding.kind, file, finding.target, finding.text)


def relative_file(file: str, root: str | os.PathLike) -> str:
    """``file`` (relative to the working folder, or absolute) relative to
    ``root``, '/'-separated. Purely lexical: symbolic links are not followed,
    so the answer does not depend on the machine's layout."""
    return Path(os.path.relpath(os.path.abspath(file), os.path.abspath(root))).as_posix()


def write_baseline(findings: Iterable[Finding], path: str | os.PathLike) -> Path:
    """Record ``findings`` in ``path`` (atomically), files relative to its folder."""
    path = Path(path)
    if path.is_dir():
        raise problem(path, "is a folder, not a baseline file")
    root = os.path.dirname(os.path.abspath(path))
    counts = Counter(
        (f.kind, relative_file(f.file, root), f.target, f.text) for f in findings
    )
    # Sorted by file first, so that each file's findings sit together.
    ordered = sorted(counts.items(), key=lambda item: (item[0][1], item[0]))
    items = [Recorded(*key, count) for key, count in ordered]
    try:
        return write_atomic(path, to_json(items))
    except OSError as err:
        raise problem(path, f"cannot be written: {err.strerror or err}") from None


def to_json(items: list[Recorded]) -> str:
    """The file's text: one finding a line, so that a change to the
    baseline reads as a change of lines in a pull request."""
    lines = [_safe_json({name: getattr(r, name) for name in FIELDS}) for r in items]
    body = ",\n".join("    " + line for line in lines)
    return f'{{\n  "version": {VERSION},\n  "findings": [\n{body}{chr(10) if body else ""}  ]\n}}\n'


def read_baseline(path: str | os.PathLike) -> Baseline:
    """The baseline in ``path``, every field checked; ``UsageError`` (one
    line naming the file) when it is not one."""
    path = Path(path)
    data = read_json(path, what="baseline", max_bytes=MAX_BYTES)
    if not isinstance(data, dict):
        raise problem(path, f"is not a gloss-graph baseline (a JSON {_type(data)}, not an object)")
    if "version" not in data:
        raise problem(path, "is not a gloss-graph baseline (no \"version\")")
    version = data["version"]
    if type(version) is not int or version != VERSION:
        raise problem(path, f"has baseline version {shown(version)}; this gloss-graph reads version {VERSION}")
    unknown = sorted(set(data) - {"version", "findings"})
    if unknown:
        raise problem(path, f"has an unknown key {shown(unknown[0])}")
    if not isinstance(data.get("findings"), list):
        raise problem(path, "\"findings\" is missing or not a list")
    baseline = Baseline(path)
    for number, item in enumerate(data["findings"]):
        recorded = _recorded(path, number, item)
        if recorded.fingerprint in baseline.items:
            raise problem(path, f"findings[{number}] repeats an earlier finding; give it one entry with a count")
        baseline.items[recorded.fingerprint] = recorded
    return baseline


def compare(findings: Iterable[Finding], baseline: Baseline) -> BaselineResult:
    """Split ``findings`` into new and known, and list what the baseline
    recorded that is gone. Of identical findings, the first ones in file
    order are the known ones."""
    ordered = sorted(findings, key=Finding.sort_key)
    counts = {key: r.count for key, r in baseline.items.items()}
    root = baseline.root
    known, new, left = split_by_count(ordered, lambda f: fingerprint(f, root), counts)
    fixed = [replace(r, count=left[key]) for key, r in sorted(baseline.items.items()) if left[key] > 0]
    return BaselineResult(new, known, fixed)


def split_by_count(items: Iterable[T], key: Callable[[T], str],
                   counts: dict[str, int]) -> tuple[list[T], list[T], dict[str, int]]:
    """Match items against a multiset of keys: (matched, unmatched, counts
    left over). An item is matched while its key has a count left."""
    left = dict(counts)
    matched, unmatched = [], []
    for item in items:
        k = key(item)
        if left.get(k, 0) > 0:
            left[k] -= 1
            matched.append(item)
        else:
            unmatched.append(item)
    return matched, unmatched, left


# --- helpers ----------------------------------------------------------------------

def _key(kind: str, file: str, target: str, text: str) -> str:
    return json.dumps([kind, file, target, text], ensure_ascii=False)


def _recorded(path: Path, number: int, item) -> Recorded:
    where = f"findings[{number}]"
    if not isinstance(item, dict):
        raise problem(path, f"{where} is a JSON {_type(item)}, not an object")
    missing = [name for name in FIELDS if name not in item]
    if missing:
        raise problem(path, f"{where} has no {shown(missing[0])}")
    unknown = sorted(set(item) - set(FIELDS))
    if unknown:
        raise problem(path, f"{where} has an unknown key {shown(unknown[0])}")
    for name in FIELDS[:4]:
        if not isinstance(item[name], str):
            raise problem(path, f"{where}.{name} is a JSON {_type(item[name])}, not a string")
    if not item["kind"] or not item["file"]:
        raise problem(path, f"{where} has an empty kind or file")
    count = item["count"]
    if type(count) is not int or count < 1:
        raise problem(path, f"{where}.count is {shown(count)}, not a positive whole number")
    return Recorded(**item)


# Characters JSON allows raw in a string but a reviewer should never meet
# raw in a committed file: bidirectional controls reorder what a diff view
# shows ("Trojan Source"), line separators break lines in some viewers.
_INVISIBLE = {ord(c): f"\\u{ord(c):04x}" for c in BIDI_CONTROLS + "\u2028\u2029"}


def _safe_json(value) -> str:
    return json.dumps(value, ensure_ascii=False).translate(_INVISIBLE)


def _type(value) -> str:
    return {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}.get(
        type(value), "number")

