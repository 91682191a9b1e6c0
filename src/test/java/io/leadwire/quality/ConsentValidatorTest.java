package io.leadwire.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsentValidatorTest {
    private static final String CERT = "https://cert.trustedform.com/2f0c1e1e5b7a4d3c9a8b7c6d5e4f3a2b1c0d9e8f";
    private static final String LEADID = "1A2B3C4D-5E6F-7A8B-9C0D-1E2F3A4B5C6D";
    private final ConsentValidator validator = new ConsentValidator();
    private final QualityPolicy required = QualityPolicy.builder().consentRequired(true).build();

    @Test
    void shouldPassWhenTrustedFormCertificateIsWellFormed() {
        assertThat(validator.check(Map.of("trustedform_cert_url", CERT), required)).isEmpty();
    }

    @Test
    void shouldPassWhenJornayaTokenIsWellFormed() {
        assertThat(validator.check(Map.of("jornaya_leadid", LEADID.toLowerCase()), required)).isEmpty();
    }

    @Test
    void shouldReportMissingWhenRequiredAndAbsent() {
        assertThat(validator.check(Map.of("email", "a@example.com"), required)).singleElement().satisfies(f -> {
            assertThat(f.code()).isEqualTo(ReasonCode.CONSENT_MISSING);
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("trustedform_cert_url", "jornaya_leadid");
        });
    }

    @Test
    void shouldReportMalformedErrorWhenRequiredAndBadlyFormed() {
        assertThat(validator.check(Map.of("trustedform_cert_url", "https://cert.trustedform.com/xyz"), required))
                .singleElement().satisfies(f -> {
                    assertThat(f.code()).isEqualTo(ReasonCode.CONSENT_MALFORMED);
                    assertThat(f.field()).isEqualTo("trustedform_cert_url");
                    assertThat(f.severity()).isEqualTo(Severity.ERROR);
                });
        assertThat(validator.check(Map.of("jornaya_leadid", "not-a-token"), required))
                .extracting(Finding::code).containsExactly(ReasonCode.CONSENT_MALFORMED);
        assertThat(validator.check(Map.of("trustedform_cert_url", "http://cert.trustedform.com/" + CERT.substring(29)),
                required)).extracting(Finding::code).containsExactly(ReasonCode.CONSENT_MALFORMED);
    }

    @Test
    void shouldOnlyWarnWhenMalformedProofIsBackedByAGoodOne() {
        assertThat(validator.check(Map.of("trustedform_cert_url", "junk", "jornaya_leadid", LEADID), required))
                .singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
    }

    @Test
    void shouldOnlyWarnWhenNotRequiredAndMalformed() {
        assertThat(validator.check(Map.of("trustedform_cert_url", "junk"), QualityPolicy.defaults()))
                .singleElement().satisfies(f -> {
                    assertThat(f.code()).isEqualTo(ReasonCode.CONSENT_MALFORMED);
                    assertThat(f.severity()).isEqualTo(Severity.WARNING);
                });
        assertThat(validator.check(Map.of(), QualityPolicy.defaults())).isEmpty();
    }
}
