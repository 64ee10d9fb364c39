-- onrecord store, schema 1. The tables and columns here are a stable interface (docs/schema.md).

CREATE TABLE documents (
    id            TEXT PRIMARY KEY,          -- sha256 of raw
    uri           TEXT NOT NULL,             -- first place it was seen
    retrieved_at  TEXT NOT NULL,
    media_type    TEXT NOT NULL,
    size          INTEGER NOT NULL,
    raw           BLOB NOT NULL,
    hints         TEXT NOT NULL DEFAULT '{}' -- JSON: fields a structured source gave
);

-- Every place the same bytes were seen (exact duplicates under other URLs).
CREATE TABLE document_sources (
    document_id   TEXT NOT NULL REFERENCES documents(id),
    uri           TEXT NOT NULL,
    first_seen    TEXT NOT NULL,
    PRIMARY KEY (document_id, uri)
);

CREATE TABLE articles (
    id                 TEXT PRIMARY KEY,
    document_id        TEXT NOT NULL UNIQUE REFERENCES documents(id),
    url                TEXT,
    outlet             TEXT,
    title              TEXT,
    published          TEXT,                 -- ISO date
    published_how      TEXT,                 -- evidence for it
    dateline_place     TEXT,
    dateline_agency    TEXT,
    dateline_text      TEXT,
    byline             TEXT,
    language           TEXT,
    text               TEXT NOT NULL,
    paragraphs         TEXT NOT NULL DEFAULT '[]',  -- JSON [[start, end], ...]
    duplicate_of       TEXT REFERENCES articles(id),
    syndication_group  TEXT,
    story_id           TEXT,
    created_at         TEXT NOT NULL
);
CREATE INDEX articles_published ON articles(published);
CREATE INDEX articles_outlet ON articles(outlet);
CREATE INDEX articles_story ON articles(story_id);
CREATE INDEX articles_group ON articles(syndication_group);

CREATE TABLE removed_spans (
    article_id  TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       INTEGER NOT NULL,
    end         INTEGER NOT NULL,
    text        TEXT NOT NULL,
    reason      TEXT NOT NULL
);
CREATE INDEX removed_spans_article ON removed_spans(article_id);

CREATE TABLE failures (
    id           INTEGER PRIMARY KEY,
    uri          TEXT NOT NULL,
    document_id  TEXT,
    stage        TEXT NOT NULL,
    reason       TEXT NOT NULL,
    detail       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    UNIQUE (uri, stage)
);

CREATE TABLE entities (
    id       TEXT PRIMARY KEY,
    name     TEXT NOT NULL,
    kind     TEXT NOT NULL,                  -- person | organisation | government | place
    country  TEXT,
    source   TEXT NOT NULL DEFAULT 'corpus'  -- kb | user | corpus
);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE entity_aliases (
    entity_id  TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias      TEXT NOT NULL,
    alias_key  TEXT NOT NULL,                -- normalised for lookup
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX entity_aliases_key ON entity_aliases(alias_key);

CREATE TABLE entity_roles (
    entity_id     TEXT NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    title         TEXT NOT NULL,
    organisation  TEXT,
    start         TEXT,
    end           TEXT
);
CREATE INDEX entity_roles_entity ON entity_roles(entity_id);

CREATE TABLE quotes (
    id              TEXT PRIMARY KEY,        -- article_id:start:end
    article_id      TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start           INTEGER NOT NULL,
    end             INTEGER NOT NULL,
    text            TEXT NOT NULL,
    kind            TEXT NOT NULL,           -- direct | partial | indirect
    cue             TEXT,
    speaker_text    TEXT,                    -- the mention as written
    speaker_start   INTEGER,
    speaker_end     INTEGER,
    speaker         TEXT,                    -- canonical name within the article
    speaker_kind    TEXT,
    entity_id       TEXT REFERENCES entities(id),
    confidence      REAL NOT NULL DEFAULT 0,
    said_on         TEXT,
    said_on_how     TEXT,
    statement_id    TEXT
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_entity_said ON quotes(entity_id, said_on);
CREATE INDEX quotes_statement ON quotes(statement_id);
CREATE INDEX quotes_speaker ON quotes(speaker);

CREATE VIRTUAL TABLE quotes_fts USING fts5(
    text, speaker, content='quotes', content_rowid='rowid', tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER quotes_ai AFTER INSERT ON quotes BEGIN
    INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.rowid, new.text, new.speaker);
END;
CREATE TRIGGER quotes_ad AFTER DELETE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.rowid, old.text, old.speaker);
END;
CREATE TRIGGER quotes_au AFTER UPDATE ON quotes BEGIN
    INSERT INTO quotes_fts(quotes_fts, rowid, text, speaker) VALUES ('delete', old.rowid, old.text, old.speaker);
    INSERT INTO quotes_fts(rowid, text, speaker) VALUES (new.rowid, new.text, new.speaker);
END;

CREATE TABLE statements (
    id                  TEXT PRIMARY KEY,
    speaker_entity_id   TEXT REFERENCES entities(id),
    said_on             TEXT,
    canonical_text      TEXT NOT NULL,
    canonical_quote_id  TEXT NOT NULL,
    first_quote_id      TEXT NOT NULL,
    n_reports           INTEGER NOT NULL,
    story_id            TEXT
);
CREATE INDEX statements_speaker_said ON statements(speaker_entity_id, said_on);
CREATE INDEX statements_story ON statements(story_id);

CREATE TABLE syndication_groups (
    id          TEXT PRIMARY KEY,
    primary_id  TEXT NOT NULL REFERENCES articles(id),
    why         TEXT NOT NULL
);

CREATE TABLE stories (
    id     TEXT PRIMARY KEY,
    title  TEXT NOT NULL,
    start  TEXT,
    end    TEXT
);
