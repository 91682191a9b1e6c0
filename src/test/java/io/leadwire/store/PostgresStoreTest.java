package io.leadwire.store;

import org.junit.jupiter.api.Nested;

/**
 * The repository tests again, on a real PostgreSQL server: the SQL (claims with SKIP LOCKED,
 * atomic cap counters, portable upserts, the figure tails) must mean the same on both databases.
 */
class PostgresStoreTest {
    @Nested
    class Leads extends LeadRepositoryTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }

    @Nested
    class Deliveries extends DeliveryRepositoryTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }

    @Nested
    class Duplicates extends DuplicateStoreTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }

        /**
         * PostgreSQL plans by statistics: on an empty table any index looks as good as another. With
         * the statistics of a store holding thousands of originals, the look-up reads the key indexes
         * and never scans the table.
         */
        @Override
        @org.junit.jupiter.api.Test
        void shouldLookUpOriginalsThroughTheKeyIndexesWhenABatchIsDecided() throws Exception {
            try (StoreFixture f = fixture(); java.sql.Connection c = f.db.connection();
                 java.sql.Statement st = c.createStatement()) {
                io.leadwire.lead.Vendor v = f.vendor("Acme");
                st.execute("INSERT INTO lead (id, vendor_id, vendor_lead_id, received_at, status, content_type, "
                        + "raw_payload, fields_json, email_key, phone_key) SELECT 'lead-' || g, '" + v.id()
                        + "', 'v-' || g, now(), 'ACCEPTED', 'application/json', '{}', '{}', 'e' || g || '@x.test', "
                        + "'+1555' || g FROM generate_series(1, 5000) g");
                st.execute("ANALYZE lead");
                String plan = candidatePlan(c);
                org.assertj.core.api.Assertions.assertThat(plan).as(plan)
                        .contains("IX_LEAD_EMAIL_KEY", "IX_LEAD_PHONE_KEY", "IX_LEAD_VENDOR_LEAD_ID")
                        .doesNotContain("SEQ SCAN");
            }
        }
    }

    @Nested
    class Figures extends FiguresRepositoryTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }

    @Nested
    class QualityFigures extends QualityFiguresRepositoryTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }

    @Nested
    class Refusals extends RefusalRepositoryTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }

    @Nested
    class Settings extends SettingsRepositoryTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }

    @Nested
    class Vendors extends VendorRepositoryTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }

    @Nested
    class Mappings extends MappingRepositoryTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }

    @Nested
    class Alerts extends AlertRepositoryTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }

    @Nested
    class Retention extends RetentionJobTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }

    @Nested
    class Gauges extends StoreGaugesTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }

    @Nested
    class Watcher extends StoreWatcherTest {
        @Override
        StoreFixture fixture() {
            return StoreFixture.postgres();
        }
    }
}
