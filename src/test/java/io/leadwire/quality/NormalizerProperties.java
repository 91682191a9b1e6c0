package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/** Properties of the normalizers, over generated inputs. */
class NormalizerProperties {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private final EmailValidator emails = new EmailValidator();
    private final PhoneValidator phones = new PhoneValidator();
    private final NameValidator names = new NameValidator();

    @Property(tries = 2000)
    void shouldBeIdempotentWhenEmailIsNormalizedTwice(@ForAll("anyText") String raw) {
        String once = EmailValidator.normalize(raw);
        assertThat(EmailValidator.normalize(once)).isEqualTo(once);
    }

    @Property(tries = 1000)
    void shouldBeIdempotentWhenAddressLikeEmailIsNormalizedTwice(@ForAll("addressLike") String raw) {
        String once = EmailValidator.normalize(raw);
        assertThat(EmailValidator.normalize(once)).isEqualTo(once);
    }

    @Property(tries = 1000)
    void shouldStayValidWithAsciiLowerDomainWhenValidEmailIsNormalized(@ForAll("addressLike") String raw) {
        EmailCheck first = emails.check("email", raw);
        if (!first.usable()) {
            return;
        }
        String domain = first.normalized().substring(first.normalized().lastIndexOf('@') + 1);
        assertThat(domain).matches("[a-z0-9.-]+");
        EmailCheck second = emails.check("email", first.normalized());
        assertThat(second.usable()).isTrue();
        assertThat(second.normalized()).isEqualTo(first.normalized());
    }

    @Property(tries = 1000)
    void shouldGiveTheSameNumberWhenE164IsReparsed(@ForAll("validNumbers") PhoneNumber number) {
        String region = UTIL.getRegionCodeForNumber(number);
        String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        PhoneCheck fromE164 = phones.check("phone", e164, null);
        assertThat(fromE164.e164()).isEqualTo(e164);
        assertThat(fromE164.region()).isEqualTo(region);
        PhoneCheck again = phones.check("phone", fromE164.e164(), region);
        assertThat(again.e164()).isEqualTo(e164);
        String national = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.NATIONAL);
        assertThat(phones.check("phone", national, region).e164()).isEqualTo(e164);
        String international = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL);
        assertThat(phones.check("phone", international, "US").e164()).isEqualTo(e164);
    }

    @Property(tries = 2000)
    void shouldNeverAcceptNameWhenItHoldsAngleBracketOrDigit(@ForAll("anyText") String prefix,
            @ForAll("forbidden") char bad, @ForAll("anyText") String suffix) {
        String name = prefix + bad + suffix;
        assertThat(names.check("first_name", name)).isPresent();
    }

    @Property(tries = 1000)
    void shouldNeverAcceptNameWhenAnyCharIsADigit(@ForAll("anyText") String name) {
        boolean hasDigitOrBracket = name.chars().anyMatch(c -> Character.isDigit(c) || c == '<' || c == '>');
        if (hasDigitOrBracket) {
            assertThat(names.check("first_name", name)).isPresent();
        }
    }

    @Property(tries = 1000)
    void shouldAcceptNameWhenMadeOfLetterWordsAndSeparators(@ForAll("personNames") String name) {
        assertThat(names.check("last_name", name)).isEmpty();
    }

    @Property(tries = 1000)
    void shouldReadBackTheBoundsWhenRangeIsCanonical(@ForAll @LongRange(min = 0, max = 10_000_000) long a,
            @ForAll @LongRange(min = 0, max = 10_000_000) long b) {
        long low = Math.min(a, b);
        long high = Math.max(a, b);
        FieldValueValidator v = new FieldValueValidator();
        FieldValueValidator.Result r = v.checkNumber("capital_available", String.format(Locale.ROOT, "%,d - %,d", low, high));
        assertThat(r.amount()).hasValueSatisfying(amount -> {
            assertThat(amount.low()).isEqualByComparingTo(BigDecimal.valueOf(low));
            assertThat(amount.high()).isEqualByComparingTo(BigDecimal.valueOf(high));
        });
        String canonical = r.normalized().orElseThrow();
        assertThat(v.checkNumber("capital_available", canonical).normalized()).hasValue(canonical);
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("aZ@.。＠ -_'<>1 \u00AD\u3002İßÉ").ofMaxLength(20));
    }

    @Provide
    Arbitrary<Character> forbidden() {
        return Arbitraries.oneOf(Arbitraries.of('<'), Arbitraries.chars().numeric(),
                Arbitraries.of('٣', '７', '३'));
    }

    @Provide
    Arbitrary<String> addressLike() {
        Arbitrary<String> local = Arbitraries.strings().withChars("abcXYZ019._+-'").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> label = Arbitraries.strings().withChars("abcdeXYZ09-üéßö").ofMinLength(1).ofMaxLength(10);
        Arbitrary<String> tld = Arbitraries.of("com", "COM", "org", "de", "co.uk", "io", "example", "c0m");
        Arbitrary<String> pad = Arbitraries.of("", " ", "  ", "\t");
        return Combinators.combine(pad, local, label, tld, Arbitraries.of("", "."), pad)
                .as((p1, l, d, t, dot, p2) -> p1 + l + "@" + d + "." + t + dot + p2);
    }

    @Provide
    Arbitrary<PhoneNumber> validNumbers() {
        List<PhoneNumber> examples = new ArrayList<>();
        for (String region : UTIL.getSupportedRegions()) {
            for (PhoneNumberUtil.PhoneNumberType type : List.of(PhoneNumberUtil.PhoneNumberType.MOBILE,
                    PhoneNumberUtil.PhoneNumberType.FIXED_LINE)) {
                PhoneNumber n = UTIL.getExampleNumberForType(region, type);
                if (n != null && UTIL.isValidNumber(n) && region.equals(UTIL.getRegionCodeForNumber(n))) {
                    examples.add(n);
                }
            }
        }
        return Arbitraries.of(examples);
    }

    @Provide
    Arbitrary<String> personNames() {
        Arbitrary<String> word = Arbitraries.strings().withChars("abcxyzÀÉñøßŁдякиλω李王ـمحمد").ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> sep = Arbitraries.of(" ", "-", "'", ". ", "’");
        return Combinators.combine(word, sep, word, Arbitraries.of("", ".")).as((a, s, b, end) -> a + s + b + end);
    }
}
