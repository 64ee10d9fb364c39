-- The dateline's date as written ("January 14", "Jan. 16"), beside its place and agency.
ALTER TABLE articles ADD COLUMN dateline_date TEXT COLLATE "C";
