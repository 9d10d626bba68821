"""Fill in what a source's own metadata leaves out, from the next place that says it.

- title: the header or the page's tags, else a headline-like line at the top of the text, else
  a description of the untitled source by its opening words;
- publisher: the header or the page's tags, else the host of its URL ("example.org");
- date: the header or the page's tags, as YYYY-MM-DD, else a dateline at the top of the text.

A placeholder ("unknown", "n/a") is no value. The text is never changed: a headline taken as
the title stays in the text, so every offset into it still holds.
"""

from __future__ import annotations

import re
from dataclasses import replace
from urllib.parse import unquote, urlsplit

from crosstally.sources.dates import dateline, is_date_line, iso_date
from crosstally.sources.fields import Fields

# What people write in a metadata field that has no value.
PLACEHOLDERS = frozenset({"unknown", "n/a", "na", "none", "null", "nil", "untitled", "no title",
                          "-", "--", "?", "tbd", "(unknown)", "[unknown]", "not available"})
# 'report.pdf', 'Microsoft Word - report final.docx': a file's name, not its work's title.
FILE_NAME = re.compile(r"(?:[\w ]+ - [\w ./-]+|[\w./-]+)\.(?:docx?|pdf|txt|md|html?|rtf|odt|"
                       r"indd|pptx?)", re.IGNORECASE)
TOP_LINES = 12
TOP_CHARS = 1500
MIN_WORDS, MAX_WORDS, MAX_CHARS = 3, 20, 160
OPENING_WORDS = 12
PARAGRAPH_WORDS = 25
# Closed-class English: a headline does not end on one of these, and they are not counted
# when judging whether a line's words are capitalised.
FUNCTION_WORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "nor", "of", "to", "in", "on", "at", "by", "for",
    "from", "with", "into", "onto", "over", "under", "about", "as", "than", "that", "which",
    "who", "whom", "whose", "this", "these", "those", "is", "are", "was", "were", "be", "been",
    "its", "it", "his", "her", "their", "our", "your", "my", "vs", "via", "per"})
BYLINE = re.compile(r"(?:(?:reported|written|posted|text|words|photos?|story|compiled|edited|"
                    r"prepared|produced|supported|sponsored|presented|powered)\s+)?by\s"
                    r"|(?:first\s+|last\s+)?(?:published|posted|updated|filed)\b", re.IGNORECASE)
# Site furniture, not a headline: the words of navigation, sign-up and advertising bars.
CHROME = re.compile(r"\b(?:skip to|jump to|navigation|menu|home ?page|main page|sign (?:in|up)|"
                    r"log ?in|subscribe|newsletters?|advertisement|cookies?|main content|"
                    r"share this|read more|continue reading|full (?:article|story)|click here|"
                    r"javascript|free encyclopedia|accessibility|archives?|photo|image|"
                    r"credit|copyright)\b|©", re.IGNORECASE)
# "BOSTON (AP) -", "WASHINGTON, Oct. 16": a dateline opens the story, it is not its headline.
DATELINE_START = re.compile(r"[A-Z]{3,}[A-Z .'’-]*(?:,|\s\()")
LIST_NUMBER = re.compile(r"\d{1,3}[.)]\s")
SENTENCE_INSIDE = re.compile(r"\b[a-z]{4,}\.\s")  # "... plus one other. Read every review"
URL_IN_TEXT = re.compile(r"\b(?:https?://|www\.)\S+", re.IGNORECASE)
# Words of web addresses that name no content: file types, the parts of host names.
URL_WORDS = frozenset({"html", "htm", "php", "asp", "aspx", "jsp", "cgi", "index", "www", "com",
                       "org", "net", "edu", "gov", "news", "story", "article", "articles"})
NOT_LAST = (".", ",", ":", ";", "-", "–", "—")
TITLE_SEPARATOR = re.compile(r"\s+[|·»]\s+")


def complete(fields: Fields, url: str | None = None) -> Fields:
    """`fields` with title, publisher and date filled from the next source of each, and
    placeholders dropped; `url` is where the source came from, if the fields do not say."""
    url = known(fields.url) or url
    title = known(fields.title)
    if title and FILE_NAME.fullmatch(title):
        title = None  # 'Microsoft Word - report.docx' names a file, not the work
    title = title or headline(fields.text, url) or untitled(fields.text)
    return replace(
        fields, url=known(fields.url), title=title,
        publisher=known(fields.publisher) or host(url),
        date=iso_date(known(fields.date)) or dateline(fields.text),
        author=known(fields.author))


def known(value: str | None) -> str | None:
    """`value` stripped, or None if it is empty or a placeholder."""
    text = " ".join(value.split()) if value else ""
    return text if text and text.lower() not in PLACEHOLDERS else None


def host(url: str | None) -> str | None:
    """The host a web address names, without `www.`: 'news.example.org'."""
    if not url or not re.match(r"[a-z][a-z0-9+.-]*://", url, re.IGNORECASE):
        return None
    try:
        name = urlsplit(url).hostname
    except ValueError:
        return None
    return name.removeprefix("www.") or None if name else None


def headline(text: str, url: str | None = None) -> str | None:
    """The line at the top of `text` that reads as its headline, or None. A headline is short,
    has no final full stop, is no byline, date or site furniture, and its words are mostly
    capitalised or it stands apart between blank lines; words shared with the URL's path
    make a line likelier."""
    slug = _slug_words(url)
    site = _site_words(url)
    best, best_score = None, 0.0
    for i, (line, apart) in enumerate(_top_lines(text)):
        if len(line.split()) >= PARAGRAPH_WORDS:
            break  # body text: a headline, if any, came before
        candidate = _candidate(line)
        if candidate is None:
            continue
        score = _score(candidate, apart, slug, site) - 0.1 * i
        if score > best_score:
            best, best_score = candidate, score
    return best


def untitled(text: str) -> str | None:
    """A description of an untitled source by its opening words, as citation styles do:
    'Untitled, beginning “The first words of its text…”'."""
    lines = [URL_IN_TEXT.sub(" ", line) for line, _ in _top_lines(text)]
    lines = [" ".join(line.split()) for line in lines]
    opening = next((line for line in lines if len(line.split()) >= OPENING_WORDS // 2
                    and not _name_list(line) and not BYLINE.match(line)), None)
    opening = opening or next((line for line in lines if line), None)
    if not opening:
        return None
    words = opening.split()
    cut = " ".join(words[:OPENING_WORDS]).rstrip(",;:–—-")
    return f"Untitled, beginning “{cut}…”" if len(words) > OPENING_WORDS else \
        f"Untitled, beginning “{cut}”"


def _top_lines(text: str) -> list[tuple[str, bool]]:
    """The first non-empty lines, each with whether blank lines set it apart."""
    raw = text[:TOP_CHARS].split("\n")
    out = []
    for i, line in enumerate(raw):
        if line.strip():
            before = i == 0 or not raw[i - 1].strip()
            after = i + 1 >= len(raw) or not raw[i + 1].strip()
            out.append((" ".join(line.split()), before and after))
        if len(out) == TOP_LINES:
            break
    return out


def _candidate(line: str) -> str | None:
    """The line as a headline ('Headline | Site' gives 'Headline'), or None if it cannot be."""
    line = TITLE_SEPARATOR.split(line)[0].strip()
    words = line.split()
    if not MIN_WORDS <= len(words) <= MAX_WORDS or len(line) > MAX_CHARS:
        return None
    first = next((c for c in line if c.isalnum()), "")
    if not (first.isupper() or first.isdigit()) or line.endswith(NOT_LAST) \
            and not line.endswith(("...", "…")) or words[-1].lower() in FUNCTION_WORDS:
        return None
    if any(rx.search(line) for rx in (URL_IN_TEXT, CHROME, SENTENCE_INSIDE)) or ";" in line \
            or any(rx.match(line) for rx in (BYLINE, DATELINE_START, LIST_NUMBER)):
        return None
    if sum(c.isalpha() for c in line) < 0.6 * len(line.replace(" ", "")) \
            or is_date_line(line) or _tag_list(line) or _name_list(line):
        return None
    if line.isupper() and len(words) > MAX_WORDS // 2:
        return None  # shouting: a comment or a warning, not a headline
    return line


def _tag_list(line: str) -> bool:
    """'Religion, Regions, News': labels in a row, not a headline."""
    parts = line.split(",")
    return len(parts) >= 3 and all(len(p.split()) <= 2 for p in parts)


def _name_list(line: str) -> bool:
    """'Jane Roe, John Doe & Ann Poe': a byline without its 'By', not a headline."""
    parts = [p.split() for p in re.split(r",|&|\band\b", line)]
    return len(parts) >= 2 and all(2 <= len(p) <= 3 and all(w[0].isupper() for w in p)
                                   for p in parts)


def _score(line: str, apart: bool, slug: set[str], site: set[str]) -> float:
    """How much `line` reads as a headline: capitalised, set apart, sharing the URL's words;
    naming the site itself ('CNN U.S. News') counts against it. 0 is no headline."""
    content = [w for w in re.findall(r"[^\W_][\w'’-]*", line) if w.lower() not in FUNCTION_WORDS]
    capitalised = sum(w[0].isupper() or w[0].isdigit() for w in content) / max(len(content), 1)
    if capitalised < 0.6 and not apart:
        return 0.0
    words = {w.lower() for w in content}
    score = 1.0 + (0.5 if capitalised >= 0.6 else 0.0) + (0.5 if apart else 0.0)
    if slug:
        score += 2.0 * len(words & slug) / max(min(len(slug), len(words)), 1)
    if words & site:
        score -= 1.0
    return score


def _slug_words(url: str | None) -> set[str]:
    """Words of the URL's path ('/2019/06/17/crowd-fills-square-says-police' -> crowd, ...)."""
    if not url:
        return set()
    try:
        path = unquote(urlsplit(url).path)
    except ValueError:
        return set()
    words = {w.lower() for w in re.findall(r"[^\W\d_]{3,}", path)}
    return words - FUNCTION_WORDS - URL_WORDS


def _site_words(url: str | None) -> set[str]:
    """The name in the URL's host: 'news.example.co.uk' -> {'example'}."""
    name = host(url)
    if not name:
        return set()
    return {p for p in name.split(".")[:-1] if len(p) >= 3} - URL_WORDS
