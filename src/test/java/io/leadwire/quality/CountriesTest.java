package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CountriesTest {
    @ParameterizedTest
    @CsvSource({"United Kingdom,GB", "united kingdom,GB", "UK,GB", "GB,GB", "gbr,GB", "Great Britain,GB",
            "United States,US", "USA,US", "U.S.A.,US", "us,US", "Germany,DE", "DE,DE", "DEU,DE", "Deutschland,DE",
            "Canada,CA", "  Australia ,AU"})
    void shouldResolveWhenNameOrCodeIsKnown(String country, String region) {
        assertThat(Countries.regionOf(country)).hasValue(region);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Atlantis", "", "  ", "XX"})
    void shouldGiveNothingWhenCountryIsUnknown(String country) {
        assertThat(Countries.regionOf(country)).isEmpty();
    }
}
