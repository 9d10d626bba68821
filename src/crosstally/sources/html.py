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
    """The page's tree; SourceError naming `where` if lxml cannot parse it."""
    html = XML_DECLARATION.sub("", html, count=1)
    try:
        return lxml.html.document_fromstring(html)
    except (lxml.etree.ParserError, ValueError) as err:
        raise SourceError(f"{where}: cannot parse HTML ({err})") from err


def meta_tags(tree: lxml.html.HtmlElement) -> dict[str, str | None]:
    found: dict[str, str] = {}
    for tag in tree.iter("meta"):
        key = (tag.get("name") or tag.get("property") or "").lower()
        content = (tag.get("content") or "").strip()
        if key and content:
            found.setdefault(key, content)
    return {field: next((found[n] for n in names if n in found), None)
            for field, names in META_NAMES.items()}
