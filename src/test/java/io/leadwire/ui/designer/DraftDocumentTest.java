package io.leadwire.ui.designer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.mapping.MappingParser;
import io.leadwire.ui.designer.DraftDocument.SourceKind;
import io.leadwire.ui.designer.TransformCatalog.ArgKind;
import org.junit.jupiter.api.Test;

class DraftDocumentTest {
    private static final String DOC = "{\"name\":\"B\",\"format\":\"form\",\"description\":\"kept\","
            + "\"fields\":[{\"target\":\"ST\",\"source\":\"state\",\"description\":\"also kept\"}]}";

    @Test
    void shouldKeepKeysItDoesNotEditWhenRulesChange() {
        DraftDocument doc = DraftDocument.parse(DOC);

        doc.map("zip", "ZIP", true, "integer");
        doc.setSource("ST", SourceKind.CONSTANT, "TX");

        assertThat(doc.toJson()).contains("\"description\" : \"kept\"").contains("\"description\" : \"also kept\"")
                .contains("\"const\" : \"TX\"").doesNotContain("\"source\" : \"state\"");
        assertThat(doc.targets()).containsExactly("ST", "ZIP");
        assertThat(doc.required("ZIP")).isTrue();
        assertThat(doc.option("ZIP", "type")).isEqualTo("integer");
    }

    @Test
    void shouldWriteStepsAsTheParserReadsThemWhenChainIsEdited() throws Exception {
        DraftDocument doc = DraftDocument.parse(DOC);

        doc.addStep("ST", "trim");
        doc.addStep("ST", "translate");
        doc.setStepArg("ST", 1, "table", ArgKind.TABLE, "TX=Texas, CA=California");
        doc.setStepArg("ST", 1, "ignoreCase", ArgKind.BOOLEAN, "true");
        doc.addStep("ST", "truncate");
        doc.setStepArg("ST", 2, "max", ArgKind.INTEGER, "4");
        doc.moveStep("ST", 2, -2);

        assertThat(doc.steps("ST")).extracting(DraftDocument::op).containsExactly("truncate", "trim", "translate");
        assertThat(DraftDocument.argText(doc.steps("ST").get(2), "table")).isEqualTo("TX=Texas, CA=California");
        assertThat(new MappingParser().parse(doc.toJson()).rules().get(0).transforms()).hasSize(3);

        doc.setStepArg("ST", 0, "max", ArgKind.INTEGER, "");
        assertThat(doc.steps("ST").get(0).isTextual()).as("a step without arguments is its bare name").isTrue();
        doc.setStepOp("ST", 2, "upper");
        assertThat(doc.steps("ST").get(2).asText()).isEqualTo("upper");
    }

    @Test
    void shouldRefuseTextThatIsNotAJsonObject() {
        assertThatThrownBy(() -> DraftDocument.parse("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> DraftDocument.parse("{")).hasMessageContaining("not valid JSON");
    }
}
