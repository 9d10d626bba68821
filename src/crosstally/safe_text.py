"""Text crosstally did not write itself, made safe to show in a terminal.

A title, a sentence, a publisher, a URL or a file name comes from a source, so it may hold
terminal escapes (ESC ] 0 ; ... BEL sets the window title, ESC [ 2 J clears the screen) or bidi
controls that reorder what follows them on screen. Every such string passes through here on its
way out:

- `visible`: control and bidi characters written as escapes (`\\x1b`, `\\u202e`), for terminals;
- `json_visible`: the same characters as JSON `\\uXXXX` escapes, so JSON keeps its meaning.
"""

from __future__ import annotations

import re

# C0 controls, DEL and C1 controls (Unicode category Cc), and the bidi controls: ALM, LRM, RLM,
# LRE..RLO and LRI..PDI.
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str, keep: str = "") -> str:
    """`text` with each control and bidi character shown as an escape; those in `keep` stay."""
    def shown(match: re.Match[str]) -> str:
        char = match.group()
        if char in keep:
            return char
        code = ord(char)
        return _NAMED.get(char) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")

    return UNSAFE.sub(shown, text)


def json_visible(text: str) -> str:
    """JSON text with every control and bidi character inside its strings as `\\uXXXX`.

    json.dumps escapes C0 controls itself; with ensure_ascii=False it leaves DEL, C1 and bidi
    controls raw. Outside strings JSON holds only the newlines of its indentation, kept here.
    """
    return UNSAFE.sub(lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}",
                      text)
