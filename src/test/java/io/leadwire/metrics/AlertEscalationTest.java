package io.leadwire.metrics;

import static io.leadwire.metrics.AlertWorld.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.BreakerChangedEvent;
import io.leadwire.store.AlertRepository.AlertRow;
import io.leadwire.store.AlertRepository.Escalation;
import io.leadwire.store.SecretBox;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Escalation of unacknowledged alerts to a Slack-compatible webhook (a real local HTTP server) and
 * by email (a real local SMTP server), on a fake clock.
 */
class AlertEscalationTest {
    @TempDir
    Path dir;
    private final AlertWorld w = new AlertWorld();
    private final MockWebServer slack = new MockWebServer();
    private LocalSmtpServer smtp;
    private SecretBox box;
    private AlertSubjects.BuyerInfo atlas;

    @BeforeEach
    void setUp() throws IOException {
        slack.start(InetAddress.getLoopbackAddress(), 0);
        smtp = new LocalSmtpServer();
        box = SecretBox.forKeyFile(dir.resolve("secrets.key"));
        OkHttpClient http = new OkHttpClient.Builder().callTimeout(Duration.ofSeconds(5)).build();
        AlertEscalator escalator = new AlertEscalator(w.alerts, List.of(new SlackChannel(http, new ObjectMapper()),
                new EmailChannel(box::open, w.clock, Duration.ofSeconds(5))), w.clock);
        w.only(AlertRule.BREAKER_OPEN);
        w.evaluator(escalator);
        atlas = w.buyer("Atlas Insurance", true, Duration.ofSeconds(1));
    }

    @AfterEach
    void tearDown() throws IOException {
        w.close();
        slack.shutdown();
        smtp.close();
    }

    private void escalation(String slackUrl, String smtpHost, int smtpPort, String sealedPassword) {
        w.settings(b -> b.escalation(new AlertSettings.Escalation(true, Duration.ofMinutes(15), slackUrl, smtpHost,
                smtpPort, false, sealedPassword.isEmpty() ? "" : "alerts", sealedPassword, "leadwire@example.com",
                smtpHost.isEmpty() ? List.of() : List.of("oncall@example.com", "ops@example.com"))));
    }

    private AlertRow openBreakerAlert() {
        w.events.publish(new BreakerChangedEvent(atlas.id(), "Atlas Insurance", "closed", "open", "failure_threshold"));
        return w.evaluator().evaluate().opened().get(0);
    }

    private AlertRow at(Duration sinceOpened, AlertRow alert) {
        w.clock.set(NOW.plus(sinceOpened));
        w.evaluator().evaluate();
        return w.alerts.find(alert.id()).orElseThrow();
    }

    @Test
    void shouldPostToTheSlackWebhookOnceWhenNobodyAcknowledgedWithinTheDelay() throws Exception {
        escalation(slack.url("/services/T0/B0/x").toString(), "", 587, "");
        slack.enqueue(new MockResponse().setResponseCode(200).setBody("ok"));
        AlertRow alert = openBreakerAlert();

        assertThat(at(Duration.ofMinutes(14).plusSeconds(30), alert).escalatedAt()).isNull();
        assertThat(slack.getRequestCount()).isZero();

        AlertRow escalated = at(Duration.ofMinutes(15), alert);
        RecordedRequest request = slack.takeRequest(5, TimeUnit.SECONDS);
        assertThat(request.getMethod()).isEqualTo("POST");
        assertThat(request.getPath()).isEqualTo("/services/T0/B0/x");
        assertThat(request.getHeader("Content-Type")).startsWith("application/json");
        JsonNode body = new ObjectMapper().readTree(request.getBody().readUtf8());
        assertThat(body.get("text").asText()).contains("[CRITICAL] Breaker open — Atlas Insurance",
                "not acknowledged after 15 min", "alert #" + alert.id());
        assertThat(escalated.escalatedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(15)));
        assertThat(escalated.escalationNote()).startsWith("slack: sent").contains("HTTP 200");

        at(Duration.ofMinutes(16), alert);
        at(Duration.ofMinutes(30), alert);
        assertThat(slack.getRequestCount()).isEqualTo(1);
    }

    @Test
    void shouldNotEscalateAnAcknowledgedAlert() {
        escalation(slack.url("/hook").toString(), "", 587, "");
        AlertRow alert = openBreakerAlert();
        w.clock.advance(Duration.ofMinutes(3));
        assertThat(w.alerts.acknowledge(List.of(alert.id()), "maria.ops", w.clock.instant())).isEqualTo(1);

        AlertRow later = at(Duration.ofMinutes(40), alert);

        assertThat(slack.getRequestCount()).isZero();
        assertThat(later.escalatedAt()).isNull();
        assertThat(later.ackedBy()).isEqualTo("maria.ops");
        assertThat(later.count()).as("still firing, still counted").isGreaterThan(1);
    }

    @Test
    void shouldRecordAFailedWebhookAndRetryItLater() throws Exception {
        escalation(slack.url("/hook").toString(), "", 587, "");
        slack.enqueue(new MockResponse().setResponseCode(500).setBody("boom"));
        slack.enqueue(new MockResponse().setResponseCode(200));
        AlertRow alert = openBreakerAlert();

        AlertRow failed = at(Duration.ofMinutes(15), alert);
        assertThat(failed.escalatedAt()).isNull();
        assertThat(failed.escalationNote()).contains("slack: failed", "HTTP 500: boom", "next try");
        assertThat(failed.escalationRetryAt()).isEqualTo(NOW.plus(Duration.ofMinutes(16)));

        at(Duration.ofMinutes(15).plusSeconds(30), alert);
        assertThat(slack.getRequestCount()).isEqualTo(1);
        AlertRow sent = at(Duration.ofMinutes(16), alert);
        assertThat(slack.getRequestCount()).isEqualTo(2);
        assertThat(sent.escalatedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(16)));
        assertThat(w.alerts.escalations(alert.id())).extracting(Escalation::channel, Escalation::ok)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("slack", false),
                        org.assertj.core.groups.Tuple.tuple("slack", true));
    }

    @Test
    void shouldEmailTheAlertThroughTheSmtpServerWithTheUnsealedPassword() throws Exception {
        escalation("", "127.0.0.1", smtp.port(), box.seal("s3cret-pass"));
        AlertRow alert = openBreakerAlert();

        AlertRow escalated = at(Duration.ofMinutes(15), alert);

        LocalSmtpServer.Received mail = smtp.take();
        assertThat(mail.user()).isEqualTo("alerts");
        assertThat(mail.password()).isEqualTo("s3cret-pass");
        assertThat(mail.from()).isEqualTo("leadwire@example.com");
        assertThat(mail.to()).containsExactly("oncall@example.com", "ops@example.com");
        jakarta.mail.internet.MimeMessage parsed = new jakarta.mail.internet.MimeMessage(
                jakarta.mail.Session.getInstance(new java.util.Properties()),
                new java.io.ByteArrayInputStream(mail.data().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(parsed.getSubject()).isEqualTo("[Leadwire critical] Breaker open — Atlas Insurance");
        assertThat(parsed.getHeader("To", ",")).isEqualTo("oncall@example.com, ops@example.com");
        assertThat((String) parsed.getContent()).contains("the circuit breaker of Atlas Insurance opened",
                "not acknowledged after 15 min");
        assertThat(escalated.escalatedAt()).isNotNull();
        assertThat(escalated.escalationNote()).contains("email: sent", "oncall@example.com");
        at(Duration.ofMinutes(20), alert);
        assertThat(smtp.count()).isZero();
    }

    @Test
    void shouldRetryOnlyTheChannelThatFailedAndNeverCrashTheEvaluator() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        escalation(slack.url("/hook").toString(), "127.0.0.1", deadPort, "");
        slack.enqueue(new MockResponse().setResponseCode(200));
        AlertRow alert = openBreakerAlert();

        AlertRow half = at(Duration.ofMinutes(15), alert);
        assertThat(half.escalatedAt()).isNull();
        assertThat(half.escalationNote()).contains("slack: sent", "email: failed");

        // The operator fixes the SMTP port; the retry sends the email only.
        escalation(slack.url("/hook").toString(), "127.0.0.1", smtp.port(), "");
        AlertRow done = at(Duration.ofMinutes(16), alert);
        assertThat(smtp.take().to()).contains("oncall@example.com");
        assertThat(slack.getRequestCount()).isEqualTo(1);
        assertThat(done.escalatedAt()).isEqualTo(NOW.plus(Duration.ofMinutes(16)));
        assertThat(done.escalationNote()).contains("slack: sent earlier", "email: sent");
    }

    @Test
    void shouldNotEscalateWhenEscalationIsOff() {
        w.settings(b -> b.escalation(new AlertSettings.Escalation(false, Duration.ofMinutes(15),
                slack.url("/hook").toString(), "", 587, true, "", "", "", List.of())));
        AlertRow alert = openBreakerAlert();
        assertThat(at(Duration.ofHours(1), alert).escalatedAt()).isNull();
        assertThat(slack.getRequestCount()).isZero();
    }
}
