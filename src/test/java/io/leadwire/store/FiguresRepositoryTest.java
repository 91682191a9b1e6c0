package io.leadwire.store;

import static io.leadwire.store.StoreFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.IntakeRefusal;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import io.leadwire.lead.Vendor;
import io.leadwire.store.FiguresRepository.FigureRow;
import io.leadwire.store.FiguresRepository.Grain;
import io.leadwire.store.FiguresRepository.Subject;
import io.leadwire.testing.MutableClock;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The figures stage's buckets on a fixed data set: what each source adds, in which bucket, once. */
class FiguresRepositoryTest extends StoreTestBase {
    private static final Instant M1 = T0.plusSeconds(65);   // 14:01:05
    private static final Instant M2 = T0.plusSeconds(130);  // 14:02:10
    private static final Instant H15 = T0.plus(Duration.ofMinutes(70)); // 15:10

    @Test
    void shouldCountEverySourceIntoMinuteHourAndDayBucketsOnce() throws SQLException {
        try (StoreFixture f = fixture()) {
            MutableClock clock = new MutableClock(H15.plusSeconds(60));
            FiguresRepository figures = new FiguresRepository(f.db.dataSource(), clock, Duration.ofSeconds(5));
            Vendor acme = f.vendor("Acme");
            Vendor beta = f.vendor("Beta");
            String buyer = buyer(f, "Buyer One");
            Lead a1 = lead(acme, "A-1", M1);
            Lead a2 = lead(acme, "A-2", M1);
            Lead a3 = lead(acme, "A-3", M2);
            Lead b1 = lead(beta, "B-1", H15);
            f.leads.insertAll(List.of(a1, a2, a3, b1));
            f.refusals.insertAll(List.of(
                    new IntakeRefusal(M1, acme.id(), "127.0.0.1", 422, "invalid_field", "email", "bad"),
                    new IntakeRefusal(M2, null, "127.0.0.1", 401, "unauthorized", null, "no key")));
            String d1 = delivery(f, a1, buyer, "ACCEPTED", "12.5000");
            String d2 = delivery(f, a2, buyer, "REJECTED", null);
            attempt(f, d1, 1, M1, 42L, "error", "timeout");
            attempt(f, d1, 2, M1.plusSeconds(2), 8L, "accepted", null);
            attempt(f, d2, 1, M2, 260L, "rejected", null);
            outcome(f, a1, acme, buyer, M1, "accepted", null, "12.5");
            outcome(f, a2, acme, buyer, M2, "rejected", "no interest", null);
            outcome(f, a1, acme, buyer, H15, "return", "wrong number", "12.5");
            outcome(f, a1, acme, buyer, H15, "conversion", null, "300");
            outcome(f, a1, acme, buyer, H15, "feedback", "Wrong Number", null);

            assertThat(figures.catchUp(1000)).isEqualTo(4 + 2 + 3 + 5);
            assertThat(figures.catchUp(1000)).isZero();

            Map<String, BigDecimal> acmeDay = sums(figures.rows(Subject.VENDOR, List.of(acme.id()), Grain.DAY,
                    T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)), List.of()));
            assertThat(acmeDay).containsEntry("received", bd("3")).containsEntry("refused", bd("1"))
                    .containsEntry("sold", bd("1")).containsEntry("sold_value", bd("12.5"))
                    .containsEntry("rejected", bd("1")).containsEntry("returns", bd("1"))
                    .containsEntry("credit", bd("12.5")).containsEntry("conversions", bd("1"))
                    .containsEntry("conversion_value", bd("300")).containsEntry("feedback.wrong_number", bd("1"));

            // Minute buckets: two leads in 14:01, one in 14:02; Beta only at 15:10.
            List<FigureRow> minutes = figures.rows(Subject.VENDOR, List.of(), Grain.MINUTE, T0, T0.plusSeconds(180),
                    List.of("received"));
            assertThat(minutes).extracting(FigureRow::subjectId, FigureRow::bucket, r -> r.amount().intValue())
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(acme.id(), T0.plusSeconds(60), 2),
                            org.assertj.core.groups.Tuple.tuple(acme.id(), T0.plusSeconds(120), 1));
            assertThat(sums(figures.rows(Subject.TOTAL, List.of(FiguresRepository.ALL), Grain.HOUR, T0,
                    T0.plus(Duration.ofHours(2)), List.of()))).containsEntry("received", bd("4"))
                    .containsEntry("refused", bd("2"));

            Map<String, BigDecimal> buyerHour = sums(figures.rows(Subject.BUYER, List.of(buyer), Grain.HOUR, T0,
                    T0.plus(Duration.ofHours(1)), List.of()));
            assertThat(buyerHour).containsEntry("attempts", bd("3")).containsEntry("retries", bd("1"))
                    .containsEntry("att.accepted", bd("1")).containsEntry("att.error", bd("1"))
                    .containsEntry("err.timeout", bd("1")).containsEntry("latency_sum", bd("310"))
                    .containsEntry(FiguresRepository.latencyMetric(1), bd("1"))   // 8 ms: 5 < x <= 10
                    .containsEntry(FiguresRepository.latencyMetric(4), bd("1"))   // 42 ms: 30 < x <= 50
                    .containsEntry(FiguresRepository.latencyMetric(9), bd("1"))   // 260 ms: 200 < x <= 300
                    .containsEntry("sold", bd("1")).doesNotContainKey("returns");
            // Prefix selection reads only the asked metrics.
            assertThat(figures.rows(Subject.BUYER, List.of(), Grain.DAY, T0.minus(Duration.ofDays(1)),
                    T0.plus(Duration.ofDays(1)), List.of("err."))).extracting(FigureRow::metric)
                    .containsExactly("err.timeout");
        }
    }

    @Test
    void shouldAddALateRevenueToTheConversionValueWithoutCountingAnotherConversion() throws SQLException {
        try (StoreFixture f = fixture()) {
            FiguresRepository figures = new FiguresRepository(f.db.dataSource(), new MutableClock(H15),
                    Duration.ofSeconds(5));
            Vendor acme = f.vendor("Acme");
            String buyer = buyer(f, "Buyer One");
            Lead a1 = lead(acme, "A-1", M1);
            f.leads.insertAll(List.of(a1));
            // A "converted" status counted as the conversion, then the buyer's conversion event with the revenue.
            outcome(f, a1, acme, buyer, M1, "status", "converted", null);
            outcome(f, a1, acme, buyer, M1, "conversion", "converted", null);
            outcome(f, a1, acme, buyer, M2, "revenue", "converted", "250");

            figures.catchUp(1000);

            for (Subject s : new Subject[] {Subject.VENDOR, Subject.BUYER}) {
                assertThat(sums(figures.rows(s, List.of(s == Subject.VENDOR ? acme.id() : buyer), Grain.DAY,
                        T0.minus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)), List.of())))
                        .containsEntry("conversions", bd("1")).containsEntry("conversion_value", bd("250"))
                        .containsEntry("status.converted", bd("1")).doesNotContainKey("other.revenue");
            }
        }
    }

    @Test
    void shouldWaitForAMissingSeqThenPassItWhenItNeverComes() throws SQLException {
        try (StoreFixture f = fixture()) {
            MutableClock clock = new MutableClock(H15);
            FiguresRepository figures = new FiguresRepository(f.db.dataSource(), clock, Duration.ofSeconds(5));
            Vendor acme = f.vendor("Acme");
            // seq 1 and 3 are visible, 2 is not (yet): as when two transactions commit out of order.
            insertLeadWithSeq(f, acme, 1, "A-1");
            insertLeadWithSeq(f, acme, 3, "A-3");

            assertThat(figures.catchUp(100)).isEqualTo(1);
            clock.advance(Duration.ofSeconds(2));
            assertThat(figures.catchUp(100)).as("still waiting for seq 2").isZero();
            insertLeadWithSeq(f, acme, 2, "A-2");
            assertThat(figures.catchUp(100)).as("2 came late and is counted, then 3").isEqualTo(2);

            insertLeadWithSeq(f, acme, 6, "A-6"); // 4 and 5 never come (rolled back)
            assertThat(figures.catchUp(100)).isZero();
            clock.advance(Duration.ofSeconds(6));
            assertThat(figures.catchUp(100)).isEqualTo(1);
            assertThat(sums(figures.rows(Subject.VENDOR, List.of(), Grain.DAY, T0.minus(Duration.ofDays(1)),
                    T0.plus(Duration.ofDays(1)), List.of()))).containsEntry("received", bd("4"));
        }
    }

    @Test
    void shouldPruneOldMinuteAndHourBucketsButKeepDays() {
        try (StoreFixture f = fixture()) {
            MutableClock clock = new MutableClock(H15);
            FiguresRepository figures = new FiguresRepository(f.db.dataSource(), clock, Duration.ofSeconds(5));
            Vendor acme = f.vendor("Acme");
            f.leads.insertAll(List.of(lead(acme, "A-1", M1)));
            figures.catchUp(10);
            assertThat(figures.prune(T0.plus(Duration.ofDays(1)), T0.plus(Duration.ofDays(1)))).isEqualTo(2 * 2);
            assertThat(figures.rows(Subject.VENDOR, List.of(), Grain.DAY, T0.minus(Duration.ofDays(1)),
                    T0.plus(Duration.ofDays(1)), List.of())).hasSize(1);
        }
    }

    private static BigDecimal bd(String s) {
        return new BigDecimal(s);
    }

    private static Map<String, BigDecimal> sums(List<FigureRow> rows) {
        Map<String, BigDecimal> out = new HashMap<>();
        rows.forEach(r -> out.merge(r.metric(), r.amount(), BigDecimal::add));
        out.replaceAll((k, v) -> new BigDecimal(v.stripTrailingZeros().toPlainString()));
        return out;
    }

    private static Lead lead(Vendor v, String id, Instant at) {
        return StoreFixture.lead(v, id, Map.of("lead_id", id), LeadStatus.RECEIVED, at);
    }

    private static void insertLeadWithSeq(StoreFixture f, Vendor v, long seq, String vendorLeadId) throws SQLException {
        try (Connection c = f.db.connection(); PreparedStatement ps = c.prepareStatement("INSERT INTO lead (seq, id, "
                + "vendor_id, vendor_lead_id, received_at, status, content_type, raw_payload, fields_json) "
                + "VALUES (?, ?, ?, ?, ?, 'RECEIVED', 'application/json', '{}', '{}')")) {
            ps.setLong(1, seq);
            ps.setString(2, UUID.randomUUID().toString());
            ps.setString(3, v.id());
            ps.setString(4, vendorLeadId);
            ps.setObject(5, Jdbc.ts(M1));
            ps.executeUpdate();
        }
    }

    private static String buyer(StoreFixture f, String name) throws SQLException {
        String id = UUID.randomUUID().toString();
        exec(f, "INSERT INTO buyer (id, name, config_json, created_at, updated_at) VALUES (?, ?, '{}', ?, ?)",
                id, name, Jdbc.ts(T0), Jdbc.ts(T0));
        return id;
    }

    private static String delivery(StoreFixture f, Lead lead, String buyer, String status, String price)
            throws SQLException {
        String id = UUID.randomUUID().toString();
        exec(f, "INSERT INTO delivery (id, lead_id, buyer_id, round, status, idempotency_key, price, created_at, "
                + "updated_at) VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?)", id, lead.id(), buyer, status, id,
                price == null ? null : new BigDecimal(price), Jdbc.ts(T0), Jdbc.ts(T0));
        return id;
    }

    private static void attempt(StoreFixture f, String delivery, int n, Instant at, Long latency, String outcome,
                                String errorClass) throws SQLException {
        exec(f, "INSERT INTO delivery_attempt (delivery_id, attempt, started_at, latency_ms, request_method, "
                + "request_url, request_headers, request_body, outcome, error_class) "
                + "VALUES (?, ?, ?, ?, 'POST', 'http://127.0.0.1/', '', '{}', ?, ?)",
                delivery, n, Jdbc.ts(at), latency, outcome, errorClass);
    }

    private static void outcome(StoreFixture f, Lead lead, Vendor v, String buyer, Instant at, String kind,
                                String value, String amount) throws SQLException {
        exec(f, "INSERT INTO lead_outcome (at, lead_id, vendor_id, buyer_id, kind, label, amount) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?)", Jdbc.ts(at), lead.id(), v.id(), buyer, kind, value,
                amount == null ? null : new BigDecimal(amount));
    }

    private static void exec(StoreFixture f, String sql, Object... args) throws SQLException {
        try (Connection c = f.db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            ps.executeUpdate();
        }
    }
}
