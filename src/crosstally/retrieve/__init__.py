"""Retrieval: the documents about the question, and their passages ranked by FTS5/BM25."""

from crosstally.retrieve.query import find_passages, question_terms, variants_of
from crosstally.retrieve.select import Selection, select_documents

__all__ = ["Selection", "find_passages", "question_terms", "select_documents", "variants_of"]
