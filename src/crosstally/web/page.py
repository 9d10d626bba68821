"""A fetched body -> a Document: HTML through trafilatura (main text, title, author, site,
date), PDF through the PDF reader, plain text through the text reader's metadata rules.

The Document keeps its provenance: `path` is the URL as asked, `url` where the bytes came from
after redirects, `retrieved` when. Its id is a hash of that URL and the bytes.
"""

from __future__ import annotations

import lxml.html

from crosstally.errors import SourceError
from crosstally.sources.fields import Fields
from crosstally.sources.html import meta_tags, parse_html
from crosstally.sources.metadata import complete
from crosstally.sources.origin import source_id
from crosstally.sources.pdf import read_pdf
from crosstally.sources.text import split_metadata
from crosstally.types import Document
from crosstally.web.content import decode, sniff_kind
from crosstally.web.fetch import Fetched

# A date only from the page's markup (meta tags, <time>, the URL), never guessed from the text
# (a copyright line in the footer is not a publication date).
DATE_SEARCH = {"original_date": True, "extensive_search": False}


def read_fetched(fetched: Fetched) -> Document:
    """The Document for a fetched body; SourceError naming the URL if it cannot be read."""
    where = fetched.url
    if not fetched.body.strip():
        raise SourceError(f"{where}: the server sent an empty page")
    kind = sniff_kind(fetched.body, fetched.content_type, where)
    if kind == "pdf":
        fields = read_pdf(fetched.body, where)
    elif kind == "html":
        text, _ = decode(fetched.body, fetched.content_type, html=True)
        fields = read_html_text(text, fetched.final_url, where)
    else:
        text, _ = decode(fetched.body, fetched.content_type, html=False)
        meta, body = split_metadata(text, where)
        meta.pop("url", None)
        fields = Fields(text=body, format="text", **meta)
    if not fields.text.strip():
        raise SourceError(f"{where}: no text left after reading")
    fields = complete(fields, url=fetched.final_url)  # the host names an unnamed publisher
    return Document(
        id=source_id(fetched.url, fetched.body), path=fetched.url, text=fields.text,
        url=fetched.final_url, title=fields.title, publisher=fields.publisher, date=fields.date,
        author=fields.author, format=fields.format, retrieved=fetched.retrieved)


def read_html_text(html: str, url: str, where: str) -> Fields:
    """Main text without boilerplate, and metadata: <meta> tags first, then trafilatura's."""
    import trafilatura  # here: a quarter second to import, and `add` of files never needs it

    tree = parse_html(html, where)
    meta = meta_tags(tree)
    found = trafilatura.extract_metadata(tree, default_url=url, date_config=DATE_SEARCH)
    body = trafilatura.extract(tree, url=url, output_format="txt", include_comments=False,
                               include_tables=True, favor_precision=True)
    if not body:
        raise SourceError(f"{where}: no main text found in the page")
    title = meta["title"] or found.title or _title_tag(tree)
    date = meta["date"] or found.date
    text = "\n\n".join(line.strip() for line in body.split("\n") if line.strip())
    return Fields(text=text, title=title, publisher=meta["publisher"] or found.sitename,
                  author=meta["author"] or found.author, date=date,
                  format="html")


def _title_tag(tree: lxml.html.HtmlElement) -> str | None:
    title = tree.findtext(".//title")
    return title.strip() or None if title else None
