"""What every rule module provides: a named pattern and a handler."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class Rule:
    name: str  # the named group in the combined pattern; group names inside are prefixed with it
    pattern: str
    handle: Callable  # (match, Scan) -> None


def ignore(match, scan) -> None:
    """For what hides its content: code and comments."""
