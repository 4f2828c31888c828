-- The web app's list of audits: the store's only table before versioned migrations.
-- A store written by an older sourcecheck already has it, so this changes nothing there
-- and only records version 1.
CREATE TABLE IF NOT EXISTS audits (
    seq {serial},
    id TEXT NOT NULL UNIQUE,
    created TEXT NOT NULL,
    title TEXT,
    url TEXT,
    article_date TEXT,
    attributions INTEGER NOT NULL,
    contradicted INTEGER NOT NULL,
    unverifiable INTEGER NOT NULL,
    report_json TEXT NOT NULL
);
