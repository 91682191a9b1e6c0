package io.leadwire.mapping.template;

import io.leadwire.mapping.PayloadFormat;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * How a lead value is made inert inside a template body of each format. Every {@code {{ … }}}
 * output passes through the strategy of the body's format, so a lead value can never close a
 * JSON string, open an XML element or add a form field.
 */
final class Escapers {

    /** Strategy names as registered with Pebble. */
    static final String JSON = "json";
    static final String XML = "xml";
    static final String FORM = "form";
    static final String QUERY = "query";
    static final String CSV = "csv";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private Escapers() {
    }

    /** The strategy name for a format. */
    static String strategyFor(PayloadFormat format) {
        switch (format) {
            case JSON:
                return JSON;
            case XML:
            case SOAP11:
            case SOAP12:
                return XML;
            case CSV:
                return CSV;
            case QUERY:
                return QUERY;
            default:
                return FORM;
        }
    }

    /**
     * The inside of a JSON string: quote, backslash and control characters escaped (also U+2028/9,
     * which break JavaScript readers); everything else, non-ASCII included, kept as is.
     */
    static String json(String value) {
        StringBuilder out = null;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            String replacement = null;
            if (c == '"') {
                replacement = "\\\"";
            } else if (c == '\\') {
                replacement = "\\\\";
            } else if (c == '\n') {
                replacement = "\\n";
            } else if (c == '\r') {
                replacement = "\\r";
            } else if (c == '\t') {
                replacement = "\\t";
            } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                replacement = "\\u" + HEX[c >> 12 & 0xF] + HEX[c >> 8 & 0xF] + HEX[c >> 4 & 0xF] + HEX[c & 0xF];
            }
            if (replacement != null) {
                if (out == null) {
                    out = new StringBuilder(value.length() + 16).append(value, 0, i);
                }
                out.append(replacement);
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? value : out.toString();
    }

    /**
     * XML text or attribute content: {@code & < > " '} as entities. Characters XML 1.0 cannot
     * carry (and unpaired surrogates) are dropped here; the template renderer warns about them.
     */
    static String xml(String value) {
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\'':
                    out.append("&apos;");
                    break;
                default:
                    if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else if (xmlAllowed(c) && !Character.isSurrogate(c)) {
                        out.append(c);
                    }
            }
        }
        return out.toString();
    }

    /** Whether XML 1.0 can carry this UTF-16 unit. */
    static boolean xmlAllowed(char c) {
        return !((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0xFFFE || c == 0xFFFF);
    }

    /** A form or query value: UTF-8 percent-encoding, space as {@code +}. */
    static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** A query-string value: percent-encoding, space as {@code %20}. */
    static String query(String value) {
        String encoded = form(value);
        return encoded.indexOf('+') >= 0 ? encoded.replace("+", "%20") : encoded;
    }

    /** A CSV cell (RFC 4180): quoted, with quotes doubled, when it holds a comma, quote or line break. */
    static String csv(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ',' || c == '"' || c == '\n' || c == '\r') {
                return '"' + value.replace("\"", "\"\"") + '"';
            }
        }
        return value;
    }
}
