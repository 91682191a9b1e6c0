package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NameValidatorTest {
    private final NameValidator validator = new NameValidator();

    @ParameterizedTest
    @ValueSource(strings = {"María-José", "O'Neil", "María-José O'Neil", "J. R. R.", "St. John", "Jr.", "O’Brien",
            "李小龙", "Владимир", "محمد", "Zoë", "Nguyễn", "van der Berg"})
    void shouldAcceptWhenNameHasOnlyLettersAndSeparators(String name) {
        assertThat(validator.check("first_name", name)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"R2D2", "<script>alert(1)</script>", "<b>Ann</b>", "http://example.com",
            "www.example.com", "spam.com", "Ann!", "Ann_Lee", "Ann@Lee", "-", "'", "Ann--", "12"})
    void shouldReportInvalidCharsWhenNameHasDigitsMarkupOrUrls(String name) {
        assertThat(validator.check("last_name", name)).hasValueSatisfying(f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.NAME_INVALID_CHARS);
            assertThat(f.field()).isEqualTo("last_name");
            assertThat(f.message()).contains("'last_name'");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void shouldReportNothingWhenNameIsBlank(String name) {
        assertThat(validator.check("first_name", name)).isEmpty();
    }
}
