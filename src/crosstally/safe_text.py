"""Text crosstally did not write itself, made safe to show in a terminal or a Markdown report.

A title, a sentence, a publisher, a URL or a file name comes from a source, so it may hold
terminal escapes (ESC ] 0 ; ... BEL sets the window title, ESC [ 2 J clears the screen), bidi
controls that reorder what follows them on screen, or Markdown and HTML that a viewer would turn
into links, images or script. Every such string passes through here on its way out:

- `visible`: control and bidi characters written as escapes (`\\x1b`, `\\u202e`), for terminals;
- `json_visible`: the same characters as JSON `\\uXXXX` escapes, so JSON keeps its meaning;
- `md_text`, `md_prose`, `md_url`: Markdown that reads as the text and can never become a
  link, an image, HTML or a block of its own.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

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


# -- Markdown ------------------------------------------------------------------------------
#
# CommonMark lets any ASCII punctuation be escaped with a backslash; the escaped character is
# shown as itself. Escaped here: what starts emphasis, code, links, images, HTML, autolinks and
# table cells, wherever it stands; an '&' that would start an entity (`&#x202e;` is the bidi
# control again); the ':' of '://' and the '.' of 'www.', which GitHub-flavoured Markdown would
# otherwise turn into a live link; '@', which it would turn into a mail link.
_MD_SPECIAL = re.compile(r"[\\`*_\[\]<>|~#@]|&(?=#?\w+;)|:(?=//)|(?i:(?<=\bwww)\.)")
# At the start of a line: a list item or a setext underline; an ordered list item '1.', '1)'.
_BLOCK_MARK = re.compile(r"^[-+=]")
_ORDERED = re.compile(r"^(\d{1,9})([.)])")
_LINE_BREAKS = re.compile(r"[\r\n]+")
CITATION = re.compile(r"\[(\d+)\]")
# A URL of these characters only is shown as it is: Markdown reads none of them as markup.
_PLAIN_URL = re.compile(r"https?://[A-Za-z0-9\-.:/?#@!+,;=%]+", re.IGNORECASE)
# In any other URL kept as a link, between '<' and '>', these are percent-encoded.
_URL_UNSAFE = re.compile(r"[\s<>()\\\"`]|" + UNSAFE.pattern)


def md_text(text: object) -> str:
    """`text` as inline Markdown that shows exactly the text: one line, no markup."""
    s = _LINE_BREAKS.sub(" ", "" if text is None else str(text))
    return visible(_MD_SPECIAL.sub(lambda m: "\\" + m.group(), s))


def md_line(text: object) -> str:
    """`md_text` for text that starts a line: a leading '-', '+', '=' or '1.' is escaped too."""
    s = _BLOCK_MARK.sub(r"\\\g<0>", md_text(text).lstrip())
    return _ORDERED.sub(r"\1\\\2", s)


def md_prose(text: str) -> str:
    """A paragraph of the report's prose: every part escaped except its citations `[n]`.

    A citation never starts a link: not at the start of the line (`[1]: url` would define one),
    and not with a '(' right after it (`[1](url)`).
    """
    parts = CITATION.split(text)  # text, n, text, n, ..., text
    line = md_line(parts[0])
    for n, after in zip(parts[1::2], parts[2::2], strict=True):
        tail = md_text(after)
        line += f"[{n}]" + ("\\" if tail.startswith("(") else "") + tail
    return "\\" + line if line.startswith("[") else line


def md_url(url: str | None) -> str:
    """The source's own URL, the one link a report holds: as written when Markdown reads
    nothing in it, else percent-encoded where needed inside '<...>'; anything but an http(s)
    URL is shown as plain text."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return md_text(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return md_text(url)
    if _PLAIN_URL.fullmatch(url):
        return url
    return "<" + _URL_UNSAFE.sub(lambda m: quote(m.group(), safe=""), url) + ">"
