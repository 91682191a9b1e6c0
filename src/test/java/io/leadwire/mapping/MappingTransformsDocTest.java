package io.leadwire.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every example in docs/mapping-transforms.md, run in its rule form and its template form. */
class MappingTransformsDocTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final MappingEngine engine = new MappingEngine(TestLeads.CLOCK);

    static Stream<Arguments> documentedExamples() throws IOException {
        List<Arguments> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("docs/mapping-transforms.md"))) {
            if (line.startsWith("| transform |")) {
                inTable = true;
                continue;
            }
            if (!inTable || line.startsWith("|---")) {
                continue;
            }
            if (!line.startsWith("|")) {
                break;
            }
            String[] cells = line.substring(1, line.length() - 1).split("(?<!\\\\)\\|");
            List<String> values = new ArrayList<>();
            for (String cell : cells) {
                String text = cell.strip().replace("\\|", "|");
                values.add(text.startsWith("`") ? text.substring(1, text.length() - 1) : text);
            }
            rows.add(Arguments.of(values.get(0), values.get(1), values.get(2), values.get(3), values.get(4)));
        }
        assertThat(rows).hasSizeGreaterThanOrEqualTo(30);
        return rows.stream();
    }

    private static Map<String, String> lead(String input) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("v", input);
        fields.put("state", "TX");
        fields.put("zip", "78701");
        fields.put("property_value", "250000");
        return fields;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedExamples")
    void shouldGiveDocumentedOutputWhenRuleFormRuns(String name, String rule, String template, String input,
            String output) {
        Mapping mapping = TestLeads.mapping("{\"format\": \"json\", \"fields\": [{\"target\": \"out\", \"source\": \"v\","
                + " \"transforms\": [" + rule + "]}]}");

        RenderedPayload payload = engine.render(lead(input), mapping);

        assertThat(payload.errors()).isEmpty();
        assertThat(payload.fieldValues().get("out")).isEqualTo(output);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("documentedExamples")
    void shouldGiveDocumentedOutputWhenTemplateFormRuns(String name, String rule, String template, String input,
            String output) throws IOException {
        Mapping mapping = TestLeads.mapping("{\"format\": \"json\", \"mode\": \"template\", \"template\": "
                + JSON.writeValueAsString("{\"out\": \"" + template + "\"}") + "}");

        RenderedPayload payload = engine.render(lead(input), mapping);

        assertThat(payload.errors()).isEmpty();
        assertThat(payload.fieldValues().get("out")).isEqualTo(output);
    }
}
