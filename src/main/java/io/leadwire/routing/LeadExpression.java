package io.leadwire.routing;

import io.pebbletemplates.pebble.PebbleEngine;
import io.pebbletemplates.pebble.error.LoaderException;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.Extension;
import io.pebbletemplates.pebble.extension.ExtensionCustomizer;
import io.pebbletemplates.pebble.extension.ExtensionRegistry;
import io.pebbletemplates.pebble.extension.Function;
import io.pebbletemplates.pebble.lexer.LexerImpl;
import io.pebbletemplates.pebble.lexer.Token;
import io.pebbletemplates.pebble.loader.Loader;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import io.pebbletemplates.pebble.tokenParser.TokenParser;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A buyer's custom condition, a Pebble expression compiled once into the template
 * {@code {% if EXPR %}1{% endif %}} and evaluated per lead. Pebble is already the project's
 * template language (mapping bodies), so buyers and integration staff write one syntax:
 * {@code score >= 70 and country_code == 'US'}, {@code ['US', 'CA'] contains country_code},
 * {@code lead['utm-source'] == 'google'}, {@code email is not null}.
 *
 * <p>Locked down like the mapping's body templates: no tags other than the one {@code if}, no
 * method calls on any object, no loading of other templates, no {@code range} (which could
 * allocate without bound) and no {@code i18n} (which reads resource bundles). Immutable and
 * thread-safe: a compiled Pebble template may be evaluated concurrently.
 */
final class LeadExpression {
    /** Longer conditions are not something anyone writes by hand; refusing them bounds the work. */
    static final int MAX_LENGTH = 2000;
    private static final String NAME = "condition";
    private static final Set<String> DELIMITERS = Set.of("{%", "%}", "{{", "}}", "{#", "#}");
    private static final Set<String> REMOVED_FUNCTIONS = Set.of("range", "i18n", "parent", "block");
    private static final Pattern INTEGER = Pattern.compile("-?(?:0|[1-9]\\d{0,17})");
    private static final Pattern DECIMAL = Pattern.compile("-?(?:0|[1-9]\\d{0,30})\\.\\d{1,30}");

    private final String source;
    private final PebbleTemplate template;

    private LeadExpression(String source, PebbleTemplate template) {
        this.source = source;
        this.template = template;
    }

    /**
     * Compiles a condition.
     *
     * @throws IllegalArgumentException with Pebble's message when the condition does not compile or
     *                                  names a filter, function or test that does not exist
     */
    static LeadExpression compile(String source) {
        String expr = source.strip();
        if (expr.isEmpty()) {
            throw new IllegalArgumentException("is empty");
        }
        if (expr.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is longer than " + MAX_LENGTH + " characters");
        }
        for (String d : DELIMITERS) {
            if (expr.contains(d)) {
                throw new IllegalArgumentException("must be a bare condition without Pebble delimiters such as '"
                        + d + "'");
            }
        }
        String text = "{% if " + expr + " %}1{% endif %}";
        PebbleEngine engine = new PebbleEngine.Builder()
                .loader(new OneTemplateLoader(text))
                .registerExtensionCustomizer(Restricted::new)
                .methodAccessValidator((object, method) -> false)
                .strictVariables(false)
                .autoEscaping(false)
                .cacheActive(false)
                .maxRenderedSize(16)
                .defaultLocale(Locale.ROOT)
                .build();
        try {
            PebbleTemplate template = engine.getTemplate(NAME);
            checkNames(engine, text);
            return new LeadExpression(expr, template);
        } catch (PebbleException e) {
            throw new IllegalArgumentException("does not compile: " + message(e), e);
        }
    }

    /**
     * Pebble looks filters, functions and tests up only when it evaluates; a typo would then make
     * every lead ineligible. They are checked here instead, so the buyer config is refused.
     */
    private static void checkNames(PebbleEngine engine, String text) {
        ExtensionRegistry registry = engine.getExtensionRegistry();
        List<Token> tokens = new LexerImpl(engine.getSyntax(), registry.getUnaryOperators().values(),
                registry.getBinaryOperators().values()).tokenize(new StringReader(text), NAME).getTokens();
        for (int i = 1; i < tokens.size(); i++) {
            Token token = tokens.get(i);
            if (!token.test(Token.Type.NAME)) {
                continue;
            }
            Token before = tokens.get(i - 1);
            Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            String name = token.getValue();
            if (before.test(Token.Type.PUNCTUATION, "|") || before.test(Token.Type.OPERATOR, "|")) {
                if (registry.getFilter(name) == null) {
                    throw new IllegalArgumentException("does not compile: unknown filter '" + name + "'");
                }
            } else if (before.test(Token.Type.OPERATOR) && before.getValue().startsWith("is")) {
                if (registry.getTest(name) == null) {
                    throw new IllegalArgumentException("does not compile: unknown test '" + name + "'");
                }
            } else if (after != null && after.test(Token.Type.PUNCTUATION, "(")
                    && !before.test(Token.Type.PUNCTUATION, ".") && registry.getFunction(name) == null) {
                throw new IllegalArgumentException("does not compile: unknown function '" + name + "'");
            }
        }
    }

    /** The condition as written (trimmed). */
    String source() {
        return source;
    }

    /**
     * Evaluates the condition for a lead.
     *
     * @return empty if it holds; else why not ({@code condition not met: ...} or
     *         {@code condition failed: <Pebble's message>})
     */
    Optional<String> whyNot(Map<String, String> fields, Integer score) {
        StringWriter out = new StringWriter(4);
        try {
            template.evaluate(out, context(fields, score), Locale.ROOT);
        } catch (PebbleException e) {
            return Optional.of("condition failed: " + message(e) + " in " + source);
        } catch (IOException | RuntimeException e) {
            return Optional.of("condition failed: " + e.getMessage() + " in " + source);
        }
        return out.toString().equals("1") ? Optional.empty() : Optional.of("condition not met: " + source);
    }

    /**
     * Every field by name (blank ones left out, so they test as null), again under {@code lead}
     * for names Pebble cannot spell as variables, and {@code score}. Numbers are passed as
     * numbers so that {@code >=} compares them; a value with a leading zero (a ZIP code, an id)
     * stays text.
     */
    static Map<String, Object> context(Map<String, String> fields, Integer score) {
        Map<String, Object> lead = new LinkedHashMap<>(fields.size() * 2);
        for (Map.Entry<String, String> e : fields.entrySet()) {
            Object v = typed(e.getValue());
            if (v != null) {
                lead.put(e.getKey(), v);
            }
        }
        Map<String, Object> context = new HashMap<>(lead);
        context.put("lead", Map.copyOf(lead));
        if (score != null) {
            context.put("score", score.longValue());
        } else {
            context.remove("score");
        }
        return context;
    }

    static Object typed(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        String v = raw.strip();
        if (INTEGER.matcher(v).matches()) {
            return Long.parseLong(v);
        }
        if (DECIMAL.matcher(v).matches()) {
            return new BigDecimal(v);
        }
        return v;
    }

    private static String message(PebbleException e) {
        String m = e.getPebbleMessage() == null ? String.valueOf(e.getMessage()) : e.getPebbleMessage();
        return m.strip();
    }

    /** The one template this engine knows; nothing else can be loaded. */
    private static final class OneTemplateLoader implements Loader<String> {
        private final String text;

        OneTemplateLoader(String text) {
            this.text = text;
        }

        @Override
        public Reader getReader(String name) {
            if (!NAME.equals(name)) {
                throw new LoaderException(null, "a condition cannot load a template ('" + name + "')");
            }
            return new StringReader(text);
        }

        @Override
        public void setCharset(String charset) {
            // the condition is already text
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

    /** Pebble's own extensions minus the tags and the functions a condition has no business with. */
    private static final class Restricted extends ExtensionCustomizer {
        Restricted(Extension extension) {
            super(extension);
        }

        @Override
        public Map<String, Function> getFunctions() {
            Map<String, Function> all = super.getFunctions();
            if (all == null) {
                return null;
            }
            Map<String, Function> kept = new LinkedHashMap<>(all);
            kept.keySet().removeAll(REMOVED_FUNCTIONS);
            return kept;
        }

        @Override
        public List<TokenParser> getTokenParsers() {
            List<TokenParser> parsers = super.getTokenParsers();
            if (parsers == null) {
                return null;
            }
            return parsers.stream().filter(p -> p.getTag().equals("if")).toList();
        }
    }
}
