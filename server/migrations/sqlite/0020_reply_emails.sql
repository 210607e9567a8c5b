-- Reply emails. An address that asked for them (`mail_addresses`) gets nothing but one
-- confirmation email a day until it follows the link in it (double opt-in); a stop from any of
-- its emails (`stopped_at`) ends everything to it. A comment whose author asked for replies has
-- a subscription; its own stop ends that one. Links in emails carry random tokens, kept here
-- only as their hashes.
CREATE TABLE mail_addresses (
    id              INTEGER PRIMARY KEY,
    -- Lowercased: one person, one row, however they typed it.
    address         TEXT    NOT NULL UNIQUE,
    confirmed_at    TEXT,
    confirm_sent_at TEXT,
    stopped_at      TEXT,
    created_at      TEXT    NOT NULL
);

CREATE TABLE reply_subscriptions (
    comment_id  INTEGER PRIMARY KEY REFERENCES comments (id) ON DELETE CASCADE,
    address_id  INTEGER NOT NULL REFERENCES mail_addresses (id) ON DELETE CASCADE,
    -- The language of the page the comment was written on: its emails are in it.
    locale      TEXT    NOT NULL CHECK (locale IN ('tr', 'en')),
    stopped_at  TEXT,
    created_at  TEXT    NOT NULL
);

CREATE INDEX reply_subscriptions_address ON reply_subscriptions (address_id);

CREATE TABLE mail_tokens (
    token_hash  TEXT    PRIMARY KEY,
    purpose     TEXT    NOT NULL CHECK (purpose IN ('confirm', 'stop_replies', 'stop_all')),
    address_id  INTEGER NOT NULL REFERENCES mail_addresses (id) ON DELETE CASCADE,
    -- The subscription a `stop_replies` token ends.
    comment_id  INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    locale      TEXT    NOT NULL CHECK (locale IN ('tr', 'en')),
    created_at  TEXT    NOT NULL
);

-- A moderator's email for held comments: their address (confirmed as readers' are) and language.
ALTER TABLE moderators ADD COLUMN held_mail_id INTEGER REFERENCES mail_addresses (id) ON DELETE SET NULL;
ALTER TABLE moderators ADD COLUMN held_mail_locale TEXT NOT NULL DEFAULT 'tr' CHECK (held_mail_locale IN ('tr', 'en'));

-- The outbox holds what an email is about, not its text: the sender writes it when it sends it
-- (with fresh unsubscribe links, in the row's language), and drops it ('dropped') when it is
-- no longer true (the reply was withdrawn, the reader stopped). 0019's outbox had no writer
-- yet, so it is replaced rather than copied. Rows sent as one email (a digest) name the row
-- that carried them (`sent_with`), so the hourly bound counts emails, not rows.
DROP TABLE outbox;

CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('confirm', 'reply', 'held')),
    address_id    INTEGER NOT NULL REFERENCES mail_addresses (id) ON DELETE CASCADE,
    -- 'reply': the reply; 'held': the held comment; 'confirm': the comment that asked.
    comment_id    INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    -- 'reply': the subscribed comment it answers.
    subscribed_id INTEGER REFERENCES comments (id) ON DELETE CASCADE,
    locale        TEXT    NOT NULL CHECK (locale IN ('tr', 'en')),
    state         TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed', 'dropped')),
    sent_with     INTEGER,
    attempts      INTEGER NOT NULL DEFAULT 0,
    due_at        TEXT    NOT NULL,
    claimed_until TEXT,
    created_at    TEXT    NOT NULL,
    sent_at       TEXT,
    last_error    TEXT
);

CREATE INDEX outbox_due ON outbox (due_at, id) WHERE state = 'queued';
CREATE INDEX outbox_sent ON outbox (address_id, sent_at) WHERE state = 'sent';
CREATE INDEX outbox_comment ON outbox (comment_id);
