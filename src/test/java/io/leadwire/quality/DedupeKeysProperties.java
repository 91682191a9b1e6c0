package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of the de-duplication key normalizers, over generated inputs. */
class DedupeKeysProperties {
    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    @Property(tries = 2000)
    void shouldBeIdempotentWhenAnyTextIsKeyedTwice(@ForAll("anyText") String raw) {
        String once = DedupeKeys.email(raw);
        assertThat(DedupeKeys.email(once)).isEqualTo(once);
    }

    @Property(tries = 1000)
    void shouldBeIdempotentWhenAnAddressIsKeyedTwice(@ForAll("addresses") String raw) {
        String once = DedupeKeys.email(raw);
        assertThat(DedupeKeys.email(once)).isEqualTo(once);
    }

    @Property(tries = 1000)
    void shouldIgnoreCaseAndSurroundingSpaceWhenKeyingAnAddress(@ForAll("addresses") String raw) {
        String key = DedupeKeys.email(raw);
        assertThat(DedupeKeys.email(raw.toUpperCase(Locale.ROOT))).isEqualTo(key);
        assertThat(DedupeKeys.email(raw.toLowerCase(Locale.ROOT))).isEqualTo(key);
        assertThat(DedupeKeys.email("  " + raw + "\t")).isEqualTo(key);
        assertThat(key).isEqualTo(key.toLowerCase(Locale.ROOT)).doesNotStartWith(" ").doesNotEndWith(" ");
    }

    @Property(tries = 1000)
    void shouldGiveOneKeyWhenGmailLocalPartsDifferOnlyInDotsAndTags(@ForAll("gmailLocals") String local,
            @ForAll("tags") String tag, @ForAll("gmailDomains") String domain) {
        String plain = local.replace(".", "");
        assertThat(DedupeKeys.email(local + tag + "@" + domain)).isEqualTo(plain.toLowerCase(Locale.ROOT) + "@gmail.com");
    }

    @Property(tries = 500)
    void shouldKeepDotsAndPlusSignsWhenTheDomainIsNotGmail(@ForAll("gmailLocals") String local) {
        String raw = local + "+x@example.com";
        assertThat(DedupeKeys.email(raw)).isEqualTo(raw.toLowerCase(Locale.ROOT));
    }

    @Example
    void shouldGiveNoKeyWhenThereIsNoEmail() {
        assertThat(DedupeKeys.email(null)).isNull();
        assertThat(DedupeKeys.email("  ")).isNull();
        assertThat(DedupeKeys.email("Ann@Bücher.Example")).isEqualTo("ann@xn--bcher-kva.example");
    }

    @Property(tries = 1000)
    void shouldGiveTheSameKeyWhateverFormatThePhoneIsWrittenIn(@ForAll("validNumbers") PhoneNumber number) {
        String region = UTIL.getRegionCodeForNumber(number);
        String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
        assertThat(DedupeKeys.phone(e164, null)).isEqualTo(e164);
        assertThat(DedupeKeys.phone(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.NATIONAL), region))
                .isEqualTo(e164);
        assertThat(DedupeKeys.phone(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.INTERNATIONAL), "US"))
                .isEqualTo(e164);
        assertThat(DedupeKeys.phone(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.RFC3966), null))
                .isEqualTo(e164);
    }

    @Property(tries = 1000)
    void shouldBeIdempotentWhenAPhoneKeyIsKeyedAgain(@ForAll("phoneText") String raw, @ForAll("regions") String region) {
        String once = DedupeKeys.phone(raw, region);
        if (once != null) {
            assertThat(DedupeKeys.phone(once, null)).isEqualTo(once);
            assertThat(DedupeKeys.phone(once, region)).isEqualTo(once);
            assertThat(once).matches("\\+[1-9][0-9]{4,17}");
        }
    }

    @Provide
    Arbitrary<String> anyText() {
        return Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("aZ@.。＠ +-_İßÉgmailcom").ofMaxLength(24));
    }

    @Provide
    Arbitrary<String> addresses() {
        Arbitrary<String> local = Arbitraries.strings().withChars("abcXYZ019._+-").ofMinLength(1).ofMaxLength(12);
        Arbitrary<String> domain = Arbitraries.of("example.com", "Example.COM", "gmail.com", "GMail.com",
                "googlemail.com", "mail.co.uk", "xn--bcher-kva.example");
        return Combinators.combine(local, domain).as((l, d) -> l + "@" + d);
    }

    @Provide
    Arbitrary<String> gmailLocals() {
        Arbitrary<String> word = Arbitraries.strings().withChars("abcdeXYZ0189").ofMinLength(1).ofMaxLength(6);
        return Combinators.combine(word, Arbitraries.of("", ".", ".."), word).as((a, dot, b) -> a + dot + b);
    }

    @Provide
    Arbitrary<String> tags() {
        return Arbitraries.oneOf(Arbitraries.just(""),
                Arbitraries.strings().withChars("abc.+19-").ofMaxLength(8).map(t -> "+" + t));
    }

    @Provide
    Arbitrary<String> gmailDomains() {
        return Arbitraries.of("gmail.com", "GMAIL.COM", "googlemail.com", "GoogleMail.com", "gmail.com.");
    }

    @Provide
    Arbitrary<String> phoneText() {
        return Arbitraries.strings().withChars("+0123456789 ()-.").ofMinLength(1).ofMaxLength(18);
    }

    @Provide
    Arbitrary<String> regions() {
        return Arbitraries.of("GB", "US", "DE", "FR", "IN", "AU");
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
}
