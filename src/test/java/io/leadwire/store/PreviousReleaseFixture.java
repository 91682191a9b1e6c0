package io.leadwire.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;

/**
 * Builds an embedded store as the previous release left it: the schema up to V8 (delivery,
 * before buyer callbacks and figures) and representative rows written with that release's
 * columns only, in plain SQL, as that release's code would have. No binary is committed; run
 * {@code main} (argument: a data dir) to build one by hand, e.g. to try an upgrade with the
 * console.
 */
final class PreviousReleaseFixture {
    /** The last migration the previous release shipped. */
    static final String PREVIOUS_SCHEMA = "8";

    private PreviousReleaseFixture() {
    }

    public static void main(String[] args) throws SQLException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: PreviousReleaseFixture DATA_DIR");
        }
        build(Path.of(args[0]));
        System.out.println("previous-release store written to " + Database.embeddedUrl(Path.of(args[0])));
    }

    /** Writes the store into {@code dataDir}/db (user sa, empty password). */
    static void build(Path dataDir) throws SQLException {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL(Database.embeddedUrl(dataDir));
        ds.setUser("sa");
        ds.setPassword("");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target(PREVIOUS_SCHEMA).load()
                .migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO vendor (id, name, created_at, allowed_cidrs) VALUES ('v-acme', 'Acme Leads', "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-10 09:00:00Z', '203.0.113.0/24')");
            s.execute("INSERT INTO vendor_api_key (id, vendor_id, key_hash, key_prefix, created_at) VALUES "
                    + "('k-1', 'v-acme', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'lw_AbC', "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-10 09:00:00Z')");
            s.execute("INSERT INTO engine_setting (name, json, version, updated_at, updated_by) VALUES ('routing', "
                    + "'{\"schema\":1,\"max_shared_buyers\":2}', 1, TIMESTAMP WITH TIME ZONE '2026-01-11 09:00:00Z', "
                    + "'ops')");
            lead(s, "l-sold", "A-1", "2026-01-12 10:00:00Z", "SOLD", "ana@example.com", 82, "hot");
            lead(s, "l-quar", "A-2", "2026-01-12 10:05:00Z", "QUARANTINED", "bob@mailinator.com", 35, "low");
            lead(s, "l-dead", "A-3", "2026-01-12 10:10:00Z", "DEAD_LETTER", "cy@example.com", 70, "standard");
            s.execute("INSERT INTO lead_reason (lead_id, code) VALUES ('l-quar', 'email.disposable')");
            // The quality stage's hourly counts of those leads and of the hour before.
            s.execute("INSERT INTO quality_figures (vendor_id, bucket_start, decided, accepted, quarantined, rejected, "
                    + "duplicates, invalid_email, invalid_phone, geo_mismatch) VALUES ('v-acme', "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-12 09:00:00Z', 4, 3, 1, 0, 1, 0, 0, 0), ('v-acme', "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-12 10:00:00Z', 3, 2, 1, 0, 0, 1, 0, 0)");
            s.execute("INSERT INTO buyer (id, name, config_json, enabled, created_at, updated_at, updated_by, revision) "
                    + "VALUES ('b-1', 'Bravo Insurance', '{\"endpoint\":{\"url\":\"https://bravo.example/leads\"}}', "
                    + "TRUE, TIMESTAMP WITH TIME ZONE '2026-01-10 09:30:00Z', "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-10 09:30:00Z', 'ops', 1)");
            s.execute("INSERT INTO buyer_secret (buyer_id, name, sealed, updated_at) VALUES ('b-1', 'api_token', "
                    + "'v1:c2VhbGVk', TIMESTAMP WITH TIME ZONE '2026-01-10 09:30:00Z')");
            s.execute("INSERT INTO delivery (id, lead_id, buyer_id, round, status, attempts, idempotency_key, "
                    + "mapping_version, price, buyer_lead_id, created_at, updated_at, finished_at) VALUES ('d-1', "
                    + "'l-sold', 'b-1', 1, 'SOLD', 1, 'idem-1', 3, 12.5000, 'BR-99', "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-12 10:00:01Z', TIMESTAMP WITH TIME ZONE '2026-01-12 10:00:02Z', "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-12 10:00:02Z')");
            s.execute("INSERT INTO delivery_attempt (delivery_id, attempt, started_at, latency_ms, request_method, "
                    + "request_url, request_headers, request_body, response_status, response_headers, response_body, "
                    + "outcome) VALUES ('d-1', 1, TIMESTAMP WITH TIME ZONE '2026-01-12 10:00:01Z', 140, 'POST', "
                    + "'https://bravo.example/leads', '{\"Authorization\":\"***\"}', '{\"email\":\"ana@example.com\"}', "
                    + "200, '{}', '{\"result\":\"accepted\",\"id\":\"BR-99\"}', 'sold')");
            s.execute("INSERT INTO dead_letter (lead_id, at, reason, detail) VALUES ('l-dead', "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-12 10:10:05Z', 'no_eligible_buyer', 'caps full')");
            s.execute("INSERT INTO mapping_buyer (buyer) VALUES ('Bravo Insurance')");
            s.execute("INSERT INTO mapping_version (buyer, version, document_json, published_at, published_by) VALUES "
                    + "('Bravo Insurance', 3, '{\"fields\":[]}', TIMESTAMP WITH TIME ZONE '2026-01-10 09:40:00Z', 'ops')");
        }
    }

    private static void lead(Statement s, String id, String vendorLeadId, String at, String status, String email,
                             int score, String tier) throws SQLException {
        s.execute("INSERT INTO lead (id, vendor_id, vendor_lead_id, received_at, status, content_type, raw_payload, "
                + "fields_json, first_name, email, phone, country, remote_ip, score, tier, decided_at, email_key) VALUES "
                + "('" + id + "', 'v-acme', '" + vendorLeadId + "', TIMESTAMP WITH TIME ZONE '" + at + "', '" + status
                + "', 'application/json', '{\"lead_id\":\"" + vendorLeadId + "\",\"email\":\"" + email + "\"}', "
                + "'{\"email\":\"" + email + "\"}', 'Ana', '" + email + "', '+447700900123', 'GB', '203.0.113.9', "
                + score + ", '" + tier + "', TIMESTAMP WITH TIME ZONE '" + at + "', '" + email + "')");
        s.execute("INSERT INTO lead_event (lead_id, at, type, detail, actor) VALUES ('" + id + "', "
                + "TIMESTAMP WITH TIME ZONE '" + at + "', 'received', 'from Acme Leads', NULL)");
    }
}
