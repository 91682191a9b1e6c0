package io.leadwire.mapping;

import io.leadwire.lead.Lead;
import java.time.Clock;
import java.util.Map;

/**
 * The one-call entry point for previews (the designer, a future {@code mapping preview}
 * command): what a lead would look like for a buyer, with every warning and error.
 */
public final class PayloadPreview {

    private PayloadPreview() {
    }

    /**
     * Renders one lead with one mapping at the clock's "now".
     * Example: {@code PayloadPreview.of(lead, new MappingParser().parse(json), Clock.systemUTC()).body()}.
     */
    public static RenderedPayload of(Lead lead, Mapping mapping, Clock clock) {
        return new MappingEngine(clock).render(lead, mapping);
    }

    /**
     * Renders one lead's fields with one mapping as the exact HTTP request (method, URL, headers with
     * secrets masked, body). Example: {@code PayloadPreview.request(lead.fields(), mapping, clock).toHttpText()}.
     */
    public static HttpRequestPreview request(Map<String, String> fields, Mapping mapping, Clock clock) {
        return HttpRequestPreview.of(mapping, new MappingEngine(clock).render(fields, mapping));
    }
}
