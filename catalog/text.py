"""Text that is safe to show: which characters a spec's text may not hold, and how a value
that holds them is quoted in a message.

Control characters (C0, DEL, C1: ESC starts a terminal escape sequence) and invisible or
direction-changing format characters (zero-width spaces, U+202E RIGHT-TO-LEFT OVERRIDE, the
byte order mark) let a name clear a terminal or print a line that reads differently from the
bytes behind it. Fields refuse them; messages show them escaped:

    unsafe_character("Acme\\u202eAI")      # (4, '\\u202e')
    escaped("name\\x1b[2J")               # 'name\\\\x1b[2J'
"""

from __future__ import annotations

import re

__all__ = ["UNSAFE", "escaped", "unsafe_character"]

UNSAFE = re.compile(
    "["
    "\x00-\x1f\x7f-\x9f"          # C0 controls (tab and newline included), DEL, C1 controls
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"  # invisible format marks
    "\u200b-\u200f"               # zero-width space, joiners, left-to-right and right-to-left marks
    "\u2028-\u202e"               # line and paragraph separators, embeddings and overrides
    "\u2060-\u2064\u2066-\u206f"  # word joiner, invisible operators, isolates
    "\ud800-\udfff"               # lone surrogates (not characters at all)
    "\ufeff\ufff9-\ufffb"         # byte order mark, interlinear annotation
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"  # language tags
    "]"
)
"""Every character of Unicode categories Cc, Cf, Zl, Zp and Cs (a test holds this list to the
Unicode database): nothing in it is visible text."""

_PROSE_ALLOWED = frozenset("\n\t")
"""Multi-line text (Markdown, descriptions) may break lines and indent with tabs."""


def unsafe_character(text: str, *, multiline: bool = False) -> tuple[int, str] | None:
    """The first character of `text` that must not be shown, with its index; None when there
    is none. With `multiline`, newlines and tabs are allowed."""
    for match in UNSAFE.finditer(text):
        if not (multiline and match.group() in _PROSE_ALLOWED):
            return match.start(), match.group()
    return None


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escaped(text: str) -> str:
    """`text` with every unsafe character written as an escape (`\\x1b`, `\\u202e`), so that
    it prints as one line of visible characters."""
    return UNSAFE.sub(_escape, text) if UNSAFE.search(text) else text
