package io.leadwire.mapping.template;

import io.leadwire.mapping.FieldIssue;
import io.leadwire.mapping.PayloadFormat;
import io.leadwire.mapping.RenderedPayload;
import io.leadwire.mapping.render.Renderer;
import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.extension.ExtensionCustomizer;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.extension.ExtensionRegistry;
import io.pebbletemplates.pebble.lexer.LexerImpl;
import io.pebbletemplates.pebble.lexer.Token;
import io.pebbletemplates.pebble.loader.Loader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.tokenParser.TokenParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Template mode: a buyer's whole body written as a <a href="https://pebbletemplates.io">Pebble</a>
 * template, for the odd buyer whose payload does not fit field rules. Lead fields are variables
 * ({@code {{ first_name }}}, or {@code {{ lead["any-name"] }}}); the mapping's transforms are
 * filters ({@code {{ phone | e164 }}}, {@code {{ dob | age }}}, {@code {{ email | sha256email }}},
 * {@code {{ homeowner | translate("yesno") }}}, see {@link TemplateFilters}).
 *
 * <p>Safe by construction: every printed value is escaped for the body's format (JSON string,
 * XML text, form value, CSV cell) and the {@code raw} filter and {@code autoescape} tag that
 * would switch that off are removed; no method of any object can be called; a template cannot
 * include, import or extend anything; the body is capped at {@value #MAX_BODY_CHARS} characters.
 * The rendered body is read back (JSON, XML, SOAP, form, query) so that a broken body is an
 * error and the buyer spec can check its fields.
 *
 * <p>Compiled once, immutable and thread-safe. {@link Renderer#render(String[])} is not used:
 * the engine calls {@link #render(Map, Clock)}.
 */
public final class BodyTemplate implements Renderer {

    /** The largest body a template may render. */
    public static final int MAX_BODY_CHARS = 1 << 20;
    private static final String NAME = "body";
    private static final Set<String> REMOVED_FILTERS = Set.of("raw");
    private static final Set<String> REMOVED_FUNCTIONS = Set.of("i18n");
    private static final Set<String> REMOVED_TAGS = Set.of("autoescape", "include", "import", "from", "extends",
            "embed", "parallel", "cache");
    private static final Pattern QUOTED = Pattern.compile("\\[([^\\]]+)\\]|of value \"([^\"]+)\"|name \"([^\"]+)\"");

    private final String source;
    private final PayloadFormat format;
    private final String contentType;
    private final Map<String, String> headers;
    private final PebbleTemplate template;

    private BodyTemplate(String source, PayloadFormat format, String contentType, Map<String, String> headers,
            PebbleTemplate template) {
        this.source = source;
        this.format = format;
        this.contentType = contentType;
        this.headers = Map.copyOf(headers);
        this.template = template;
    }

    /**
     * Compiles a template.
     *
     * @param source      the template text
     * @param format      the body's format: picks the escaping and how the body is read back
     * @param tables      named translation tables for the {@code translate} filter
     * @param contentType the content type to send
     * @param headers     extra headers the format needs (SOAPAction)
     * @throws TemplateSyntaxException naming the line and column of a syntax error or unknown filter
     */
    public static BodyTemplate compile(String source, PayloadFormat format, Map<String, Map<String, String>> tables,
            String contentType, Map<String, String> headers) throws TemplateSyntaxException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        PebbleEngine engine = new PebbleEngine.Builder()
                .loader(new OneTemplateLoader(source))
                .extension(new TemplateFilters(tables))
                .registerExtensionCustomizer(Restricted::new)
                .autoEscaping(true)
                .addEscapingStrategy(Escapers.JSON, Escapers::json)
                .addEscapingStrategy(Escapers.XML, Escapers::xml)
                .addEscapingStrategy(Escapers.FORM, Escapers::form)
                .addEscapingStrategy(Escapers.QUERY, Escapers::query)
                .addEscapingStrategy(Escapers.CSV, Escapers::csv)
                .defaultEscapingStrategy(Escapers.strategyFor(format))
                .methodAccessValidator((object, method) -> false)
                .strictVariables(false)
                .newLineTrimming(false)
                .maxRenderedSize(MAX_BODY_CHARS)
                .defaultLocale(Locale.ROOT)
                .build();
        try {
            PebbleTemplate template = engine.getTemplate(NAME);
            checkNames(engine, source);
            return new BodyTemplate(source, format, contentType, headers, template);
        } catch (PebbleException e) {
            throw syntaxError(e, source);
        }
    }

    /**
     * Pebble looks filters and functions up only when it renders; an unknown name (a typo such as
     * {@code e165}) is reported here instead, with its line and column.
     */
    private static void checkNames(PebbleEngine engine, String source) throws TemplateSyntaxException {
        ExtensionRegistry registry = engine.getExtensionRegistry();
        List<Token> tokens = new LexerImpl(engine.getSyntax(), registry.getUnaryOperators().values(),
                registry.getBinaryOperators().values()).tokenize(new StringReader(source), NAME).getTokens();
        Set<String> macros = new HashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (tokens.get(i).test(Token.Type.NAME, "macro") && tokens.get(i + 1).test(Token.Type.NAME)) {
                macros.add(tokens.get(i + 1).getValue());
            }
        }
        for (int i = 1; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!token.test(Token.Type.NAME)) {
                continue;
            }
            Token before = tokens.get(i - 1);
            Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            if (before.test(Token.Type.PUNCTUATION, "|") || before.test(Token.Type.OPERATOR, "|")) {
                if (registry.getFilter(token.getValue()) == null) {
                    throw new TemplateSyntaxException(token.getLineNumber(), column(source, token), "unknown filter '"
                            + token.getValue() + "'");
                }
            } else if (after != null && after.test(Token.Type.PUNCTUATION, "(") && !before.test(Token.Type.PUNCTUATION, ".")
                    && !(before.test(Token.Type.OPERATOR) && before.getValue().startsWith("is"))
                    && !before.test(Token.Type.NAME, "macro") && !macros.contains(token.getValue())
                    && registry.getFunction(token.getValue()) == null) {
                throw new TemplateSyntaxException(token.getLineNumber(), column(source, token), "unknown function '"
                        + token.getValue() + "'");
            }
        }
    }

    private static int column(String source, Token token) {
        String[] lines = source.split("\n", -1);
        if (token.getLineNumber() < 1 || token.getLineNumber() > lines.length) {
            return 0;
        }
        Matcher m = Pattern.compile("\\b" + Pattern.quote(token.getValue()) + "\\b").matcher(lines[token.getLineNumber() - 1]);
        return m.find() ? m.start() + 1 : 0;
    }

    private static TemplateSyntaxException syntaxError(PebbleException e, String source) {
        Integer line = e.getLineNumber();
        String message = e.getPebbleMessage() == null ? String.valueOf(e.getMessage()) : e.getPebbleMessage();
        int column = 0;
        if (line != null && line > 0) {
            String[] lines = source.split("\n", -1);
            if (line <= lines.length) {
                Matcher named = QUOTED.matcher(message);
                while (column == 0 && named.find()) {
                    String what = named.group(1) != null ? named.group(1)
                            : named.group(2) != null ? named.group(2) : named.group(3);
                    column = lines[line - 1].indexOf(what) + 1;
                }
            }
        }
        return new TemplateSyntaxException(line == null ? 0 : line, column, message);
    }

    /** The template text as written. */
    public String source() {
        return source;
    }

    /** The body's format. */
    public PayloadFormat format() {
        return format;
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    /**
     * Not used for templates, which render from the whole lead.
     *
     * @throws UnsupportedOperationException always
     */
    @Override
    public String render(String[] values) {
        throw new UnsupportedOperationException("a template body renders from the lead: use render(fields, clock)");
    }

    /**
     * Renders the body for a lead. Never throws for bad data or a failing template: transform
     * problems are issues naming the lead field, a template that fails at run time or renders a
     * body that cannot be read is an error naming {@code template} or {@code body}.
     */
    public RenderedPayload render(Map<String, String> fields, Clock clock) {
        TemplateRun run = new TemplateRun(fields, clock);
        Map<String, Object> context = new HashMap<>(fields.size() * 2 + 4);
        boolean xml = format.xml();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (xml) {
                // Unprintable characters are dropped by the XML escaper; say so for every field that has them.
                checkXmlSafe(field.getKey(), field.getValue(), run);
            }
            context.put(field.getKey(), field.getValue());
        }
        context.put("lead", fields);
        context.put(TemplateRun.KEY, run);
        StringWriter out = new StringWriter(512);
        boolean rendered = false;
        try {
            template.evaluate(out, context, Locale.ROOT);
            rendered = true;
        } catch (PebbleException e) {
            run.errors().add(new FieldIssue("template", (e.getLineNumber() == null ? "" : "line " + e.getLineNumber()
                    + ": ") + (e.getPebbleMessage() == null ? e.getMessage() : e.getPebbleMessage())));
        } catch (IOException | RuntimeException e) {
            run.errors().add(new FieldIssue("template", "cannot be rendered: " + e.getMessage()));
        }
        String body = out.toString();
        Map<String, String> values = Map.of();
        if (rendered) {
            PayloadFields.Result read = PayloadFields.read(body, format);
            if (read.problem() != null) {
                run.errors().add(new FieldIssue("body", read.problem()));
            }
            values = read.fields();
        }
        return new RenderedPayload(contentType, headers, body, new LinkedHashMap<>(values), run.warnings(),
                run.errors());
    }

    private static void checkXmlSafe(String name, String value, TemplateRun run) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if (!Escapers.xmlAllowed(c) || Character.isSurrogate(c)) {
                run.warnings().add(new FieldIssue(name, String.format(
                        "contains character U+%04X, which XML cannot carry; it is left out wherever printed", (int) c)));
                return;
            }
        }
    }

    /** The one template this engine knows; any include, import or extends of another name fails. */
    private static final class OneTemplateLoader implements Loader<String> {
        private final String source;

        OneTemplateLoader(String source) {
            this.source = source;
        }

        @Override
        public Reader getReader(String name) {
            if (!NAME.equals(name)) {
                throw new LoaderException(null, "a template body cannot load another template ('" + name + "')");
            }
            return new StringReader(source);
        }

        @Override
        public void setCharset(String charset) {
            // the template is already text
        }

        @Override
        public void setPrefix(String prefix) {
            // one template, no folders
        }

        @Override
        public void setSuffix(String suffix) {
            // one template, no folders
        }

        @Override
        public String resolveRelativePath(String relativePath, String anchorPath) {
            return relativePath;
        }

        @Override
        public String createCacheKey(String templateName) {
            return templateName;
        }

        @Override
        public boolean resourceExists(String templateName) {
            return NAME.equals(templateName);
        }
    }

    /** Pebble's own extensions minus what could switch off escaping or reach outside the template. */
    private static final class Restricted extends ExtensionCustomizer {
        Restricted(Extension extension) {
            super(extension);
        }

        @Override
        public Map<String, Filter> getFilters() {
            return without(super.getFilters(), REMOVED_FILTERS);
        }

        @Override
        public Map<String, Function> getFunctions() {
            return without(super.getFunctions(), REMOVED_FUNCTIONS);
        }

        @Override
        public List<TokenParser> getTokenParsers() {
            List<TokenParser> parsers = super.getTokenParsers();
            if (parsers == null) {
                return null;
            }
            List<TokenParser> kept = new ArrayList<>(parsers.size());
            for (TokenParser parser : parsers) {
                if (!REMOVED_TAGS.contains(parser.getTag())) {
                    kept.add(parser);
                }
            }
            return kept;
        }

        private static <T> Map<String, T> without(Map<String, T> all, Set<String> removed) {
            if (all == null) {
                return null;
            }
            Map<String, T> kept = new LinkedHashMap<>(all);
            kept.keySet().removeAll(removed);
            return kept;
        }
    }
}
