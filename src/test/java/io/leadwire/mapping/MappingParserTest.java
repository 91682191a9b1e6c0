package io.leadwire.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.mapping.transform.ValueKind;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;

class MappingParserTest {

    private final MappingParser parser = new MappingParser();

    @Test
    void shouldCompileRulesWhenDocumentIsValid() throws MappingParseException {
        Mapping mapping = parser.parse("{\"name\":\"X\",\"format\":\"JSON\",\"fields\":["
                + "{\"target\":\"a.b\",\"source\":\"first_name\",\"required\":true,\"transforms\":[\"trim\",{\"op\":\"truncate\",\"max\":3}]},"
                + "{\"target\":\"c\",\"const\":42,\"type\":\"integer\"},"
                + "{\"target\":\"d\",\"source\":\"{first_name} {last_name}\",\"when\":\"last_name\",\"default\":\"n/a\"},"
                + "{\"target\":\"e\",\"concat\":[\"city\",\"state\"],\"separator\":\", \"}]}");

        assertThat(mapping.name()).isEqualTo("X");
        assertThat(mapping.format()).isEqualTo(PayloadFormat.JSON);
        assertThat(mapping.rules()).hasSize(4);
        assertThat(mapping.rules().get(0).transforms()).hasSize(2);
        assertThat(mapping.rules().get(0).required()).isTrue();
        assertThat(mapping.rules().get(1).source().kind()).isEqualTo(ValueSource.Kind.CONSTANT);
        assertThat(mapping.rules().get(1).type()).isEqualTo(ValueKind.INTEGER);
        assertThat(mapping.rules().get(2).source().fields()).containsExactly("first_name", "last_name");
        assertThat(mapping.rules().get(2).when()).isEqualTo("last_name");
        assertThat(mapping.rules().get(3).source().kind()).isEqualTo(ValueSource.Kind.TEMPLATE);
    }

    @Test
    void shouldNameRuleAndTargetWhenTransformIsUnknown() {
        assertThatThrownBy(() -> parser.parse("{\"format\":\"form\",\"fields\":[{\"target\":\"FName\",\"source\":\"first_name\"},"
                + "{\"target\":\"ST\",\"source\":\"state\",\"transforms\":[\"uper\"]}]}"))
                .isInstanceOf(MappingParseException.class)
                .hasMessage("fields[1] (target 'ST'): transforms[0]: unknown transform 'uper'");
    }

    @Test
    void shouldReportEveryProblemWhenSeveralRulesAreBroken() {
        assertThatThrownBy(() -> parser.parse("{\"format\":\"json\",\"colour\":1,\"fields\":["
                + "{\"source\":\"a\"},"
                + "{\"target\":\"x\"},"
                + "{\"target\":\"y\",\"source\":\"b\",\"transforms\":[{\"op\":\"truncate\"}]},"
                + "{\"target\":\"z\",\"source\":\"c\",\"transforms\":[{\"op\":\"phone\",\"fromat\":\"e164\"}]},"
                + "{\"target\":\"w\",\"source\":\"d\",\"transforms\":[{\"op\":\"date\",\"to\":\"MM/dd/yyyyq{\"}]},"
                + "{\"target\":\"v\",\"source\":\"d\",\"transforms\":[{\"op\":\"regex\",\"pattern\":\"(\"}]},"
                + "{\"target\":\"u\",\"source\":\"d\",\"type\":\"money\",\"extra\":true}]}"))
                .asInstanceOf(InstanceOfAssertFactories.type(MappingParseException.class))
                .satisfies(e -> assertThat(e.problems()).satisfiesExactly(
                        p -> assertThat(p).isEqualTo("mapping: unknown key \"colour\""),
                        p -> assertThat(p).isEqualTo("fields[0]: \"target\" is required"),
                        p -> assertThat(p).isEqualTo("fields[1] (target 'x'): needs exactly one of \"source\", \"const\" or \"concat\""),
                        p -> assertThat(p).isEqualTo("fields[2] (target 'y'): transforms[0]: argument 'max' is required"),
                        p -> assertThat(p).isEqualTo("fields[3] (target 'z'): transforms[0]: transform 'phone' has no argument 'fromat'"),
                        p -> assertThat(p).startsWith("fields[4] (target 'w'): transforms[0]: "),
                        p -> assertThat(p).startsWith("fields[5] (target 'v'): transforms[0]: Unclosed group"),
                        p -> assertThat(p).isEqualTo("fields[6] (target 'u'): unknown key \"extra\""),
                        p -> assertThat(p).isEqualTo("fields[6] (target 'u'): type 'money' is not string, integer, number, boolean or date")));
    }

    @Test
    void shouldRejectWhenFormatIsMissingOrUnknown() {
        assertThatThrownBy(() -> parser.parse("{\"fields\":[{\"target\":\"a\",\"source\":\"b\"}]}"))
                .hasMessage("mapping: \"format\" is required");
        assertThatThrownBy(() -> parser.parse("{\"format\":\"yaml\",\"fields\":[{\"target\":\"a\",\"source\":\"b\"}]}"))
                .hasMessage("mapping: unknown format 'yaml' (expected json, xml, form, soap11, soap12, csv or query)");
    }

    @Test
    void shouldRejectWhenTargetIsMappedTwiceOrPathsCollide() {
        assertThatThrownBy(() -> parser.parse("{\"format\":\"form\",\"fields\":[{\"target\":\"A\",\"source\":\"b\"},"
                + "{\"target\":\"A\",\"source\":\"c\"}]}"))
                .hasMessage("fields[1] (target 'A'): target is mapped twice");
        assertThatThrownBy(() -> parser.parse("{\"format\":\"json\",\"fields\":[{\"target\":\"a\",\"source\":\"b\"},"
                + "{\"target\":\"a.b\",\"source\":\"c\"}]}"))
                .hasMessage("mapping: target 'a.b' collides with target 'a'");
    }

    @Test
    void shouldRejectBadPathAndBadJsonWithPreciseMessage() {
        assertThatThrownBy(() -> parser.parse("{\"format\":\"json\",\"fields\":[{\"target\":\"a[x]\",\"source\":\"b\"}]}"))
                .hasMessageStartingWith("fields[0] (target 'a[x]'): index in 'a[x]'");
        assertThatThrownBy(() -> parser.parse("{\"format\":")).hasMessageStartingWith("not valid JSON: ");
    }

    @Test
    void shouldListValidPartsWhenSplitPartIsUnknown() {
        assertThatThrownBy(() -> parser.parse("{\"format\":\"form\",\"fields\":[{\"target\":\"First\",\"source\":\"name\","
                + "\"transforms\":[{\"op\":\"split\",\"kind\":\"name\",\"part\":\"given\"}]}]}"))
                .hasMessage("fields[0] (target 'First'): transforms[0]: part 'given' is not one of [first, middle, last]");
    }

    @Test
    void shouldBuildEveryTransformWhenNamedInDocument() throws MappingParseException {
        Mapping mapping = parser.parse("{\"format\":\"json\",\"fields\":[{\"target\":\"x\",\"source\":\"a\",\"transforms\":["
                + "\"trim\",\"upper\",\"lower\",\"title\",\"sha256\",{\"op\":\"default\",\"value\":\"v\"},"
                + "{\"op\":\"concat\",\"fields\":[\"b\"]},{\"op\":\"split\",\"kind\":\"address\",\"part\":\"city\"},"
                + "{\"op\":\"split\",\"kind\":\"delimiter\",\"separator\":\",\",\"index\":0},{\"op\":\"truncate\",\"max\":3},"
                + "{\"op\":\"regex\",\"pattern\":\"a\"},{\"op\":\"translate\",\"table\":{\"a\":\"b\"},\"fallback\":\"c\",\"ignoreCase\":true},"
                + "{\"op\":\"phone\"},{\"op\":\"date\",\"from\":\"iso\",\"to\":\"epochMillis\",\"fromZone\":\"UTC\",\"toZone\":\"Europe/London\"},"
                + "{\"op\":\"age\",\"zone\":\"America/Chicago\"},{\"op\":\"number\",\"scale\":2,\"pattern\":\"0.00\"},"
                + "{\"op\":\"bool\",\"as\":\"yn\"},{\"op\":\"ratio\",\"denominator\":\"b\",\"scale\":2,\"percent\":true}]}]}");
        assertThat(mapping.rules().get(0).transforms()).hasSize(18);
    }

    @Test
    void shouldRejectXmlOptionsWhenFormatIsFlat() {
        assertThatThrownBy(() -> parser.parse("{\"format\":\"form\",\"rootElement\":\"x\",\"fields\":[{\"target\":\"a\",\"source\":\"b\"}]}"))
                .hasMessage("mapping: rootElement and namespaces apply only to xml, soap11 and soap12, not form");
    }
}
