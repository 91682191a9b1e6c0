package io.leadwire.delivery.response;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.namespace.NamespaceContext;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathEvaluationResult;
import javax.xml.xpath.XPathExpression;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import javax.xml.xpath.XPathFactoryConfigurationException;
import javax.xml.xpath.XPathNodes;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * XML for buyer answers, parsed the safe way: a buyer (or whoever sits between us and it) must
 * not make us read local files or other hosts through entities, nor blow up memory with entity
 * expansion. A document type declaration is refused outright, so no entity is ever declared, and
 * external access is switched off as a second fence. Parsing is namespace-aware.
 *
 * <p>The JDK's parsers and XPath objects are not thread-safe and costly to look up, so each
 * delivery thread keeps its own; they hold no state between answers.
 */
final class SafeXml {
    private static final int MAX_ELEMENT_DEPTH = 256;
    private static final ThreadLocal<DocumentBuilder> BUILDERS = ThreadLocal.withInitial(SafeXml::newBuilder);
    private static final ThreadLocal<XPath> XPATHS = ThreadLocal.withInitial(SafeXml::newXPath);
    private static final ErrorHandler STRICT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException e) {
            // warnings do not make a document unusable
        }

        @Override
        public void error(SAXParseException e) throws SAXException {
            throw e;
        }

        @Override
        public void fatalError(SAXParseException e) throws SAXException {
            throw e;
        }
    };

    /** The body is not well-formed XML, or it is XML we refuse (a DOCTYPE). */
    static final class NotXml extends Exception {
        NotXml(String message) {
            super(message);
        }
    }

    private SafeXml() {
    }

    static Document parse(String text) throws NotXml {
        DocumentBuilder builder = BUILDERS.get();
        builder.reset();
        builder.setErrorHandler(STRICT);
        builder.setEntityResolver((publicId, systemId) -> {
            throw new SAXException("external entity '" + systemId + "' refused");
        });
        try {
            return builder.parse(new InputSource(new StringReader(text)));
        } catch (SAXException e) {
            throw new NotXml(String.valueOf(e.getMessage()));
        } catch (IOException e) {
            throw new NotXml("unreadable: " + e.getMessage());
        }
    }

    /**
     * Compiles an expression against the given prefixes. Compiled expressions are not thread-safe,
     * so rules keep the text and compile per use; compiling at import time checks the expression.
     */
    static XPathExpression compile(String expression, NamespaceContext namespaces) throws XPathExpressionException {
        XPath xpath = XPATHS.get();
        xpath.reset();
        xpath.setNamespaceContext(namespaces);
        return xpath.compile(expression);
    }

    /**
     * The values an expression selects: the trimmed text of each selected node, or the one string,
     * number or boolean it computes. An empty string counts as nothing found.
     */
    static List<String> values(XPathExpression expression, Document document) throws XPathExpressionException {
        List<String> out = new ArrayList<>();
        XPathEvaluationResult<?> result = expression.evaluateExpression(document, XPathEvaluationResult.class);
        if (result.type() == XPathEvaluationResult.XPathResultType.NODESET) {
            for (Node node : (XPathNodes) result.value()) {
                String text = node.getTextContent();
                if (text != null && !text.isBlank()) {
                    out.add(text.strip());
                }
            }
        } else if (result.type() == XPathEvaluationResult.XPathResultType.NODE) {
            String text = ((Node) result.value()).getTextContent();
            if (text != null && !text.isBlank()) {
                out.add(text.strip());
            }
        } else if (result.value() != null) {
            String text = number(result.value());
            if (!text.isBlank()) {
                out.add(text.strip());
            }
        }
        return out;
    }

    /** XPath numbers are doubles: show 12.0 as "12" and leave NaN (nothing numeric found) out. */
    private static String number(Object value) {
        if (value instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return "";
            }
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString(d.longValue()) : d.toString();
        }
        return value.toString();
    }

    private static DocumentBuilder newBuilder() {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setAttribute("jdk.xml.maxElementDepth", Integer.toString(MAX_ELEMENT_DEPTH));
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            return factory.newDocumentBuilder();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser cannot be made safe", e);
        }
    }

    private static XPath newXPath() {
        XPathFactory factory = XPathFactory.newDefaultInstance();
        try {
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        } catch (XPathFactoryConfigurationException e) {
            throw new IllegalStateException("the JDK's XPath cannot run in secure mode", e);
        }
        return factory.newXPath();
    }
}
