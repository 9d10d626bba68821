CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,          -- content hash of the file's bytes
    path TEXT NOT NULL,
    url TEXT, title TEXT, publisher TEXT, date TEXT, author TEXT,
    format TEXT NOT NULL,
    text TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS passages (
    id INTEGER PRIMARY KEY,
    doc_id TEXT NOT NULL REFERENCES documents(id),
    start INTEGER NOT NULL,
    end INTEGER NOT NULL,
    text TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS passages_doc ON passages(doc_id);
CREATE VIRTUAL TABLE IF NOT EXISTS passages_fts USING fts5(
    text, content='passages', content_rowid='id', tokenize='porter unicode61'
);
CREATE TABLE IF NOT EXISTS source_failures (
    path TEXT PRIMARY KEY,
    reason TEXT NOT NULL
);
