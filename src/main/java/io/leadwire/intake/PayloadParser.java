package io.leadwire.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import io.leadwire.lead.CanonicalField;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;

/**
 * Turns a vendor's request body (JSON, form or XML, UTF-8) into the canonical field map.
 *
 * <p>Every way a body can be wrong ends in a {@link ProblemException} that names the field and
 * says what to send instead; nothing here throws anything else for bad input.
 */
public final class PayloadParser {
    /** Nesting deeper than this is refused: leads are flat records, deep trees are abuse. */
    static final int MAX_DEPTH = 16;
    static final int MAX_LEAD_ID_LENGTH = 200;
    static final int MAX_FIELDS = 500;

    /** What the intake understood of a body. */
    public record Parsed(String vendorLeadId, Map<String, String> fields, String raw, String mediaType) {
    }

    private final ObjectMapper json;
    private final XmlMapper xml;

    public PayloadParser() {
        StreamReadConstraints limits = StreamReadConstraints.builder()
                .maxNestingDepth(MAX_DEPTH)
                .maxStringLength(1 << 20)
                .maxNumberLength(100)
                .build();
        JsonFactory jf = JsonFactory.builder().streamReadConstraints(limits).build();
        this.json = new ObjectMapper(jf).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        XMLInputFactory xif = XMLInputFactory.newFactory();
        // No DTDs, no external entities: an XML body must not make us read files or the network.
        xif.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        xif.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        XmlFactory xf = XmlFactory.builder().xmlInputFactory(xif).streamReadConstraints(limits).build();
        this.xml = new XmlMapper(xf);
    }

    /**
     * Parses a body.
     *
     * @param contentType the request's Content-Type header, may be null
     */
    public Parsed parse(String contentType, byte[] body) throws ProblemException {
        return parse(contentType, body, null);
    }

    /**
     * Parses a body written in a vendor's dialect: the fields are read (nested objects as dotted
     * names), mapped onto canonical fields by the dialect, and only then checked for a lead id.
     *
     * @param dialect the vendor's dialect, or null for a body in canonical field names
     */
    public Parsed parse(String contentType, byte[] body, VendorDialect dialect) throws ProblemException {
        String mediaType = mediaType(contentType);
        String text = utf8(body);
        JsonNode root = switch (mediaType) {
            case "application/json" -> readJson(body);
            case "application/x-www-form-urlencoded" -> readForm(text);
            case "application/xml" -> readXml(body);
            default -> throw new IllegalStateException(mediaType);
        };
        if (root == null || !root.isObject()) {
            throw new ProblemException(Problem.badRequest("malformed_body", null,
                    "The body must be one lead object, e.g. {\"lead_id\": \"A-1\", \"email\": \"...\"}."));
        }
        if (root.size() > MAX_FIELDS) {
            throw new ProblemException(Problem.badRequest("too_many_fields", null,
                    "A lead may have at most " + MAX_FIELDS + " fields; this one has " + root.size() + "."));
        }
        Map<String, String> fields = new LinkedHashMap<>();
        boolean booleanLeadId = false;
        if (dialect != null) {
            flatten("", root, fields);
            fields = dialect.apply(fields);
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); dialect == null && it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey().strip();
            JsonNode value = e.getValue();
            if (name.isEmpty() || value == null || value.isNull()) {
                continue;
            }
            if (value.isValueNode()) {
                fields.put(name, value.asText().strip());
                if (name.equals(CanonicalField.LEAD_ID)) {
                    booleanLeadId = value.isBoolean();
                }
            } else if (CanonicalField.SCALARS.contains(name)) {
                throw new ProblemException(Problem.badRequest("wrong_type", name,
                        "Field '" + name + "' must be a string or number, not " + describe(value) + "."));
            } else {
                fields.put(name, value.toString());
            }
        }
        String leadId = fields.get(CanonicalField.LEAD_ID);
        if (leadId == null || leadId.isEmpty()) {
            throw new ProblemException(Problem.badRequest("missing_field", CanonicalField.LEAD_ID,
                    "Field 'lead_id' is required: your own unique id for this lead, e.g. \"FL-2026-001234\"."));
        }
        if (leadId.length() > MAX_LEAD_ID_LENGTH) {
            throw new ProblemException(Problem.badRequest("too_long", CanonicalField.LEAD_ID,
                    "Field 'lead_id' may have at most " + MAX_LEAD_ID_LENGTH + " characters."));
        }
        // Judged on the value that was kept: the key may have been " lead_id " before stripping.
        if (booleanLeadId) {
            throw new ProblemException(Problem.badRequest("wrong_type", CanonicalField.LEAD_ID,
                    "Field 'lead_id' must be a string or number, not a boolean."));
        }
        return new Parsed(leadId, fields, text, mediaType);
    }

    /** Vendor fields for a dialect: nested objects as dotted names, lists as JSON text. */
    private static void flatten(String prefix, JsonNode node, Map<String, String> out) throws ProblemException {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey().strip();
            JsonNode value = e.getValue();
            if (name.isEmpty() || value == null || value.isNull()) {
                continue;
            }
            if (value.isObject()) {
                flatten(prefix + name + ".", value, out);
            } else {
                out.put(prefix + name, value.isValueNode() ? value.asText().strip() : value.toString());
            }
            if (out.size() > MAX_FIELDS) {
                throw new ProblemException(Problem.badRequest("too_many_fields", null,
                        "A lead may have at most " + MAX_FIELDS + " fields; this one has more."));
            }
        }
    }

    /**
     * The supported media type named by a Content-Type header.
     *
     * @throws ProblemException 415 for anything else, or for a charset other than UTF-8
     */
    static String mediaType(String contentType) throws ProblemException {
        if (contentType == null || contentType.isBlank()) {
            throw new ProblemException(new Problem(415, "missing_content_type", null,
                    "Send a Content-Type: application/json, application/x-www-form-urlencoded or application/xml."));
        }
        String[] parts = contentType.split(";");
        String type = parts[0].strip().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String p = parts[i].strip();
            int eq = p.indexOf('=');
            if (eq > 0 && p.substring(0, eq).strip().equalsIgnoreCase("charset")) {
                String cs = p.substring(eq + 1).strip().replace("\"", "");
                if (!cs.equalsIgnoreCase("utf-8") && !cs.equalsIgnoreCase("utf8")) {
                    throw new ProblemException(new Problem(415, "unsupported_charset", null,
                            "Only UTF-8 is accepted; the request declared charset '" + clip(cs) + "'."));
                }
            }
        }
        if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
            return "application/json";
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            return type;
        }
        if (type.equals("application/xml") || type.equals("text/xml")) {
            return "application/xml";
        }
        throw new ProblemException(new Problem(415, "unsupported_media_type", null,
                "Content-Type '" + clip(type) + "' is not accepted; use application/json, "
                        + "application/x-www-form-urlencoded or application/xml."));
    }

    private JsonNode readJson(byte[] body) throws ProblemException {
        try {
            return json.readTree(body);
        } catch (StreamConstraintsException e) {
            throw tooDeep();
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            throw new ProblemException(Problem.badRequest("malformed_json", null,
                    "The body is not valid JSON" + where + ": " + clip(e.getOriginalMessage()) + "."));
        } catch (IOException e) {
            throw new ProblemException(Problem.badRequest("malformed_json", null, "The body is not valid JSON."));
        }
    }

    private JsonNode readXml(byte[] body) throws ProblemException {
        try {
            return xml.readTree(body);
        } catch (StreamConstraintsException e) {
            throw tooDeep();
        } catch (IOException | RuntimeException e) {
            throw new ProblemException(Problem.badRequest("malformed_xml", null,
                    "The body is not a well-formed XML lead such as <lead><lead_id>A-1</lead_id>...</lead> "
                            + "(DTDs are not accepted)."));
        }
    }

    private JsonNode readForm(String text) throws ProblemException {
        var node = json.createObjectNode();
        if (text.isBlank()) {
            return node;
        }
        for (String pair : text.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            try {
                String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                node.put(k, v);
            } catch (IllegalArgumentException e) {
                throw new ProblemException(Problem.badRequest("malformed_form", null,
                        "The form body has a bad %-escape near '" + clip(pair) + "'."));
            }
        }
        return node;
    }

    private static String utf8(byte[] body) throws ProblemException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new ProblemException(Problem.badRequest("invalid_encoding", null,
                    "The body is not valid UTF-8; encode text as UTF-8."));
        }
    }

    private static ProblemException tooDeep() {
        return new ProblemException(Problem.badRequest("too_deep", null,
                "The body nests deeper than " + MAX_DEPTH + " levels or holds an oversized value; "
                        + "send a flat lead object."));
    }

    private static String describe(JsonNode n) {
        return n.isArray() ? "a list" : "an object";
    }

    private static String clip(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("[\\p{Cntrl}]", " ");
        return one.length() <= 80 ? one : one.substring(0, 80) + "…";
    }
}
