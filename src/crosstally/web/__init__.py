"""Sources from the web: URLs fetched safely and politely, kept with their provenance.

    safety.py    which URLs and addresses may be fetched; credentials kept out of sight
    robots.py    robots.txt rules per site
    cache.py     an HTTP cache keyed by URL, revalidated with ETag / Last-Modified
    fetch.py     Fetcher: redirects, timeouts, size cap, retries, per-host limit
    content.py   what the bytes are (HTML, PDF, plain text) and how they are encoded
    page.py      fetched bytes -> Document (trafilatura for HTML)
    gather.py    paths and URLs -> Documents and failures; web search -> Documents
    search/      search providers behind one Protocol (base.py) and a registry (__init__.py)
    settings.py  where the library and the cache live (CROSSTALLY_HOME, else platformdirs)
"""
