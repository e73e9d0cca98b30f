"""KumaScript macros: ``{{Name("arg", 'arg', 3)}}`` in any letter case, either
quote, spaces anywhere, escaped quotes and commas or parentheses inside the
strings. Each macro that links somewhere maps to a Reference here.

A macro call is matched whole, so nothing inside its strings is read as
markdown: ``{{InteractiveExample("Map.prototype[Symbol.iterator]()")}}``
holds no link, though CommonMark would see ``[Symbol.iterator]()`` as one.
"""
from __future__ import annotations

import re

from ..model import DISAMBIGUATION, EXTERNAL, GLOSSARY, XREF
from .entities import unescape
from .rule import Rule

STRING = r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\''  # a quoted argument, escapes allowed
_ARGS = rf"(?:{STRING}|[^\"'()\n]|\((?:{STRING}|[^\"'()\n])*\))*"
_MACRO = rf"\{{\{{\s*(?P<macro_name>[A-Za-z][\w.:-]*)\s*(?:\((?P<macro_args>{_ARGS})\))?\s*\}}\}}"
_MALFORMED = r"\{\{[ \t]*(?i:glossary)\b"
_ARG = re.compile(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'|([^,\s][^,]*)')
_ESCAPE = re.compile(r"\\(.)")


def parse_args(raw: str | None) -> list[str]:
    """``"a, b", 'c\\'d', 3`` -> ["a, b", "c'd", "3"]."""
    if not raw:
        return []
    out = []
    for double, single, bare in _ARG.findall(raw):
        value = double or single if (double or single) else bare.strip()
        out.append(_ESCAPE.sub(r"\1", value) if (double or single) and "\\" in value else value)
    return out


def _arg(args: list[str], i: int) -> str:
    return args[i].strip() if len(args) > i else ""


# --- where the xref macros point (MDN's own macro definitions, simplified;
# the locale's _redirects.txt takes old paths on to where pages live now) ---
def _api_path(name: str) -> str:
    return name.replace(" ", "_").replace("()", "").replace(".prototype.", ".").replace(".", "/")


def _js_path(name: str) -> str:
    """Global objects unless a section is named: "Array.prototype.map()" ->
    Global_Objects/Array/map, "Statements/try...catch" as it is."""
    slug = name.replace("()", "").replace(".prototype.", ".")
    slug = slug if ".." in slug else slug.replace(".", "/")
    return slug if "/" in name else "Global_Objects/" + slug


# Data types whose name is also a property's, and functions whose page is
# not named after them: these go elsewhere than the name says.
_CSS_SPECIAL = {
    "<color>": "color_value", "<flex>": "flex_value", "<overflow>": "overflow_value",
    "<position>": "position_value", ":host()": ":host_function", "fit-content()": "fit_content_function",
}


def _css_path(name: str) -> str:
    """<length> -> length, calc() -> calc, <color> -> color_value."""
    return _CSS_SPECIAL.get(name) or name.removeprefix("<").removesuffix(">").removesuffix("()")


XREF_PATHS = {
    "domxref": lambda n: "Web/API/" + _api_path(n),
    "cssxref": lambda n: "Web/CSS/" + _css_path(n),
    "jsxref": lambda n: "Web/JavaScript/Reference/" + _js_path(n),
    "htmlelement": lambda n: "Web/HTML/Element/" + n.strip("<>").lower(),
    "httpheader": lambda n: "Web/HTTP/Headers/" + n,
    "httpmethod": lambda n: "Web/HTTP/Methods/" + n,
    "httpstatus": lambda n: "Web/HTTP/Status/" + n,
    "svgelement": lambda n: "Web/SVG/Element/" + n.strip("<>"),
    "svgattr": lambda n: "Web/SVG/Attribute/" + n,
}

# Where each xref macro's pages live: a slug elsewhere is no xref's target.
XREF_SECTIONS = ("Web/API/", "Web/CSS/", "Web/JavaScript/Reference/", "Web/HTML/Element/", "Web/HTTP/Headers/",
                 "Web/HTTP/Methods/", "Web/HTTP/Status/", "Web/SVG/Element/", "Web/SVG/Attribute/")

_WIKI_LANG = {"zh-CN": "zh", "zh-TW": "zh", "pt-BR": "pt", "pt-PT": "pt"}


def wikipedia_url(article: str, locale: str) -> str:
    lang = _WIKI_LANG.get(locale, locale.split("-")[0].lower())
    return f"https://{lang}.wikipedia.org/wiki/{article.replace(' ', '_')}"


def shown_text(name: str, args: list[str]) -> str:
    """What a reader sees where the macro stands (used for summaries too).
    Macros write their arguments into HTML, so entities show decoded."""
    return unescape(_shown(name.lower(), args))


def _shown(name: str, args: list[str]) -> str:
    if name == "glossary":
        return _arg(args, 1) or _arg(args, 0)
    if name in XREF_PATHS:
        text = _arg(args, 1) or _arg(args, 0)
        return f"<{text}>" if name in ("htmlelement", "svgelement") and not _arg(args, 1) else text
    if name == "interwiki":
        return _arg(args, 2) or _arg(args, 1).replace("_", " ")
    if name == "rfc":
        return f"RFC {_arg(args, 0)}" + (f": {_arg(args, 1)}" if _arg(args, 1) else "")
    return ""


_KINDS = {"glossary": GLOSSARY, "glossarydisambiguation": DISAMBIGUATION}


def handle(match, scan) -> None:
    name = match.group("macro_name").lower()
    if not scan.wants(_KINDS.get(name, XREF)):
        return
    args = parse_args(match.group("macro_args"))
    pos = match.start()
    if name == "glossary":
        term = _arg(args, 0)
        if not term:
            scan.problem(pos, "glossary macro with an empty term; ignored")
            return
        scan.add(GLOSSARY, term, shown_text(name, args), pos)
    elif name == "glossarydisambiguation":
        scan.add(DISAMBIGUATION, "", "", pos)
    elif name in XREF_PATHS and _arg(args, 0):
        target = XREF_PATHS[name](unescape(_arg(args, 0)))
        if scan.wants(XREF, target):  # before rendering the text a site page mostly throws away
            scan.add(XREF, target, shown_text(name, args), pos)
    elif name == "interwiki" and _arg(args, 0).lower() == "wikipedia" and _arg(args, 1):
        scan.add(EXTERNAL, wikipedia_url(_arg(args, 1), scan.locale), shown_text(name, args), pos)
    elif name == "rfc" and _arg(args, 0).isdigit():
        url = f"https://datatracker.ietf.org/doc/html/rfc{_arg(args, 0)}"
        scan.add(EXTERNAL, url, shown_text(name, args), pos)


def handle_malformed(match, scan) -> None:
    scan.problem(match.start(), "glossary macro is not closed or not well formed; ignored")


MACRO = Rule("macro", _MACRO, handle)
MALFORMED = Rule("malformed", _MALFORMED, handle_malformed)
