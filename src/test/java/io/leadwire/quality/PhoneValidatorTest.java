package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PhoneValidatorTest {
    private final PhoneValidator validator = new PhoneValidator();

    @Test
    void shouldGiveE164WhenUkNumberIsInternational() {
        PhoneCheck c = validator.check("phone", "+442071234567", "GB");
        assertThat(c.valid()).isTrue();
        assertThat(c.e164()).isEqualTo("+442071234567");
        assertThat(c.region()).isEqualTo("GB");
        assertThat(c.lineType()).isEqualTo(LineType.FIXED_LINE);
        assertThat(c.findings()).isEmpty();
    }

    @Test
    void shouldParseWithStatedCountryWhenNumberIsNational() {
        PhoneCheck c = validator.check("phone_primary", "(512) 555-0147", "US");
        assertThat(c.e164()).isEqualTo("+15125550147");
        assertThat(c.lineType()).isEqualTo(LineType.FIXED_LINE_OR_MOBILE);
        PhoneCheck uk = validator.check("phone", "020 7123 4567", "GB");
        assertThat(uk.e164()).isEqualTo("+442071234567");
    }

    @Test
    void shouldTellMobileWhenGermanMobileNumber() {
        PhoneCheck c = validator.check("phone", "+49 151 12345678", "DE");
        assertThat(c.e164()).isEqualTo("+4915112345678");
        assertThat(c.lineType()).isEqualTo(LineType.MOBILE);
    }

    @Test
    void shouldReportInvalidWhenNumberIsUnassignable() {
        PhoneCheck c = validator.check("phone", "(555) 123-4567", "US");
        assertThat(c.valid()).isFalse();
        assertThat(c.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.PHONE_INVALID);
            assertThat(f.field()).isEqualTo("phone");
            assertThat(f.message()).contains("'phone'", "(555) 123-4567");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
        });
    }

    @Test
    void shouldReportInvalidWhenNotANumberAtAll() {
        assertThat(validator.check("phone", "call me maybe", "US").findings())
                .extracting(Finding::code).containsExactly(ReasonCode.PHONE_INVALID);
    }

    @Test
    void shouldReportInvalidWhenNationalNumberHasNoCountry() {
        PhoneCheck c = validator.check("phone", "(512) 555-0147", null);
        assertThat(c.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.PHONE_INVALID);
            assertThat(f.message()).contains("country code");
        });
    }

    @Test
    void shouldWarnOfMismatchWhenNumberIsFromAnotherCountry() {
        PhoneCheck c = validator.check("phone", "+4915112345678", "GB");
        assertThat(c.valid()).isTrue();
        assertThat(c.region()).isEqualTo("DE");
        assertThat(c.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.PHONE_COUNTRY_MISMATCH);
            assertThat(f.severity()).isEqualTo(Severity.WARNING);
        });
    }

    @Test
    void shouldNotWarnWhenCountryIsUnknown() {
        assertThat(validator.check("phone", "+4915112345678", null).findings()).isEmpty();
    }

    @Test
    void shouldReportNothingWhenPhoneIsAbsent() {
        PhoneCheck c = validator.check("phone", " ", "US");
        assertThat(c.valid()).isFalse();
        assertThat(c.findings()).isEmpty();
    }
}
