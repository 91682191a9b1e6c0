package io.leadwire.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class LeadIdsTest {
    @Test
    void shouldMakeVersion7VariantRfcUuidsCarryingTheMillisecondsWhenAsked() {
        Instant at = Instant.parse("2026-03-06T14:32:18.123Z");
        LeadIds ids = new LeadIds(Clock.fixed(at, ZoneOffset.UTC), new SecureRandom());

        UUID id = UUID.fromString(ids.next());

        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(at.toEpochMilli());
    }

    @Test
    void shouldSortByCreationTimeWhenTheClockAdvances() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        List<String> made = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            made.add(new LeadIds(Clock.fixed(t.plusMillis(i * 7L), ZoneOffset.UTC), new SecureRandom()).next());
        }
        assertThat(made).isSorted();
        assertThat(made.stream().map(UUID::fromString).toList()).isSorted();
    }

    @Test
    void shouldNotRepeatWhenManyAreMadeInTheSameMillisecond() {
        LeadIds ids = new LeadIds(Clock.fixed(Instant.EPOCH.plusSeconds(1_800_000_000L), ZoneOffset.UTC),
                new SecureRandom());
        HashSet<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(ids.next())).isTrue();
        }
        assertThat(seen).allSatisfy(s -> assertThat(s).hasSize(36));
    }
}
