-- Indexes for reading a large store quickly.

-- A speaker's timeline adds the quotes not linked to any statement. With only (entity_id, said_on)
-- a prolific speaker whose quotes are all linked is scanned in full to find none; this partial
-- index holds exactly the unlinked ones, so the lookup reads only what it returns.
CREATE INDEX quotes_entity_unlinked_said ON quotes(entity_id, said_on) WHERE statement_id IS NULL;

-- Date ranges over the whole record ("since", "until", browsing by day) without a table scan.
CREATE INDEX quotes_said ON quotes(said_on);
CREATE INDEX statements_said ON statements(said_on);
