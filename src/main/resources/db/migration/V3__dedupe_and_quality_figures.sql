-- De-duplication and the per-vendor quality figures. Same shared SQL subset as V1/V2
-- (H2 2.x and PostgreSQL 13+).

-- The normalized de-duplication keys of a lead, written by the quality stage when it decides the
-- lead (null until then, and null when the value is absent or unusable): the email as
-- DedupeKeys.email makes it, the phone in E.164. The vendor's lead id is already a column.
ALTER TABLE lead ADD COLUMN email_key VARCHAR(320);
ALTER TABLE lead ADD COLUMN phone_key VARCHAR(32);
-- The original lead this one repeats (null for an original). A duplicate always points at the root
-- original, never at another duplicate. An original's repeat count is counted through
-- ix_lead_duplicate_of when read, not kept in a column: updating the original's (wide, many times
-- indexed) row for every repeat cost the decision batch more than writing the repeat itself.
ALTER TABLE lead ADD COLUMN duplicate_of VARCHAR(36);
ALTER TABLE lead ADD CONSTRAINT fk_lead_duplicate_of FOREIGN KEY (duplicate_of) REFERENCES lead (id);

-- The look-ups of a decision batch: key IN (...) AND duplicate_of IS NULL AND received_at >= window
-- start. duplicate_of is in the index so that a key repeated thousands of times (test@test.com)
-- still reads only its originals, not every repeat.
CREATE INDEX ix_lead_email_key ON lead (email_key, duplicate_of, received_at);
CREATE INDEX ix_lead_phone_key ON lead (phone_key, duplicate_of, received_at);
-- Vendor lead ids across vendors (the unique constraint leads with vendor_id, so it cannot serve this).
-- One id repeats at most once per vendor, so duplicate_of need not be in it; left out, marking a
-- repeat does not have to update this index.
CREATE INDEX ix_lead_vendor_lead_id ON lead (vendor_lead_id, received_at);
-- An original's repeats: counted for the console, re-pointed when an operator links the original
-- itself as a duplicate.
CREATE INDEX ix_lead_duplicate_of ON lead (duplicate_of);

-- Timeline events: a decision batch now writes one more per repeat (on its original). H2 makes its
-- identity sequence durable with a store commit every CACHE values (default 32), which with
-- WRITE_DELAY=0 is a disk write inside the batch; 1000 makes that rare. Gaps after a crash are
-- harmless: seq only orders events.
ALTER TABLE lead_event ALTER COLUMN seq SET CACHE 1000;

-- One row that every de-duplicating decision batch locks (SELECT ... FOR UPDATE) before it claims
-- leads: batches of several workers or engine processes then look up and write keys one after
-- another, so two copies of one person in concurrent batches cannot both become originals.
CREATE TABLE dedupe_lock (
    id INTEGER NOT NULL PRIMARY KEY
);
INSERT INTO dedupe_lock (id) VALUES (1);

-- Quality figures per vendor and hour (bucket_start: the UTC hour the leads were received in),
-- counted by the quality stage in the same transaction as its decisions, never by scanning leads.
-- score_0 counts scores 0-9, score_1 10-19, ..., score_9 90-100.
CREATE TABLE quality_figures (
    vendor_id     VARCHAR(36) NOT NULL REFERENCES vendor (id),
    bucket_start  TIMESTAMP WITH TIME ZONE NOT NULL,
    decided       BIGINT DEFAULT 0 NOT NULL,
    accepted      BIGINT DEFAULT 0 NOT NULL,
    quarantined   BIGINT DEFAULT 0 NOT NULL,
    rejected      BIGINT DEFAULT 0 NOT NULL,
    duplicates    BIGINT DEFAULT 0 NOT NULL,
    invalid_email BIGINT DEFAULT 0 NOT NULL,
    invalid_phone BIGINT DEFAULT 0 NOT NULL,
    geo_mismatch  BIGINT DEFAULT 0 NOT NULL,
    scored        BIGINT DEFAULT 0 NOT NULL,
    score_sum     BIGINT DEFAULT 0 NOT NULL,
    score_0       BIGINT DEFAULT 0 NOT NULL,
    score_1       BIGINT DEFAULT 0 NOT NULL,
    score_2       BIGINT DEFAULT 0 NOT NULL,
    score_3       BIGINT DEFAULT 0 NOT NULL,
    score_4       BIGINT DEFAULT 0 NOT NULL,
    score_5       BIGINT DEFAULT 0 NOT NULL,
    score_6       BIGINT DEFAULT 0 NOT NULL,
    score_7       BIGINT DEFAULT 0 NOT NULL,
    score_8       BIGINT DEFAULT 0 NOT NULL,
    score_9       BIGINT DEFAULT 0 NOT NULL,
    CONSTRAINT pk_quality_figures PRIMARY KEY (vendor_id, bucket_start)
);
CREATE INDEX ix_quality_figures_bucket ON quality_figures (bucket_start);
