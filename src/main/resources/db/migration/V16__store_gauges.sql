-- Gauges: how many of something the store holds right now, kept by the transactions that change
-- it, so that a dashboard's health tiles read one row instead of counting (H2 counts an index
-- range row by row: ~100,000 held leads and ~200,000 open dead letters took most of the executive
-- dashboard's time in the 1,000,000-lead bench). Same SQL subset as V1: H2 2.x and PostgreSQL 13+.
--
-- 'lead.quarantined' = leads in status QUARANTINED; 'dead_letter.open' = dead letters not resolved.
-- Every transaction that moves a lead into or out of quarantine, or opens or resolves a dead
-- letter, adds to its gauge last, just before it commits (LeadRepository, QuarantineRepository,
-- Deduplicator, DeliveryRepository, DeadLetterRepository through StoreGauges).
CREATE TABLE store_gauge (
    name    VARCHAR(64) NOT NULL PRIMARY KEY,
    amount  BIGINT      NOT NULL
);

INSERT INTO store_gauge (name, amount) SELECT 'lead.quarantined', COUNT(*) FROM lead WHERE status = 'QUARANTINED';
INSERT INTO store_gauge (name, amount) SELECT 'dead_letter.open', COUNT(*) FROM dead_letter WHERE resolved_at IS NULL;
