package io.leadwire.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;

/** Leads and mappings for mapping tests. */
public final class TestLeads {
    /** "Now" for every mapping test: 2026-11-25T00:00Z. */
    public static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T00:00:00Z"), ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestLeads() {
    }

    /** A lead from a JSON resource under src/test/resources, flattened the way intake stores scalars. */
    public static Lead fromResource(String resource) {
        try (InputStream in = TestLeads.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            JsonNode node = JSON.readTree(in);
            Map<String, String> fields = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> fields.put(e.getKey(),
                    e.getValue().isValueNode() ? e.getValue().asText().strip() : e.getValue().toString()));
            return lead(fields);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A lead with these fields. */
    public static Lead lead(Map<String, String> fields) {
        return new Lead(1, "L-1", "vendor-1", fields.getOrDefault("lead_id", "V-1"), CLOCK.instant(),
                LeadStatus.values()[0], "application/json", "{}", fields, "127.0.0.1");
    }

    /** A mapping parsed from a file path relative to the project root. */
    public static Mapping mappingFile(String path) {
        try {
            return new MappingParser().parseFile(Path.of(path));
        } catch (MappingParseException e) {
            throw new IllegalStateException(path + ": " + e.getMessage(), e);
        }
    }

    /** A mapping parsed from JSON text; fails the test on parse errors. */
    public static Mapping mapping(String json) {
        try {
            return new MappingParser().parse(json);
        } catch (MappingParseException e) {
            throw new IllegalStateException(e.getMessage(), e);
        }
    }
}
