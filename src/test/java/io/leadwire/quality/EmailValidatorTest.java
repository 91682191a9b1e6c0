package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailValidatorTest {
    private final EmailValidator validator = new EmailValidator();

    @ParameterizedTest
    @ValueSource(strings = {"john.smith@example.com", "mj.oneil@example.org", "a+tag@sub.example.co.uk",
            "o'brien@example.ie", "x_y-z@example.io"})
    void shouldAcceptWhenAddressIsWellFormed(String address) {
        EmailCheck c = validator.check("email", address);
        assertThat(c.usable()).isTrue();
        assertThat(c.findings()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ann.lee@", "@example.com", "ann.lee", "ann lee@example.com", "ann@@example.com",
            "ann@example", "ann@example.c0m", "ann@-example.com", "ann@exa mple.com", "<script>@example.com"})
    void shouldReportSyntaxWhenAddressIsBroken(String address) {
        EmailCheck c = validator.check("email", address);
        assertThat(c.usable()).isFalse();
        assertThat(c.findings()).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.EMAIL_SYNTAX);
            assertThat(f.field()).isEqualTo("email");
            assertThat(f.message()).contains("'email'");
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
        });
    }

    @Test
    void shouldNormalizeWhenDomainHasCaseAndSpaces() {
        EmailCheck c = validator.check("email", "  John.Smith@Example.COM. ");
        assertThat(c.normalized()).isEqualTo("John.Smith@example.com");
        assertThat(c.usable()).isTrue();
    }

    @Test
    void shouldConvertToPunycodeWhenDomainIsInternationalized() {
        EmailCheck c = validator.check("email", "hans@Bücher.de");
        assertThat(c.normalized()).isEqualTo("hans@xn--bcher-kva.de");
        assertThat(c.usable()).isTrue();
    }

    @Test
    void shouldReportDisposableWhenDomainOrParentIsListed() {
        assertThat(validator.check("email", "x@mailinator.com").findings())
                .extracting(Finding::code).containsExactly(ReasonCode.EMAIL_DISPOSABLE);
        assertThat(validator.check("email", "x@eu.Mailinator.com").findings())
                .extracting(Finding::code).containsExactly(ReasonCode.EMAIL_DISPOSABLE);
        assertThat(validator.check("email", "x@notmailinator.com").usable()).isTrue();
    }

    @Test
    void shouldShipSeveralDozenDisposableDomainsWhenLoaded() {
        assertThat(DisposableDomains.shipped().domains()).hasSizeGreaterThan(30)
                .contains("yopmail.com", "guerrillamail.com").allMatch(d -> d.equals(d.toLowerCase()));
    }

    @Test
    void shouldReportDisposableWhenExtraDomainIsAdded() {
        EmailValidator v = new EmailValidator(DisposableDomains.shippedPlus(List.of("Burner.Example.NET")), Optional.empty());
        assertThat(v.check("email", "x@burner.example.net").findings())
                .extracting(Finding::code).containsExactly(ReasonCode.EMAIL_DISPOSABLE);
    }

    @Test
    void shouldAskResolverWithAsciiDomainWhenMxLookupIsOn() {
        AtomicReference<String> asked = new AtomicReference<>();
        EmailValidator v = new EmailValidator(DisposableDomains.shipped(), Optional.of(d -> {
            asked.set(d);
            return d.equals("example.com");
        }));
        assertThat(v.check("email", "a@Example.com").usable()).isTrue();
        assertThat(asked.get()).isEqualTo("example.com");
        EmailCheck c = v.check("email", "a@bücher.de");
        assertThat(asked.get()).isEqualTo("xn--bcher-kva.de");
        assertThat(c.findings()).extracting(Finding::code).containsExactly(ReasonCode.EMAIL_NO_MX);
    }

    @Test
    void shouldNotLookUpMxWhenSyntaxIsBroken() {
        EmailValidator v = new EmailValidator(DisposableDomains.shipped(), Optional.of(d -> {
            throw new AssertionError("no lookup expected for " + d);
        }));
        assertThat(v.check("email", "ann.lee@").findings()).extracting(Finding::code)
                .containsExactly(ReasonCode.EMAIL_SYNTAX);
    }

    @Test
    void shouldReportNothingWhenEmailIsAbsent() {
        EmailCheck c = validator.check("email", null);
        assertThat(c.usable()).isFalse();
        assertThat(c.normalized()).isNull();
        assertThat(c.findings()).isEmpty();
    }

    @Test
    void shouldReportSyntaxWhenAddressIsLongerThanRfc5321Allows() {
        String local = "a".repeat(64);
        String domain = "b".repeat(60) + "." + "c".repeat(60) + "." + "d".repeat(60) + "." + "e".repeat(10) + ".com";
        assertThat(validator.check("email", local + "@" + domain).findings()).extracting(Finding::code)
                .containsExactly(ReasonCode.EMAIL_SYNTAX);
    }
}
