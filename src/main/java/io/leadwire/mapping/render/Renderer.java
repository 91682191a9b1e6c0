package io.leadwire.mapping.render;

import java.util.Map;

/**
 * Writes the values of one mapping's field rules as a payload body. A renderer is built once
 * per mapping (its layout precompiled) and is immutable and thread-safe.
 */
public interface Renderer {

    /** The content type to send, with its charset, e.g. {@code application/json; charset=utf-8}. */
    String contentType();

    /** Extra HTTP headers the format requires (SOAPAction for SOAP 1.1); usually empty. */
    default Map<String, String> headers() {
        return Map.of();
    }

    /**
     * Renders the body.
     *
     * @param values one value per field rule, in mapping order; {@code null} means "omit"
     */
    String render(String[] values);
}
