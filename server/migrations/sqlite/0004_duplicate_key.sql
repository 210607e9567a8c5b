-- Duplicates are found by a key of the folded name and text (NFKC, case-folded, blank space
-- collapsed, invisible characters dropped: see server/src/text.rs), so that "AYŞE" repeating
-- "çok  güzel" is caught. Older rows have none; the window is ten minutes, so they age out.
ALTER TABLE comments ADD COLUMN duplicate_key TEXT;

DROP INDEX comments_duplicates;
CREATE INDEX comments_duplicates ON comments (article_id, duplicate_key, created_at);
