package io.leadwire.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.leadwire.mapping.Mapping;
import io.leadwire.mapping.MappingParseException;
import io.leadwire.mapping.MappingParser;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A buyer file: the buyer's mapping document with the delivery settings under {@code "buyer"}.
 * The same file is read by {@code buyer import}, written by {@code buyer export} and accepted by
 * {@code mapping preview --buyer} (the mapping parser skips the {@code buyer} block).
 *
 * @param name            the buyer's name: the document's {@code "name"}
 * @param mappingDocument the document without the {@code buyer} block, as the mapping store keeps it
 * @param definition      the delivery settings
 * @param mapping         the compiled mapping
 */
public record BuyerFile(String name, String mappingDocument, BuyerDefinition definition, Mapping mapping) {

    /**
     * Reads and checks a whole buyer file.
     *
     * @param folder where a {@code templateFile} lies, or null
     * @throws InvalidBuyerException listing every problem of the mapping and of the buyer block
     */
    public static BuyerFile parse(String text, Path folder, ObjectMapper json) {
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new InvalidBuyerException(List.of("not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr())));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidBuyerException(List.of("a buyer file is a JSON object: a mapping document with a "
                    + "\"buyer\" block"));
        }
        List<String> problems = new ArrayList<>();
        String name = root.path("name").isTextual() ? root.get("name").asText().trim() : null;
        if (name == null || name.isEmpty() || name.length() > 100) {
            problems.add("name: the buyer's name (1 to 100 characters) is required");
        }
        ObjectNode mappingOnly = ((ObjectNode) root).deepCopy();
        JsonNode buyerBlock = mappingOnly.remove("buyer");
        Mapping mapping = null;
        try {
            mapping = new MappingParser(json).compile(mappingOnly, folder);
        } catch (MappingParseException e) {
            e.problems().forEach(p -> problems.add("mapping: " + p));
        }
        BuyerDefinition definition = null;
        try {
            String requestUrl = mapping != null && mapping.request() != null ? mapping.request().url() : null;
            definition = BuyerDefinition.parse(buyerBlock, requestUrl);
        } catch (InvalidBuyerException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new InvalidBuyerException(problems);
        }
        String document;
        try {
            document = json.writerWithDefaultPrettyPrinter().writeValueAsString(mappingOnly);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed document must serialize", e);
        }
        return new BuyerFile(name, document, definition, mapping);
    }

    /** A buyer file from a stored mapping document and delivery settings, pretty-printed. */
    public static String compose(String mappingDocument, BuyerDefinition definition, ObjectMapper json) {
        try {
            ObjectNode root = (ObjectNode) json.readTree(mappingDocument);
            root.remove("buyer");
            root.set("buyer", definition.toJson(json));
            return json.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("the stored mapping document is not a JSON object", e);
        }
    }
}
