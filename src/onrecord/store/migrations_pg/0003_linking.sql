-- Linking, schema 3: the comparable function of a role, and a cache of sentence embeddings.

ALTER TABLE entity_roles ADD COLUMN function TEXT COLLATE "C";

-- Embeddings of texts already seen, so a relink encodes only what is new.
CREATE TABLE text_embeddings (
    key     TEXT COLLATE "C" PRIMARY KEY,   -- sha256 of model name and text
    vector  BYTEA NOT NULL,                 -- float32, little-endian
    rowid   BIGINT GENERATED ALWAYS AS IDENTITY UNIQUE
);
