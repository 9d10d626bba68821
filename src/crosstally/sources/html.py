"""HTML pages: main text without boilerplate (trafilatura), metadata from <meta>."""

from __future__ import annotations

import json
import re

import lxml.etree
import lxml.html

from crosstally.errors import SourceError
from crosstally.sources.dates import iso_date
from crosstally.sources.encoding import decode_bytes
from crosstally.sources.fields import Fields
from crosstally.sources.metadata import host

META_NAMES = {  # each field's <meta> names and properties, the likeliest first
    "url": ("og:url", "url", "twitter:url"),
    "title": ("og:title", "title", "dc.title", "twitter:title", "headline"),
    "publisher": ("og:site_name", "publisher", "dc.publisher", "application-name"),
    "date": ("article:published_time", "datepublished", "date", "pubdate", "publishdate",
             "dc.date", "dc.date.issued", "dcterms.date", "dcterms.issued", "og:published_time",
             "article:modified_time", "datemodified"),
    "author": ("author", "article:author", "dc.creator"),
}
JSON_LD_DATES = ("datePublished", "dateCreated", "dateModified")
XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
# libxml2 checks each attribute of a tag against all the ones before it, so a tag with n
# attributes costs n² (200,000 attributes: minutes, again in every re-parse trafilatura makes).
# Past MAX_ATTRIBUTES a tag keeps its first ones, which bounds the work per byte of the page.
MAX_ATTRIBUTES = 64
# A start tag whose attributes (up to the next < or >) are long enough to hold more than
# MAX_ATTRIBUTES (2 characters each at least); the name is possessive and the rest one
# character class, so no match backtracks.
CROWDED_TAG = re.compile(r"(<[A-Za-z][^\s<>/]*+)([^<>]{128,})")
SITE_SEPARATOR = re.compile(r"\s+(?:[|·»:]|[-–—])\s+")
ATTRIBUTE = re.compile(r"""[^\s"'=/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"']+))?""")


def read_html(data: bytes, path: str) -> Fields:
    import trafilatura  # here: a quarter second to import, which text files never need

    tree = parse_html(decode_bytes(data, path, html=True).text, path)
    body = trafilatura.extract(tree, output_format="txt", include_comments=False,
                               include_tables=True, favor_precision=True)
    if not body:
        raise SourceError(f"{path}: no main text found in the page")
    text = "\n\n".join(line.strip() for line in body.split("\n") if line.strip())
    return Fields(text=text, format="html", **page_metadata(tree))


def page_metadata(tree: lxml.html.HtmlElement) -> dict[str, str | None]:
    """url, title, publisher, date and author from the page's <meta> tags, its <title>, its
    canonical link and its JSON-LD; a field no tag gives is None."""
    meta = meta_tags(tree)
    meta["url"] = meta["url"] or _canonical(tree)
    meta["title"] = meta["title"] or title_tag(tree, meta["publisher"], meta["url"])
    meta["date"] = iso_date(meta["date"]) or json_ld_date(tree)
    return meta


def title_tag(tree: lxml.html.HtmlElement, site: str | None = None,
              url: str | None = None) -> str | None:
    """The <title>, without a trailing site name: 'Headline | Site' -> 'Headline' when the
    part cut off names the site or its host, or, with neither known, follows a bar and is
    short."""
    title = " ".join((tree.findtext(".//title") or "").split())
    *_, last = SITE_SEPARATOR.finditer(title) if SITE_SEPARATOR.search(title) else [None]
    if last is None or last.start() == 0:
        return title or None
    tail = title[last.end():].lower()
    names = {n.lower() for n in (site, host(url)) if n}
    if any(tail in n or n in tail for n in names) or \
            not names and last.group().strip() == "|" and len(tail.split()) <= 4:
        return title[:last.start()]
    return title


def json_ld_date(tree: lxml.html.HtmlElement) -> str | None:
    """The publication date a JSON-LD block gives (datePublished, else dateCreated or
    dateModified), as YYYY-MM-DD."""
    for script in tree.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        try:
            data = json.loads(script.text or "")
        except ValueError:
            continue  # a broken block: pages are not always valid
        for key in JSON_LD_DATES:
            found = iso_date(_find_key(data, key))
            if found:
                return found
    return None


def _find_key(data: object, key: str, depth: int = 0) -> str | None:
    if depth > 6:
        return None
    if isinstance(data, dict):
        if isinstance(data.get(key), str):
            return str(data[key])
        items: list[object] = list(data.values())
    elif isinstance(data, list):
        items = list(data)
    else:
        return None
    return next((v for item in items if (v := _find_key(item, key, depth + 1))), None)


def _canonical(tree: lxml.html.HtmlElement) -> str | None:
    for link in tree.iter("link"):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = (link.get("href") or "").strip()
            if href.lower().startswith(("http://", "https://")):
                return href
    return None


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
        key = (tag.get("name") or tag.get("property") or tag.get("itemprop") or "").lower()
        content = (tag.get("content") or "").strip()
        if key and content:
            found.setdefault(key, content)
    return {field: next((found[n] for n in names if n in found), None)
            for field, names in META_NAMES.items()}
