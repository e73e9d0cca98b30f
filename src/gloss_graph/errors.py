"""Errors the command line turns into one line on stderr, never a traceback."""
from __future__ import annotations


class GlossGraphError(Exception):
    """An error meant for the user. ``exit_status`` is what the CLI returns."""

    exit_status = 1


class UsageError(GlossGraphError):
    """Bad arguments or a SOURCE that holds no glossary: exit status 2."""

    exit_status = 2
