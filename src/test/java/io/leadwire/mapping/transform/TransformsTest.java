package io.leadwire.mapping.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadwire.mapping.TestLeads;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransformsTest {

    private static TransformResult run(Transform transform, String value) {
        return Transforms.run(transform, value, Map.of(), TestLeads.CLOCK);
    }

    private static TransformResult run(Transform transform, String value, Map<String, String> fields) {
        return Transforms.run(transform, value, fields, TestLeads.CLOCK);
    }

    @Test
    void shouldStripWhitespaceWhenTrimming() {
        assertThat(run(Transforms.trim(), "  Austin \t").value()).isEqualTo("Austin");
    }

    @Test
    void shouldChangeCaseWhenUpperOrLower() {
        assertThat(run(Transforms.upper(), "tx").value()).isEqualTo("TX");
        assertThat(run(Transforms.lower(), "MJ@Example.ORG").value()).isEqualTo("mj@example.org");
    }

    @Test
    void shouldCapitalizeEveryWordWhenTitleCasing() {
        assertThat(run(Transforms.title(), "maría-josé o'NEIL van dyke").value()).isEqualTo("María-José O'Neil Van Dyke");
    }

    @Test
    void shouldPassNullThroughWhenValueIsMissing() {
        assertThat(run(Transforms.trim(), null).value()).isNull();
        assertThat(run(Transforms.title(), null).value()).isNull();
    }

    @Test
    void shouldUseFallbackWhenValueIsBlank() {
        assertThat(run(Transforms.defaultValue("US"), " ").value()).isEqualTo("US");
        assertThat(run(Transforms.defaultValue("US"), "GB").value()).isEqualTo("GB");
    }

    @Test
    void shouldJoinFieldsSkippingMissingOnesWhenConcatenating() {
        Transform concat = Transforms.concat(List.of("state", "zip"), ", ");
        assertThat(run(concat, "Austin", Map.of("state", "TX", "zip", "78701")).value()).isEqualTo("Austin, TX, 78701");
        assertThat(run(concat, "Austin", Map.of("zip", "78701")).value()).isEqualTo("Austin, 78701");
        assertThat(run(concat, null, Map.of()).value()).isNull();
    }

    @Test
    void shouldSplitFullNameWhenAskedForParts() {
        assertThat(run(Transforms.splitName(Transforms.NamePart.FIRST), " Mary Ann  O'Neil ").value()).isEqualTo("Mary");
        assertThat(run(Transforms.splitName(Transforms.NamePart.MIDDLE), "Mary Ann O'Neil").value()).isEqualTo("Ann");
        assertThat(run(Transforms.splitName(Transforms.NamePart.LAST), "Mary Ann O'Neil").value()).isEqualTo("O'Neil");
    }

    @Test
    void shouldWarnWhenSingleNameHasNoLastName() {
        TransformResult result = run(Transforms.splitName(Transforms.NamePart.LAST), "Cher");
        assertThat(result.value()).isNull();
        assertThat(result.ok()).isTrue();
        assertThat(result.warnings()).containsExactly("'Cher' has no last name");
    }

    @Test
    void shouldSplitOneLineAddressWhenItHasCommas() {
        String line = "123 Main St, Apt 4, Austin, tx 78701-1234";
        assertThat(run(Transforms.splitAddress(Transforms.AddressPart.STREET), line).value()).isEqualTo("123 Main St, Apt 4");
        assertThat(run(Transforms.splitAddress(Transforms.AddressPart.CITY), line).value()).isEqualTo("Austin");
        assertThat(run(Transforms.splitAddress(Transforms.AddressPart.STATE), line).value()).isEqualTo("TX");
        assertThat(run(Transforms.splitAddress(Transforms.AddressPart.ZIP), line).value()).isEqualTo("78701-1234");
    }

    @Test
    void shouldSplitAddressWhenStateFollowsCityWithoutComma() {
        String line = "123 Main St, Austin TX 78701";
        assertThat(run(Transforms.splitAddress(Transforms.AddressPart.CITY), line).value()).isEqualTo("Austin");
        assertThat(run(Transforms.splitAddress(Transforms.AddressPart.ZIP), line).value()).isEqualTo("78701");
    }

    @Test
    void shouldWarnWhenAddressCannotBeSplit() {
        TransformResult result = run(Transforms.splitAddress(Transforms.AddressPart.CITY), "somewhere over the rainbow");
        assertThat(result.value()).isNull();
        assertThat(result.warnings()).containsExactly("could not split address 'somewhere over the rainbow'");
    }

    @Test
    void shouldTakePieceWhenSplittingAtSeparator() {
        assertThat(run(Transforms.splitAt("|", 1), "a| b |c").value()).isEqualTo("b");
        assertThat(run(Transforms.splitAt("|", 5), "a|b").value()).isNull();
    }

    @Test
    void shouldCutAndWarnWhenValueIsTooLong() {
        TransformResult result = run(Transforms.truncate(5), "Austinville");
        assertThat(result.value()).isEqualTo("Austi");
        assertThat(result.warnings()).containsExactly("truncated to 5 characters");
        assertThat(run(Transforms.truncate(5), "Paris").warnings()).isEmpty();
    }

    @Test
    void shouldNotSplitSurrogatePairWhenTruncating() {
        assertThat(run(Transforms.truncate(2), "a😀b").value()).isEqualTo("a😀");
    }

    @Test
    void shouldReplaceMatchesWhenRegexReplacing() {
        assertThat(run(Transforms.regexReplace("\\D", ""), "(512) 555-0147").value()).isEqualTo("5125550147");
        assertThat(run(Transforms.regexReplace("(\\d{3})(\\d{2})", "$1-$2"), "12345").value()).isEqualTo("123-45");
    }

    @Test
    void shouldTranslateWhenValueIsInTable() {
        Transform translate = Transforms.translate(Map.of("1", "Yes", "0", "No"), null, false);
        assertThat(run(translate, "1").value()).isEqualTo("Yes");
        assertThat(run(translate, "0").warnings()).isEmpty();
    }

    @Test
    void shouldWarnAndUseFallbackWhenValueIsNotInTable() {
        TransformResult result = run(Transforms.translate(Map.of("1", "Yes"), "Unknown", false), "maybe");
        assertThat(result.value()).isEqualTo("Unknown");
        assertThat(result.ok()).isTrue();
        assertThat(result.warnings()).containsExactly("value 'maybe' is not in the translation table; sent as 'Unknown'");
    }

    @Test
    void shouldWarnAndKeepValueWhenNoFallbackIsConfigured() {
        TransformResult result = run(Transforms.translate(Map.of("1", "Yes"), null, false), "2");
        assertThat(result.value()).isEqualTo("2");
        assertThat(result.warnings()).containsExactly("value '2' is not in the translation table; sent unchanged");
    }

    @Test
    void shouldMatchRegardlessOfCaseWhenTranslationIgnoresCase() {
        assertThat(run(Transforms.translate(Map.of("Own", "1"), null, true), "OWN").value()).isEqualTo("1");
    }

    @Test
    void shouldReportTableOutputsWhenValidatorAsks() {
        assertThat(Transforms.translate(Map.of("1", "Yes", "0", "No"), "No", false).possibleOutputs())
                .hasValueSatisfying(values -> assertThat(values).containsExactlyInAnyOrder("Yes", "No"));
    }

    @Test
    void shouldHashNormalizedEmailWhenSha256() {
        assertThat(run(Transforms.sha256Email(), " ABC ").value())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(run(Transforms.sha256Email(), "MJ.ONeil@Example.org").value())
                .isEqualTo(run(Transforms.sha256Email(), "mj.oneil@example.org ").value());
    }

    @Test
    void shouldStopAtFirstErrorWhenRunningChain() {
        TransformResult result = Transforms.run(List.of(Transforms.trim(),
                PhoneTransforms.format(PhoneTransforms.PhoneFormat.E164), Transforms.defaultValue("x")), "12",
                Map.of(), TestLeads.CLOCK);
        assertThat(result.ok()).isFalse();
        assertThat(result.value()).isNull();
        assertThat(result.errors()).containsExactly("'12' is not a valid phone number");
    }

    @Test
    void shouldRejectNegativeLengthWhenBuildingTruncate() {
        assertThatThrownBy(() -> Transforms.truncate(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
