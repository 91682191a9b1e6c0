package io.leadwire.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import io.leadwire.mapping.transform.DateTransforms;
import io.leadwire.mapping.transform.NumberTransforms;
import io.leadwire.mapping.transform.PhoneTransforms;
import io.leadwire.mapping.transform.Transform;
import io.leadwire.mapping.transform.Transforms;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds a {@link Transform} from its JSON form in a mapping: either a bare name
 * ({@code "trim"}) or an object with {@code op} and arguments
 * ({@code {"op": "phone", "format": "national"}}). Unknown names and arguments are errors.
 *
 * <p>Operations: {@code trim upper lower title sha256} (no arguments); {@code default(value)};
 * {@code concat(fields, separator=" ")}; {@code split(kind=name|address|delimiter, part,
 * separator, index)}; {@code truncate(max)}; {@code regex(pattern, replacement="")};
 * {@code translate(table, fallback, ignoreCase=false)}; {@code phone(format=e164, region=US, countryField=country)};
 * {@code date(from, to, fromZone, toZone)}; {@code age(from, zone)};
 * {@code number(scale, pattern)}; {@code bool(as=truefalse)}; {@code ratio(denominator,
 * scale=4, percent=false)}.
 */
final class TransformFactory {

    private TransformFactory() {
    }

    /**
     * @throws IllegalArgumentException naming the operation and argument at fault
     */
    static Transform create(JsonNode node) {
        if (node.isTextual()) {
            return create(node.asText(), new Args(null));
        }
        if (!node.isObject() || !node.path("op").isTextual()) {
            throw new IllegalArgumentException("a transform is a name or an object with \"op\"");
        }
        Args args = new Args(node);
        Transform transform = create(node.get("op").asText(), args);
        args.rejectUnused();
        return transform;
    }

    private static Transform create(String op, Args args) {
        switch (op) {
            case "trim":
                return Transforms.trim();
            case "upper":
                return Transforms.upper();
            case "lower":
                return Transforms.lower();
            case "title":
                return Transforms.title();
            case "sha256":
                return Transforms.sha256Email();
            case "default":
                return Transforms.defaultValue(args.requiredText("value"));
            case "concat":
                return Transforms.concat(args.textList("fields"), args.text("separator", " "));
            case "split":
                return split(args);
            case "truncate":
                return Transforms.truncate(args.requiredInt("max"));
            case "regex":
                return Transforms.regexReplace(args.requiredText("pattern"), args.text("replacement", ""));
            case "translate":
                return Transforms.translate(args.table("table"), args.text("fallback", null),
                        args.bool("ignoreCase", false));
            case "phone":
                return PhoneTransforms.format(PhoneTransforms.PhoneFormat.parse(args.text("format", "e164")),
                        args.text("region", null), args.text("countryField", null));
            case "date":
                return DateTransforms.date(args.text("from", null), args.text("to", null),
                        args.text("fromZone", null), args.text("toZone", null));
            case "age":
                return DateTransforms.age(args.text("from", null), args.text("zone", null));
            case "number":
                return NumberTransforms.number(args.integer("scale"), args.text("pattern", null));
            case "bool":
                return NumberTransforms.bool(NumberTransforms.BooleanEncoding.parse(args.text("as", "truefalse")));
            case "ratio":
                return NumberTransforms.ratio(args.requiredText("denominator"), args.integer("scale"),
                        args.bool("percent", false));
            default:
                throw new IllegalArgumentException("unknown transform '" + op + "'");
        }
    }

    private static Transform split(Args args) {
        String kind = args.text("kind", "name");
        switch (kind) {
            case "name":
                return Transforms.splitName(part(Transforms.NamePart.class, args.requiredText("part")));
            case "address":
                return Transforms.splitAddress(part(Transforms.AddressPart.class, args.requiredText("part")));
            case "delimiter":
                return Transforms.splitAt(args.requiredText("separator"), args.requiredInt("index"));
            default:
                throw new IllegalArgumentException("split kind '" + kind + "' is not name, address or delimiter");
        }
    }

    private static <E extends Enum<E>> E part(Class<E> parts, String name) {
        for (E part : parts.getEnumConstants()) {
            if (part.name().equalsIgnoreCase(name.trim())) {
                return part;
            }
        }
        throw new IllegalArgumentException("part '" + name + "' is not one of "
                + java.util.Arrays.toString(parts.getEnumConstants()).toLowerCase(Locale.ROOT));
    }

    /** Reads arguments and remembers which were used, so that typos are reported. */
    private static final class Args {
        private final JsonNode node;
        private final Set<String> used = new HashSet<>();

        Args(JsonNode node) {
            this.node = node;
            used.add("op");
        }

        private JsonNode get(String name) {
            used.add(name);
            return node == null ? null : node.get(name);
        }

        String text(String name, String fallback) {
            JsonNode value = get(name);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isValueNode()) {
                throw new IllegalArgumentException("argument '" + name + "' must be a text");
            }
            return value.asText();
        }

        String requiredText(String name) {
            String value = text(name, null);
            if (value == null) {
                throw new IllegalArgumentException("argument '" + name + "' is required");
            }
            return value;
        }

        Integer integer(String name) {
            JsonNode value = get(name);
            if (value == null || value.isNull()) {
                return null;
            }
            if (!value.canConvertToInt() || !value.isIntegralNumber()) {
                throw new IllegalArgumentException("argument '" + name + "' must be a whole number");
            }
            return value.asInt();
        }

        int requiredInt(String name) {
            Integer value = integer(name);
            if (value == null) {
                throw new IllegalArgumentException("argument '" + name + "' is required");
            }
            return value;
        }

        boolean bool(String name, boolean fallback) {
            JsonNode value = get(name);
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isBoolean()) {
                throw new IllegalArgumentException("argument '" + name + "' must be true or false");
            }
            return value.asBoolean();
        }

        List<String> textList(String name) {
            JsonNode value = get(name);
            if (value == null || !value.isArray() || value.isEmpty()) {
                throw new IllegalArgumentException("argument '" + name + "' must be a non-empty list of field names");
            }
            List<String> out = new ArrayList<>();
            value.forEach(item -> out.add(item.asText()));
            return out;
        }

        Map<String, String> table(String name) {
            JsonNode value = get(name);
            if (value == null || !value.isObject() || value.isEmpty()) {
                throw new IllegalArgumentException("argument '" + name + "' must be a non-empty object of value pairs");
            }
            Map<String, String> out = new LinkedHashMap<>();
            Iterator<Map.Entry<String, JsonNode>> entries = value.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                if (!entry.getValue().isValueNode() || entry.getValue().isNull()) {
                    throw new IllegalArgumentException("table value for '" + entry.getKey() + "' must be a text");
                }
                out.put(entry.getKey(), entry.getValue().asText());
            }
            return out;
        }

        void rejectUnused() {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!used.contains(name)) {
                    throw new IllegalArgumentException("transform '" + node.get("op").asText()
                            + "' has no argument '" + name + "'");
                }
            }
        }
    }
}
