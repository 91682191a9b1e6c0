package io.leadwire.mapping.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.mapping.FieldIssue;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.TestLeads;
import io.leadwire.mapping.transform.ValueKind;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuyerSpecTest {

    private final BuyerSpecParser parser = new BuyerSpecParser();

    private static final String SPEC = "{\"name\":\"ABC\",\"fields\":["
            + "{\"name\":\"FName\",\"required\":true,\"maxLength\":5},"
            + "{\"name\":\"ST\",\"required\":true,\"pattern\":\"^[A-Z]{2}$\"},"
            + "{\"name\":\"Homeowner\",\"enum\":[\"Yes\",\"No\"]},"
            + "{\"name\":\"Age\",\"type\":\"integer\"},"
            + "{\"name\":\"Opt\",\"type\":\"boolean\"}]}";

    @Test
    void shouldReadFieldsWhenSpecIsInOwnForm() {
        BuyerSpec spec = parser.parse(SPEC);
        assertThat(spec.name()).isEqualTo("ABC");
        assertThat(spec.fields()).extracting(SpecField::name).containsExactly("FName", "ST", "Homeowner", "Age", "Opt");
        assertThat(spec.field("FName").maxLength()).isEqualTo(5);
        assertThat(spec.field("Age").type()).isEqualTo(ValueKind.INTEGER);
        assertThat(spec.field("fname")).isNull();
        assertThat(spec.fieldIgnoringCase("fname").name()).isEqualTo("FName");
    }

    @Test
    void shouldImportPropertiesRequiredAndNestingWhenGivenJsonSchema() {
        BuyerSpec spec = parser.importJsonSchema("{\"title\":\"Nested\",\"type\":\"object\",\"required\":[\"id\"],"
                + "\"properties\":{\"id\":{\"type\":\"integer\"},"
                + "\"applicant\":{\"type\":\"object\",\"required\":[\"first\"],\"properties\":{"
                + "\"first\":{\"type\":\"string\",\"maxLength\":40},\"dob\":{\"type\":\"string\",\"format\":\"date\"}}},"
                + "\"owner\":{\"type\":\"boolean\"},\"ltv\":{\"type\":\"number\"},"
                + "\"tier\":{\"enum\":[\"gold\",\"silver\"],\"pattern\":\"^[a-z]+$\"}}}");

        assertThat(spec.name()).isEqualTo("Nested");
        assertThat(spec.fields()).extracting(SpecField::name)
                .containsExactly("id", "applicant.first", "applicant.dob", "owner", "ltv", "tier");
        assertThat(spec.field("id").required()).isTrue();
        assertThat(spec.field("applicant.first").required()).isTrue();
        assertThat(spec.field("applicant.first").maxLength()).isEqualTo(40);
        assertThat(spec.field("applicant.dob").type()).isEqualTo(ValueKind.DATE);
        assertThat(spec.field("applicant.dob").required()).isFalse();
        assertThat(spec.field("owner").type()).isEqualTo(ValueKind.BOOLEAN);
        assertThat(spec.field("ltv").type()).isEqualTo(ValueKind.NUMBER);
        assertThat(spec.field("tier").enumValues()).containsExactly("gold", "silver");
        assertThat(spec.field("tier").pattern().pattern()).isEqualTo("^[a-z]+$");
    }

    @Test
    void shouldNameFieldWhenSchemaIsInvalid() {
        assertThatThrownBy(() -> parser.importJsonSchema("{\"type\":\"object\",\"properties\":{\"x\":{\"type\":\"money\"}}}"))
                .hasMessage("x: type 'money' is not string, integer, number, boolean or date");
        assertThatThrownBy(() -> parser.importJsonSchema("{\"type\":\"object\",\"properties\":{\"x\":{\"pattern\":\"(\"}}}"))
                .hasMessageStartingWith("x: \"pattern\" is not a valid regular expression");
        assertThatThrownBy(() -> parser.importJsonSchema("{\"type\":\"array\"}"))
                .hasMessage("the schema must be an object with \"properties\"");
        assertThatThrownBy(() -> parser.parse("{\"fields\":[{\"name\":\"a\"},{\"name\":\"a\"}]}"))
                .hasMessage("spec field 'a' is listed twice");
    }

    @Test
    void shouldReportEveryMismatchWhenMappingDoesNotFitSpec() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"form\",\"fields\":["
                + "{\"target\":\"fname\",\"source\":\"first_name\"},"
                + "{\"target\":\"Homeowner\",\"source\":\"homeowner\",\"transforms\":[{\"op\":\"translate\",\"table\":{\"1\":\"Y\",\"0\":\"No\"}}]},"
                + "{\"target\":\"Age\",\"source\":\"dob\",\"transforms\":[{\"op\":\"date\",\"to\":\"yyyy\"}]},"
                + "{\"target\":\"Opt\",\"source\":\"opt\",\"transforms\":[{\"op\":\"bool\",\"as\":\"truefalse\"}]},"
                + "{\"target\":\"Extra\",\"const\":\"x\"}]}");

        List<FieldIssue> errors = new MappingValidator().validate(mapping, parser.parse(SPEC));

        assertThat(errors).containsExactly(
                new FieldIssue("fname", "is spelled 'FName' by the buyer (names are case-sensitive)"),
                new FieldIssue("Homeowner", "the mapping can send 'Y', which is not one of [Yes, No]"),
                new FieldIssue("Age", "the buyer expects an integer but the mapping produces a date"),
                new FieldIssue("Extra", "is not a field of the buyer spec"),
                new FieldIssue("ST", "is required by the buyer but not mapped"));
    }

    @Test
    void shouldRequireTranslationWhenEnumFieldIsMappedDirectly() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"form\",\"fields\":["
                + "{\"target\":\"FName\",\"source\":\"first_name\"},{\"target\":\"ST\",\"source\":\"state\"},"
                + "{\"target\":\"Homeowner\",\"source\":\"homeowner\"},{\"target\":\"Age\",\"const\":\"old\"}]}");

        assertThat(new MappingValidator().validate(mapping, parser.parse(SPEC))).containsExactly(
                new FieldIssue("Homeowner", "must be one of [Yes, No] but no translation table covers it"),
                new FieldIssue("Age", "constant 'old' is not an integer"));
    }

    @Test
    void shouldAcceptWhenMappingFitsSpec() {
        Mapping mapping = TestLeads.mapping("{\"format\":\"form\",\"fields\":["
                + "{\"target\":\"FName\",\"source\":\"first_name\"},{\"target\":\"ST\",\"source\":\"state\"},"
                + "{\"target\":\"Homeowner\",\"source\":\"homeowner\",\"transforms\":[{\"op\":\"bool\",\"as\":\"yesno\"}]},"
                + "{\"target\":\"Age\",\"source\":\"dob\",\"transforms\":[{\"op\":\"age\"}]}]}");

        assertThat(new MappingValidator().validate(mapping, parser.parse(SPEC))).isEmpty();
    }

    @Test
    void shouldNameEachFieldWhenPayloadBreaksSpec() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("FName", "Christopher");
        values.put("ST", "tx");
        values.put("Homeowner", "Maybe");
        values.put("Age", "4x");
        values.put("Opt", "perhaps");
        values.put("Zip", "78701");

        assertThat(new PayloadValidator().validate(values, parser.parse(SPEC))).containsExactly(
                new FieldIssue("FName", "is longer than 5 characters"),
                new FieldIssue("ST", "'tx' does not match ^[A-Z]{2}$"),
                new FieldIssue("Homeowner", "'Maybe' is not one of [Yes, No]"),
                new FieldIssue("Age", "'4x' is not a valid integer"),
                new FieldIssue("Opt", "'perhaps' is not a valid boolean"),
                new FieldIssue("Zip", "is not a field of the buyer spec"));
        assertThat(new PayloadValidator().validate(Map.of("ST", "TX"), parser.parse(SPEC)))
                .containsExactly(new FieldIssue("FName", "is required but has no value"));
    }

    @Test
    void shouldRejectBadConstraintsWhenBuildingSpecField() {
        assertThatThrownBy(() -> SpecField.builder(" ")).hasMessage("a spec field needs a name");
        assertThatThrownBy(() -> SpecField.builder("x").maxLength(-1).build()).hasMessage("maxLength of 'x' must be >= 0");
        assertThat(SpecField.builder("x").build().type()).isEqualTo(ValueKind.STRING);
    }
}
