"""Minting IRIs: never a piece of raw text inside an IRI.

Identifiers we mint (concepts, tags, missing terms, the scheme) live under a
base IRI, ``https://w3id.org/gloss-graph/id/`` unless ``--base-iri`` says
otherwise::

    <base>scheme
    <base>concept/<slug after "Glossary/", lower case, each segment encoded>
    <base>disambiguation/<the same>   the senses of a disambiguation page
    <base>tag/<tag name, encoded as one segment>

A term's IRI depends only on its slug compared as MDN compares slugs (lower
case, ``str.lower``), so it cannot change when only the case of a title or
folder does; ``gg:slug`` keeps the display case. A glossary slug that some
page links to but that has no entry yet (a missing term) gets the very IRI
its concept will have once the entry is written (``term``): the IRI is the
slug's, whether or not the entry exists. Empty segments (``Glossary//A``)
are dropped: MDN has no such slug.

A segment keeps every character RFC 3987 allows in a path segment as it is
(letters, digits, ``-._~`` and the sub-delimiters ``!$&'()*+,;=`` plus ``:``
and ``@``), so ``round_trip_time_(rtt)`` stays readable. Everything else --
space, ``"<>#%?[]\\^`{|}``, controls, and non-ASCII -- is percent-encoded as
UTF-8: minted identifiers are plain URIs, usable by tools that know nothing
of IRIs. A segment that is exactly ``.`` or ``..`` has its dots encoded
(``%2E``), or IRI resolution would remove it.

Web addresses found in the content (``web_iri``) are kept as written where
they are valid; characters no IRI may hold (space, ``"<>\\^`{|}``, a ``%``
not followed by two hex digits, a second ``#``) are percent-encoded, and so
is non-ASCII text, as RFC 3987 section 3.1 maps an IRI to a URI (an
internationalised host name becomes its IDNA "xn--" form). Every IRI in the
export is therefore plain ASCII, the same rule as for minted identifiers.
What cannot be repaired (no host, a host with forbidden characters, a scheme
other than http(s), so no ``javascript:``) is dropped.
"""
from __future__ import annotations

import functools
import re
import string
from urllib.parse import quote, urlsplit

DEFAULT_BASE_IRI = "https://w3id.org/gloss-graph/id/"
GLOSSARY_PREFIX = "glossary/"

# RFC 3986/3987 ipchar, less the unreserved characters quote() never encodes.
_SEGMENT_SAFE = "!$&'()*+,;=:@"
_HEX = set(string.hexdigits)
_ASCII_UNRESERVED = set(string.ascii_letters + string.digits + "-._~")
_SUB_DELIMS = set("!$&'()*+,;=")
_HOST = re.compile(r"^[\w.~!$&'()*+,;=%:@\[\]-]+$")  # \w admits non-ASCII letters (IDN hosts)


def is_valid(iri: str) -> bool:
    """An absolute IRI by RFC 3987, as Oxigraph's strict parser checks it."""
    import pyoxigraph  # here: checking the default options need not load it

    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri))


def check_base(base_iri: str) -> str:
    """The base every identifier is minted under; ends with '/' or '#'."""
    if not is_valid(base_iri):
        raise ValueError(f"not an absolute IRI: {base_iri!r}")
    return base_iri if base_iri.endswith(("/", "#")) else base_iri + "/"


def segment(text: str) -> str:
    """One path segment: '/' is encoded too."""
    encoded = quote(text, safe=_SEGMENT_SAFE, encoding="utf-8", errors="surrogatepass")
    if encoded in (".", ".."):
        return encoded.replace(".", "%2E")
    return encoded


def slug_path(slug: str) -> str:
    """A slug's segments in lower case, each encoded, joined by '/'.
    "Glossary/" is dropped (everything under concept/ is a glossary term),
    and so are empty segments."""
    slug = slug.lower()
    if slug.startswith(GLOSSARY_PREFIX):
        slug = slug[len(GLOSSARY_PREFIX):]
    return "/".join(segment(part) for part in slug.split("/") if part)


@functools.lru_cache(maxsize=16384)  # a term is named by every concept that references it
def term(base_iri: str, slug: str) -> str:
    """The IRI of a glossary slug: its concept's, or the missing term's
    until the entry is written (the same IRI)."""
    return f"{base_iri}concept/{slug_path(slug)}"


def concept(base_iri: str, slug: str) -> str:
    return term(base_iri, slug)


def missing(base_iri: str, slug: str) -> str:
    """A missing term: the IRI its concept will have (see the module docstring)."""
    return term(base_iri, slug)


def disambiguation(base_iri: str, slug: str) -> str:
    """The skos:Collection of the senses a disambiguation page lists."""
    return f"{base_iri}disambiguation/{slug_path(slug)}"


def tag(base_iri: str, name: str) -> str:
    return f"{base_iri}tag/{segment(name)}"


def scheme(base_iri: str) -> str:
    return f"{base_iri}scheme"


# An address that web_iri would give back unchanged: lower-case scheme, an
# ASCII host, and nothing in path, query or fragment that needs encoding.
_CLEAN = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]+)?"
    r"(?:/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})*)?"
    r"(?:\?(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})+)?"
    r"(?:#(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})+)?"
)


@functools.lru_cache(maxsize=65536)  # a page URL is asked for by every node that links to it
def web_iri(url: str) -> str | None:
    """An http(s) address as a valid IRI, or None when it cannot be one."""
    if _CLEAN.fullmatch(url):
        return url  # already what the steps below would make of it
    return _repaired(url)


def _repaired(url: str) -> str | None:
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unbalanced '[' in the host
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or not _HOST.match(parts.netloc):
        return None
    netloc = parts.netloc if parts.netloc.isascii() else _ascii_netloc(parts)
    if netloc is None:
        return None
    # urlsplit drops an empty query or fragment ("...?" or "...#"): harmless.
    iri = f"{parts.scheme}://{netloc}{_encode(parts.path, '/:@')}"
    if parts.query:
        iri += "?" + _encode(parts.query, "/:@?")
    if parts.fragment:
        iri += "#" + _encode(parts.fragment, "/:@?")
    return iri if is_valid(iri) else None


def _ascii_netloc(parts) -> str | None:
    """user@höst:port -> user@xn--hst-sna:port, or None."""
    try:
        host = parts.hostname.encode("idna").decode("ascii")
        port = f":{parts.port}" if parts.port is not None else ""
    except (UnicodeError, ValueError, AttributeError):
        return None
    userinfo = parts.netloc.rpartition("@")[0]
    return (f"{_encode(userinfo, ':')}@" if userinfo else "") + host + port


def _encode(text: str, allowed: str) -> str:
    """Percent-encode (UTF-8) all but the ASCII characters a URI component
    may hold; keep valid %XX escapes."""
    out = []
    for i, ch in enumerate(text):
        if ch == "%":
            digits = text[i + 1:i + 3]
            out.append("%" if len(digits) == 2 and set(digits) <= _HEX else "%25")
        elif ch in _ASCII_UNRESERVED or ch in _SUB_DELIMS or ch in allowed:
            out.append(ch)
        else:
            out.append(quote(ch, safe="", encoding="utf-8", errors="surrogatepass"))
    return "".join(out)
