"""The SQLite store: documents, passages with offsets, and an FTS5 index."""

from crosstally.store.db import Store, split_passages

__all__ = ["Store", "split_passages"]
