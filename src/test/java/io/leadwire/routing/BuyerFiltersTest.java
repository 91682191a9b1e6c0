package io.leadwire.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BuyerFiltersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** JSON written with ' for " to stay readable; an apostrophe inside a value is then written \\u0027. */
    private static BuyerFilters filters(String json) {
        return BuyerFilters.parse(node(json));
    }

    private static JsonNode node(String json) {
        try {
            return JSON.readTree(json.replace('\'', '"'));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void shouldPassEveryLeadWhenFiltersAreAbsent() {
        assertThat(BuyerFilters.parse(null).isEmpty()).isTrue();
        assertThat(BuyerFilters.parse(node("null"))).isEqualTo(BuyerFilters.none());
        assertThat(filters("[]").whyNot(Map.of(), null)).isEmpty();
    }

    @Test
    void shouldRefuseLeadWhenCountryIsNotInList() {
        BuyerFilters f = filters("[{'field': 'country', 'in': ['US', 'CA']}]");
        assertThat(f.whyNot(Map.of("country", "FR"), 80)).hasValue("country 'FR' not in [US, CA]");
        assertThat(f.whyNot(Map.of("country", " us "), 80)).isEmpty();
    }

    @Test
    void shouldCompareIsoCodesWhenCountryIsWrittenAsName() {
        BuyerFilters f = filters("[{'field': 'country', 'in': ['United States', 'canada']}]");
        assertThat(((BuyerFilter.OneOf) f.filters().get(0)).values()).containsExactly("US", "CA");
        assertThat(f.whyNot(Map.of("country", "U.S.A."), null)).isEmpty();
        assertThat(f.whyNot(Map.of("country", "United States of America"), null)).isEmpty();
        assertThat(f.whyNot(Map.of("country", "France"), null)).hasValue("country 'France' not in [US, CA]");
    }

    @Test
    void shouldUseCountryCodeWhenQualityStageAddedIt() {
        BuyerFilters f = filters("[{'field': 'country', 'in': ['GB']}]");
        assertThat(f.whyNot(Map.of("country", "Blighty", "country_code", "GB"), null)).isEmpty();
        assertThat(f.whyNot(Map.of("country_code", "GB"), null)).as("the campaign's default country").isEmpty();
        assertThat(f.whyNot(Map.of("country_code", "IE"), null)).hasValue("country 'IE' not in [GB]");
    }

    @Test
    void shouldRefuseLeadWhenListFieldIsMissing() {
        BuyerFilters f = filters("[{'field': 'trading_experience', 'in': ['intermediate', 'advanced']}]");
        assertThat(f.whyNot(Map.of(), 90)).hasValue("trading_experience missing");
        assertThat(f.whyNot(Map.of("trading_experience", "  "), 90)).hasValue("trading_experience missing");
        assertThat(f.whyNot(Map.of("trading_experience", "Advanced"), 90)).isEmpty();
        assertThat(f.whyNot(Map.of("trading_experience", "beginner"), 90))
                .hasValue("trading_experience 'beginner' not in [intermediate, advanced]");
    }

    @Test
    void shouldRefuseLeadWhenStateIsExcluded() {
        BuyerFilters f = filters("[{'field': 'state', 'notIn': ['NY', 'nj']}]");
        assertThat(f.whyNot(Map.of("state", "ny"), null)).hasValue("state 'ny' is excluded [NY, nj]");
        assertThat(f.whyNot(Map.of("state", "NJ"), null)).isPresent();
        assertThat(f.whyNot(Map.of("state", "CA"), null)).isEmpty();
        assertThat(f.whyNot(Map.of(), null)).as("a missing value is not one of the excluded").isEmpty();
    }

    @Test
    void shouldAcceptStateWhenItIsInList() {
        BuyerFilters f = filters("[{'field': 'state', 'in': ['FL', 'TX']}]");
        assertThat(f.whyNot(Map.of("state", "tx"), null)).isEmpty();
        assertThat(f.whyNot(Map.of("state", "CA"), null)).hasValue("state 'CA' not in [FL, TX]");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "52|score 52 below 60",
        "60|NONE",
        "100|NONE",
        "101|score 101 above 100"})
    void shouldCheckScoreRangeInclusiveWhenScoreIsGiven(int score, String reason) {
        BuyerFilters f = filters("[{'field': 'score', 'min': 60, 'max': 100}]");
        assertThat(f.whyNot(Map.of(), score).orElse(null)).isEqualTo(reason);
    }

    @Test
    void shouldRefuseLeadWhenScoreIsMissing() {
        BuyerFilters f = filters("[{'field': 'score', 'min': 60}]");
        assertThat(f.whyNot(Map.of("score", "99"), null)).as("the score is the argument, not a field")
                .hasValue("score missing");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "5000-10000|NONE",
        "10000+|NONE",
        "5000|NONE",
        "$5,000|NONE",
        "10k-50k|NONE",
        "2000-8000|capital_available 2000-8000 (counted as 2000) below 5000",
        "4999.99|capital_available 4999.99 below 5000",
        "lots|capital_available 'lots' is not a number"})
    void shouldCountRangeByLowerBoundWhenCapitalIsARange(String capital, String reason) {
        BuyerFilters f = filters("[{'field': 'capital_available', 'min': 5000}]");
        assertThat(f.whyNot(Map.of("capital_available", capital), null).orElse(null)).isEqualTo(reason);
    }

    @Test
    void shouldReadNegativeNumbersWhenFieldIsNotAnAmount() {
        BuyerFilters f = filters("[{'field': 'balance', 'min': -100, 'max': 0}]");
        assertThat(f.whyNot(Map.of("balance", "-50"), null)).isEmpty();
        assertThat(f.whyNot(Map.of("balance", "-150.5"), null)).hasValue("balance -150.5 below -100");
        assertThat(f.whyNot(Map.of("balance", "12"), null)).hasValue("balance 12 above 0");
    }

    @Test
    void shouldRequireFieldWhenPresentIsTrue() {
        BuyerFilters f = filters("[{'field': 'email', 'present': true}]");
        assertThat(f.whyNot(Map.of("email", "a@b.example"), null)).isEmpty();
        assertThat(f.whyNot(Map.of("email", ""), null)).hasValue("email missing");
        assertThat(f.whyNot(Map.of(), null)).hasValue("email missing");
    }

    @Test
    void shouldRefuseFieldWhenPresentIsFalse() {
        BuyerFilters f = filters("[{'field': 'co_applicant', 'present': false}]");
        assertThat(f.whyNot(Map.of(), null)).isEmpty();
        assertThat(f.whyNot(Map.of("co_applicant", "Jane"), null)).hasValue("co_applicant given but must be absent");
    }

    @Test
    void shouldReportFirstFailingFilterWhenSeveralFail() {
        BuyerFilters f = filters("[{'field': 'country', 'in': ['US']}, {'field': 'score', 'min': 60}]");
        assertThat(f.whyNot(Map.of("country", "FR"), 10)).hasValue("country 'FR' not in [US]");
        assertThat(f.whyNot(Map.of("country", "US"), 10)).hasValue("score 10 below 60");
        assertThat(f.whyNot(Map.of("country", "US"), 70)).isEmpty();
    }

    @Test
    void shouldEvaluateConditionWhenExpressionIsGiven() {
        BuyerFilters f = BuyerFilters.parse(JSON.createArrayNode()
                .add(JSON.createObjectNode().put("expr", "score >= 70 and country == 'US'")));
        assertThat(f.whyNot(Map.of("country", "US"), 72)).isEmpty();
        assertThat(f.whyNot(Map.of("country", "US"), 69))
                .hasValue("condition not met: score >= 70 and country == 'US'");
        assertThat(f.whyNot(Map.of("country", "US"), null)).as("a missing score compares false")
                .hasValue("condition not met: score >= 70 and country == 'US'");
    }

    @Test
    void shouldCompareNumbersWhenFieldValuesLookNumeric() {
        BuyerFilter.Condition c = new BuyerFilter.Condition("age >= 21 and income > 55000.5 and zip == '01234'");
        assertThat(c.whyNot(Map.of("age", "30", "income", "60000.75", "zip", "01234"), null)).isEmpty();
        assertThat(c.whyNot(Map.of("age", "9", "income", "60000.75", "zip", "01234"), null)).isPresent();
    }

    @Test
    void shouldReachOddFieldNamesWhenUsingLeadMap() {
        BuyerFilter.Condition c = new BuyerFilter.Condition("lead['utm-source'] == 'google' and lead['a.b'] == 2");
        assertThat(c.whyNot(Map.of("utm-source", "google", "a.b", "2"), null)).isEmpty();
        assertThat(c.whyNot(Map.of("utm-source", "bing", "a.b", "2"), null)).isPresent();
    }

    @Test
    void shouldTreatBlankFieldAsNullWhenConditionTestsIt() {
        BuyerFilter.Condition c = new BuyerFilter.Condition("email is not null and ['US', 'CA'] contains country_code");
        assertThat(c.whyNot(Map.of("email", "a@b.example", "country_code", "CA"), null)).isEmpty();
        assertThat(c.whyNot(Map.of("email", " ", "country_code", "CA"), null)).isPresent();
    }

    @Test
    void shouldMakeLeadIneligibleWithReasonWhenConditionFailsToEvaluate() {
        BuyerFilter.Condition c = new BuyerFilter.Condition("country > 3");
        assertThat(c.whyNot(Map.of("country", "US"), null)).hasValueSatisfying(why -> assertThat(why)
                .startsWith("condition failed: ").contains("Wrong operand(s) type").endsWith("in country > 3"));
    }

    @Test
    void shouldRefuseConditionWhenItDoesNotCompile() {
        assertThatThrownBy(() -> filters("[{'field': 'x', 'in': ['a']}, {'expr': 'score >= 70 && x'}]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("filters[1].expr: does not compile: ")
                .hasMessageContaining("&");
    }

    @Test
    void shouldRefuseConditionWhenItNamesUnknownFilterOrFunctionOrTest() {
        assertThatThrownBy(() -> new BuyerFilter.Condition("country | lowr == 'us'"))
                .hasMessage("does not compile: unknown filter 'lowr'");
        assertThatThrownBy(() -> new BuyerFilter.Condition("lenght(country) > 1"))
                .hasMessage("does not compile: unknown function 'lenght'");
        assertThatThrownBy(() -> new BuyerFilter.Condition("score is evn"))
                .hasMessage("does not compile: unknown test 'evn'");
        assertThat(new BuyerFilter.Condition("country | lower == 'us' and score is even and max(score, 1) > 0")
                .whyNot(Map.of("country", "US"), 70)).isEmpty();
    }

    @Test
    void shouldRefuseConditionWhenItTriesToLeaveTheIfTag() {
        assertThatThrownBy(() -> new BuyerFilter.Condition("true %}{% include 'x' %}{% if true"))
                .hasMessageContaining("delimiters");
        assertThatThrownBy(() -> new BuyerFilter.Condition("range(1, 1000000000) | length > 0"))
                .hasMessage("does not compile: unknown function 'range'");
        assertThatThrownBy(() -> new BuyerFilter.Condition("   ")).hasMessage("is empty");
    }

    @Test
    void shouldCallNoMethodWhenConditionTriesOne() {
        BuyerFilter.Condition c = new BuyerFilter.Condition("country.getClass() != null");
        assertThat(c.whyNot(Map.of("country", "US"), null)).isPresent();
    }

    @Test
    void shouldHideFieldNamedScoreWhenScoreIsGiven() {
        BuyerFilter.Condition c = new BuyerFilter.Condition("score == 40 and lead['score'] == 99");
        assertThat(c.whyNot(Map.of("score", "99"), 40)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "{'field': 'country'}|filters[0]: say what \"country\" must satisfy: \"in\", \"notIn\", \"min\"/\"max\" or \"present\"",
        "{'field': 'country', 'in': []}|filters[0].in: must be a non-empty list of values such as [\"US\", \"CA\"]",
        "{'field': 'country', 'in': 'US'}|filters[0].in: must be a non-empty list of values such as [\"US\", \"CA\"]",
        "{'field': 'country', 'in': ['US', 'Narnia']}|filters[0].in[1]: 'Narnia' is not a country we know; use ISO codes such as US, GB",
        "{'field': 'state', 'notIn': ['NY', null]}|filters[0].notIn[1]: must be a non-blank text or number",
        "{'field': 'score', 'min': '60'}|filters[0].min: must be a number, not \"60\"",
        "{'field': 'score', 'min': 90, 'max': 10}|filters[0]: min 90 is above max 10",
        "{'field': 'score', 'min': 60, 'in': ['1']}|filters[0]: \"in\" and \"min\" cannot be combined; write them as two entries",
        "{'field': 'email', 'present': 'yes'}|filters[0].present: must be true or false",
        "{'field': 'email', 'presnt': true}|filters[0]: unknown key \"presnt\" (expected \"field\" with \"in\", \"notIn\", \"min\"/\"max\" or \"present\"; or \"expr\" alone)",
        "{'in': ['US']}|filters[0].field: required, the name of a lead field such as \"country\" (or \"expr\" for a condition)",
        "{'field': ' ', 'in': ['US']}|filters[0].field: required, the name of a lead field such as \"country\" (or \"expr\" for a condition)",
        "{'expr': 'score > 1', 'field': 'x'}|filters[0]: \"expr\" stands alone; write other conditions as their own entries or inside the expression",
        "{'expr': 70}|filters[0].expr: must be text such as \"score >= 70\"",
        "'country'|filters[0]: must be an object such as {\"field\": \"country\", \"in\": [\"US\"]}"})
    void shouldNameEntryAndKeyWhenEntryIsRefused(String entry, String message) {
        assertThatThrownBy(() -> filters("[" + entry + "]"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }

    @Test
    void shouldRefuseFiltersWhenTheyAreNoList() {
        assertThatThrownBy(() -> filters("{'field': 'country', 'in': ['US']}"))
                .hasMessageStartingWith("filters must be a list");
    }

    @Test
    void shouldNormalizeCountriesWhenFilterIsBuiltInCode() {
        BuyerFilter.NoneOf f = new BuyerFilter.NoneOf("country", List.of(" Germany ", "fr"));
        assertThat(f.values()).containsExactly("DE", "FR");
        assertThat(f.whyNot(Map.of("country", "Deutschland"), null)).hasValue("country 'Deutschland' is excluded [DE, FR]");
        assertThatThrownBy(() -> new BuyerFilter.OneOf("country", List.of("Atlantis")))
                .hasMessage("'Atlantis' is not a country we know; use ISO codes such as US, GB");
        assertThatThrownBy(() -> new BuyerFilter.OneOf("state", List.of()))
                .hasMessage("a list filter needs at least one value");
        assertThatThrownBy(() -> new BuyerFilter.Range("score", null, null)).hasMessage("a range needs min, max or both");
    }

    @Test
    void shouldKeepTwoLetterCodeWhenJdkDoesNotKnowIt() {
        BuyerFilters f = filters("[{'field': 'country', 'in': ['xk']}]");
        assertThat(f.whyNot(Map.of("country", "XK"), null)).isEmpty();
    }

    @Test
    void shouldReadBackEqualFiltersWhenWrittenAsJson() {
        BuyerFilters f = filters("[{'field': 'country', 'in': ['US', 'Canada']},"
                + "{'field': 'state', 'notIn': ['NY']},"
                + "{'field': 'score', 'min': 60.0, 'max': 100},"
                + "{'field': 'capital_available', 'max': 1E+5},"
                + "{'field': 'email', 'present': true},"
                + "{'expr': 'score >= 70 and country == \\u0027US\\u0027'}]");
        JsonNode json = f.toJson(JSON);
        assertThat(BuyerFilters.parse(json)).isEqualTo(f);
        assertThat(json.toString()).isEqualTo("[{\"field\":\"country\",\"in\":[\"US\",\"CA\"]},"
                + "{\"field\":\"state\",\"notIn\":[\"NY\"]},"
                + "{\"field\":\"score\",\"min\":60,\"max\":100},"
                + "{\"field\":\"capital_available\",\"max\":100000},"
                + "{\"field\":\"email\",\"present\":true},"
                + "{\"expr\":\"score >= 70 and country == 'US'\"}]");
        assertThat(((BuyerFilter.Range) f.filters().get(2)).min()).isEqualTo(new BigDecimal("60"));
    }
}
