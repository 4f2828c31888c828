-- Reports split into rows, for batch runs and queries across articles.
-- {json} is TEXT in SQLite and JSON in PostgreSQL (JSON, not JSONB: key order is kept,
-- and an evidence's data is ordered); {date} and {timestamp} are ISO 8601 TEXT in
-- SQLite and DATE / TIMESTAMPTZ in PostgreSQL.

CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    started {timestamp} NOT NULL,
    finished {timestamp},
    settings {json} NOT NULL,
    counts {json}
);

-- One row per article; id is its content hash (Article.sha256).
CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    url TEXT,
    path TEXT,
    title TEXT,
    date {date},
    outlet TEXT,
    -- the rest of the report's "article" object: date_source, author, language, links…
    metadata {json} NOT NULL,
    text TEXT NOT NULL,
    report_schema TEXT NOT NULL,
    run_id TEXT,
    added {timestamp} NOT NULL
);
CREATE INDEX articles_outlet ON articles (lower(outlet));
CREATE INDEX articles_date ON articles (date);
CREATE INDEX articles_run ON articles (run_id);

-- seq is the attribution's position in the report; id its id there ("a1").
CREATE TABLE attributions (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    kind TEXT NOT NULL,
    category TEXT NOT NULL,
    source_name TEXT,
    source_kind TEXT,
    source_title TEXT,
    cue TEXT,
    content TEXT NOT NULL,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    -- the attribution as in the report JSON (source, numbers, time expressions…)
    data {json} NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX attributions_id ON attributions (article_id, id);
CREATE INDEX attributions_speaker ON attributions (lower(source_name));

-- check_name is the finding's check ("check" is an SQL keyword).
CREATE TABLE findings (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    check_name TEXT NOT NULL,
    status TEXT NOT NULL,
    attribution_id TEXT,
    span_start INTEGER,
    span_end INTEGER,
    span_text TEXT,
    covers {json} NOT NULL,
    explanation TEXT NOT NULL,
    evidence {json} NOT NULL,
    PRIMARY KEY (article_id, seq)
);
CREATE INDEX findings_status ON findings (status, check_name);
CREATE INDEX findings_check ON findings (check_name);
CREATE INDEX findings_attribution ON findings (article_id, attribution_id);

-- Inputs that could not be audited; occurred is when ("when" is an SQL keyword).
CREATE TABLE errors (
    id {serial},
    input TEXT NOT NULL,
    type TEXT NOT NULL,
    message TEXT NOT NULL,
    occurred {timestamp} NOT NULL,
    run_id TEXT
);
CREATE INDEX errors_run ON errors (run_id);
