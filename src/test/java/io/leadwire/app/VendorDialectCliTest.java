package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.store.Database;
import io.leadwire.store.VendorRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code leadwire vendor dialect | poll | poll-status} and what {@code vendor list} shows of them. */
class VendorDialectCliTest {
    @TempDir
    Path dataDir;

    private CliTest.Run vendor(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "vendor";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir.toString();
        return leadwire(all);
    }

    private String listLine(String vendor) {
        return vendor("list").outLines().stream().filter(l -> l.startsWith(vendor)).findFirst().orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dialect", "poll", "poll-status"})
    void shouldPrintUsageWhenTheNewCommandsAreAskedForHelp(String command) {
        CliTest.Run r = leadwire("vendor", command, "--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: leadwire vendor " + command);
    }

    @Test
    void shouldSetShowAndClearTheDialectWhenGivenAFile() {
        assertThat(vendor("add", "Acme Leads").code()).isZero();

        CliTest.Run set = vendor("dialect", "Acme Leads", "--file",
                "docs/examples/vendor-dialects/acme-leads.dialect.json");

        assertThat(set.code()).as(set.err()).isZero();
        assertThat(set.out()).contains("'Acme Leads' now sends in dialect 'Acme Leads v2'");
        assertThat(vendor("list").outLines().get(0)).contains("DIALECT", "INTAKE");
        assertThat(listLine("Acme Leads")).contains(" set ").contains(" push ");

        CliTest.Run clear = vendor("dialect", "Acme Leads", "--clear");
        assertThat(clear.code()).isZero();
        assertThat(listLine("Acme Leads")).doesNotContain(" set ");
    }

    @Test
    void shouldNameTheProblemsAndKeepTheOldDialectWhenTheFileIsBroken() throws Exception {
        vendor("add", "Acme Leads");
        vendor("dialect", "Acme Leads", "--file", "docs/examples/vendor-dialects/acme-leads.dialect.json");
        Path broken = dataDir.resolve("broken.json");
        Files.writeString(broken, "{\"fields\":[{\"target\":\"phone\",\"source\":\"p\",\"transforms\":[\"uper\"]}]}");

        CliTest.Run r = vendor("dialect", "Acme Leads", "--file", broken.toString());

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("leadwire: the dialect has problems: ").contains("unknown transform 'uper'");
        assertThat(listLine("Acme Leads")).contains(" set ");
        assertThat(vendor("dialect", "Acme Leads").err()).contains("give either --file FILE or --clear");
        assertThat(vendor("dialect", "Nobody", "--clear").err()).contains("no vendor named 'Nobody'");
    }

    @Test
    void shouldStorePollSettingsWithTheSecretEncryptedAndShowTheirStatusWhenPollIsSet() throws Exception {
        vendor("add", "Bolt Media");
        Path secret = dataDir.resolve("token.txt");
        Files.writeString(secret, "bolt-token-8d7e6f\n");

        CliTest.Run r = vendor("poll", "Bolt Media", "--url", "http://127.0.0.1:9/api/leads", "--interval", "30s",
                "--cursor-param", "since", "--page-size", "100", "--mode", "hybrid", "--auth", "bearer",
                "--secret-file", secret.toString());

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("Polling 'Bolt Media' (hybrid) at http://127.0.0.1:9/api/leads every 30s")
                .contains("secret stored encrypted").doesNotContain("bolt-token");
        assertThat(listLine("Bolt Media")).contains(" hybrid ");
        CliTest.Run status = vendor("poll-status");
        assertThat(status.out()).contains("Bolt Media: hybrid http://127.0.0.1:9/api/leads every 30s")
                .contains("cursor:          (start)").contains("next attempt:    now")
                .contains("failures in a row: 0");
        EngineConfig config = new EngineConfig(dataDir, null, 0, null, null, null, 0);
        try (Database db = config.openDatabase(2); Connection c = db.connection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT auth_secret, auth_kind FROM vendor_poll")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("v1:").doesNotContain("bolt-token");
            assertThat(rs.getString(2)).isEqualTo("BEARER");
        }

        assertThat(vendor("poll", "Bolt Media", "--off").code()).isZero();
        assertThat(listLine("Bolt Media")).contains(" push ");
        assertThat(vendor("poll-status", "Bolt Media").out()).contains("(polling is off)");
    }

    @Test
    void shouldExplainWhatToFixWhenPollOptionsAreBad() {
        vendor("add", "Bolt Media");

        assertThat(vendor("poll", "Bolt Media", "--url", "http://v.example/l", "--interval", "soon").err())
                .contains("interval 'soon' is not like 30s, 5m or 1h");
        assertThat(vendor("poll", "Bolt Media", "--url", "http://v.example/l", "--auth", "bearer",
                "--secret-env", "LEADWIRE_TEST_UNSET_VARIABLE").err())
                .contains("needs a secret: put it in $LEADWIRE_TEST_UNSET_VARIABLE");
        assertThat(vendor("poll", "Bolt Media", "--url", "http://v.example/l", "--mode", "push").err())
                .contains("mode 'push' is not pull or hybrid");
        assertThat(vendor("poll", "Bolt Media").err()).contains("give --url URL");
        assertThat(vendor("poll", "Bolt Media", "--off").err()).contains("'Bolt Media' is not polled");
        assertThat(vendor("poll-status").out()).contains("No vendor is polled");
    }

    @Test
    void shouldShowTheLastErrorAndNextAttemptWhenAPollIsFailing() throws Exception {
        vendor("add", "Orbit Data");
        vendor("poll", "Orbit Data", "--url", "http://127.0.0.1:9/leads", "--interval", "5m");
        EngineConfig config = new EngineConfig(dataDir, null, 0, null, null, null, 0);
        try (Database db = config.openDatabase(2)) {
            VendorRepository repo = new VendorRepository(db.dataSource());
            String id = repo.findByName("Orbit Data").orElseThrow().id();
            repo.recordPollFailure(id, "HTTP 500 from 127.0.0.1:9", Instant.parse("2026-03-06T14:00:00Z"),
                    Instant.parse("2026-03-06T14:00:20Z"), 3);
        }

        CliTest.Run status = vendor("poll-status", "Orbit Data");

        assertThat(status.out()).contains("Orbit Data: pull! http://127.0.0.1:9/leads every 5m")
                .contains("last error:      2026-03-06 14:00:00 UTC HTTP 500 from 127.0.0.1:9")
                .contains("failures in a row: 3").contains("next attempt:    2026-03-06 14:00:20 UTC")
                .contains("last success:    never");
        assertThat(listLine("Orbit Data")).contains(" pull! ");
    }
}
