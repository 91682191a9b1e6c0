package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FieldValueValidatorTest {
    private static final Set<String> LEVELS = QualityPolicy.DEFAULT_ALLOWED_VALUES.get("trading_experience");
    private final FieldValueValidator validator = new FieldValueValidator();

    @Test
    void shouldNormalizeToLowerCaseWhenEnumValueIsAllowed() {
        FieldValueValidator.Result r = validator.checkEnum("trading_experience", " Beginner ", LEVELS);
        assertThat(r.normalized()).hasValue("beginner");
        assertThat(r.finding()).isEmpty();
    }

    @Test
    void shouldReportUnknownValueWhenEnumValueIsOutsideTheSet() {
        FieldValueValidator.Result r = validator.checkEnum("trading_experience", "wizard", LEVELS);
        assertThat(r.finding()).hasValueSatisfying(f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.ENUM_UNKNOWN_VALUE);
            assertThat(f.message()).contains("'trading_experience'", "wizard", "beginner");
        });
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "5000|5000|5000|5000",
        "$5,000|5000|5000|5000",
        "5000-10000|5000|10000|5000-10000",
        "5,000 - 10,000|5000|10000|5000-10000",
        "5000 to 10000|5000|10000|5000-10000",
        "10k-50k|10000|50000|10000-50000",
        "50000+|50000||50000+",
        "€1.5m+|1500000||1500000+",
        "2500.50|2500.5|2500.5|2500.5"})
    void shouldParseWhenNumberOrRange(String raw, String low, String high, String text) {
        FieldValueValidator.Result r = validator.checkNumber("capital_available", raw);
        assertThat(r.finding()).isEmpty();
        assertThat(r.normalized()).hasValue(text);
        Amount a = r.amount().orElseThrow();
        assertThat(a.low()).isEqualByComparingTo(new BigDecimal(low));
        if (high == null) {
            assertThat(a.openEnded()).isTrue();
        } else {
            assertThat(a.high()).isEqualByComparingTo(new BigDecimal(high));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "", "-5000", "5000-", "ten thousand", "5000 USD", "1,00", "5000++", "0x10"})
    void shouldReportNotNumericWhenValueIsNoNumber(String raw) {
        assertThat(validator.checkNumber("capital_available", raw).finding()).hasValueSatisfying(f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.NUMBER_NOT_NUMERIC);
            assertThat(f.message()).contains("'capital_available'");
        });
    }

    @Test
    void shouldReportInvalidRangeWhenLowIsAboveHigh() {
        assertThat(validator.checkNumber("capital_available", "10000-5000").finding())
                .hasValueSatisfying(f -> assertThat(f.code()).isEqualTo(ReasonCode.RANGE_INVALID));
    }

    @Test
    void shouldReportNotNumericWhenValueIsAbsurdlyLong() {
        assertThat(validator.checkNumber("capital_available", "1".repeat(10_000)).finding())
                .hasValueSatisfying(f -> assertThat(f.code()).isEqualTo(ReasonCode.NUMBER_NOT_NUMERIC));
    }
}
