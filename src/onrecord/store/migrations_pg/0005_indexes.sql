-- Indexes for reading a large store quickly (as migrations/0005_indexes.sql), NULLs first as SQLite sorts them.

-- A speaker's timeline adds the quotes not linked to any statement: this partial index holds exactly those.
CREATE INDEX quotes_entity_unlinked_said ON quotes(entity_id NULLS FIRST, said_on NULLS FIRST)
    WHERE statement_id IS NULL;

-- Date ranges over the whole record ("since", "until", browsing by day) without a table scan.
CREATE INDEX quotes_said ON quotes(said_on NULLS FIRST);
CREATE INDEX statements_said ON statements(said_on NULLS FIRST);
