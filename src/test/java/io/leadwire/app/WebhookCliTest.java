package io.leadwire.app;

import static io.leadwire.app.CliTest.leadwire;
import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.callback.StandardWebhooks;
import io.leadwire.store.Database;
import io.leadwire.store.SecretBox;
import io.leadwire.store.WebhookRepository;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code leadwire webhook add|list|remove|enable|disable|rotate-secret} on a real embedded database. */
class WebhookCliTest {
    private static final Pattern ID = Pattern.compile("endpoint (ep_[0-9a-z]+) added");
    private static final Pattern SECRET = Pattern.compile("(whsec_[A-Za-z0-9+/=]+)");

    @TempDir
    Path dir;

    private Path dataDir() {
        return dir.resolve("data");
    }

    private CliTest.Run webhook(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "webhook";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir().toString();
        return leadwire(all);
    }

    private CliTest.Run ok(String... args) {
        CliTest.Run r = webhook(args);
        assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
        return r;
    }

    private static String group(Pattern p, String text) {
        Matcher m = p.matcher(text);
        assertThat(m.find()).as(text).isTrue();
        return m.group(1);
    }

    private void inStore(Consumer<WebhookRepository> check) throws IOException {
        try (Database db = new EngineConfig(dataDir(), null, 0, null, null, null, 0).openDatabase(2)) {
            check.accept(new WebhookRepository(db.dataSource(), Clock.systemUTC()));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "add", "list", "remove", "enable", "disable", "rotate-secret"})
    void shouldPrintHelpForEverySubcommand(String sub) {
        CliTest.Run r = sub.isEmpty() ? leadwire("webhook", "--help") : leadwire("webhook", sub, "--help");
        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("Usage: leadwire webhook");
    }

    @Test
    void shouldAddWithAGeneratedSecretShownOnceAndStoredSealed() throws IOException {
        CliTest.Run r = ok("add", "https://ops.example.com/hooks", "--events", "lead.delivered,delivery.failed",
                "--description", "CRM");
        String id = group(ID, r.out());
        String secret = group(SECRET, r.out());
        assertThat(StandardWebhooks.of(secret)).isNotNull();

        CliTest.Run list = ok("list");
        assertThat(list.out()).contains(id, "on", "lead.delivered,delivery.failed", "https://ops.example.com/hooks",
                secret.substring(0, 10) + "…");
        assertThat(list.out()).doesNotContain(secret);
        inStore(repo -> {
            List<WebhookRepository.SecretRow> secrets = repo.secrets(id, Instant.now());
            assertThat(secrets).singleElement().satisfies(s -> {
                assertThat(s.sealed()).doesNotContain(secret.substring(6));
                try {
                    SecretBox box = SecretBox.forKeyFile(dataDir().resolve(Engine.SECRETS_KEY_FILE));
                    assertThat(box.open(s.sealed())).isEqualTo(secret);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        });
    }

    @Test
    void shouldTakeTheOperatorsSecretFromAFileNeverTheCommandLine() throws IOException {
        String mine = StandardWebhooks.newSecret(new java.util.Random(7));
        Path file = Files.writeString(dir.resolve("secret.txt"), mine + "\n", StandardCharsets.UTF_8);
        CliTest.Run r = ok("add", "http://127.0.0.1:9/hooks", "--events", "*", "--secret-file", file.toString());
        assertThat(r.out()).contains(mine);
        assertThat(webhook("add", "http://127.0.0.1:9/hooks", "--events", "*", "--secret", mine).code()).isNotZero();
    }

    @Test
    void shouldRefuseUnknownEventTypesAndBadUrlsInOneLine() {
        CliTest.Run bad = webhook("add", "https://ops.example.com/hooks", "--events", "lead.sold");
        assertThat(bad.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(bad.err()).contains("unknown event type 'lead.sold'", "lead.delivered").doesNotContain("Exception");
        CliTest.Run url = webhook("add", "ftp://ops.example.com", "--events", "*");
        assertThat(url.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(url.err()).contains("absolute http or https URL");
        assertThat(ok("list").out()).contains("No webhook endpoints yet");
    }

    @Test
    void shouldDisableEnableRotateAndRemove() throws IOException {
        String id = group(ID, ok("add", "https://ops.example.com/hooks", "--events", "*").out());
        assertThat(ok("disable", id).out()).contains(id + " is off");
        assertThat(ok("list").out()).containsPattern(id + "\\s+off");
        assertThat(ok("enable", id).out()).contains(id + " is on");
        assertThat(ok("list").out()).containsPattern(id + "\\s+on");

        CliTest.Run rotated = ok("rotate-secret", id, "--overlap", "1h");
        String fresh = group(SECRET, rotated.out());
        assertThat(rotated.out()).contains("also signs for 1h");
        assertThat(ok("list").out()).contains(fresh.substring(0, 10) + "…+1");
        CliTest.Run now = ok("rotate-secret", id, "--overlap", "0");
        assertThat(now.out()).contains("no longer signs");
        inStore(repo -> assertThat(repo.secrets(id, Instant.now())).hasSize(1));

        assertThat(ok("remove", id).out()).contains("removed");
        CliTest.Run again = webhook("remove", id);
        assertThat(again.code()).isEqualTo(ExitCodes.FAILURE);
        assertThat(again.err()).contains("no webhook endpoint " + id);
    }

    @Test
    void shouldShowAndSetTheSharedWebhooksSettingsSection() throws IOException {
        CliTest.Run show = leadwire("settings", "show", "webhooks", "--data-dir", dataDir().toString());
        assertThat(show.code()).as(show.err()).isZero();
        assertThat(show.out()).contains("\"retry\"", "\"serverErrorAttempts\" : 5", "\"leadAgeBudget\" : \"1d\"",
                "\"breaker\"");
        Path file = Files.writeString(dir.resolve("webhooks.json"), "{\"retry\": {\"maxAttempts\": 8}}",
                StandardCharsets.UTF_8);
        CliTest.Run set = leadwire("settings", "set", "webhooks", file.toString(), "--data-dir", dataDir().toString());
        assertThat(set.code()).as(set.err()).isZero();
        assertThat(leadwire("settings", "show", "webhooks", "--data-dir", dataDir().toString()).out())
                .contains("\"maxAttempts\" : 8", "\"serverErrorAttempts\" : 8");
    }
}
