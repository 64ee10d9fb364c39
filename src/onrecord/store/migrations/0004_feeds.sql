-- Feeds kept current by `onrecord watch`: what each feed answered last, and the items already taken.

CREATE TABLE feed_state (
    feed_url       TEXT PRIMARY KEY,
    title          TEXT,
    etag           TEXT,                     -- sent back as If-None-Match
    last_modified  TEXT,                     -- sent back as If-Modified-Since
    last_checked   TEXT NOT NULL,
    last_outcome   TEXT NOT NULL             -- "changed", "not modified", or the failure reason
);

CREATE TABLE feed_items (
    feed_url     TEXT NOT NULL,
    item_key     TEXT NOT NULL,              -- the guid, else the link, else a hash of title and date
    link         TEXT,
    document_id  TEXT,                       -- the document it became, if any
    attempts     INTEGER NOT NULL DEFAULT 0,
    done         INTEGER NOT NULL DEFAULT 0, -- 1 once it became a document or a lasting failure
    first_seen   TEXT NOT NULL,
    PRIMARY KEY (feed_url, item_key)
);
CREATE INDEX feed_items_link ON feed_items(feed_url, link);
