"""``to_markdown(report) -> str``: report.md, the health report for people.

A summary table, then each section; long lists are cut at ``LIMIT`` items
with a count of the rest (report.json always has them all). Everything that
comes from content (titles, link text, slugs, snippets, reasons) goes
through ``escape`` or, in code spans, ``code``, so that when the file is
rendered (GitHub's renderer included, with its autolinks):

- a title cannot open a link, a table cell or an HTML tag: markup
  characters are backslash-escaped;
- a URL or a ``www.`` name in it is not turned into a link: its ``:`` and
  ``.`` are escaped, and GitHub looks for those in the source;
- an e-mail address in it is not turned into a ``mailto:`` link: GitHub
  looks for addresses after escapes are undone, so every ``@`` is preceded
  by U+2060 WORD JOINER, which is invisible and keeps a letter from standing
  right before the ``@``;
- control characters show as U+FFFD, and the bidirectional controls
  (``terminal.BIDI_CONTROLS``), which could make a line read in another
  order than it is written, as ``\\u202e`` escapes (``terminal.safe``
  makes them). Inside a code span no link is ever made.
"""
from __future__ import annotations

import re
from pathlib import PurePosixPath

from .terminal import safe

LIMIT = 50  # items shown per list before "... and N more"
CLUSTER_LINKS = 3  # other topic clusters named per cluster

# Every ASCII punctuation character may be backslash-escaped in CommonMark;
# these are the ones that can start or end inline markup (text here never
# starts a line, so - + # need none): | for table cells; : and . so that
# GitHub does not turn a URL or www.name into a link; $ for its math.
_MARKUP = re.compile(r"([\\`*_\[\]<>!|~&:.$@])")


# Control characters (C0, DEL, C1) are never wanted in a report: shown as
# U+FFFD, the replacement character, so that the reader sees something was there.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def flat(text) -> str:
    """One line of printable text: controls as U+FFFD, bidi controls as
    ``\\u202e`` (once the controls are gone, that is all ``safe`` changes)."""
    return safe(" ".join(_CONTROL.sub("\ufffd", " ".join(str(text).split())).split()))


def _escaped(match: re.Match) -> str:
    # An invisible word joiner before every @: see the module docstring.
    return "\u2060\\@" if match.group() == "@" else "\\" + match.group()


def escape(text) -> str:
    """Plain text, safe inside a markdown paragraph or a table cell."""
    if text is None:
        return ""
    return _MARKUP.sub(_escaped, flat(text))


def code(text) -> str:
    """Text in a code span: nothing inside is markup, and no renderer makes a
    link of it; controls and bidi controls are shown as ``flat`` shows them.
    A backtick in the text gets a longer fence, as CommonMark allows."""
    text = flat(text)
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def place(item: dict) -> str:
    path = PurePosixPath(item["root"], item["file"]).as_posix() if item.get("root") else item["file"]
    where = path
    if item.get("line"):
        where += f":{item['line']}"
        if item.get("column"):
            where += f":{item['column']}"
    return code(where)


def to_markdown(report: dict) -> str:
    out: list[str] = ["# Link-health report", ""]
    if report.get("sources"):
        out += ["Sources: " + ", ".join(code(s) for s in report["sources"]) + ".", ""]
    out += _summary(report["summary"])
    out += _section(
        "Broken references", report["broken_references"],
        "References to glossary terms that have no entry in any loaded locale.",
        ["where", "in", "locale", "looks for", "shown as", "did you mean"],
        lambda i: [place(i), escape(i["source"]), escape(i["locale"]), escape(i["target"]),
                   escape(i["text"]), _did_you_mean(i)])
    out += _section(
        "Orphans", report["orphans"],
        "Concepts no other entry (and, in site mode, no page) references.",
        ["term", "title", "locales", "file"], _concept_row)
    out += _section(
        "Dead ends", report["dead_ends"],
        "Concepts whose entries reference no other existing concept.",
        ["term", "title", "locales", "file"], _concept_row)
    out += _untranslated(report["untranslated"])
    out += _section(
        "References that fall back to en-US", report["untranslated_targets"],
        "References in a translation to a term that has no entry in that locale: readers get the English page.",
        ["where", "in", "locale", "term", "shown as"],
        lambda i: [place(i), escape(i["source"]), escape(i["locale"]), escape(i["target"]), escape(i["text"])])
    out += _section(
        "Orphaned translations", report["orphaned_translations"],
        "Translated entries whose en-US source cannot be found.",
        ["term", "locale", "title", "translation of", "file"],
        lambda i: [escape(i["slug"]), escape(i["locale"]), escape(i["title"]),
                   escape(i["translation_of"]), place(i)])
    if "staleness" in report:
        out += _stale(report["staleness"], report["stale_translations"])
    if "unlinked_mentions" in report:
        out += _section(
            "Unlinked mentions", _orphans_first(report["unlinked_mentions"]),
            "Places whose running text names a term without linking to it: orphans first (a link there "
            "would be their first), then the sure ones (high confidence). `gloss-graph fix` makes the links.",
            ["term", "orphan", "where", "in", "words", "confidence"],
            lambda i: [escape(i["target"]), "yes" if i["orphan"] else "", place(i), escape(i["source"]),
                       escape(i["text"]), escape(i["confidence"])])
    out += _section(
        "Components", report["components"],
        "Groups of concepts connected by references (either way), largest first. "
        "Members are listed for the small ones.",
        ["concepts", "members"],
        lambda i: [str(i["size"]), ", ".join(escape(m) for m in i["members"]) if i["members"] else "(many)"])
    if "clusters" in report:  # a report from before clusters has none
        out += _section(
            "Topic clusters", report["clusters"],
            "Groups of concepts that reference each other more than the rest, largest first, each named "
            "after its most central concept (the one most of its members reference).",
            ["topic", "concepts", "hubs", "shares most references with"], _cluster_row)
    out += _hubs(report["hubs"])
    if report["summary"]["pages"]:
        by_use = sorted(report["concepts"], key=lambda i: -i["pages"])  # stable: slug order kept
        out += _section(
            "Site pages referencing each term", by_use,
            "How many loaded site pages reference each concept, most used first.",
            ["term", "title", "pages"],
            lambda i: [escape(i["slug"]), escape(i["title"]), str(i["pages"])])
    out += _section(
        "Encoding flaws", report["encoding_flaws"],
        "Lines whose text looks like mojibake (UTF-8 read as another encoding).",
        ["where", "locale", "text"],
        lambda i: [place(i), escape(i["locale"]), code(i["snippet"])])
    for name, title in (("errors", "Files that could not be read"), ("warnings", "Warnings")):
        out += _section(title, report[name], "", ["where", "reason"],
                        lambda i: [place(i), escape(i["reason"])])
    if report.get("omitted"):  # a hostile or broken tree only (report.cut_floods)
        out += _section(
            "Floods cut short", report["omitted"],
            "Files with more items of one kind than report.json lists (it lists the first of each; "
            "the summary counts them all).",
            ["where", "section", "kind", "in all", "listed"],
            lambda i: [place(i), escape(i["section"]), escape(i["kind"]), str(i["count"]), str(i["listed"])])
    return "\n".join(out).rstrip("\n") + "\n"


def _orphans_first(items: list[dict]) -> list[dict]:
    return sorted(items, key=lambda i: (not i["orphan"], i["confidence"] != "high", i["target"].lower()))


def _did_you_mean(item: dict) -> str:
    if not item["suggestion"]:
        return ""
    return f"{escape(item['suggestion'])} ({escape(item['suggestion_reason'])})"


def _summary(summary: dict) -> list[str]:
    rows = []
    for key, value in summary.items():
        label = key.replace("_", " ")
        if isinstance(value, dict):
            for loc, n in value.items():
                rows.append([f"{escape(label)} ({escape(loc)})", str(n)])
        else:
            rows.append([escape(label), "not determined" if value is None else str(value)])
    return ["## Summary", "", *_table(["", "count"], rows), ""]


def _stale(staleness: dict, items: list | None) -> list[str]:
    """Stale translations; when git could not tell, why, never "None"."""
    if not staleness["determined"]:
        return ["## Stale translations (not determined)", "",
                f"Staleness could not be determined: {escape(staleness['reason'])}.", ""]
    intro = ("Translations whose English file changed after the commit they were translated from "
             "(`l10n.sourceCommit`), and those whose staleness is unknown. "
             f"{staleness['fresh']} {'translation is' if staleness['fresh'] == 1 else 'translations are'} "
             "up to date.")
    return _section(
        "Stale translations", items, intro,
        ["term", "locale", "status", "English commits since", "English last changed", "translated from", "file",
         "why"],
        lambda i: [escape(i["slug"]), escape(i["locale"]), escape(i["status"]),
                   "" if i["commits_behind"] is None else str(i["commits_behind"]),
                   escape(i["last_english_change"] or ""),
                   code(i["source_commit"][:12]) if i["source_commit"] else "",
                   place(i), escape(i["reason"])])


def _section(title: str, items: list, intro: str, header: list[str], row) -> list[str]:
    out = [f"## {title} ({len(items)})", ""]
    if intro:
        out += [intro, ""]
    if not items:
        return out + ["None.", ""]
    out += _table(header, [row(i) for i in items[:LIMIT]])
    return out + _more(len(items)) + [""]


def _untranslated(untranslated: dict) -> list[str]:
    total = sum(len(slugs) for slugs in untranslated.values())
    out = [f"## Untranslated ({total})", "",
           "en-US concepts with no entry in each loaded locale.", ""]
    if not untranslated:
        return out + ["No locale but en-US loaded.", ""]
    for loc, slugs in untranslated.items():
        shown = ", ".join(escape(s) for s in slugs[:LIMIT]) or "none"
        more = f", and {len(slugs) - LIMIT} more" if len(slugs) > LIMIT else ""
        out += [f"- **{escape(loc)}** ({len(slugs)}): {shown}{more}"]
    return out + [""]


def _hubs(hubs: dict) -> list[str]:
    out = ["## Hubs", "", "The most referenced concepts, and the most central by PageRank.", ""]
    out += ["### By inbound references", ""]
    rows = [[escape(i["slug"]), escape(i["title"]), str(i["referrers"]), str(i["references"])]
            for i in hubs["by_inbound"]]
    out += (_table(["term", "title", "referring terms", "references"], rows) if rows else ["None."]) + [""]
    out += ["### By PageRank", ""]
    rows = [[escape(i["slug"]), escape(i["title"]), f"{i['pagerank']:.6f}"] for i in hubs["by_pagerank"]]
    out += (_table(["term", "title", "PageRank"], rows) if rows else ["None."]) + [""]
    return out


def _cluster_row(item: dict) -> list[str]:
    links = ", ".join(f"{escape(link['cluster'])} ({link['references']})" for link in item["links"][:CLUSTER_LINKS])
    return [f"{escape(item['name'])} ({escape(item['slug'])})", str(item["size"]),
            ", ".join(escape(h["title"]) for h in item["hubs"]), links]


def _concept_row(item: dict) -> list[str]:
    return [escape(item["slug"]), escape(item["title"]), escape(", ".join(item["locales"])), place(item)]


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") if "`" in cell else cell for cell in row) + " |"
              for row in rows]
    return lines


def _more(total: int) -> list[str]:
    return ["", f"... and {total - LIMIT} more (all are in report.json)."] if total > LIMIT else []
