package io.leadwire.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.mapping.MappingDiff.Change;
import io.leadwire.mapping.MappingDiff.RuleChange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MappingDiffTest {
    private static final String V1 = """
            {"name": "ABC", "format": "form", "fields": [
              {"target": "FName", "source": "first_name", "required": true},
              {"target": "LName", "source": "last_name"},
              {"target": "Phone", "source": "phone_primary", "transforms": [{"op": "phone", "format": "national"}]},
              {"target": "Zip", "source": "zip"}
            ]}""";

    @Test
    void shouldReportNothingWhenTheDocumentsMapTheSameWay() throws MappingParseException {
        String sameWithDefaults = """
                {"format": "form", "name": "ABC", "fields": [
                  {"source": "first_name", "target": "FName", "required": true, "type": "string"},
                  {"target": "LName", "source": "last_name", "required": false, "transforms": []},
                  {"target": "Phone", "source": "phone_primary", "transforms": [{"format": "national", "op": "phone"}]},
                  {"target": "Zip", "source": "zip", "when": null}
                ]}""";

        MappingDiff diff = MappingDiff.between(V1, sameWithDefaults);

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.lines()).isEmpty();
    }

    @Test
    void shouldListAddedRemovedAndChangedRulesByTargetWhenRulesDiffer() throws MappingParseException {
        String v2 = """
                {"name": "ABC", "format": "form", "fields": [
                  {"target": "FName", "source": "first_name", "required": true},
                  {"target": "LName", "source": "last_name", "required": true, "transforms": ["upper"]},
                  {"target": "Phone", "source": "phone_primary", "transforms": [{"op": "phone", "format": "e164"}]},
                  {"target": "Email", "source": "email"}
                ]}""";

        MappingDiff diff = MappingDiff.between(V1, v2);

        assertThat(diff.settings()).isEmpty();
        assertThat(diff.rules()).extracting(RuleChange::target, RuleChange::change).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Zip", Change.REMOVED),
                org.assertj.core.groups.Tuple.tuple("LName", Change.CHANGED),
                org.assertj.core.groups.Tuple.tuple("Phone", Change.CHANGED),
                org.assertj.core.groups.Tuple.tuple("Email", Change.ADDED));
        RuleChange lname = diff.rules().get(1);
        assertThat(lname.changedKeys()).containsExactly("required", "transforms");
        assertThat(lname.describe("transforms")).isEqualTo("(none) -> [\"upper\"]");
        assertThat(diff.rules().get(0).before().path("source").asText()).isEqualTo("zip");
        assertThat(diff.rules().get(0).after()).isNull();
        assertThat(diff.rules().get(3).before()).isNull();
        assertThat(diff.lines()).containsExactly(
                "- Zip  {\"source\":\"zip\"}",
                "~ LName  required: (none) -> true",
                "~ LName  transforms: (none) -> [\"upper\"]",
                "~ Phone  transforms: [{\"op\":\"phone\",\"format\":\"national\"}] -> "
                        + "[{\"op\":\"phone\",\"format\":\"e164\"}]",
                "+ Email  {\"source\":\"email\"}");
    }

    @Test
    void shouldReportSettingsAndMovedRulesWhenTheLayoutChanges() throws MappingParseException {
        String v2 = """
                {"name": "ABC", "format": "json", "description": "now JSON", "fields": [
                  {"target": "LName", "source": "last_name"},
                  {"target": "FName", "source": "first_name", "required": true},
                  {"target": "Phone", "source": "phone_primary", "transforms": [{"op": "phone", "format": "national"}]},
                  {"target": "Zip", "source": "zip"}
                ]}""";

        MappingDiff diff = MappingDiff.between(V1, v2);

        assertThat(diff.settings()).extracting(MappingDiff.SettingChange::key).containsExactly("format", "description");
        assertThat(diff.settings().get(1).before()).isNull();
        assertThat(diff.rules()).extracting(RuleChange::target, RuleChange::change).containsExactly(
                org.assertj.core.groups.Tuple.tuple("LName", Change.MOVED),
                org.assertj.core.groups.Tuple.tuple("FName", Change.MOVED));
        assertThat(diff.lines()).startsWith("* format: \"form\" -> \"json\"", "* description: (none) -> \"now JSON\"")
                .contains("> LName  moved");
    }

    @Test
    void shouldDiffTheShippedExamplesWhenTheyAreDifferentBuyers() throws IOException, MappingParseException {
        String abc = Files.readString(Path.of("docs/examples/buyer-abc.mapping.json"), StandardCharsets.UTF_8);
        String nested = Files.readString(Path.of("docs/examples/nested-applicant.mapping.json"),
                StandardCharsets.UTF_8);

        MappingDiff diff = MappingDiff.between(abc, nested);

        assertThat(diff.rules()).filteredOn(r -> r.change() == Change.REMOVED).extracting(RuleChange::target)
                .contains("FName", "PhoneNumber");
        assertThat(diff.rules()).filteredOn(r -> r.change() == Change.ADDED).extracting(RuleChange::target)
                .contains("applicant.name.first", "address.state");
        assertThat(MappingDiff.between(abc, abc).isEmpty()).isTrue();
    }

    @Test
    void shouldRefuseWhenADocumentIsNotJson() {
        assertThatThrownBy(() -> MappingDiff.between(V1, "{not json"))
                .isInstanceOf(MappingParseException.class).hasMessageContaining("newer mapping is not valid JSON");
        assertThatThrownBy(() -> MappingDiff.between("[1]", V1))
                .isInstanceOf(MappingParseException.class).hasMessageContaining("older mapping is not a JSON object");
    }
}
