-- onrecord store, schema 1, for PostgreSQL: the same tables and columns as migrations/0001_initial.sql.
-- Text columns compare and sort by code point (COLLATE "C"), as SQLite does; every table has a rowid
-- (the order rows were stored in), which the SQLite dialect layer hides from SELECT * as SQLite does
-- (and so the quotes' fts column);
-- indexes keep NULLs first, SQLite's order, so ORDER BY can still walk them.

-- Accents folded the way SQLite's unicode61 tokenizer (remove_diacritics) folds them, for full-text search.
CREATE FUNCTION onrecord_unaccent(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT translate(value,
        'ÀÁÂÃÄÅÇÈÉÊËÌÍÎÏÑÒÓÔÕÖÙÚÛÜÝàáâãäåçèéêëìíîïñòóôõöùúûüýÿĀāĂăĄąĆćĈĉĊċČčĎďĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĨĩĪīĬĭĮįİĴĵĶķĹĺĻļĽľŃńŅņŇňŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŨũŪūŬŭŮůŰűŲųŴŵŶŷŸŹźŻżŽžƠơƯưǍǎǏǐǑǒǓǔǕǖǗǘǙǚǛǜǞǟǠǡǦǧǨǩǪǫǬǭǰǴǵǸǹǺǻȀȁȂȃȄȅȆȇȈȉȊȋȌȍȎȏȐȑȒȓȔȕȖȗȘșȚțȞȟȦȧȨȩȪȫȬȭȮȯȰȱȲȳ',
        'aaaaaaceeeeiiiinooooouuuuyaaaaaaceeeeiiiinooooouuuuyyaaaaaaccccccccddeeeeeeeeeegggggggghhiiiiiiiiijjkkllllllnnnnnnoooooorrrrrrssssssssttttuuuuuuuuuuuuwwyyyzzzzzzoouuaaiioouuuuuuuuuuaaaaggkkoooojggnnaaaaaaeeeeiiiioooorrrruuuusstthhaaeeooooooooyy')
$$;

-- Words are runs of letters and digits, as for unicode61: everything else separates them.
CREATE FUNCTION onrecord_fts_text(value text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT regexp_replace(onrecord_unaccent(coalesce(value, '')),
        '[^0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u1FFF\u2C00-\u2DFF\u3040-\uD7FF\uF900-\uFDFF\uFE70-\uFEFF\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF66-\uFFEF\U00010000-\U0001EFFF\U00020000-\U0010FFFF]+',
        ' ', 'g')
$$;

-- The quote's words weigh A, the speaker's B, so a search can keep to one column as FTS5's filters do.
CREATE FUNCTION onrecord_fts_vector(text_value text, speaker_value text) RETURNS tsvector
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT setweight(to_tsvector('simple'::regconfig, onrecord_fts_text(text_value)), 'A')
    || setweight(to_tsvector('simple'::regconfig, onrecord_fts_text(speaker_value)), 'B')
$$;

-- FTS5's snippet(): a window of at most max_tokens words with the most matches, matched runs marked.
-- terms are the searched words as typed; one ending in '*' matches as a prefix.
CREATE FUNCTION onrecord_snippet(doc text, terms text[], open_mark text, close_mark text, ellipsis text,
                                 max_tokens integer) RETURNS text LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
DECLARE
    pieces text[];
    hits boolean[];
    token_at integer[] := '{}';
    wanted text[];
    n_tokens integer;
    best integer := 1;
    best_score integer := -1;
    score integer;
    first_piece integer;
    last_piece integer;
    folded text;
    t text;
    hit boolean;
    is_open boolean := false;
    pending text := '';
    result text := '';
BEGIN
    IF doc IS NULL THEN
        RETURN NULL;
    END IF;
    SELECT array_agg(lower(onrecord_unaccent(x) COLLATE "default")) INTO wanted FROM unnest(terms) AS x;
    SELECT array_agg(m[1] ORDER BY n) INTO pieces
        FROM regexp_matches(doc,
            '([0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u1FFF\u2C00-\u2DFF\u3040-\uD7FF\uF900-\uFDFF\uFE70-\uFEFF\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF66-\uFFEF\U00010000-\U0001EFFF\U00020000-\U0010FFFF]+|[^0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u1FFF\u2C00-\u2DFF\u3040-\uD7FF\uF900-\uFDFF\uFE70-\uFEFF\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF66-\uFFEF\U00010000-\U0001EFFF\U00020000-\U0010FFFF]+)',
            'g') WITH ORDINALITY AS r(m, n);
    IF pieces IS NULL THEN
        RETURN doc;
    END IF;
    hits := array_fill(false, ARRAY[array_length(pieces, 1)]);
    FOR i IN 1 .. array_length(pieces, 1) LOOP
        IF pieces[i] ~ '^[0-9A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u1FFF\u2C00-\u2DFF\u3040-\uD7FF\uF900-\uFDFF\uFE70-\uFEFF\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF66-\uFFEF\U00010000-\U0001EFFF\U00020000-\U0010FFFF]' THEN
            token_at := token_at || i;
            folded := lower(onrecord_unaccent(pieces[i]) COLLATE "default");
            FOREACH t IN ARRAY coalesce(wanted, '{}') LOOP
                IF (right(t, 1) = '*' AND starts_with(folded, left(t, -1))) OR folded = t THEN
                    hits[i] := true;
                END IF;
            END LOOP;
        END IF;
    END LOOP;
    n_tokens := coalesce(array_length(token_at, 1), 0);
    IF max_tokens IS NULL OR n_tokens <= max_tokens THEN
        first_piece := 1;
        last_piece := array_length(pieces, 1);
    ELSE
        FOR s IN 1 .. n_tokens - max_tokens + 1 LOOP
            score := 0;
            FOR k IN s .. s + max_tokens - 1 LOOP
                IF hits[token_at[k]] THEN
                    score := score + 1;
                END IF;
            END LOOP;
            IF score > best_score THEN
                best_score := score;
                best := s;
            END IF;
        END LOOP;
        first_piece := CASE WHEN best = 1 THEN 1 ELSE token_at[best] END;
        last_piece := CASE WHEN best + max_tokens - 1 = n_tokens THEN array_length(pieces, 1)
                           ELSE token_at[best + max_tokens - 1] END;
    END IF;
    FOR i IN first_piece .. last_piece LOOP
        IF i = ANY (token_at) THEN
            hit := hits[i];
            IF hit AND NOT is_open THEN
                result := result || pending || open_mark || pieces[i];
                is_open := true;
            ELSIF hit THEN
                result := result || pending || pieces[i];
            ELSIF is_open THEN
                result := result || close_mark || pending || pieces[i];
                is_open := false;
            ELSE
                result := result || pending || pieces[i];
            END IF;
            pending := '';
        ELSE
            pending := pending || pieces[i];
        END IF;
    END LOOP;
    IF is_open THEN
        result := result || close_mark;
    END IF;
    result := result || pending;
    IF first_piece > 1 THEN
        result := coalesce(ellipsis, '') || result;
    END IF;
    IF last_piece < array_length(pieces, 1) THEN
        result := result || coalesce(ellipsis, '');
    END IF;
    RETURN result;
END
$$;

CREATE TABLE documents (
    id            TEXT COLLATE "C" PRIMARY KEY,          -- sha256 of raw
    uri           TEXT COLLATE "C" NOT NULL,             -- first place it was seen
    retrieved_at  TEXT COLLATE "C" NOT NULL,
    media_type    TEXT COLLATE "C" NOT NULL,
    size          BIGINT NOT NULL,
    raw           BYTEA NOT NULL,
    hints         TEXT COLLATE "C" NOT NULL DEFAULT '{}', -- JSON: fields a structured source gave
    rowid         BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);

-- Every place the same bytes were seen (exact duplicates under other URLs).
CREATE TABLE document_sources (
    document_id   TEXT COLLATE "C" NOT NULL REFERENCES documents(id),
    uri           TEXT COLLATE "C" NOT NULL,
    first_seen    TEXT COLLATE "C" NOT NULL,
    rowid         BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (document_id, uri)
);

CREATE TABLE articles (
    id                 TEXT COLLATE "C" PRIMARY KEY,
    document_id        TEXT COLLATE "C" NOT NULL UNIQUE REFERENCES documents(id),
    url                TEXT COLLATE "C",
    outlet             TEXT COLLATE "C",
    title              TEXT COLLATE "C",
    published          TEXT COLLATE "C",                 -- ISO date
    published_how      TEXT COLLATE "C",                 -- evidence for it
    dateline_place     TEXT COLLATE "C",
    dateline_agency    TEXT COLLATE "C",
    dateline_text      TEXT COLLATE "C",
    byline             TEXT COLLATE "C",
    language           TEXT COLLATE "C",
    text               TEXT COLLATE "C" NOT NULL,
    paragraphs         TEXT COLLATE "C" NOT NULL DEFAULT '[]',  -- JSON [[start, end], ...]
    duplicate_of       TEXT COLLATE "C" REFERENCES articles(id),
    syndication_group  TEXT COLLATE "C",
    story_id           TEXT COLLATE "C",
    created_at         TEXT COLLATE "C" NOT NULL,
    rowid              BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX articles_published ON articles(published NULLS FIRST);
CREATE INDEX articles_outlet ON articles(outlet NULLS FIRST);
CREATE INDEX articles_story ON articles(story_id NULLS FIRST);
CREATE INDEX articles_group ON articles(syndication_group NULLS FIRST);

CREATE TABLE removed_spans (
    article_id  TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start       BIGINT NOT NULL,
    "end"       BIGINT NOT NULL,
    text        TEXT COLLATE "C" NOT NULL,
    reason      TEXT COLLATE "C" NOT NULL,
    rowid       BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX removed_spans_article ON removed_spans(article_id);

CREATE TABLE failures (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    uri          TEXT COLLATE "C" NOT NULL,
    document_id  TEXT COLLATE "C",
    stage        TEXT COLLATE "C" NOT NULL,
    reason       TEXT COLLATE "C" NOT NULL,
    detail       TEXT COLLATE "C" NOT NULL DEFAULT '',
    created_at   TEXT COLLATE "C" NOT NULL,
    rowid        BIGINT GENERATED ALWAYS AS (id) STORED,
    UNIQUE (uri, stage)
);

CREATE TABLE entities (
    id       TEXT COLLATE "C" PRIMARY KEY,
    name     TEXT COLLATE "C" NOT NULL,
    kind     TEXT COLLATE "C" NOT NULL,                  -- person | organisation | government | place
    country  TEXT COLLATE "C",
    source   TEXT COLLATE "C" NOT NULL DEFAULT 'corpus', -- kb | user | corpus
    rowid    BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX entities_name ON entities(name);

CREATE TABLE entity_aliases (
    entity_id  TEXT COLLATE "C" NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    alias      TEXT COLLATE "C" NOT NULL,
    alias_key  TEXT COLLATE "C" NOT NULL,                -- normalised for lookup
    rowid      BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (entity_id, alias)
);
CREATE INDEX entity_aliases_key ON entity_aliases(alias_key);

CREATE TABLE entity_roles (
    entity_id     TEXT COLLATE "C" NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
    title         TEXT COLLATE "C" NOT NULL,
    organisation  TEXT COLLATE "C",
    start         TEXT COLLATE "C",
    "end"         TEXT COLLATE "C",
    rowid         BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX entity_roles_entity ON entity_roles(entity_id);

CREATE TABLE quotes (
    id              TEXT COLLATE "C" PRIMARY KEY,        -- article_id:start:end
    article_id      TEXT COLLATE "C" NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    start           BIGINT NOT NULL,
    "end"           BIGINT NOT NULL,
    text            TEXT COLLATE "C" NOT NULL,
    kind            TEXT COLLATE "C" NOT NULL,           -- direct | partial | indirect
    cue             TEXT COLLATE "C",
    speaker_text    TEXT COLLATE "C",                    -- the mention as written
    speaker_start   BIGINT,
    speaker_end     BIGINT,
    speaker         TEXT COLLATE "C",                    -- canonical name within the article
    speaker_kind    TEXT COLLATE "C",
    entity_id       TEXT COLLATE "C" REFERENCES entities(id),
    confidence      DOUBLE PRECISION NOT NULL DEFAULT 0,
    said_on         TEXT COLLATE "C",
    said_on_how     TEXT COLLATE "C",
    statement_id    TEXT COLLATE "C",
    rowid           BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    -- the words full-text search reads; hidden from SELECT * like rowid
    fts             tsvector GENERATED ALWAYS AS (onrecord_fts_vector(text, speaker)) STORED
);
CREATE INDEX quotes_article ON quotes(article_id);
CREATE INDEX quotes_entity_said ON quotes(entity_id NULLS FIRST, said_on NULLS FIRST);
CREATE INDEX quotes_statement ON quotes(statement_id NULLS FIRST);
CREATE INDEX quotes_speaker ON quotes(speaker NULLS FIRST);

-- Stands in for the FTS5 table: always current (no triggers), searched through the GIN index below.
CREATE INDEX quotes_fts_index ON quotes USING gin (fts);
CREATE VIEW quotes_fts AS SELECT rowid, text, speaker, fts FROM quotes;

CREATE TABLE statements (
    id                  TEXT COLLATE "C" PRIMARY KEY,
    speaker_entity_id   TEXT COLLATE "C" REFERENCES entities(id),
    said_on             TEXT COLLATE "C",
    canonical_text      TEXT COLLATE "C" NOT NULL,
    canonical_quote_id  TEXT COLLATE "C" NOT NULL,
    first_quote_id      TEXT COLLATE "C" NOT NULL,
    n_reports           BIGINT NOT NULL,
    story_id            TEXT COLLATE "C",
    rowid               BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
CREATE INDEX statements_speaker_said ON statements(speaker_entity_id NULLS FIRST, said_on NULLS FIRST);
CREATE INDEX statements_story ON statements(story_id NULLS FIRST);

CREATE TABLE syndication_groups (
    id          TEXT COLLATE "C" PRIMARY KEY,
    primary_id  TEXT COLLATE "C" NOT NULL REFERENCES articles(id),
    why         TEXT COLLATE "C" NOT NULL,
    rowid       BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);

CREATE TABLE stories (
    id     TEXT COLLATE "C" PRIMARY KEY,
    title  TEXT COLLATE "C" NOT NULL,
    start  TEXT COLLATE "C",
    "end"  TEXT COLLATE "C",
    rowid  BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
