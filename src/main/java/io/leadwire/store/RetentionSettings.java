package io.leadwire.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * How long the bulky, personal parts of the record are kept in the database before the
 * retention job archives them to files and removes them ({@code leadwire settings show|set
 * retention}). One settings section for every engine on the database.
 *
 * <pre>{ "schema": 1, "raw_payload_days": 730, "transaction_log_days": 1825 }</pre>
 *
 * @param rawPayloadDays     days a lead's raw payload (the vendor's bytes as received) is kept
 * @param transactionLogDays days the transaction log is kept: delivery attempts' request and
 *                           response bodies, and the lead timeline ({@code lead_event})
 */
public record RetentionSettings(int rawPayloadDays, int transactionLogDays) {
    /** The section's name in the store. */
    public static final String NAME = "retention";
    /** Two years, the default of the data lifecycle issue. */
    public static final int DEFAULT_RAW_PAYLOAD_DAYS = 730;
    /** Five years, the default of the data lifecycle issue. */
    public static final int DEFAULT_TRANSACTION_LOG_DAYS = 1825;
    /**
     * Below a month a typo (7 instead of 700) would archive and blank most of the data on the
     * next run; buyers' return windows and disputes also need the bodies for weeks at least.
     */
    static final int MIN_DAYS = 30;
    /** A century: anything longer is "forever" and likely a unit mistake. */
    static final int MAX_DAYS = 36_500;

    private static final Set<String> KEYS = Set.of("schema", "raw_payload_days", "transaction_log_days");

    public RetentionSettings {
        check("raw_payload_days", rawPayloadDays);
        check("transaction_log_days", transactionLogDays);
    }

    private static void check(String field, int days) {
        if (days < MIN_DAYS || days > MAX_DAYS) {
            throw new InvalidSettingsException(NAME, List.of(problem(field, days)));
        }
    }

    private static SettingsProblem problem(String field, Object value) {
        return new SettingsProblem(field, "a whole number of days from " + MIN_DAYS + " to " + MAX_DAYS
                + ", not " + value);
    }

    public static RetentionSettings defaults() {
        return new RetentionSettings(DEFAULT_RAW_PAYLOAD_DAYS, DEFAULT_TRANSACTION_LOG_DAYS);
    }

    public Duration rawPayload() {
        return Duration.ofDays(rawPayloadDays);
    }

    public Duration transactionLog() {
        return Duration.ofDays(transactionLogDays);
    }

    /** The JSON document of the section; keys it lacks take their defaults. */
    public static final class Codec implements SettingsCodec<RetentionSettings> {
        private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public RetentionSettings defaults() {
            return RetentionSettings.defaults();
        }

        @Override
        public String write(RetentionSettings value) {
            return SettingsCodec.writeTree(json, json.createObjectNode().put("schema", 1)
                    .put("raw_payload_days", value.rawPayloadDays())
                    .put("transaction_log_days", value.transactionLogDays()));
        }

        @Override
        public RetentionSettings read(String text) {
            JsonNode root = SettingsCodec.readObject(json, NAME, text,
                    "a JSON object such as {\"raw_payload_days\": 730, \"transaction_log_days\": 1825}");
            List<SettingsProblem> problems = new ArrayList<>();
            SettingsCodec.unknownKeys(root, KEYS, "raw_payload_days or transaction_log_days", problems);
            int raw = days(root, "raw_payload_days", DEFAULT_RAW_PAYLOAD_DAYS, problems);
            int log = days(root, "transaction_log_days", DEFAULT_TRANSACTION_LOG_DAYS, problems);
            if (!problems.isEmpty()) {
                throw new InvalidSettingsException(NAME, problems);
            }
            return new RetentionSettings(raw, log);
        }

        private static int days(JsonNode root, String field, int fallback, List<SettingsProblem> problems) {
            JsonNode n = root.get(field);
            if (n == null || n.isNull()) {
                return fallback;
            }
            if (!n.isIntegralNumber() || !n.canConvertToInt() || n.asInt() < MIN_DAYS || n.asInt() > MAX_DAYS) {
                problems.add(problem(field, n));
                return fallback;
            }
            return n.asInt();
        }
    }
}
