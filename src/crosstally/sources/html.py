"""HTML pages: main text without boilerplate (trafilatura), metadata from <meta>."""

from __future__ import annotations

import re

import lxml.etree
import lxml.html
import trafilatura

from crosstally.errors import SourceError
from crosstally.sources.encoding import decode_bytes
from crosstally.sources.fields import Fields

META_NAMES = {
    "url": ("url", "og:url"),
    "title": ("title", "og:title", "dc.title"),
    "publisher": ("publisher", "og:site_name", "dc.publisher"),
    "date": ("date", "article:published_time", "dc.date", "pubdate"),
    "author": ("author", "article:author", "dc.creator"),
}
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# libxml2 checks each attribute of a tag against all the ones before it, so a tag with n
# attributes costs n² (200,000 attributes: minutes, again in every re-parse trafilatura makes).
# Past MAX_ATTRIBUTES a tag keeps its first ones, which bounds the work per byte of the page.
MAX_ATTRIBUTES = 64
# A start tag whose attributes (up to the next < or >) are long enough to hold more than
# MAX_ATTRIBUTES (2 characters each at least); the name is possessive and the rest one
# character class, so no match backtracks.
CROWDED_TAG = re.compile(r"(<[A-Za-z][^\s<>/]*+)([^<>]{128,})")
ATTRIBUTE = re.compile(r"""[^\s"'=/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"']+))?""")


def read_html(data: bytes, path: str) -> Fields:
    tree = parse_html(decode_bytes(data, path, html=True).text, path)
    body = trafilatura.extract(tree, output_format="txt", include_comments=False,
                               include_tables=True, favor_precision=True)
    if not body:
        raise SourceError(f"{path}: no main text found in the page")
    meta = meta_tags(tree)
    if not meta.get("title"):
        title = tree.findtext(".//title")
        meta["title"] = title.strip() if title else None
    if meta.get("date"):
        meta["date"] = meta["date"][:10]
    text = "\n\n".join(line.strip() for line in body.split("\n") if line.strip())
    return Fields(text=text, format="html", **meta)


def parse_html(html: str, where: str) -> lxml.html.HtmlElement:
    """The page's tree, in time linear in its length; SourceError naming `where` if lxml
    cannot parse it."""
    html = CROWDED_TAG.sub(_first_attributes, XML_DECLARATION.sub("", html, count=1))
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as err:
        raise SourceError(f"{where}: cannot parse HTML ({err})") from err


def _first_attributes(tag: re.Match[str]) -> str:
    attributes = ATTRIBUTE.finditer(tag.group(2))
    kept = [a.group() for _, a in zip(range(MAX_ATTRIBUTES + 1), attributes, strict=False)]
    if len(kept) <= MAX_ATTRIBUTES:
        return tag.group()
    return f"{tag.group(1)} {' '.join(kept[:MAX_ATTRIBUTES])}"


def meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str | None]:
    found: dict[str, str] = {}
    for tag in tree.iter("meta"):
        key = (tag.get("name") or tag.get("property") or "").lower()
        content = (tag.get("content") or "").strip()
        if key and content:
            found.setdefault(key, content)
    return {field: next((found[n] for n in names if n in found), None)
            for field, names in META_NAMES.items()}
