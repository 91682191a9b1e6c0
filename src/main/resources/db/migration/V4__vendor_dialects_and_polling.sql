-- Vendor dialects and pull intake.
--
-- vendor_dialect: the vendor's inbound field mapping (a mapping document as JSON) that turns
-- its field names and values into the canonical lead before the lead is committed.
CREATE TABLE vendor_dialect (
    vendor_id    VARCHAR(36) NOT NULL PRIMARY KEY REFERENCES vendor (id),
    dialect_json VARCHAR(200000) NOT NULL,
    updated_at   TIMESTAMP WITH TIME ZONE NOT NULL
);

-- vendor_poll: how to poll a vendor's API (mode PULL or HYBRID, OFF keeps the cursor), the
-- durable cursor (advanced only after the polled leads are committed) and the poller's state.
-- auth_secret is encrypted (AES-GCM, key in the data dir), never clear text.
CREATE TABLE vendor_poll (
    vendor_id            VARCHAR(36)   NOT NULL PRIMARY KEY REFERENCES vendor (id),
    mode                 VARCHAR(10)   NOT NULL,
    url                  VARCHAR(2000) NOT NULL,
    auth_kind            VARCHAR(10)   NOT NULL,
    auth_name            VARCHAR(200),
    auth_secret          VARCHAR(2000),
    interval_seconds     INTEGER       NOT NULL,
    cursor_param         VARCHAR(100)  NOT NULL,
    page_size_param      VARCHAR(100)  NOT NULL,
    page_size            INTEGER       NOT NULL,
    items_path           VARCHAR(200),
    cursor_field         VARCHAR(200),
    cursor_value         VARCHAR(2000),
    last_success_at      TIMESTAMP WITH TIME ZONE,
    last_error           VARCHAR(1000),
    last_error_at        TIMESTAMP WITH TIME ZONE,
    next_attempt_at      TIMESTAMP WITH TIME ZONE,
    consecutive_failures INTEGER       NOT NULL DEFAULT 0,
    last_round_new       INTEGER       NOT NULL DEFAULT 0,
    last_round_duplicates INTEGER      NOT NULL DEFAULT 0,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL
);
