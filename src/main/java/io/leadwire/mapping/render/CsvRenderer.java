package io.leadwire.mapping.render;

import java.util.List;

/**
 * Renders one CSV record (RFC 4180): one column per field rule in mapping order, a missing
 * value an empty column; a value with a comma, quote, CR or LF is quoted and its quotes doubled.
 * Records end in CRLF. With a header, the target names come first as their own record.
 *
 * <p>Example: values {@code O'Neil}, {@code Austin, TX}, {@code say "hi"} render
 * {@code O'Neil,"Austin, TX","say ""hi"""} followed by CRLF.
 */
public final class CsvRenderer implements Renderer {

    /** What CSV payloads are sent as. */
    public static final String CONTENT_TYPE = "text/csv; charset=utf-8";
    private static final String CRLF = "\r\n";

    private final String header;
    private final int columns;

    /**
     * @param targets one target per field rule; the path text is the column name
     * @param header  whether to write a header record first
     */
    public CsvRenderer(List<TargetPath> targets, boolean header) {
        this.columns = targets.size();
        if (header) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < targets.size(); i++) {
                if (i > 0) {
                    line.append(',');
                }
                appendField(line, targets.get(i).text());
            }
            this.header = line.append(CRLF).toString();
        } else {
            this.header = "";
        }
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public String render(String[] values) {
        StringBuilder out = new StringBuilder(header.length() + 32 * columns).append(header);
        for (int i = 0; i < columns; i++) {
            if (i > 0) {
                out.append(',');
            }
            if (values[i] != null) {
                appendField(out, values[i]);
            }
        }
        return out.append(CRLF).toString();
    }

    private static void appendField(StringBuilder out, String value) {
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\r' || c == '\n';
        }
        if (!quote) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                out.append('"');
            }
            out.append(c);
        }
        out.append('"');
    }
}
