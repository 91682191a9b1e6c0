package io.leadwire.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.leadwire.store.InvalidSettingsException;
import io.leadwire.store.SettingsCodec;
import io.leadwire.store.SettingsProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * How leads are shared among buyers, one settings section for every engine on the database
 * ({@code leadwire settings show|set routing}).
 *
 * <pre>{ "schema": 1, "max_shared_buyers": 3 }</pre>
 *
 * @param maxSharedBuyers how many shared (non-exclusive) buyers one lead is sold to at most; 1
 *                        sells every lead once. An exclusive buyer always gets a lead alone.
 */
public record RoutingSettings(int maxSharedBuyers) {
    /** The section's name in the store. */
    public static final String NAME = "routing";
    static final int MAX = 20;

    public RoutingSettings {
        if (maxSharedBuyers < 1 || maxSharedBuyers > MAX) {
            throw new IllegalArgumentException("max_shared_buyers is 1 to " + MAX + ", not " + maxSharedBuyers);
        }
    }

    public static RoutingSettings defaults() {
        return new RoutingSettings(RoutingStage.DEFAULT_MAX_SHARED);
    }

    /** The JSON document of the section; keys it lacks take their defaults. */
    public static final class Codec implements SettingsCodec<RoutingSettings> {
        private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

        @Override
        public String name() {
            return NAME;
        }

        @Override
        public RoutingSettings defaults() {
            return RoutingSettings.defaults();
        }

        @Override
        public String write(RoutingSettings value) {
            return SettingsCodec.writeTree(json, json.createObjectNode().put("schema", 1)
                    .put("max_shared_buyers", value.maxSharedBuyers()));
        }

        @Override
        public RoutingSettings read(String text) {
            List<SettingsProblem> problems = new ArrayList<>();
            JsonNode root = SettingsCodec.readObject(json, NAME, text, "a JSON object such as {\"max_shared_buyers\": 3}");
            SettingsCodec.unknownKeys(root, java.util.Set.of("max_shared_buyers"), "max_shared_buyers", problems);
            int shared = RoutingStage.DEFAULT_MAX_SHARED;
            JsonNode n = root.get("max_shared_buyers");
            if (n != null && !n.isNull()) {
                if (!n.isIntegralNumber() || n.asInt() < 1 || n.asInt() > MAX) {
                    problems.add(new SettingsProblem("max_shared_buyers", "a whole number from 1 to " + MAX
                            + " (how many shared buyers one lead is sold to at most), not " + n));
                } else {
                    shared = n.asInt();
                }
            }
            if (!problems.isEmpty()) {
                throw new InvalidSettingsException(NAME, problems);
            }
            return new RoutingSettings(shared);
        }
    }
}
