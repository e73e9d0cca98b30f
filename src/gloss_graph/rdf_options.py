"""The RDF export's options (``--english-tag``, ``--license``), checked
before anything is read: a module of its own so that checking them does not
import the Turtle writer (turtle.py re-exports what is here)."""
from __future__ import annotations

from . import iri
from .errors import UsageError

# The licence MDN Web Docs' prose carries, and the default licence of an
# export whose input is MDN (provenance.py says how that is recognised).
MDN_LICENSE = "https://creativecommons.org/licenses/by-sa/2.5/"
AUTO = "auto"  # licence: MDN_LICENSE when the input is MDN, none otherwise
ENGLISH_TAGS = ("en", "en-US")  # how en-US is tagged: "en" by default, or in full


def check_english_tag(english_tag: str) -> str:
    if english_tag not in ENGLISH_TAGS:
        raise UsageError(f"--english-tag: {english_tag!r} is not one of {', '.join(ENGLISH_TAGS)}")
    return english_tag


def check_license(license: str | None) -> str | None:
    """``AUTO``, None (no licence) or an absolute IRI."""
    if license is None or license == AUTO:
        return license
    if license.strip().lower() == "none":
        return None
    if not iri.is_valid(license):
        raise UsageError(f"--license: not an absolute IRI: {license!r} (give an IRI, 'auto' or 'none')")
    return license
