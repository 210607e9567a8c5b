-- Email waits here until a sender delivers it: written in the transaction of what caused it (a
-- reply, an approval), so that none is lost and none is sent for what was rolled back. A sender
-- claims due rows for a while (`claimed_until`, a lease: a sender that dies mid-delivery leaves
-- its claim to run out, and the row is sent again, at most that one), delivers them one by one
-- and marks each sent; a refusal the server calls temporary is tried again later (`due_at`,
-- `attempts`), a permanent one or too many end as 'failed'.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    kind          TEXT    NOT NULL CHECK (kind IN ('confirm', 'reply', 'held')),
    address       TEXT    NOT NULL,
    subject       TEXT    NOT NULL,
    text_body     TEXT    NOT NULL,
    html_body     TEXT    NOT NULL,
    -- The one-click unsubscribe address (List-Unsubscribe, RFC 8058), when the email has one.
    unsubscribe   TEXT,
    state         TEXT    NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'sent', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    due_at        TEXT    NOT NULL,
    claimed_until TEXT,
    created_at    TEXT    NOT NULL,
    sent_at       TEXT,
    last_error    TEXT
);

CREATE INDEX outbox_due ON outbox (due_at, id) WHERE state = 'queued';
