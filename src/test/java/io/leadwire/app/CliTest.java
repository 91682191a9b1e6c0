package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.lead.Vendor;
import io.leadwire.testing.Http;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code leadwire} command line, run in-process through {@link Main#run}. */
class CliTest {
    @TempDir
    Path dataDir;

    /** What one command run printed and returned. */
    record Run(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().filter(l -> !l.isBlank()).toList();
        }

        String lastLine() {
            List<String> lines = outLines();
            return lines.get(lines.size() - 1);
        }
    }

    static Run leadwire(String... args) {
        return leadwire(System.getenv(), args);
    }

    static Run leadwire(java.util.Map<String, String> env, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            System.setErr(e);
            code = Main.run(env, args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Run vendor(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "vendor";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir.toString();
        return leadwire(all);
    }

    @Test
    void shouldPrintTheVersionWhenAskedForIt() {
        Run r = leadwire("--version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).containsPattern("leadwire \\d+\\.\\d+\\.\\d+").contains("Java ");
        assertThat(r.out()).doesNotContain("unknown");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "serve", "vendor", "vendor add", "vendor list", "vendor rotate-key", "mapping",
        "mapping preview",
        "vendor revoke-key", "vendor allow-ip"})
    void shouldPrintUsageAndExitZeroWhenAnyCommandIsAskedForHelp(String command) {
        String[] words = command.isEmpty() ? new String[0] : command.split(" ");
        String[] args = java.util.Arrays.copyOf(words, words.length + 1);
        args[words.length] = "--help";

        Run r = leadwire(args);

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: leadwire" + (command.isEmpty() ? "" : " " + command));
        assertThat(r.out()).contains("-h, --help", "-V, --version");
    }

    @Test
    void shouldAddAVendorAndPrintItsKeyAsTheLastLineWhenAdded() {
        Run r = vendor("add", "Acme Leads", "--allow-ip", "203.0.113.0/24", "--allow-ip", "2001:db8::/32");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("Added vendor 'Acme Leads', allowed from 203.0.113.0/24, 2001:db8:0:0:0:0:0:0/32.");
        assertThat(r.lastLine()).matches("lw_[0-9A-Za-z]{32}");

        Run list = vendor("list");
        assertThat(list.code()).isZero();
        assertThat(list.outLines().get(0)).startsWith("NAME");
        assertThat(list.out()).contains("Acme Leads", r.lastLine().substring(0, 7) + "…", "203.0.113.0/24");
        assertThat(list.out()).doesNotContain(r.lastLine());
    }

    @Test
    void shouldSayHowToAddOneWhenListingNoVendors() {
        Run r = vendor("list");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("No vendors yet. Add one with: leadwire vendor add NAME");
    }

    @Test
    void shouldFailWithAClearMessageWhenTheVendorNameIsTaken() {
        assertThat(vendor("add", "Acme").code()).isZero();
        Run r = vendor("add", "Acme");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("leadwire: a vendor named 'Acme' exists already");
        assertThat(r.out()).doesNotContainPattern("lw_[0-9A-Za-z]{32}");
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0.0/33", "300.1.1.1/8", "example.com", "10.1/16"})
    void shouldFailWithAClearMessageAndAddNothingWhenACidrIsBad(String cidr) {
        Run r = vendor("add", "Acme", "--allow-ip", cidr);

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("leadwire: ").contains("'" + cidr + "'");
        assertThat(vendor("list").out()).contains("No vendors yet");
    }

    @Test
    void shouldFailWithAClearMessageWhenTheVendorNameHasOddCharacters() {
        Run r = vendor("add", "<script>");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("a vendor name may hold letters, digits");
    }

    @Test
    void shouldExitWithUsageErrorWhenAParameterIsMissing() {
        Run r = leadwire("vendor", "add");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter");
    }

    @Test
    void shouldFailWhenTheVendorIsUnknown() {
        for (String command : new String[] {"rotate-key", "revoke-key"}) {
            Run r = vendor(command, "Nobody");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("no vendor named 'Nobody'");
        }
    }

    @Test
    void shouldReplaceAndClearTheAllowlistWhenAllowIpIsRun() {
        vendor("add", "Acme");
        Run set = vendor("allow-ip", "Acme", "10.0.0.0/8", "192.0.2.7");
        assertThat(set.code()).isZero();
        assertThat(set.out()).contains("'Acme' may post from: 10.0.0.0/8, 192.0.2.7/32");

        Run bad = vendor("allow-ip", "Acme", "10.0.0.0/99");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.err()).contains("'10.0.0.0/99'");

        Run any = vendor("allow-ip", "Acme", "any");
        assertThat(any.code()).isZero();
        assertThat(any.out()).contains("'Acme' may post from: any address");
    }

    @Test
    void shouldRefuseTheOldKeyAndAcceptTheNewOneWhenTheKeyIsRotatedWhileTheEngineRuns() throws Exception {
        String oldKey = vendor("add", "Acme").lastLine();
        try (Engine engine = Engine.start(new EngineConfig(dataDir, "127.0.0.1", 0, null, null, null, 65536),
                "test", Clock.systemUTC())) {
            Http http = new Http();
            String lead = "{\"lead_id\":\"CLI-%d\"}";
            assertThat(http.postJson(engine.intakeUrl(), oldKey, String.format(lead, 1)).statusCode()).isEqualTo(202);

            Run rotated = vendor("rotate-key", "Acme");

            assertThat(rotated.code()).as(rotated.err()).isZero();
            assertThat(rotated.out()).contains("New API key for 'Acme' (the old one no longer works):");
            String newKey = rotated.lastLine();
            assertThat(newKey).matches("lw_[0-9A-Za-z]{32}").isNotEqualTo(oldKey);
            assertThat(http.postJson(engine.intakeUrl(), oldKey, String.format(lead, 2)).statusCode()).isEqualTo(401);
            assertThat(http.postJson(engine.intakeUrl(), newKey, String.format(lead, 3)).statusCode()).isEqualTo(202);

            Run revoked = vendor("revoke-key", "Acme");

            assertThat(revoked.code()).isZero();
            assertThat(revoked.out()).contains("Revoked the API key of 'Acme'", "leadwire vendor rotate-key Acme");
            assertThat(http.postJson(engine.intakeUrl(), newKey, String.format(lead, 4)).statusCode()).isEqualTo(401);
            assertThat(vendor("list").out()).contains("(revoked)");
            Vendor v = engine.vendors().find("Acme").orElseThrow();
            assertThat(v.hasActiveKey()).isFalse();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"--port=70000", "--max-body=2000000", "--max-body=0"})
    void shouldExitOneWithAClearMessageWhenServeOptionsAreOutOfRange(String option) {
        Run r = leadwire("serve", "--data-dir", dataDir.toString(), option);

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).startsWith("leadwire: ").contains(option.substring(0, option.indexOf('=')));
    }
}
