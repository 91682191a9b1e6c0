package io.leadwire.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link MappingEngine#mapFields}: the rules filled into a flat map, no body rendered. */
class MapFieldsTest {
    private final MappingEngine engine =
            new MappingEngine(Clock.fixed(Instant.parse("2026-03-06T15:00:00Z"), ZoneOffset.UTC));

    @Test
    void shouldFillTargetsWithTransformsAndDefaultsWhenMappingToAFlatMap() throws Exception {
        Mapping mapping = new MappingParser().parse("{\"name\":\"in\",\"format\":\"xml\",\"rootElement\":\"x\","
                + "\"fields\":[{\"target\":\"phone\",\"source\":\"PhoneNumber\"},"
                + "{\"target\":\"trading_experience\",\"source\":\"exp\",\"transforms\":[{\"op\":\"translate\","
                + "\"table\":{\"beginner\":\"novice\"}}]},"
                + "{\"target\":\"source\",\"source\":\"channel\",\"default\":\"web\"},"
                + "{\"target\":\"age\",\"source\":\"age\",\"type\":\"integer\"}]}");

        MappedFields out = engine.mapFields(Map.of("PhoneNumber", "+15125550147", "exp", "beginner",
                "age", "forty"), mapping);

        assertThat(out.values()).containsExactly(Map.entry("phone", "+15125550147"),
                Map.entry("trading_experience", "novice"), Map.entry("source", "web"));
        assertThat(out.ok()).isFalse();
        assertThat(out.errors()).extracting(FieldIssue::field).containsExactly("age");
        assertThat(out.warnings()).isEmpty();
    }
}
