-- One-time facts about the site, claimed by whichever replica gets there first: `demo-seeded`
-- makes the demo content go in once, however many replicas start on a new database at once.
CREATE TABLE site_state (
    key TEXT PRIMARY KEY
);
