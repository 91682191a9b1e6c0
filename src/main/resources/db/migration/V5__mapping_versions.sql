-- Buyer mappings: one working draft per buyer and its published versions.
-- A published version is immutable: the application has no UPDATE or DELETE path for
-- mapping_version, and the primary key (buyer, version) lets the database, not a
-- check-then-insert, decide which of two racing publishes gets a number.

CREATE TABLE mapping_buyer (
    buyer           VARCHAR(100) NOT NULL PRIMARY KEY,
    draft_json      VARCHAR(1000000),
    draft_saved_at  TIMESTAMP WITH TIME ZONE
);

CREATE TABLE mapping_version (
    buyer          VARCHAR(100) NOT NULL REFERENCES mapping_buyer (buyer),
    version        INTEGER      NOT NULL,
    document_json  VARCHAR(1000000) NOT NULL,
    published_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    published_by   VARCHAR(100) NOT NULL,
    note           VARCHAR(1000) NOT NULL DEFAULT '',
    CONSTRAINT pk_mapping_version PRIMARY KEY (buyer, version),
    CONSTRAINT ck_mapping_version_positive CHECK (version > 0)
);
