package io.leadwire.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/** V11 on a database with a history: webhooks start from the timeline's end, never replay it. */
class WebhookMigrationTest {
    @Test
    void shouldStartTheWebhookTailAtTheEndOfTheExistingTimeline() throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:v11-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("10").load().migrate();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO vendor (id, name, created_at) VALUES ('v1', 'Acme', CURRENT_TIMESTAMP)");
            s.execute("INSERT INTO lead (id, vendor_id, vendor_lead_id, received_at, status, content_type, raw_payload, "
                    + "fields_json) VALUES ('l1', 'v1', 'A-1', CURRENT_TIMESTAMP, 'ACCEPTED', 'application/json', "
                    + "'{}', '{}')");
            s.execute("INSERT INTO lead_event (lead_id, at, type) VALUES ('l1', CURRENT_TIMESTAMP, 'received')");
            s.execute("INSERT INTO lead_event (lead_id, at, type) VALUES ('l1', CURRENT_TIMESTAMP, 'accepted')");
        }
        Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();

        Clock clock = Clock.systemUTC();
        WebhookRepository repo = new WebhookRepository(ds, clock, Duration.ofSeconds(5));
        Instant now = clock.instant();
        repo.insertEndpoint(new WebhookRepository.EndpointRow("ep_1", "http://127.0.0.1:9/", List.of("*"), "", true,
                now, now, "tester"), "sealed", "whsec_abcd…");
        List<String> planned = new ArrayList<>();
        WebhookRepository.MessagePlanner planner = (e, facts, subs) -> {
            planned.add(e.type());
            return List.of(new WebhookRepository.NewMessage("msg_" + e.seq(), "ep_1", e.seq(), "lead." + e.type(),
                    e.leadId(), "{}"));
        };
        assertThat(repo.enqueueNewEvents(100, planner)).isZero();

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO lead_event (lead_id, at, type) VALUES ('l1', CURRENT_TIMESTAMP, 'routed')");
        }
        assertThat(repo.enqueueNewEvents(100, planner)).isEqualTo(1);
        assertThat(planned).containsExactly("routed");
        assertThat(repo.messages("ep_1", null, 10)).extracting(WebhookRepository.MessageRow::eventType)
                .containsExactly("lead.routed");
    }
}
