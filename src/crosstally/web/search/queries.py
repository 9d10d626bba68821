"""A question -> a few search queries: its key words first (what search APIs match best),
then the question as asked (what web search engines rank best)."""

from __future__ import annotations

import re

from crosstally.retrieve.query import STOPWORDS

WORD = re.compile(r"[^\W_][\w'-]*")


def search_queries(question: str) -> list[str]:
    asked = " ".join(question.strip().rstrip("?!. ").split())
    keywords = " ".join(w for w in WORD.findall(asked)
                        if w.lower() not in STOPWORDS and len(w) > 2)
    return [q for i, q in enumerate((keywords, asked)) if q and q not in (keywords, asked)[:i]]
