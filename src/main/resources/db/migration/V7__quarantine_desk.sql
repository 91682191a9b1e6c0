-- The quarantine desk.
--
-- lead_reason: the reason codes (warnings and errors; infos are left out) of each lead's current
-- verdict, one row per code, so the desk can filter and count by reason through an index instead
-- of searching the verdict JSON. The quality stage writes them in the same transaction as the
-- decision; the desk rewrites them when a release re-judges an edited lead.
CREATE TABLE lead_reason (
    lead_id  VARCHAR(36) NOT NULL REFERENCES lead (id),
    code     VARCHAR(40) NOT NULL,
    CONSTRAINT pk_lead_reason PRIMARY KEY (lead_id, code)
);
CREATE INDEX ix_lead_reason_code ON lead_reason (code, lead_id);

-- Who did it, for events an operator caused (release, reject, duplicate link); null for the engine.
ALTER TABLE lead_event ADD COLUMN actor VARCHAR(100);

-- Sorting the quarantine by score.
CREATE INDEX ix_lead_status_score ON lead (status, score);

-- Leads judged before this migration: their codes come from the stored verdict JSON, which the
-- quality stage writes without spaces ("code":"email.syntax"). geo.unchecked is the only info code.
INSERT INTO lead_reason (lead_id, code) SELECT id, 'email.syntax' FROM lead WHERE verdict_json LIKE '%"code":"email.syntax"%';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'email.disposable' FROM lead WHERE verdict_json LIKE '%"code":"email.disposable"%';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'email.no_mx' FROM lead WHERE verdict_json LIKE '%"code":"email.no\_mx"%' ESCAPE '\';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'phone.invalid' FROM lead WHERE verdict_json LIKE '%"code":"phone.invalid"%';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'phone.country_mismatch' FROM lead WHERE verdict_json LIKE '%"code":"phone.country\_mismatch"%' ESCAPE '\';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'country.unknown' FROM lead WHERE verdict_json LIKE '%"code":"country.unknown"%';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'name.invalid_chars' FROM lead WHERE verdict_json LIKE '%"code":"name.invalid\_chars"%' ESCAPE '\';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'enum.unknown_value' FROM lead WHERE verdict_json LIKE '%"code":"enum.unknown\_value"%' ESCAPE '\';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'number.not_numeric' FROM lead WHERE verdict_json LIKE '%"code":"number.not\_numeric"%' ESCAPE '\';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'range.invalid' FROM lead WHERE verdict_json LIKE '%"code":"range.invalid"%';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'field.required' FROM lead WHERE verdict_json LIKE '%"code":"field.required"%';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'consent.missing' FROM lead WHERE verdict_json LIKE '%"code":"consent.missing"%';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'consent.malformed' FROM lead WHERE verdict_json LIKE '%"code":"consent.malformed"%';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'identity.unreachable' FROM lead WHERE verdict_json LIKE '%"code":"identity.unreachable"%';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'geo.mismatch' FROM lead WHERE verdict_json LIKE '%"code":"geo.mismatch"%';
INSERT INTO lead_reason (lead_id, code) SELECT id, 'score.review' FROM lead WHERE verdict_json LIKE '%"code":"score.review"%';
