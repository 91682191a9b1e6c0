-- Data lifecycle: what the retention job archived and blanked, and how far it has gone. Same
-- SQL subset as V1: runs on H2 2.x and PostgreSQL 13+.

-- When a lead's raw payload was written to an archive file and blanked (raw_payload = '').
-- The lead row itself (identity, normalized fields, status, score) stays: a lead business
-- still needs to know whom it bought and sold long after the vendor's original bytes expire.
ALTER TABLE lead ADD COLUMN payload_archived_at TIMESTAMP WITH TIME ZONE;

-- When an attempt's request and response bodies were archived and blanked; the attempt row
-- (when, where, outcome, status, latency) stays for the figures and for the record.
ALTER TABLE delivery_attempt ADD COLUMN bodies_archived_at TIMESTAMP WITH TIME ZONE;

-- How far the retention job has archived each table, by seq. The job reads in seq order from
-- here and stops at the first row that is not expired yet, so a daily run costs a short range
-- read instead of a scan over years of rows already archived, and needs no index on the hot
-- tables' timestamps.
CREATE TABLE retention_cursor (
    name        VARCHAR(40) NOT NULL PRIMARY KEY,
    last_seq    BIGINT      NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One retention run at a time among every engine and admin command on the database: a run
-- holds this row's lease, renewed in the same transaction as each batch it removes, so no
-- batch is ever removed by a run that lost the lease. A run that died frees it when it lapses.
CREATE TABLE retention_run (
    name         VARCHAR(40)  NOT NULL PRIMARY KEY,
    holder       VARCHAR(200) NOT NULL,
    lease_until  TIMESTAMP WITH TIME ZONE NOT NULL
);
