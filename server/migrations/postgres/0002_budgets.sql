-- The comment budgets of every client, shared by all replicas: per budget and client, the
-- moment (milliseconds since 1970, by the database's clock) its budget is full again; see
-- server/src/client.rs for the cell rate algorithm this is.
CREATE TABLE budgets (
    budget  TEXT   NOT NULL,
    client  TEXT   NOT NULL,
    full_at BIGINT NOT NULL,
    PRIMARY KEY (budget, client)
);

CREATE INDEX budgets_by_time ON budgets (full_at);
