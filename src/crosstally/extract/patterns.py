"""Regex helpers that make the extractor's patterns fast without changing what they match.

`alternation` writes a word list as a prefix tree, so the engine tries a few branches at each
position instead of every word. `AsciiTwin` scans plain ASCII text in re.ASCII mode.
`Caseless` runs a case-insensitive pattern over lower-cased text. `EndAnchored` searches a
pattern whose match must reach the end of the text (the 40 characters before a number, a
clause) only where a match can be.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, cached_property


def alternation(words: Iterable[str], *, space: str = r"\s+", ignore_case: bool = True) -> str:
    """The words as one regex alternative, longest first, so 'hundreds of thousands' wins over
    'hundreds', the same pattern for the same words in any order. A space in a word matches
    `space` (any run of whitespace unless told); `ignore_case` says whether the regex is
    compiled with re.IGNORECASE.

    Written as a prefix tree ('hundred(?:s(?:\\s+of\\s+thousands)?)?'), the regex engine tries
    a few branches at each position instead of every word, and finds the same matches as the
    flat longest-first list: of the words that match at one position, each is a prefix of the
    longer ones, and the tree tries the longer first. So the tree is used only where no two
    branches of a node can match the same character; else the flat list is returned."""
    return _alternation(tuple(words), space, ignore_case)


Trie = dict[str, "Trie"]


@cache
def _alternation(words: tuple[str, ...], space: str, ignore_case: bool) -> str:
    # longest first; words of one length in a fixed order, so that a word set (in an order
    # that changes from run to run) gives the same pattern every run
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    tree: Trie = {}
    for word in ordered:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here
    pattern = _tree_pattern(tree, space, space != r"\ ", ignore_case)
    if pattern is None:
        return "|".join(re.escape(w).replace(r"\ ", space) for w in ordered)
    return pattern


def _tree_pattern(node: Trie, space: str, any_space: bool, ignore_case: bool) -> str | None:
    """The subtree as a regex; None if two branches of a node may match one character."""
    chars = [c for c in node if c]
    if len(chars) > 1 and any(_same_char(a, b, any_space, ignore_case)
                              for i, a in enumerate(chars) for b in chars[i + 1:]):
        return None
    branches = []
    for char in chars:
        rest = _tree_pattern(node[char], space, any_space, ignore_case)
        if rest is None:
            return None
        branches.append((space if char == " " else re.escape(char)) + rest)
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if "" in node else body  # greedy: the longer word is tried first


@cache
def _same_char(a: str, b: str, any_space: bool, ignore_case: bool) -> bool:
    """Whether one character of text may match two different branch characters; a space
    matches any whitespace when `any_space`."""
    if any_space and " " in (a, b):
        return bool(re.fullmatch(r"\s", b if a == " " else a))
    if not ignore_case:
        return False
    if a.isascii() and b.isascii():  # an ASCII letter folds to no other ASCII letter
        return a.lower() == b.lower()
    return (a.casefold() == b.casefold() or bool(re.fullmatch(re.escape(a), b, re.I))
            or bool(re.fullmatch(re.escape(b), a, re.I)))


def initials(words: Iterable[str]) -> str:
    """A lookahead for the first characters of the words: put before their alternation, it
    leaves a position at once when none can start there (under re.IGNORECASE too)."""
    return rf"(?=[{re.escape(''.join(sorted({w[0] for w in words if w})))}])"


INFORMATION_SEPARATORS = re.compile("[\x1c-\x1f]")


def plain_ascii(text: str) -> bool:
    """Whether re.ASCII matches `text` exactly as the default (Unicode) mode does: ASCII text
    without the four information separators U+001C..U+001F, which only Unicode mode counts
    as whitespace (\\s). \\w, \\d and \\b agree on every ASCII character."""
    return text.isascii() and not INFORMATION_SEPARATORS.search(text)


class AsciiTwin:
    """A regex compiled twice: as given, and with re.ASCII, which scans plain ASCII text
    (see plain_ascii) with the same matches and faster."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.unicode = re.compile(pattern, flags)
        self.ascii = re.compile(pattern, flags | re.ASCII)

    def pick(self, plain: bool) -> re.Pattern[str]:
        return self.ascii if plain else self.unicode


class Caseless:
    """A case-insensitive regex that runs on plain ASCII text (see plain_ascii) as a
    case-sensitive re.ASCII copy over the lower-cased text. The spans are the same (lower()
    keeps every offset of ASCII text), and the engine is faster, as it can skip a branch by
    its first letter."""

    def __init__(self, pattern: str) -> None:
        if re.search(r"\\[A-Z]|\(\?[a-zA-Z]*-", pattern):
            raise ValueError("Caseless needs a pattern without upper-case escapes or (?-i:...)")
        self.pattern = pattern
        self.lower_case = re.compile(pattern.lower(), re.ASCII)

    @cached_property
    def any_case(self) -> re.Pattern[str]:  # compiled when first needed: most text is ASCII
        return re.compile(self.pattern, re.I)

    def spans(self, text: str) -> list[tuple[int, int]]:
        if plain_ascii(text):
            return [m.span() for m in self.lower_case.finditer(text.lower())]
        return [m.span() for m in self.any_case.finditer(text)]

    def first(self, text: str) -> tuple[int, int] | None:
        if plain_ascii(text):
            m = self.lower_case.search(text.lower())
        else:
            m = self.any_case.search(text)
        return m.span() if m else None


class EndAnchored:
    """A regex whose every match reaches the end of the text (it ends in '$'), and cheap
    tests that skip searches which cannot match:

    * `stops`: characters no match holds, so the search starts after the last of them;
    * `tails`: words one of which every match ends with, trailing whitespace aside;
    * `needs`: words one of which every match holds.

    Words are compared in lower case, and only in ASCII text: text beyond ASCII is always
    searched, as re.IGNORECASE folds a few other letters to ASCII ones.
    """

    def __init__(self, pattern: str, flags: int = 0, *, stops: str = "",
                 tails: Iterable[str] = (), needs: Iterable[str] = ()) -> None:
        self.pattern = re.compile(pattern, flags)
        self.stops = stops
        self.tails = tuple({w.split(" ")[-1].lower() for w in tails})
        needs = {w.lower() for w in needs}  # found as plain substrings of the lower-cased text
        self.needs = re.compile(alternation(needs, space=r"\ ", ignore_case=False)) if needs \
            else None

    def search(self, text: str) -> re.Match[str] | None:
        if (self.tails or self.needs) and text.isascii():
            low = text.lower()
            if self.tails and not low.rstrip().endswith(self.tails):
                return None
            if self.needs and not self.needs.search(low):
                return None
        if self.stops:
            return self.pattern.search(text, max(map(text.rfind, self.stops)) + 1)
        return self.pattern.search(text)
