-- A comment written by a signed-in moderator carries the staff badge, which no reader can
-- take (their names are checked against staff names and the badge's words instead).
ALTER TABLE comments ADD COLUMN staff BOOLEAN NOT NULL DEFAULT FALSE;
