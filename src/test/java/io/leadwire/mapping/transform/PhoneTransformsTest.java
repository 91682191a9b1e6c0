package io.leadwire.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.mapping.TestLeads;
import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import io.leadwire.mapping.transform.PhoneTransforms.PhoneFormat;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhoneTransformsTest {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

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
            "+44 20 7946 0000 | INTERNATIONAL | +44 20 7946 0000",
            "+44 20 7946 0000 | NATIONAL    | 02079460000",
            "+44 20 7946 0000 | NANP        | 020 7946 0000"})
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

    private static TransformResult run(PhoneFormat format, String value, String country) {
        return Transforms.run(PhoneTransforms.format(format), value, Map.of("country", country), TestLeads.CLOCK);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "020 7946 0000   | United Kingdom | E164          | +442079460000",
            "020 7946 0000   | GB             | NATIONAL      | 02079460000",
            "020 7946 0000   | gbr            | NANP          | 020 7946 0000",
            "030 123456      | Germany        | INTERNATIONAL | +49 30 123456",
            "06 12 34 56 78  | FR             | E164          | +33612345678",
            "(512) 555-0147  | US             | E164          | +15125550147",
            "+1 512 555 0147 | Germany        | NATIONAL      | 5125550147",
            "(512) 555-0147  | Atlantis       | E164          | +15125550147"})
    void shouldReadNumberInLeadCountryWhenItHasNoCountryCode(String input, String country, PhoneFormat format,
            String expected) {
        TransformResult result = run(format, input, country);
        assertThat(result.errors()).isEmpty();
        assertThat(result.value()).isEqualTo(expected);
    }

    @Test
    void shouldUseMappingRegionWhenLeadStatesNoCountry() {
        Transform transform = PhoneTransforms.format(PhoneFormat.E164, "gb", null);
        assertThat(Transforms.run(transform, "020 7946 0000", Map.of(), TestLeads.CLOCK).value())
                .isEqualTo("+442079460000");
        assertThat(Transforms.run(transform, "0301 23456", Map.of("country", "DE"), TestLeads.CLOCK).value())
                .isEqualTo("+4930123456");
    }

    @Test
    void shouldReadCountryFromNamedFieldWhenMappingSaysSo() {
        Transform transform = PhoneTransforms.format(PhoneFormat.E164, null, "phone_country");
        assertThat(Transforms.run(transform, "030 123456", Map.of("phone_country", "DE", "country", "US"),
                TestLeads.CLOCK).value()).isEqualTo("+4930123456");
    }

    @Test
    void shouldRejectMappingWhenRegionIsUnknown() {
        assertThatThrownBy(() -> PhoneTransforms.format(PhoneFormat.E164, "XX", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("region 'XX'");
    }

    @Test
    void shouldWarnAndDropExtensionWhenNumberHasOne() {
        TransformResult result = run(PhoneFormat.E164, "(512) 555-0147 ext. 12");
        assertThat(result.value()).isEqualTo("+15125550147");
        assertThat(result.warnings()).containsExactly("extension '12' of '(512) 555-0147 ext. 12' is dropped");
    }

    @Test
    void shouldWarnWhenNumberIsPossibleButUnassigned() {
        TransformResult result = run(PhoneFormat.E164, "+44 4000 000000");
        assertThat(result.errors()).isEmpty();
        assertThat(result.value()).isEqualTo("+444000000000");
        assertThat(result.warnings()).containsExactly("'+44 4000 000000' is not an assigned number range in GB");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"020 79 | GB", "+49 1 | DE", "12 | GB", "+44 20 7946 0000 0000 | US"})
    void shouldFailWithFieldErrorWhenForeignNumberIsImpossible(String input, String country) {
        TransformResult result = run(PhoneFormat.E164, input, country);
        assertThat(result.value()).isNull();
        assertThat(result.errors()).containsExactly("'" + input + "' is not a valid phone number");
    }

    @Property
    void shouldKeepE164WhenAnyFormatOfAnyRegionIsParsedAgain(@ForAll("validNumbers") PhoneNumber number) {
        String region = UTIL.getRegionCodeForNumber(number);
        String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        for (PhoneFormat format : PhoneFormat.values()) {
            String written = run(format, e164, region).value();
            assertThat(written).as(format + " of " + e164).isNotNull();
            assertThat(run(PhoneFormat.E164, written, region).value()).as(format + " " + written).isEqualTo(e164);
        }
        String national = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
        assertThat(run(PhoneFormat.E164, national, region).value()).as(national).isEqualTo(e164);
    }

    /** libphonenumber's example numbers of several regions with their last digits varied, kept only when valid. */
    @Provide
    Arbitrary<PhoneNumber> validNumbers() {
        Arbitrary<String> regions = Arbitraries.of("US", "CA", "GB", "DE", "FR", "IN", "AU", "BR", "JP", "IT", "MX",
                "ES", "NL", "ZA", "AR", "CN");
        Arbitrary<PhoneNumberUtil.PhoneNumberType> types = Arbitraries.of(PhoneNumberUtil.PhoneNumberType.MOBILE,
                PhoneNumberUtil.PhoneNumberType.FIXED_LINE);
        Arbitrary<String> tails = Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(4);
        return Combinators.combine(regions, types, tails).as((region, type, tail) -> {
            PhoneNumber seed = UTIL.getExampleNumberForType(region, type);
            String nsn = UTIL.getNationalSignificantNumber(seed);
            String varied = nsn.substring(0, nsn.length() - tail.length()) + tail;
            try {
                return UTIL.parse("+" + seed.getCountryCode() + varied, "ZZ");
            } catch (NumberParseException e) {
                throw new IllegalStateException(e);
            }
        }).filter(UTIL::isValidNumber);
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
