-- Readers report comments; moderators pick some. A report is one client's (its address, or its
-- IPv6 /64, as the budgets count clients) about one comment: the same reader reporting twice
-- counts once. `--report-threshold` distinct open reports hold the comment for moderation; a
-- moderator's decision on it closes its reports (`closed_at`), which then count no more.
CREATE TABLE comment_reports (
    id         INTEGER PRIMARY KEY,
    comment_id INTEGER NOT NULL REFERENCES comments (id) ON DELETE CASCADE,
    reporter   TEXT    NOT NULL,
    reason     TEXT    NOT NULL CHECK (reason IN ('spam', 'abuse', 'off_topic', 'other')),
    note       TEXT,
    at         TEXT    NOT NULL,
    closed_at  TEXT,
    UNIQUE (comment_id, reporter)
);

CREATE INDEX comment_reports_open ON comment_reports (comment_id) WHERE closed_at IS NULL;

-- An editor's pick: shown first, in a strip above the threads, and marked in its thread.
ALTER TABLE comments ADD COLUMN picked_at TEXT;
ALTER TABLE comments ADD COLUMN picked_by TEXT;

CREATE INDEX comments_picked ON comments (article_id, picked_at) WHERE picked_at IS NOT NULL;

-- The audit trail records picks too: its CHECK grows (SQLite changes a CHECK by copying the
-- table; nothing refers to this one).
CREATE TABLE moderation_log_new (
    id         INTEGER PRIMARY KEY,
    moderator  TEXT    NOT NULL,
    action     TEXT    NOT NULL
               CHECK (action IN ('approve', 'reject', 'delete', 'open', 'close', 'pick', 'unpick')),
    comment_id INTEGER,
    article    TEXT,
    at         TEXT    NOT NULL
);
INSERT INTO moderation_log_new (id, moderator, action, comment_id, article, at)
    SELECT id, moderator, action, comment_id, article, at FROM moderation_log;
DROP TABLE moderation_log;
ALTER TABLE moderation_log_new RENAME TO moderation_log;
CREATE INDEX moderation_log_by_comment ON moderation_log (comment_id);
