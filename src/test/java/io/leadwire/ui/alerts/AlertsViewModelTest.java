package io.leadwire.ui.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.metrics.AlertRule;
import io.leadwire.store.AlertRepository.Escalation;
import io.leadwire.store.AlertRepository.Firing;
import io.leadwire.store.AlertRepository.State;
import io.leadwire.testing.MutableClock;
import io.leadwire.ui.CurrentThreadUiExecutor;
import io.leadwire.ui.InMemoryConsole;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Alerts screen's ViewModel on a real H2 store, with work run on the calling thread. */
class AlertsViewModelTest {
    private static final Instant T0 = Instant.parse("2026-03-04T12:00:00Z");
    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock(T0);
    private InMemoryConsole console;
    private AlertsViewModel vm;

    @BeforeEach
    void setUp() {
        console = new InMemoryConsole(clock, dir.resolve("console.properties"));
        vm = new AlertsViewModel(console.services, new CurrentThreadUiExecutor(), "maria.ops");
    }

    @AfterEach
    void tearDown() {
        console.close();
    }

    private long raise(String rule, String subject, String severity) {
        return console.alertLog.raise(new Firing(rule, "buyer", subject.toLowerCase(), subject, severity,
                subject + " is in trouble"), clock.instant()).alert().id();
    }

    @Test
    void shouldListOpenAlertsAndAcknowledgeSeveralInTheOperatorsName() {
        long a = raise("breaker_open", "Atlas Insurance", "critical");
        long b = raise("no_success", "Birch Loans", "critical");
        long c = raise("error_rate", "Cedar Auto", "warning");
        console.alertLog.resolve(c, T0.plusSeconds(60));
        vm.start();

        assertThat(vm.rows()).extracting(AlertItem::id).containsExactly(b, a);
        assertThat(vm.summaryProperty().get()).isEqualTo("2 open alerts");
        vm.showResolvedProperty().set(true);
        assertThat(vm.rows()).extracting(AlertItem::id).containsExactly(c, b, a);
        assertThat(vm.rows().get(0).stateText()).isEqualTo("Resolved");

        assertThat(vm.canAcknowledgeProperty().get()).isFalse();
        vm.setChecked(List.of(vm.rows().get(1), vm.rows().get(2)), vm.rows().get(1));
        assertThat(vm.canAcknowledgeProperty().get()).isTrue();
        vm.operatorProperty().set("  ");
        assertThat(vm.canAcknowledgeProperty().get()).as("nobody named").isFalse();
        vm.operatorProperty().set("maria.ops");
        clock.advance(Duration.ofMinutes(2));
        vm.acknowledge();

        assertThat(vm.getMessage()).isEqualTo("Acknowledged 2 alerts as maria.ops");
        assertThat(console.alertLog.unresolved()).extracting(r -> r.state(), r -> r.ackedBy())
                .containsOnly(org.assertj.core.groups.Tuple.tuple(State.ACKNOWLEDGED, "maria.ops"));
        assertThat(vm.rows()).filteredOn(i -> i.id() != c).extracting(AlertItem::stateText)
                .containsOnly("Acknowledged by maria.ops");
        assertThat(vm.summaryProperty().get()).isEqualTo("No open alerts · 2 acknowledged");
        assertThat(vm.checked()).extracting(AlertItem::id).containsExactlyInAnyOrder(a, b);
        assertThat(vm.canAcknowledgeProperty().get()).as("nothing open is selected any more").isFalse();
    }

    @Test
    void shouldNotifyOnlyAlertsThatOpenWhileTheConsoleRuns() {
        raise("breaker_open", "Atlas Insurance", "critical");
        vm.start();
        vm.tick();
        assertThat(vm.notifications()).isEmpty();

        long fresh = raise("vendor_silent", "Acme Leads", "warning");
        vm.tick();
        vm.tick();

        assertThat(vm.notifications()).extracting(AlertItem::id).containsExactly(fresh);
        vm.reveal(fresh);
        assertThat(vm.getSelected().id()).isEqualTo(fresh);
        vm.dismissNotification(vm.notifications().get(0));
        assertThat(vm.notifications()).isEmpty();
    }

    @Test
    void shouldShowTheSelectedAlertsDetailsAndEscalationTries() {
        long a = raise("breaker_open", "Atlas Insurance", "critical");
        console.alertLog.raise(new Firing("breaker_open", "buyer", "atlas insurance", "Atlas Insurance", "critical",
                "opened again"), T0.plusSeconds(30));
        console.alertLog.recordEscalation(a, List.of(new Escalation(a, T0.plusSeconds(900), "slack", false,
                "IOException: HTTP 500: boom")), false, "slack: failed", T0.plusSeconds(900), T0.plusSeconds(960));
        vm.start();

        vm.reveal(a);

        assertThat(vm.detailTitleProperty().get()).isEqualTo("Breaker open — Atlas Insurance");
        assertThat(vm.detailMessageProperty().get()).isEqualTo("opened again");
        assertThat(vm.getDetailFacts()).contains("Severity: critical", "First seen: 12:00:00",
                "Last seen: 12:00:30 (2 times)", "Escalation: slack: failed");
        assertThat(vm.detailEscalations()).containsExactly("12:15:00  slack  failed — IOException: HTTP 500: boom");
    }

    @Test
    void shouldNameWhatIsWrongWithTheRuleSettingsAndSaveThemWhenRight() {
        RuleEditRow rate = vm.rule(AlertRule.DELIVERY_RATE);
        assertThat(rate.thresholdProperty().get()).isEqualTo("10");
        assertThat(vm.canSave()).isFalse();

        rate.thresholdProperty().set("150");
        vm.rule(AlertRule.NO_SUCCESS).windowProperty().set("half an hour");
        vm.daysProperty().set("MON, FUNDAY");

        assertThat(vm.problems()).containsExactly(
                "Delivery rate drop — threshold: a percentage above 0 and below 100, not 150",
                "No success — window: a duration such as 15m or 1h, not 'half an hour'",
                "Days: MON, TUE, WED, THU, FRI, SAT or SUN, not 'FUNDAY'");
        assertThat(rate.problemProperty().get()).startsWith("threshold:");
        assertThat(vm.canSave()).isFalse();

        rate.thresholdProperty().set("25");
        vm.rule(AlertRule.NO_SUCCESS).windowProperty().set("45m");
        vm.rule(AlertRule.VENDOR_SILENT).enabledProperty().set(false);
        vm.daysProperty().set("MON, TUE, WED, THU, FRI, SAT");
        assertThat(vm.problems()).isEmpty();
        assertThat(vm.canSave()).isTrue();
        vm.save();

        var saved = console.alertSettings.current();
        assertThat(saved.rule(AlertRule.DELIVERY_RATE).threshold()).isEqualTo(25);
        assertThat(saved.rule(AlertRule.NO_SUCCESS).window()).isEqualTo(Duration.ofMinutes(45));
        assertThat(saved.rule(AlertRule.VENDOR_SILENT).enabled()).isFalse();
        assertThat(saved.businessHours().days()).hasSize(6);
        assertThat(vm.savedInfoProperty().get()).startsWith("Version 1, saved by maria.ops");
        assertThat(vm.canSave()).isFalse();
    }

    @Test
    void shouldSealTheSmtpPasswordAndNeverStoreItInClear() {
        vm.escalationEnabledProperty().set(true);
        assertThat(vm.problems()).anyMatch(p -> p.startsWith("Escalation: set a Slack webhook URL or an SMTP host"));
        vm.smtpHostProperty().set("smtp.example.com");
        vm.smtpPortProperty().set("2525");
        vm.emailFromProperty().set("leadwire@example.com");
        vm.emailToProperty().set("oncall@example.com, ops@example.com");
        vm.newPasswordProperty().set("hunter2");
        assertThat(vm.problems()).containsExactly("SMTP user: a user name goes with the password");
        vm.smtpUserProperty().set("alerts");
        assertThat(vm.passwordStateProperty().get()).isEqualTo("a new password will be saved (encrypted)");

        vm.save();

        String stored = console.settings.find("alerts").orElseThrow().json();
        assertThat(stored).doesNotContain("hunter2").contains("\"password\" : \"v1:");
        assertThat(console.alertSettings.current().escalation().emailTo())
                .containsExactly("oncall@example.com", "ops@example.com");
        assertThat(vm.newPasswordProperty().get()).isEmpty();
        assertThat(vm.passwordStateProperty().get()).isEqualTo("password set (encrypted, hidden)");

        // Saving again without typing keeps the sealed password as it is.
        vm.escalateAfterProperty().set("30m");
        vm.save();
        assertThat(console.settings.find("alerts").orElseThrow().json()).contains(
                console.alertSettings.current().escalation().smtpPassword());
        assertThat(console.alertSettings.current().escalation().smtpPassword()).startsWith("v1:");
    }
}
