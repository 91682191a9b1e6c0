package io.leadwire.mapping;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One lead mapped for one buyer: what would be sent, and what went wrong on the way.
 *
 * @param contentType the Content-Type to send, with charset
 * @param headers     extra headers the format needs (SOAPAction for SOAP 1.1)
 * @param body        the payload (for {@link PayloadFormat#QUERY}, the query string without {@code ?})
 * @param fieldValues target → value for every field that has a value, in mapping order
 * @param warnings    values that were sent but deserve a look (unmapped translation, truncation)
 * @param errors      fields that could not be filled; a payload with errors must not be sent
 */
public record RenderedPayload(String contentType, Map<String, String> headers, String body,
        Map<String, String> fieldValues, List<FieldIssue> warnings, List<FieldIssue> errors) {

    public RenderedPayload {
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(body, "body");
        headers = Map.copyOf(headers);
        fieldValues = Collections.unmodifiableMap(new LinkedHashMap<>(fieldValues));
        warnings = List.copyOf(warnings);
        errors = List.copyOf(errors);
    }

    /** Whether the payload may be sent (no errors). */
    public boolean ok() {
        return errors.isEmpty();
    }
}
