-- 定期公示 (SPEC §4.7): a street's disclosures, numbered per street, each a frozen
-- snapshot in canonical JSON with its SHA-256 and the previous one's. Never edited or
-- deleted: the database refuses both, whoever asks.
CREATE TABLE disclosures (
    id TEXT PRIMARY KEY NOT NULL,
    street_id TEXT NOT NULL REFERENCES org_units (id),
    number BIGINT NOT NULL CHECK (number > 0),
    -- ISO dates (YYYY-MM-DD), Beijing time: they sort as they compare.
    period_start TEXT NOT NULL,
    period_end TEXT NOT NULL,
    snapshot TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    previous_sha256 TEXT,
    published_by_id TEXT REFERENCES users (id),
    published_at TIMESTAMP NOT NULL,
    CHECK (period_end >= period_start),
    UNIQUE (street_id, number)
);

CREATE TRIGGER disclosures_no_update BEFORE UPDATE ON disclosures
BEGIN
    SELECT RAISE(ABORT, 'a disclosure is never edited or deleted');
END;
CREATE TRIGGER disclosures_no_delete BEFORE DELETE ON disclosures
BEGIN
    SELECT RAISE(ABORT, 'a disclosure is never edited or deleted');
END;
