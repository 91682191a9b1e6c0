package io.leadwire.mapping;

import io.leadwire.lead.Lead;
import java.time.Clock;

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
}
