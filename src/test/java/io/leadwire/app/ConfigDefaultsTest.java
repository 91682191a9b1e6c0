package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.event.KeyValuePair;

/** Flags from a config file and the environment, and JSON log lines. */
class ConfigDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void shouldTakeFlagsFromTheConfigFileThenTheEnvironmentThenTheCommandLine() throws IOException {
        Path fromFile = dir.resolve("file-data");
        Path fromEnv = dir.resolve("env-data");
        Path fromArgs = dir.resolve("arg-data");
        Path config = dir.resolve("leadwire.conf");
        Files.writeString(config, "# a server's settings\ndata-dir=" + fromFile + "\nport=9123\n");

        assertThat(leadwire(Map.of(), "vendor", "add", "From File", "--config", config.toString()).code()).isZero();
        assertThat(leadwire(Map.of(), "vendor", "list", "--config", config.toString()).out()).contains("From File");
        assertThat(fromFile.resolve("db")).isDirectory();

        // LEADWIRE_CONFIG names the file too; LEADWIRE_DATA_DIR beats the file.
        Map<String, String> env = Map.of(ConfigDefaults.CONFIG_ENV, config.toString(),
                "LEADWIRE_DATA_DIR", fromEnv.toString());
        assertThat(leadwire(env, "vendor", "add", "From Env").code()).isZero();
        assertThat(fromEnv.resolve("db")).isDirectory();
        // The command line beats both.
        assertThat(leadwire(env, "vendor", "add", "From Args", "--data-dir", fromArgs.toString()).code()).isZero();
        assertThat(leadwire(env, "vendor", "list", "--data-dir", fromArgs.toString()).out())
                .contains("From Args").doesNotContain("From Env", "From File");
    }

    @Test
    void shouldRefuseAConfigFileWithAnUnknownSettingAndSayWhich() throws IOException {
        Path config = dir.resolve("typo.conf");
        Files.writeString(config, "data-dir=" + dir.resolve("d") + "\nprot=9000\n");
        CliTest.Run run = leadwire(Map.of(), "vendor", "list", "--config", config.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("has settings no command knows: prot", "typo.conf");
    }

    @Test
    void shouldIgnoreHelpAndVersionSwitchesInTheEnvironmentAndRefuseThemInTheFile() throws IOException {
        // Deployment tools often export LEADWIRE_VERSION=<the installed version>; neither it nor
        // LEADWIRE_HELP is a setting, so they must not turn into a value for --version or --help.
        Map<String, String> env = Map.of("LEADWIRE_VERSION", "0.1.0", "LEADWIRE_HELP", "true",
                "LEADWIRE_DATA_DIR", dir.resolve("d").toString());
        CliTest.Run list = leadwire(env, "vendor", "list");
        assertThat(list.err()).doesNotContain("Invalid value");
        assertThat(list.code()).isZero();
        assertThat(leadwire(env, "--version").code()).isZero();

        Path config = dir.resolve("version.conf");
        Files.writeString(config, "data-dir=" + dir.resolve("d") + "\nversion=0.1.0\n");
        CliTest.Run fromFile = leadwire(Map.of(), "vendor", "list", "--config", config.toString());
        assertThat(fromFile.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(fromFile.err()).contains("has settings no command knows: version");
    }

    @Test
    void shouldNotLetLeadwireVersionPickTheMappingVersionToExport() {
        // `mapping export --version N` shares the key: an exported LEADWIRE_VERSION=0.1.0 must
        // neither fail the export nor silently pick another version than the draft.
        Map<String, String> env = Map.of("LEADWIRE_VERSION", "0.1.0", "LEADWIRE_DATA_DIR", dir.toString());
        CliTest.Run export = leadwire(env, "mapping", "export", "No Such Buyer");
        assertThat(export.err()).doesNotContain("0.1.0", "Invalid value");
    }

    @Test
    void shouldSayWhenTheConfigFileIsMissingOrTheLogFormatIsWrong() {
        CliTest.Run missing = leadwire(Map.of(), "vendor", "list", "--config", dir.resolve("nope.conf").toString());
        assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missing.err()).contains("cannot read the config file", "nope.conf");
        CliTest.Run format = leadwire(Map.of(), "vendor", "list", "--data-dir", dir.toString(), "--log-format", "xml");
        assertThat(format.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(format.err()).contains("log-format must be text or json, not 'xml'");
    }

    @Test
    void shouldWriteOneRedactedJsonObjectPerLogLine() throws IOException {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("x", context.getLogger("io.leadwire.test"), Level.WARN,
                "lead from {} with \"quotes\"", new IllegalStateException("ann.lee@example.com refused"),
                new Object[] {"ann.lee@example.com +1 415 555 0123"});
        event.setTimeStamp(1_700_000_000_000L);
        event.addKeyValuePair(new KeyValuePair("intake_url", "http://127.0.0.1:8470/api/v1/leads/intake"));
        String line = new JsonLogLayout().doLayout(event);

        assertThat(line).endsWith(System.lineSeparator()).doesNotContain("lee@example.com", "555 0123");
        JsonNode json = new ObjectMapper().readTree(line);
        assertThat(json.path("ts").asText()).isEqualTo("2023-11-14T22:13:20Z");
        assertThat(json.path("level").asText()).isEqualTo("WARN");
        assertThat(json.path("logger").asText()).isEqualTo("io.leadwire.test");
        assertThat(json.path("message").asText()).isEqualTo("lead from a***@example.com ***23 with \"quotes\"");
        assertThat(json.path("error").asText()).contains("IllegalStateException", "a***@example.com refused");
        assertThat(json.path("intake_url").asText()).isEqualTo("http://127.0.0.1:8470/api/v1/leads/intake");
    }
}
