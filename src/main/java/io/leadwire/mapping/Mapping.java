package io.leadwire.mapping;

import io.leadwire.mapping.render.Renderer;
import io.leadwire.mapping.template.BodyTemplate;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A parsed, compiled buyer mapping: its format, rules and the renderer prepared for them.
 * Build one with {@link MappingParser}; it is immutable and may be shared across threads.
 *
 * @param name             what the mapping is called (for messages)
 * @param format           the payload format
 * @param rootElement      XML/SOAP root (SOAP: the body element), or {@code null}
 * @param defaultNamespace XML namespace of unprefixed elements, or {@code null}
 * @param namespaces       XML prefix → namespace URI
 * @param soapAction       SOAP action, or {@code null}
 * @param rules            field rules, in the order fields are written
 * @param renderer         the renderer compiled for these rules (in template mode: the template)
 * @param template         the whole-body template in template mode, else {@code null} (rules mode)
 * @param request          how the payload is sent (method, URL, headers with secret placeholders), or
 *                         {@code null} when the document has no {@code request} block
 */
public record Mapping(String name, PayloadFormat format, String rootElement, String defaultNamespace,
        Map<String, String> namespaces, String soapAction, List<FieldRule> rules, Renderer renderer,
        BodyTemplate template, HttpRequestSpec request) {

    public Mapping {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
        rules = List.copyOf(rules);
        Objects.requireNonNull(renderer, "renderer");
    }

    /** A rules-mode mapping without a request block. */
    public Mapping(String name, PayloadFormat format, String rootElement, String defaultNamespace,
            Map<String, String> namespaces, String soapAction, List<FieldRule> rules, Renderer renderer) {
        this(name, format, rootElement, defaultNamespace, namespaces, soapAction, rules, renderer, null, null);
    }

    /** Whether the body is written by a template rather than by field rules. */
    public boolean templateMode() {
        return template != null;
    }
}
