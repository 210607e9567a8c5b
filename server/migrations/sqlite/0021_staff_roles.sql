-- Staff accounts have a role: editors write and publish stories, moderators decide on comments,
-- admins do both and manage the accounts. Everyone who could sign in so far was a moderator.
ALTER TABLE moderators ADD COLUMN role TEXT NOT NULL DEFAULT 'moderator'
    CHECK (role IN ('editor', 'moderator', 'admin'));
