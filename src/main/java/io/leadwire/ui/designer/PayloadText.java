package io.leadwire.ui.designer;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a payload body into coloured tokens, optionally laid out for reading (JSON and XML
 * indented, form fields one a line). Laying out never changes a token, only the white space
 * between them, so what the operator reads is still the exact text sent. Pure Java, so it runs
 * on a background thread with the rest of a preview.
 */
public final class PayloadText {

    /** What a token is, for its colour. */
    public enum Kind { PUNCT, KEY, STRING, NUMBER, LITERAL, TAG, ATTR_NAME, ATTR_VALUE, TEXT, COMMENT, PLAIN }

    /**
     * One coloured piece of text.
     *
     * @param text the characters
     * @param kind what they are
     */
    public record Token(String text, Kind kind) {
    }

    private static final String INDENT = "  ";

    private PayloadText() {
    }

    /**
     * Tokens of a body in a format ({@code json}, {@code xml}, {@code soap11}, {@code soap12},
     * {@code form}, {@code query}, {@code csv}).
     *
     * @param pretty whether to lay the body out for reading
     */
    public static List<Token> tokens(String format, String body, boolean pretty) {
        switch (format) {
            case "json":
                return json(body, pretty);
            case "xml":
            case "soap11":
            case "soap12":
                return xml(body, pretty);
            case "form":
            case "query":
                return form(body, pretty);
            default:
                return List.of(new Token(body, Kind.PLAIN));
        }
    }

    /** The laid-out body as lines, for a line diff. */
    public static List<String> lines(String format, String body) {
        StringBuilder text = new StringBuilder();
        for (Token token : tokens(format, body, true)) {
            text.append(token.text());
        }
        List<String> out = new ArrayList<>(List.of(text.toString().split("\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** The text of tokens joined. */
    public static String text(List<Token> tokens) {
        StringBuilder out = new StringBuilder();
        tokens.forEach(t -> out.append(t.text()));
        return out.toString();
    }

    private static List<Token> json(String body, boolean pretty) {
        List<Token> out = new ArrayList<>();
        int depth = 0;
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (Character.isWhitespace(c)) {
                int start = i;
                while (i < n && Character.isWhitespace(body.charAt(i))) {
                    i++;
                }
                if (!pretty) {
                    out.add(new Token(body.substring(start, i), Kind.PLAIN));
                }
                continue;
            }
            if (c == '"') {
                int end = stringEnd(body, i);
                String text = body.substring(i, end);
                out.add(new Token(text, nextNonSpace(body, end) == ':' ? Kind.KEY : Kind.STRING));
                i = end;
            } else if (c == '{' || c == '[') {
                out.add(new Token(String.valueOf(c), Kind.PUNCT));
                i++;
                char next = nextNonSpace(body, i);
                if (pretty && next != '}' && next != ']') {
                    depth++;
                    newline(out, depth);
                } else if (pretty) {
                    depth++;
                }
            } else if (c == '}' || c == ']') {
                depth = Math.max(0, depth - 1);
                Token last = out.isEmpty() ? null : out.get(out.size() - 1);
                boolean empty = last != null && (last.text().equals("{") || last.text().equals("["));
                if (pretty && !empty) {
                    newline(out, depth);
                }
                out.add(new Token(String.valueOf(c), Kind.PUNCT));
                i++;
            } else if (c == ',') {
                out.add(new Token(",", Kind.PUNCT));
                i++;
                if (pretty) {
                    newline(out, depth);
                }
            } else if (c == ':') {
                out.add(new Token(pretty ? ": " : ":", Kind.PUNCT));
                i++;
            } else {
                int start = i;
                while (i < n && "{}[],:\" \t\r\n".indexOf(body.charAt(i)) < 0) {
                    i++;
                }
                String word = body.substring(start, i);
                out.add(new Token(word, word.equals("true") || word.equals("false") || word.equals("null")
                        ? Kind.LITERAL : Kind.NUMBER));
            }
        }
        return out;
    }

    private static int stringEnd(String body, int quote) {
        int i = quote + 1;
        while (i < body.length()) {
            char c = body.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '"') {
                return i + 1;
            }
            i++;
        }
        return body.length();
    }

    private static char nextNonSpace(String body, int from) {
        for (int i = from; i < body.length(); i++) {
            if (!Character.isWhitespace(body.charAt(i))) {
                return body.charAt(i);
            }
        }
        return 0;
    }

    private static void newline(List<Token> out, int depth) {
        out.add(new Token("\n" + INDENT.repeat(depth), Kind.PLAIN));
    }

    private static List<Token> xml(String body, boolean pretty) {
        List<Token> out = new ArrayList<>();
        int depth = 0;
        boolean afterText = false;
        boolean first = true;
        int i = 0;
        int n = body.length();
        while (i < n) {
            char c = body.charAt(i);
            if (c != '<') {
                int end = body.indexOf('<', i);
                end = end < 0 ? n : end;
                String text = body.substring(i, end);
                i = end;
                if (pretty && text.isBlank()) {
                    continue;
                }
                out.add(new Token(text, Kind.TEXT));
                afterText = true;
                continue;
            }
            if (body.startsWith("<!--", i) || body.startsWith("<?", i) || body.startsWith("<!", i)) {
                String close = body.startsWith("<!--", i) ? "-->" : body.startsWith("<?", i) ? "?>" : ">";
                int end = body.indexOf(close, i);
                end = end < 0 ? n : end + close.length();
                if (pretty && !first) {
                    newline(out, depth);
                }
                out.add(new Token(body.substring(i, end), Kind.COMMENT));
                i = end;
                afterText = false;
                first = false;
                continue;
            }
            int end = tagEnd(body, i);
            boolean closing = body.startsWith("</", i);
            boolean selfClosing = body.startsWith("/>", end - 2);
            if (closing) {
                depth = Math.max(0, depth - 1);
            }
            if (pretty && !first && !afterText) {
                newline(out, depth);
            }
            tag(body.substring(i, end), out);
            if (!closing && !selfClosing) {
                depth++;
            }
            afterText = false;
            first = false;
            i = end;
        }
        return out;
    }

    private static int tagEnd(String body, int open) {
        char quote = 0;
        for (int i = open + 1; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i + 1;
            }
        }
        return body.length();
    }

    /** A tag: its name, then attribute names and quoted values. */
    private static void tag(String tag, List<Token> out) {
        int i = tag.startsWith("</") ? 2 : 1;
        out.add(new Token(tag.substring(0, i), Kind.PUNCT));
        int nameEnd = i;
        while (nameEnd < tag.length() && " \t\r\n/>".indexOf(tag.charAt(nameEnd)) < 0) {
            nameEnd++;
        }
        out.add(new Token(tag.substring(i, nameEnd), Kind.TAG));
        i = nameEnd;
        while (i < tag.length()) {
            char c = tag.charAt(i);
            if (c == '"' || c == '\'') {
                int close = tag.indexOf(c, i + 1);
                close = close < 0 ? tag.length() : close + 1;
                out.add(new Token(tag.substring(i, close), Kind.ATTR_VALUE));
                i = close;
            } else if (c == '/' || c == '>' || c == '=' || Character.isWhitespace(c)) {
                int start = i;
                while (i < tag.length() && ("/>=".indexOf(tag.charAt(i)) >= 0 || Character.isWhitespace(tag.charAt(i)))) {
                    i++;
                }
                out.add(new Token(tag.substring(start, i), Kind.PUNCT));
            } else {
                int start = i;
                while (i < tag.length() && "=/> \t\r\n\"'".indexOf(tag.charAt(i)) < 0) {
                    i++;
                }
                out.add(new Token(tag.substring(start, i), Kind.ATTR_NAME));
            }
        }
    }

    private static List<Token> form(String body, boolean pretty) {
        List<Token> out = new ArrayList<>();
        String[] pairs = body.split("&", -1);
        for (int p = 0; p < pairs.length; p++) {
            if (p > 0) {
                out.add(new Token("&", Kind.PUNCT));
                if (pretty) {
                    out.add(new Token("\n", Kind.PLAIN));
                }
            }
            String pair = pairs[p];
            int eq = pair.indexOf('=');
            if (eq < 0) {
                out.add(new Token(pair, Kind.KEY));
            } else {
                out.add(new Token(pair.substring(0, eq), Kind.KEY));
                out.add(new Token("=", Kind.PUNCT));
                out.add(new Token(pair.substring(eq + 1), Kind.STRING));
            }
        }
        return out;
    }
}
