-- Engines sharing one database must share the data dir's secrets.key: buyer and webhook secrets
-- are sealed with it in this database. One row holds a known text sealed with the key of the
-- first engine that started here; an engine whose key cannot open it refuses to start instead
-- of sealing secrets the others cannot read.

CREATE TABLE secrets_key_check (
    id          INTEGER      NOT NULL PRIMARY KEY,
    sealed      VARCHAR(200) NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    created_by  VARCHAR(200) NOT NULL
);
