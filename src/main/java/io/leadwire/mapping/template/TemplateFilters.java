package io.leadwire.mapping.template;

import io.leadwire.mapping.transform.DateTransforms;
import io.leadwire.mapping.transform.NumberTransforms;
import io.leadwire.mapping.transform.PhoneTransforms;
import io.leadwire.mapping.transform.PhoneTransforms.PhoneFormat;
import io.leadwire.mapping.transform.Transform;
import io.leadwire.mapping.transform.Transforms;
import io.pebbletemplates.pebble.error.PebbleException;
import io.pebbletemplates.pebble.extension.AbstractExtension;
import io.pebbletemplates.pebble.extension.Filter;
import io.pebbletemplates.pebble.template.EvaluationContext;
import io.pebbletemplates.pebble.template.PebbleTemplate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The mapping's transforms as Pebble filters, so a template buyer gets the same functions as a
 * rule-based one: {@code {{ phone | e164 }}}, {@code {{ dob | age }}},
 * {@code {{ email | sha256email }}}, {@code {{ homeowner | translate("yesno") }}}, … Each filter
 * builds its transform once per distinct argument list and reports through the render's
 * {@link TemplateRun}, so bad data gives field issues, never an exception.
 */
final class TemplateFilters extends AbstractExtension {

    /** Distinct filter argument lists kept compiled; templates have a handful, so this is only a guard. */
    private static final int MAX_CACHED = 512;

    private final Map<String, Map<String, String>> tables;
    private final Map<List<Object>, Transform> cache = new ConcurrentHashMap<>();

    /** @param tables named translation tables of the mapping document */
    TemplateFilters(Map<String, Map<String, String>> tables) {
        this.tables = Map.copyOf(tables);
    }

    @Override
    public Map<String, Filter> getFilters() {
        Map<String, Filter> filters = new LinkedHashMap<>();
        for (PhoneFormat format : PhoneFormat.values()) {
            filters.put(format.name().toLowerCase(Locale.ROOT), filter(List.of("region"),
                    a -> PhoneTransforms.format(format, text(a, "region"), null)));
        }
        filters.put("formatted", filters.get("nanp"));
        filters.put("phone", filter(List.of("format", "region"), a -> PhoneTransforms.format(
                PhoneFormat.parse(text(a, "format") == null ? "e164" : text(a, "format")), text(a, "region"), null)));
        filters.put("age", filter(List.of("from", "zone"), a -> DateTransforms.age(text(a, "from"), text(a, "zone"))));
        filters.put("date", filter(List.of("to", "from", "fromZone", "toZone"),
                a -> DateTransforms.date(text(a, "from"), text(a, "to"), text(a, "fromZone"), text(a, "toZone"))));
        Filter sha = filter(List.of(), a -> Transforms.sha256Email());
        filters.put("sha256email", sha);
        filters.put("sha256", sha);
        filters.put("title", filter(List.of(), a -> Transforms.title()));
        filters.put("truncate", filter(List.of("max"), a -> Transforms.truncate(integer(a, "max", true))));
        filters.put("regex", filter(List.of("pattern", "replacement"), a -> Transforms.regexReplace(
                required(a, "pattern"), text(a, "replacement") == null ? "" : text(a, "replacement"))));
        filters.put("translate", filter(List.of("table", "fallback", "ignoreCase"),
                a -> Transforms.translate(table(a), text(a, "fallback"), Boolean.TRUE.equals(a.get("ignoreCase")))));
        filters.put("number", filter(List.of("scale", "pattern"),
                a -> NumberTransforms.number(integer(a, "scale", false), text(a, "pattern"))));
        filters.put("bool", filter(List.of("as"), a -> NumberTransforms.bool(
                NumberTransforms.BooleanEncoding.parse(text(a, "as") == null ? "truefalse" : text(a, "as")))));
        filters.put("ratio", filter(List.of("denominator", "scale", "percent"), a -> NumberTransforms.ratio(
                required(a, "denominator"), integer(a, "scale", false), Boolean.TRUE.equals(a.get("percent")))));
        filters.put("name_part", filter(List.of("part"),
                a -> Transforms.splitName(part(Transforms.NamePart.class, required(a, "part")))));
        filters.put("address_part", filter(List.of("part"),
                a -> Transforms.splitAddress(part(Transforms.AddressPart.class, required(a, "part")))));
        filters.put("split_at", filter(List.of("separator", "index"),
                a -> Transforms.splitAt(required(a, "separator"), integer(a, "index", true))));
        return filters;
    }

    /** Loops stay small: a body is one lead, and a runaway loop must not hold a delivery thread. */
    static final int MAX_RANGE = 10_000;

    @Override
    public Map<String, io.pebbletemplates.pebble.extension.Function> getFunctions() {
        return Map.of("range", new io.pebbletemplates.pebble.extension.Function() {
            @Override
            public List<String> getArgumentNames() {
                return List.of("start", "end", "step");
            }

            @Override
            public Object execute(Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                    int lineNumber) {
                long start = number(args.get("start"), 0, lineNumber, self);
                long end = number(args.get("end"), 0, lineNumber, self);
                long step = number(args.get("step"), 1, lineNumber, self);
                if (step == 0) {
                    throw new PebbleException(null, "range step must not be 0", lineNumber, self.getName());
                }
                long count = step > 0 ? (end - start) / step + 1 : (start - end) / -step + 1;
                if (count > MAX_RANGE) {
                    throw new PebbleException(null, "range is limited to " + MAX_RANGE + " items", lineNumber,
                            self.getName());
                }
                List<Long> out = new ArrayList<>((int) Math.max(0, count));
                for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
                    out.add(i);
                }
                return out;
            }
        });
    }

    private static long number(Object value, long fallback, int line, PebbleTemplate self) {
        if (value == null) {
            return fallback;
        }
        if (!(value instanceof Number)) {
            throw new PebbleException(null, "range takes whole numbers, not '" + value + "'", line, self.getName());
        }
        return ((Number) value).longValue();
    }

    /** Builds the transform for one argument list (or takes it from the cache) and applies it. */
    private Filter filter(List<String> argumentNames, java.util.function.Function<Map<String, Object>, Transform> build) {
        return new Filter() {
            @Override
            public List<String> getArgumentNames() {
                return argumentNames;
            }

            @Override
            public Object apply(Object input, Map<String, Object> args, PebbleTemplate self, EvaluationContext context,
                    int lineNumber) {
                TemplateRun run = (TemplateRun) context.getVariable(TemplateRun.KEY);
                List<Object> key = new ArrayList<>(argumentNames.size() + 1);
                key.add(this);
                for (String name : argumentNames) {
                    key.add(args.get(name));
                }
                Transform transform;
                try {
                    transform = cache.get(key);
                    if (transform == null) {
                        transform = build.apply(args);
                        if (cache.size() < MAX_CACHED) {
                            cache.put(key, transform);
                        }
                    }
                } catch (RuntimeException e) {
                    throw new PebbleException(null, e.getMessage(), lineNumber, self.getName());
                }
                String value = input == null ? null : input.toString();
                return run.apply(transform, value, lineNumber);
            }
        };
    }

    private static String text(Map<String, Object> args, String name) {
        Object value = args.get(name);
        return value == null ? null : value.toString();
    }

    private static String required(Map<String, Object> args, String name) {
        String value = text(args, name);
        if (value == null) {
            throw new IllegalArgumentException("argument '" + name + "' is required");
        }
        return value;
    }

    private static Integer integer(Map<String, Object> args, String name, boolean required) {
        Object value = args.get(name);
        if (value == null) {
            if (required) {
                throw new IllegalArgumentException("argument '" + name + "' is required");
            }
            return null;
        }
        if (!(value instanceof Number)) {
            throw new IllegalArgumentException("argument '" + name + "' must be a whole number");
        }
        return ((Number) value).intValue();
    }

    private Map<String, String> table(Map<String, Object> args) {
        Object value = args.get("table");
        if (value instanceof Map) {
            Map<String, String> out = new LinkedHashMap<>();
            ((Map<?, ?>) value).forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
            if (out.isEmpty()) {
                throw new IllegalArgumentException("translation table is empty");
            }
            return out;
        }
        if (value == null) {
            throw new IllegalArgumentException("argument 'table' is required: a table name or {\"key\": \"value\"}");
        }
        Map<String, String> named = tables.get(value.toString());
        if (named == null) {
            throw new IllegalArgumentException("no translation table '" + value + "' in the mapping's \"tables\" "
                    + tables.keySet());
        }
        return named;
    }

    private static <E extends Enum<E>> E part(Class<E> parts, String name) {
        for (E part : parts.getEnumConstants()) {
            if (part.name().equalsIgnoreCase(name.trim())) {
                return part;
            }
        }
        throw new IllegalArgumentException("part '" + name + "' is not one of "
                + Arrays.toString(parts.getEnumConstants()).toLowerCase(Locale.ROOT));
    }
}
