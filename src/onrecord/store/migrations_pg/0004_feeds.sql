-- Feeds kept current by `onrecord watch`: what each feed answered last, and the items already taken.

CREATE TABLE feed_state (
    feed_url       TEXT COLLATE "C" PRIMARY KEY,
    title          TEXT COLLATE "C",
    etag           TEXT COLLATE "C",         -- sent back as If-None-Match
    last_modified  TEXT COLLATE "C",         -- sent back as If-Modified-Since
    last_checked   TEXT COLLATE "C" NOT NULL,
    last_outcome   TEXT COLLATE "C" NOT NULL, -- "changed", "not modified", or the failure reason
    rowid          BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);

CREATE TABLE feed_items (
    feed_url     TEXT COLLATE "C" NOT NULL,
    item_key     TEXT COLLATE "C" NOT NULL,  -- the guid, else the link, else a hash of title and date
    link         TEXT COLLATE "C",
    document_id  TEXT COLLATE "C",           -- the document it became, if any
    attempts     BIGINT NOT NULL DEFAULT 0,
    done         BIGINT NOT NULL DEFAULT 0,  -- 1 once it became a document or a lasting failure
    first_seen   TEXT COLLATE "C" NOT NULL,
    rowid        BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE,
    PRIMARY KEY (feed_url, item_key)
);
CREATE INDEX feed_items_link ON feed_items(feed_url, link NULLS FIRST);
