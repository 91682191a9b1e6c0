package io.leadwire.mapping.template;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.leadwire.mapping.PayloadFormat;
import java.io.IOException;
import java.io.StringReader;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * Reads a rendered template body back into target → value pairs, named as a rule-based
 * mapping names its targets ({@code applicant.name.first}, {@code phones[0].number},
 * {@code Applicant.@id}), so the buyer spec validates a template payload like any other. Also
 * proves the body is well-formed: a template that renders broken JSON or XML is an error.
 */
final class PayloadFields {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/";
    private static final String SOAP12 = "http://www.w3.org/2003/05/soap-envelope";

    /** The fields, or why the body cannot be read. */
    record Result(Map<String, String> fields, String problem) {
    }

    private PayloadFields() {
    }

    static Result read(String body, PayloadFormat format) {
        switch (format) {
            case JSON:
                return json(body);
            case XML:
            case SOAP11:
            case SOAP12:
                return xml(body, format != PayloadFormat.XML);
            case FORM:
            case QUERY:
                return form(body);
            default:
                return new Result(Map.of(), null);
        }
    }

    private static Result json(String body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null) {
                return new Result(Map.of(), "the rendered body is empty, not JSON");
            }
            Map<String, String> out = new LinkedHashMap<>();
            flatten(root, "", out);
            return new Result(out, null);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return new Result(Map.of(), "the rendered body is not valid JSON: " + e.getOriginalMessage()
                    + (at == null ? "" : " (body line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
    }

    private static void flatten(JsonNode node, String path, Map<String, String> out) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                flatten(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(node.get(i), path + "[" + i + "]", out);
            }
        } else if (!node.isNull()) {
            out.put(path, node.asText());
        }
    }

    private static Result xml(String body, boolean soap) {
        Element root;
        try {
            root = parser().parse(new InputSource(new StringReader(body))).getDocumentElement();
        } catch (SAXParseException e) {
            return new Result(Map.of(), "the rendered body is not well-formed XML: " + e.getMessage()
                    + " (body line " + e.getLineNumber() + ", column " + e.getColumnNumber() + ")");
        } catch (SAXException | IOException e) {
            return new Result(Map.of(), "the rendered body is not well-formed XML: " + e.getMessage());
        }
        if (soap) {
            String ns = root.getNamespaceURI();
            if (!"Envelope".equals(root.getLocalName()) || !(SOAP11.equals(ns) || SOAP12.equals(ns))) {
                return new Result(Map.of(), "the rendered body is not a SOAP envelope (root is <"
                        + root.getNodeName() + "> in " + ns + ")");
            }
            Element body0 = child(root, "Body");
            Element payload = body0 == null ? null : firstElement(body0);
            if (payload == null) {
                return new Result(Map.of(), "the SOAP envelope has no element in its Body");
            }
            root = payload;
        }
        Map<String, String> out = new LinkedHashMap<>();
        flatten(root, "", out);
        return new Result(out, null);
    }

    private static void flatten(Element element, String path, Map<String, String> out) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attr = (Attr) attributes.item(i);
            if (!XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attr.getNamespaceURI())) {
                out.put(join(path, "@" + attr.getName()), attr.getValue());
            }
        }
        List<Element> children = new ArrayList<>();
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                children.add((Element) n);
            }
        }
        if (children.isEmpty()) {
            if (!path.isEmpty()) {
                out.put(path, element.getTextContent());
            }
            return;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        children.forEach(c -> counts.merge(c.getTagName(), 1, Integer::sum));
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (Element child : children) {
            String name = child.getTagName();
            int index = seen.merge(name, 1, Integer::sum) - 1;
            flatten(child, join(path, counts.get(name) > 1 ? name + "[" + index + "]" : name), out);
        }
    }

    private static String join(String path, String segment) {
        return path.isEmpty() ? segment : path + "." + segment;
    }

    private static Element child(Element parent, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && localName.equals(n.getLocalName())) {
                return (Element) n;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element) {
                return (Element) n;
            }
        }
        return null;
    }

    /** A namespace-aware parser that refuses DOCTYPEs and external entities. */
    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ErrorHandler() {
                @Override
                public void warning(SAXParseException e) {
                    // warnings do not make the body unusable
                }

                @Override
                public void error(SAXParseException e) throws SAXException {
                    throw e;
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            });
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a standard feature", e);
        }
    }

    private static Result form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body.isEmpty()) {
            return new Result(out, null);
        }
        for (String pair : body.split("&", -1)) {
            int eq = pair.indexOf('=');
            try {
                String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                out.put(name, value);
            } catch (IllegalArgumentException e) {
                return new Result(Map.of(), "the rendered body is not valid form encoding near '" + pair + "'");
            }
        }
        return new Result(out, null);
    }
}
