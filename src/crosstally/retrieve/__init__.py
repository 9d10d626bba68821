"""Retrieval: the passages that bear on the question, ranked by FTS5/BM25."""

from crosstally.retrieve.query import find_passages, question_terms

__all__ = ["find_passages", "question_terms"]
