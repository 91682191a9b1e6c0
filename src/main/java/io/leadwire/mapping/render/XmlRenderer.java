package io.leadwire.mapping.render;

import java.io.StringWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Renders XML with StAX: target segments become elements under the root element, indexed
 * segments repeat an element, {@code @attr} segments become attributes. Element names may carry
 * a prefix declared in the mapping's namespaces ({@code p:name}); unprefixed elements are in the
 * default namespace, when one is given. Optionally wrapped in a SOAP 1.1 or 1.2 envelope, which
 * is why this is built with StAX and not Jackson XML (that one puts the envelope's namespace on
 * every child).
 *
 * <p>Example: root {@code lead}, targets {@code applicant.@id}, {@code applicant.name} with
 * values {@code 7}, {@code Ann} give
 * {@code <?xml version="1.0" encoding="UTF-8"?><lead><applicant id="7"><name>Ann</name></applicant></lead>}.
 */
public final class XmlRenderer implements Renderer {

    /** What plain XML payloads are sent as. */
    public static final String XML_CONTENT_TYPE = "application/xml; charset=utf-8";
    /** SOAP 1.1 content type. */
    public static final String SOAP11_CONTENT_TYPE = "text/xml; charset=utf-8";
    /** SOAP 1.2 content type (an {@code action} parameter is added when the mapping has one). */
    public static final String SOAP12_CONTENT_TYPE = "application/soap+xml; charset=utf-8";
    /** SOAP 1.1 envelope namespace. */
    public static final String SOAP11_NS = "http://schemas.xmlsoap.org/soap/envelope/";
    /** SOAP 1.2 envelope namespace. */
    public static final String SOAP12_NS = "http://www.w3.org/2003/05/soap-envelope";
    /** The root element when the mapping names none. */
    public static final String DEFAULT_ROOT = "lead";
    private static final String SOAP_PREFIX = "soap";
    private static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
    private static final XMLOutputFactory XML = XMLOutputFactory.newFactory();

    /** Plain XML or one of the SOAP envelopes. */
    public enum Envelope { NONE, SOAP11, SOAP12 }

    private final Layout.Node root;
    private final String rootName;
    private final String defaultNamespace;
    private final Map<String, String> namespaces;
    private final Envelope envelope;
    private final String contentType;
    private final Map<String, String> headers;

    /**
     * @param targets          one target per field rule, relative to the root element
     * @param rootElement      root (SOAP: body payload) element, possibly prefixed; null for {@value #DEFAULT_ROOT}
     * @param defaultNamespace namespace of unprefixed elements, or null
     * @param namespaces       prefix → namespace URI declarations
     * @param envelope         SOAP envelope to wrap the root in, if any
     * @param soapAction       the SOAP action, or null
     * @throws IllegalArgumentException on colliding targets or undeclared prefixes
     */
    public XmlRenderer(List<TargetPath> targets, String rootElement, String defaultNamespace,
            Map<String, String> namespaces, Envelope envelope, String soapAction) {
        this.root = Layout.compile(targets);
        this.rootName = rootElement == null ? DEFAULT_ROOT : rootElement;
        this.defaultNamespace = defaultNamespace;
        this.namespaces = Collections.unmodifiableMap(new LinkedHashMap<>(namespaces));
        this.envelope = Objects.requireNonNull(envelope, "envelope");
        checkPrefix(rootName);
        for (TargetPath target : targets) {
            for (TargetPath.Segment segment : target.segments()) {
                checkPrefix(segment.name());
            }
        }
        switch (envelope) {
            case SOAP11:
                contentType = SOAP11_CONTENT_TYPE;
                headers = Map.of("SOAPAction", "\"" + (soapAction == null ? "" : soapAction) + "\"");
                break;
            case SOAP12:
                contentType = soapAction == null ? SOAP12_CONTENT_TYPE
                        : SOAP12_CONTENT_TYPE + "; action=\"" + soapAction + "\"";
                headers = Map.of();
                break;
            default:
                contentType = XML_CONTENT_TYPE;
                headers = Map.of();
        }
    }

    private void checkPrefix(String name) {
        int colon = name.indexOf(':');
        if (colon >= 0 && !namespaces.containsKey(name.substring(0, colon))) {
            throw new IllegalArgumentException("prefix '" + name.substring(0, colon) + "' of '" + name
                    + "' is not declared in namespaces");
        }
    }

    @Override
    public String contentType() {
        return contentType;
    }

    @Override
    public Map<String, String> headers() {
        return headers;
    }

    @Override
    public String render(String[] values) {
        StringWriter out = new StringWriter(512);
        out.write(DECLARATION);
        try {
            XMLStreamWriter writer = XML.createXMLStreamWriter(out);
            if (envelope != Envelope.NONE) {
                String ns = envelope == Envelope.SOAP11 ? SOAP11_NS : SOAP12_NS;
                writer.writeStartElement(SOAP_PREFIX, "Envelope", ns);
                writer.writeNamespace(SOAP_PREFIX, ns);
                writer.writeStartElement(SOAP_PREFIX, "Body", ns);
            }
            startElement(writer, rootName);
            if (defaultNamespace != null) {
                writer.writeDefaultNamespace(defaultNamespace);
            }
            for (Map.Entry<String, String> ns : namespaces.entrySet()) {
                writer.writeNamespace(ns.getKey(), ns.getValue());
            }
            writeContent(writer, root, values);
            writer.writeEndElement();
            if (envelope != Envelope.NONE) {
                writer.writeEndElement();
                writer.writeEndElement();
            }
            writer.flush();
            writer.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("writing XML to a string failed: " + e.getMessage(), e);
        }
        return out.toString();
    }

    private void startElement(XMLStreamWriter writer, String name) throws XMLStreamException {
        int colon = name.indexOf(':');
        if (colon >= 0) {
            String prefix = name.substring(0, colon);
            writer.writeStartElement(prefix, name.substring(colon + 1), namespaces.get(prefix));
        } else {
            writer.writeStartElement("", name, defaultNamespace == null ? "" : defaultNamespace);
        }
    }

    private void writeContent(XMLStreamWriter writer, Layout.Node node, String[] values) throws XMLStreamException {
        for (Map.Entry<String, Integer> attribute : node.attributes.entrySet()) {
            String value = values[attribute.getValue()];
            if (value != null) {
                writer.writeAttribute(attribute.getKey(), value);
            }
        }
        if (node.leaf >= 0 && values[node.leaf] != null) {
            writer.writeCharacters(values[node.leaf]);
        }
        for (Map.Entry<String, Layout.Node> child : node.children.entrySet()) {
            Layout.Node element = child.getValue();
            if (element.array) {
                for (Layout.Node item : element.items) {
                    if (item != null && item.hasValue(values)) {
                        writeElement(writer, child.getKey(), item, values);
                    }
                }
            } else if (element.hasValue(values)) {
                writeElement(writer, child.getKey(), element, values);
            }
        }
    }

    private void writeElement(XMLStreamWriter writer, String name, Layout.Node node, String[] values)
            throws XMLStreamException {
        startElement(writer, name);
        writeContent(writer, node, values);
        writer.writeEndElement();
    }
}
