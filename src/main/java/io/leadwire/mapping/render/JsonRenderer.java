package io.leadwire.mapping.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.leadwire.mapping.transform.NumberTransforms;
import io.leadwire.mapping.transform.ValueKind;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Renders nested JSON: {@code a.b} becomes {@code {"a":{"b":…}}}, {@code a[0].b} an array of
 * objects. Keys appear in the order the mapping first names them; objects and arrays without
 * any value are left out, and a gap inside an array is {@code null}. Values are strings unless
 * the rule declares a number, integer or boolean type. Output is compact, non-ASCII kept as is.
 *
 * <p>Example: targets {@code applicant.name.first}, {@code address.state} with values
 * {@code John}, {@code TX} give {@code {"applicant":{"name":{"first":"John"}},"address":{"state":"TX"}}}.
 */
public final class JsonRenderer implements Renderer {

    /** What JSON payloads are sent as. */
    public static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final JsonFactory JSON = new JsonFactory();

    private final Layout.Node root;
    private final ValueKind[] kinds;

    /**
     * @param targets one target per field rule; attribute segments are not allowed in JSON
     * @param kinds   the declared value kind of each rule
     * @throws IllegalArgumentException when targets collide or use attributes
     */
    public JsonRenderer(List<TargetPath> targets, List<ValueKind> kinds) {
        for (TargetPath target : targets) {
            if (target.attribute()) {
                throw new IllegalArgumentException("target '" + target + "' is an XML attribute; JSON has none");
            }
        }
        this.root = Layout.compile(targets);
        this.kinds = kinds.toArray(new ValueKind[0]);
    }

    @Override
    public String contentType() {
        return CONTENT_TYPE;
    }

    @Override
    public String render(String[] values) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator generator = JSON.createGenerator(out)) {
            write(generator, root, values);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    private void write(JsonGenerator generator, Layout.Node node, String[] values) throws IOException {
        if (node.leaf >= 0) {
            writeLeaf(generator, node.leaf, values[node.leaf]);
        } else if (node.array) {
            generator.writeStartArray();
            int last = node.items.size() - 1;
            while (last >= 0 && (node.items.get(last) == null || !node.items.get(last).hasValue(values))) {
                last--;
            }
            for (int i = 0; i <= last; i++) {
                Layout.Node item = node.items.get(i);
                if (item == null || !item.hasValue(values)) {
                    generator.writeNull();
                } else {
                    write(generator, item, values);
                }
            }
            generator.writeEndArray();
        } else {
            generator.writeStartObject();
            for (Map.Entry<String, Layout.Node> child : node.children.entrySet()) {
                if (child.getValue().hasValue(values)) {
                    generator.writeFieldName(child.getKey());
                    write(generator, child.getValue(), values);
                }
            }
            generator.writeEndObject();
        }
    }

    private void writeLeaf(JsonGenerator generator, int rule, String value) throws IOException {
        switch (kinds[rule]) {
            case INTEGER:
            case NUMBER:
                generator.writeNumber(value);
                break;
            case BOOLEAN:
                Boolean flag = NumberTransforms.parseBoolean(value);
                if (flag == null) {
                    generator.writeString(value);
                } else {
                    generator.writeBoolean(flag);
                }
                break;
            default:
                generator.writeString(value);
        }
    }
}
