-- One-time facts about the site, claimed by whichever server gets there first: `demo-seeded`
-- makes the demo content go in once, however many servers start on a new database at once.
CREATE TABLE site_state (
    key TEXT PRIMARY KEY
);
