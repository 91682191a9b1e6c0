package io.leadwire.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;

import io.leadwire.mapping.TestLeads;
import io.leadwire.mapping.transform.PhoneTransforms.PhoneFormat;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneTransformsTest {

    private static TransformResult run(PhoneFormat format, String value) {
        return Transforms.run(PhoneTransforms.format(format), value, Map.of(), TestLeads.CLOCK);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "(512) 555-0147 | E164          | +15125550147",
            "(512) 555-0147 | NATIONAL      | 5125550147",
            "(512) 555-0147 | NANP          | (512) 555-0147",
            "(512) 555-0147 | INTERNATIONAL | +1 512-555-0147",
            "+1 512.555.0147 | NATIONAL     | 5125550147",
            "1-512-555-0147 | E164          | +15125550147",
            "+44 20 7946 0000 | E164        | +442079460000",
            "+44 20 7946 0000 | INTERNATIONAL | +44 2079460000"})
    void shouldFormatWhenNumberIsValid(String input, PhoneFormat format, String expected) {
        TransformResult result = run(format, input);
        assertThat(result.errors()).isEmpty();
        assertThat(result.value()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "555-0147       | '555-0147' is not a valid phone number",
            "(012) 555-0147 | '(012) 555-0147' is not a valid phone number",
            "(512) 155-0147 | '(512) 155-0147' is not a valid phone number",
            "call me        | 'call me' is not a valid phone number"})
    void shouldFailWithFieldErrorWhenNumberIsInvalid(String input, String message) {
        TransformResult result = run(PhoneFormat.E164, input);
        assertThat(result.value()).isNull();
        assertThat(result.errors()).containsExactly(message);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"+44 20 7946 0000"})
    void shouldFailWhenForeignNumberHasNoNationalForm(String input) {
        assertThat(run(PhoneFormat.NATIONAL, input).errors())
                .containsExactly("'" + input + "' is not a North American number; it has no national 10-digit form");
    }

    @Property
    void shouldRoundTripWhenNanpNumberGoesToE164AndBack(@ForAll("nanp") String national) {
        String e164 = run(PhoneFormat.E164, national).value();
        assertThat(e164).isEqualTo("+1" + national);
        assertThat(run(PhoneFormat.NATIONAL, e164).value()).isEqualTo(national);
        assertThat(run(PhoneFormat.NATIONAL, run(PhoneFormat.NANP, national).value()).value()).isEqualTo(national);
        assertThat(run(PhoneFormat.E164, run(PhoneFormat.INTERNATIONAL, e164).value()).value()).isEqualTo(e164);
    }

    @Provide
    Arbitrary<String> nanp() {
        Arbitrary<String> area = Arbitraries.strings().withCharRange('2', '9').ofLength(1)
                .flatMap(first -> Arbitraries.strings().numeric().ofLength(2).map(rest -> first + rest));
        Arbitrary<String> exchange = Arbitraries.strings().withCharRange('2', '9').ofLength(1)
                .flatMap(first -> Arbitraries.strings().numeric().ofLength(2).map(rest -> first + rest));
        Arbitrary<String> line = Arbitraries.strings().numeric().ofLength(4);
        return Combinators.combine(area, exchange, line).as((a, e, l) -> a + e + l);
    }
}
