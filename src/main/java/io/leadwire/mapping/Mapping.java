package io.leadwire.mapping;

import io.leadwire.mapping.render.Renderer;
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
 * @param renderer         the renderer compiled for these rules
 */
public record Mapping(String name, PayloadFormat format, String rootElement, String defaultNamespace,
        Map<String, String> namespaces, String soapAction, List<FieldRule> rules, Renderer renderer) {

    public Mapping {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(format, "format");
        namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
        rules = List.copyOf(rules);
        Objects.requireNonNull(renderer, "renderer");
    }
}
