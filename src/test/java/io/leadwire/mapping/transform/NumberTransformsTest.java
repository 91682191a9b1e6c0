package io.leadwire.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.mapping.TestLeads;
import io.leadwire.mapping.transform.NumberTransforms.BooleanEncoding;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NumberTransformsTest {

    private static TransformResult run(Transform transform, String value) {
        return Transforms.run(transform, value, Map.of(), TestLeads.CLOCK);
    }

    @Test
    void shouldParseCurrencyAndGroupingWhenFormattingNumber() {
        assertThat(run(NumberTransforms.number(2, null), "$250,000").value()).isEqualTo("250000.00");
        assertThat(run(NumberTransforms.number(0, null), "1,234.5").value()).isEqualTo("1235");
        assertThat(run(NumberTransforms.number(null, null), "007.50").value()).isEqualTo("7.5");
    }

    @Test
    void shouldUsePatternWhenGiven() {
        assertThat(run(NumberTransforms.number(null, "#,##0"), "250000.4").value()).isEqualTo("250,000");
        assertThat(run(NumberTransforms.number(2, "0.00"), "3.14159").value()).isEqualTo("3.14");
    }

    @Test
    void shouldFailWithFieldErrorWhenNotANumber() {
        assertThat(run(NumberTransforms.number(2, null), "lots").errors()).containsExactly("'lots' is not a number");
    }

    @ParameterizedTest
    @CsvSource({"1,YES_NO,Yes", "0,YES_NO,No", "yes,ONE_ZERO,1", "NO,ONE_ZERO,0", "true,Y_N,Y", "F,Y_N,N",
            "Y,TRUE_FALSE,true", "off,TRUE_FALSE,false", "On,YES_NO,Yes"})
    void shouldReencodeWhenValueIsBoolean(String input, BooleanEncoding encoding, String expected) {
        assertThat(run(NumberTransforms.bool(encoding), input).value()).isEqualTo(expected);
    }

    @Test
    void shouldFailWhenValueIsNotBoolean() {
        assertThat(run(NumberTransforms.bool(BooleanEncoding.YES_NO), "maybe").errors())
                .containsExactly("'maybe' is not a yes/no value");
    }

    @Test
    void shouldParseEncodingNamesWhenReadFromMapping() {
        assertThat(BooleanEncoding.parse("yn")).isEqualTo(BooleanEncoding.Y_N);
        assertThat(BooleanEncoding.parse("Yes/No")).isEqualTo(BooleanEncoding.YES_NO);
        assertThatThrownBy(() -> BooleanEncoding.parse("ja")).hasMessageContaining("unknown boolean encoding 'ja'");
    }

    @Test
    void shouldDivideByOtherFieldWhenComputingRatio() {
        Map<String, String> fields = Map.of("property_value", "$250,000");
        assertThat(Transforms.run(NumberTransforms.ratio("property_value", 2, true), "200000", fields, TestLeads.CLOCK)
                .value()).isEqualTo("80.00");
        assertThat(Transforms.run(NumberTransforms.ratio("property_value", null, false), "200000", fields,
                TestLeads.CLOCK).value()).isEqualTo("0.8000");
    }

    @Test
    void shouldFailWhenRatioDenominatorIsMissingOrZero() {
        assertThat(Transforms.run(NumberTransforms.ratio("property_value", 2, false), "1", Map.of(), TestLeads.CLOCK)
                .errors()).containsExactly("ratio needs 'property_value', which has no value");
        assertThat(Transforms.run(NumberTransforms.ratio("property_value", 2, false), "1",
                Map.of("property_value", "0"), TestLeads.CLOCK).errors())
                .containsExactly("ratio divides by 'property_value', which is zero");
    }
}
