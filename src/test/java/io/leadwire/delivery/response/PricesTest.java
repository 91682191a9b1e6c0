package io.leadwire.delivery.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PricesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "12.50         | 12.50",
            "$12.50        | 12.50",
            "12,50         | 12.50",
            "12,5 €        | 12.5",
            "USD 1,234.50  | 1234.50",
            "1.234,50 EUR  | 1234.50",
            "1 234,50      | 1234.50",
            "1,234,567     | 1234567",
            "1.234.567     | 1234567",
            "1.234         | 1.234",
            "£0.75         | 0.75",
            "-3            | -3",
            "1.25E+1       | 12.5",
            "12.50usd      | 12.50"})
    void shouldReadAmountWhenWrittenInCommonWays(String raw, BigDecimal expected) {
        assertThat(Prices.parse(raw)).isEqualByComparingTo(expected).hasScaleOf(expected.scale());
    }

    @ParameterizedTest
    @ValueSource(strings = {"free", "", "12.5.6", "1,2,3", "1,23,456.00", "12,34.5", "$", "twelve dollars", "1e99999"})
    void shouldRefuseWhenTextIsNotAnAmount(String raw) {
        assertThatThrownBy(() -> Prices.parse(raw)).isInstanceOf(NumberFormatException.class)
                .hasMessageStartingWith("price '");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1,234", "$1,500"})
    void shouldRefuseWhenCommaIsAmbiguous(String raw) {
        assertThatThrownBy(() -> Prices.parse(raw)).hasMessageEndingWith("is ambiguous (a thousands separator or a "
                + "decimal comma)");
    }
}
