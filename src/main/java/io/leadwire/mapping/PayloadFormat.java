package io.leadwire.mapping;

import java.util.Locale;

/** The payload formats a buyer mapping can produce, named in mappings in lower case. */
public enum PayloadFormat {
    JSON, XML, FORM, SOAP11, SOAP12, CSV, QUERY;

    /** The name as written in mapping documents ({@code json}, {@code soap11}, ...). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether the format nests values by path (otherwise the path text is a flat field name). */
    public boolean nested() {
        return this == JSON || this == XML || this == SOAP11 || this == SOAP12;
    }

    /** Whether the format is XML (plain or SOAP). */
    public boolean xml() {
        return this == XML || this == SOAP11 || this == SOAP12;
    }

    /**
     * Parses a format name, case-insensitively.
     *
     * @throws IllegalArgumentException listing the known formats
     */
    public static PayloadFormat parse(String id) {
        for (PayloadFormat format : values()) {
            if (format.id().equalsIgnoreCase(id.trim())) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown format '" + id
                + "' (expected json, xml, form, soap11, soap12, csv or query)");
    }
}
