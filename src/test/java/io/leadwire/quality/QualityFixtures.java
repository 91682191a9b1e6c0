package io.leadwire.quality;

import io.leadwire.intake.PayloadParser;
import io.leadwire.lead.Lead;
import io.leadwire.lead.LeadStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Leads as intake stores them: the shared fixtures parsed by the real {@link PayloadParser}. */
final class QualityFixtures {
    /** A Friday, 14:32 UTC: inside the default business hours. */
    static final Instant BUSINESS_HOURS = Instant.parse("2026-03-06T14:32:18Z");
    /** A Sunday night: outside them. */
    static final Instant SUNDAY_NIGHT = Instant.parse("2026-03-08T23:00:00Z");

    private QualityFixtures() {
    }

    static String resource(String name) {
        try (InputStream in = QualityFixtures.class.getResourceAsStream("/leads/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource leads/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a JSON body the way intake does; throws intake's (package-private) ProblemException,
     * whose message starts with the problem's reason, for bodies intake refuses.
     */
    static PayloadParser.Parsed parse(String json) throws Exception {
        return new PayloadParser().parse("application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    static Lead lead(String json, Instant receivedAt) {
        try {
            return lead(parse(json), json, receivedAt);
        } catch (Exception e) {
            throw new IllegalArgumentException("intake refuses this fixture: " + e.getMessage(), e);
        }
    }

    static Lead lead(PayloadParser.Parsed p, String raw, Instant receivedAt) {
        return new Lead(1, "0190-test", "vendor-1", p.vendorLeadId(), receivedAt, LeadStatus.RECEIVED,
                p.mediaType(), raw, p.fields(), "127.0.0.1");
    }

    static Lead fixture(String name, Instant receivedAt) {
        return lead(resource(name), receivedAt);
    }

    static Lead fields(Map<String, String> fields, Instant receivedAt) {
        return new Lead(1, "0190-test", "vendor-1", "T-1", receivedAt, LeadStatus.RECEIVED,
                "application/json", "{}", fields, "127.0.0.1");
    }

    /** The lines of bad-inputs.jsonl. */
    static List<String> badLines() {
        List<String> lines = new ArrayList<>();
        for (String line : resource("bad-inputs.jsonl").split("\n")) {
            if (!line.isBlank()) {
                lines.add(line.strip());
            }
        }
        return lines;
    }
}
