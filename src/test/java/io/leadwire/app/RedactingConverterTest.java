package io.leadwire.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RedactingConverterTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mail john.smith@example.com now | mail j***@example.com now",
        "<mj.oneil@example.org> | <m***@example.org>",
        "José.García+leads@correo.es | J***@correo.es",
        "call +442071234567 | call ***67",
        "call +44 20 7123 4567 today | call ***67 today",
        "US (512) 555-0147 | US (***47",
        "phone=+4915112345678&x=1 | phone=***78&x=1",
    })
    void shouldMaskEmailsAndPhonesWhenTheyAppearInALogLine(String line, String redacted) {
        assertThat(RedactingConverter.redact(line)).isEqualTo(redacted);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "lead FL-2026-001234 stored",
        "lead INS-77-000981 stored",
        "id 0192f3a4-5b6c-7d8e-9f01-23456789abcd committed",
        "committed 512 leads in 17 ms",
        "intake listening on http://127.0.0.1:8470",
        "at 2026-03-06T14:32:18Z",
    })
    void shouldKeepLeadIdsAndOrdinaryNumbersWhenNothingIsPersonal(String line) {
        assertThat(RedactingConverter.redact(line)).isEqualTo(line);
    }

    @Test
    void shouldMaskEveryOccurrenceWhenALineHasSeveral() {
        assertThat(RedactingConverter.redact("a@x.io, bb@y.io and +15125550147 / +15125550148"))
                .isEqualTo("a***@x.io, b***@y.io and ***47 / ***48");
    }

    @Test
    void shouldRedactTheFormattedMessageAndTheExceptionTextWhenALogEventIsConverted() {
        LoggerContext context = new LoggerContext();
        LoggingEvent event = new LoggingEvent("test", context.getLogger("x"), Level.WARN,
                "lead {} from {} failed", new IllegalStateException("bad phone +442071234567"),
                new Object[] {"FL-2026-001234", "john.smith@example.com"});

        String line = new RedactingConverter().convert(event);

        assertThat(line).startsWith("lead FL-2026-001234 from j***@example.com failed")
                .contains("bad phone ***67").doesNotContain("john.smith", "2071234567");
    }
}
