package io.leadwire.callback.outbound;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.delivery.retry.BreakerPolicy;
import io.leadwire.delivery.retry.RetryPolicy;
import io.leadwire.store.InvalidSettingsException;
import io.leadwire.store.SettingsCodec;
import io.leadwire.store.SettingsProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How outbound webhooks are retried and when an endpoint's breaker opens, one settings section
 * for every engine on the database ({@code leadwire settings show|set webhooks}). The members are
 * the delivery engine's own policies in their JSON form:
 *
 * <pre>{ "schema": 1,
 *   "retry": {"initialBackoff": "2s", "maxAttempts": 5, "serverErrorAttempts": 5, "leadAgeBudget": "1d", ...},
 *   "breaker": {"failureThreshold": 10, "window": "5m", "coolDown": "1m", ...} }</pre>
 *
 * <p>A member left out takes the webhook default ({@link WebhookPolicy#DEFAULT_RETRY}, which gives
 * server errors the full attempts and a day's age budget), not the buyer default; when only
 * {@code maxAttempts} is given, server errors get as many. ({@code leadAgeBudget} is counted from
 * when the message was made.)
 *
 * @param retry   when a failed message is sent again, and when it is given up
 * @param breaker when an endpoint's breaker opens and how it probes
 */
public record WebhookSettings(RetryPolicy retry, BreakerPolicy breaker) {
    /** The section's name in the store. */
    public static final String NAME = "webhooks";
    /**
     * 2-4-8-16 s (capped at 60 s, plus up to 25 % jitter) between five attempts, server errors
     * included. It differs from a buyer's default in two ways, both because a webhook goes to the
     * operator's own system rather than to a buyer paying for a fresh lead: a 5xx gets the full
     * attempts (a 500 during the operator's deploy heals), and the age budget is a day, not five
     * minutes (a late notice is still worth having).
     */
    public static final RetryPolicy DEFAULT_RETRY = RetryPolicy.defaults().toBuilder()
            .serverErrorAttempts(RetryPolicy.DEFAULT_MAX_ATTEMPTS)
            .leadAgeBudget(java.time.Duration.ofDays(1))
            .build();

    public WebhookSettings {
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(breaker, "breaker");
    }

    public static WebhookSettings defaults() {
        return new WebhookSettings(DEFAULT_RETRY, BreakerPolicy.defaults());
    }

    /** The JSON document of the section. */
    public static final class Codec implements SettingsCodec<WebhookSettings> {
        private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public WebhookSettings defaults() {
            return WebhookSettings.defaults();
        }

        @Override
        public String write(WebhookSettings value) {
            ObjectNode root = json.createObjectNode().put("schema", 1);
            root.set("retry", value.retry().toJson(json));
            root.set("breaker", value.breaker().toJson(json));
            return SettingsCodec.writeTree(json, root);
        }

        @Override
        public WebhookSettings read(String text) {
            JsonNode root = SettingsCodec.readObject(json, NAME, text,
                    "a JSON object such as {\"retry\": {\"maxAttempts\": 8}}");
            List<SettingsProblem> problems = new ArrayList<>();
            SettingsCodec.unknownKeys(root, java.util.Set.of("retry", "breaker"), "retry or breaker", problems);
            RetryPolicy retry = DEFAULT_RETRY;
            JsonNode r = root.get("retry");
            if (r != null && !r.isNull()) {
                try {
                    retry = retry(r);
                } catch (IllegalArgumentException e) {
                    problems.add(new SettingsProblem("retry", e.getMessage()));
                }
            }
            BreakerPolicy breaker = BreakerPolicy.defaults();
            JsonNode b = root.get("breaker");
            if (b != null && !b.isNull()) {
                try {
                    breaker = BreakerPolicy.parse(b);
                } catch (IllegalArgumentException e) {
                    problems.add(new SettingsProblem("breaker", e.getMessage()));
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidSettingsException(NAME, problems);
            }
            return new WebhookSettings(retry, breaker);
        }

        /** The given members over the webhook defaults (not the buyer defaults RetryPolicy.parse fills in). */
        private RetryPolicy retry(JsonNode given) {
            if (!given.isObject()) {
                throw new IllegalArgumentException("retry is a JSON object such as {\"maxAttempts\": 8}");
            }
            ObjectNode merged = DEFAULT_RETRY.toJson(json);
            merged.setAll((ObjectNode) given);
            if (given.has("maxAttempts") && !given.has("serverErrorAttempts")) {
                merged.set("serverErrorAttempts", given.get("maxAttempts"));
            }
            return RetryPolicy.parse(merged);
        }
    }
}
