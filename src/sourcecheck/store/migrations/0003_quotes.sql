-- The quote index: every stored article's quotes (corpus 'store', filled by add_report
-- and, for stores written before this migration, from their attributions) and imported
-- corpora (corpus 'quotebank'…), searched by full text for the quote_origin check.
-- record_id is the attribution's id ("a3") in a stored article, the corpus's own id
-- (Quotebank's quoteID) elsewhere; (corpus, record_id, article_id) is unique, so a
-- re-import adds nothing. speaker is NULL for Quotebank's "None"; probas keeps its
-- [[speaker, probability]…] list.
CREATE TABLE quotes (
    id {serial},
    corpus TEXT NOT NULL,
    record_id TEXT NOT NULL,
    article_id TEXT REFERENCES articles (id) ON DELETE CASCADE,
    attribution_id TEXT,
    text TEXT NOT NULL,
    normalised TEXT NOT NULL,
    speaker TEXT,
    speaker_ids {json} NOT NULL,
    date {date},
    outlet TEXT,
    url TEXT,
    occurrences INTEGER NOT NULL,
    speaker_probability REAL,
    probas {json}
);
CREATE UNIQUE INDEX quotes_record ON quotes (corpus, record_id, COALESCE(article_id, ''));
CREATE INDEX quotes_article ON quotes (article_id);
CREATE INDEX quotes_date ON quotes (date);

-- dialect: sqlite
-- FTS5 over the normalised text, external content kept in sync by triggers. detail=none
-- keeps only which rows hold a word (no positions): lookups OR and AND single words,
-- never phrases, and the index is a third the size.
CREATE VIRTUAL TABLE quotes_fts USING fts5 (
    normalised,
    content = 'quotes',
    content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0',
    detail = none
);
-- How many quotes hold each word: lookups search for a quote's rarest words.
CREATE VIRTUAL TABLE quotes_vocab USING fts5vocab (quotes_fts, 'row');
CREATE TRIGGER quotes_fts_insert AFTER INSERT ON quotes BEGIN INSERT INTO quotes_fts (rowid, normalised) VALUES (new.id, new.normalised); END;
CREATE TRIGGER quotes_fts_delete AFTER DELETE ON quotes BEGIN INSERT INTO quotes_fts (quotes_fts, rowid, normalised) VALUES ('delete', old.id, old.normalised); END;
CREATE TRIGGER quotes_fts_update AFTER UPDATE OF normalised ON quotes BEGIN INSERT INTO quotes_fts (quotes_fts, rowid, normalised) VALUES ('delete', old.id, old.normalised); INSERT INTO quotes_fts (rowid, normalised) VALUES (new.id, new.normalised); END;

-- dialect: postgresql
-- A GIN index on the 'simple' tsvector (no stemming, no stop words: normalise has done
-- the folding); an expression index, so the table keeps no tsvector column.
CREATE INDEX quotes_search ON quotes USING GIN (to_tsvector('simple', normalised));
