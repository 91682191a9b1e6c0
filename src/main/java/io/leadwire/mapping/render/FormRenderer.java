package io.leadwire.mapping.render;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Renders {@code name=value} pairs joined by {@code &}, UTF-8 percent-encoded, in mapping order;
 * fields without a value are left out. As a form body spaces are {@code +}
 * ({@code application/x-www-form-urlencoded}); as a query string (for GET) they are
 * {@code %20}, which every server reads the same.
 *
 * <p>Example: {@code LName=O'Neil} with a space-free value renders {@code LName=O%27Neil}.
 */
public final class FormRenderer implements Renderer {

    /** What form bodies are sent as. */
    public static final String FORM_CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8";

    private final String[] names;
    private final boolean query;

    /**
     * @param targets one target per field rule; the path text is the field name
     * @param query   whether this is a GET query string rather than a form body
     */
    public FormRenderer(List<TargetPath> targets, boolean query) {
        this.names = new String[targets.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = encode(targets.get(i).text(), query);
        }
        this.query = query;
    }

    @Override
    public String contentType() {
        return FORM_CONTENT_TYPE;
    }

    @Override
    public String render(String[] values) {
        StringBuilder out = new StringBuilder(256);
        for (int i = 0; i < names.length; i++) {
            if (values[i] == null) {
                continue;
            }
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(names[i]).append('=').append(encode(values[i], query));
        }
        return out.toString();
    }

    private static String encode(String text, boolean query) {
        String encoded = URLEncoder.encode(text, StandardCharsets.UTF_8);
        // URLEncoder writes a literal '+' as %2B, so every '+' left is a space.
        return query && encoded.indexOf('+') >= 0 ? encoded.replace("+", "%20") : encoded;
    }
}
