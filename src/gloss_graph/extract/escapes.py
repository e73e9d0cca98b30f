"""Backslash escapes: ``\\[not a link](/x)``, ``\\<not-an-autolink>``,
``\\`not code```. A backslash before ASCII punctuation makes that character
plain text (CommonMark), so the escape is matched and yields nothing; the
character after it then cannot start a link, a code span or a tag.

``\\{{Macro}}`` is how MDN's own writing guide shows a macro call without
running it, so an escaped brace is not a macro either."""
from .rule import Rule, ignore

_ESCAPE = r"\\[!-/:-@\[-`{-~]"

ESCAPE = Rule("escape", _ESCAPE, ignore)
