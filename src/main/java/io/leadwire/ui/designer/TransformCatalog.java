package io.leadwire.ui.designer;

import java.util.List;
import java.util.Optional;

/**
 * The transforms a field rule's chain may use, with their arguments, as the designer's pickers
 * offer them. The mapping parser stays the judge of what is valid: a wrong argument shows up as
 * that step's error, so this list only has to describe, not enforce.
 */
public final class TransformCatalog {

    /** How an argument is edited. */
    public enum ArgKind { TEXT, INTEGER, BOOLEAN, CHOICE, FIELDS, TABLE }

    /**
     * One argument of a transform.
     *
     * @param name     its key in the mapping document
     * @param kind     how it is edited
     * @param required whether the transform needs it
     * @param choices  the allowed values for {@link ArgKind#CHOICE}
     * @param hint     a short example or default shown in the empty field
     */
    public record Arg(String name, ArgKind kind, boolean required, List<String> choices, String hint) {
        public Arg {
            choices = List.copyOf(choices);
        }
    }

    /**
     * One transform.
     *
     * @param op      its name in the mapping document
     * @param label   what the picker shows
     * @param example a one-line example
     * @param args    its arguments
     */
    public record Op(String op, String label, String example, List<Arg> args) {
        public Op {
            args = List.copyOf(args);
        }

        /** The argument named {@code name}, if the transform has it. */
        public Optional<Arg> arg(String name) {
            return args.stream().filter(a -> a.name().equals(name)).findFirst();
        }
    }

    private static final List<Op> OPS = List.of(
            new Op("trim", "Trim", "\"  Austin \" → \"Austin\"", List.of()),
            new Op("upper", "Upper case", "\"tx\" → \"TX\"", List.of()),
            new Op("lower", "Lower case", "\"MJ@Example.ORG\" → \"mj@example.org\"", List.of()),
            new Op("title", "Title case", "\"maría-josé o'NEIL\" → \"María-José O'Neil\"", List.of()),
            new Op("phone", "Phone", "\"(512) 555-0147\" → \"+15125550147\"", List.of(
                    choice("format", false, "e164", "national", "nanp", "international"))),
            new Op("date", "Date", "\"1984-03-15\" → \"03/15/1984\"", List.of(
                    text("from", false, "iso, epochSeconds, epochMillis or a pattern"),
                    text("to", false, "e.g. MM/dd/yyyy"),
                    text("fromZone", false, "e.g. America/Chicago"),
                    text("toZone", false, "e.g. UTC"))),
            new Op("age", "Age from date of birth", "\"1984-03-15\" → \"42\"", List.of(
                    text("from", false, "iso or a pattern"),
                    text("zone", false, "e.g. America/Chicago"))),
            new Op("translate", "Translate values", "\"1\" → \"Yes\"", List.of(
                    new Arg("table", ArgKind.TABLE, true, List.of(), "1=Yes, 0=No"),
                    text("fallback", false, "sent for values not in the table"),
                    new Arg("ignoreCase", ArgKind.BOOLEAN, false, List.of(), ""))),
            new Op("bool", "Boolean", "\"1\" → \"true\"", List.of(
                    choice("as", false, "truefalse", "10", "yn", "yesno"))),
            new Op("default", "Default value", "\"\" → \"US\"", List.of(text("value", true, "e.g. US"))),
            new Op("concat", "Append fields", "\"Austin\" + state → \"Austin, TX\"", List.of(
                    new Arg("fields", ArgKind.FIELDS, true, List.of(), "state, zip"),
                    text("separator", false, "a space unless set"))),
            new Op("split", "Split", "\"Mary Ann O'Neil\" → \"O'Neil\"", List.of(
                    choice("kind", false, "name", "address", "delimiter"),
                    choice("part", false, "first", "middle", "last", "street", "city", "state", "zip"),
                    text("separator", false, "delimiter only"),
                    new Arg("index", ArgKind.INTEGER, false, List.of(), "delimiter only, from 0"))),
            new Op("truncate", "Truncate", "\"Austinville\" → \"Austi\"", List.of(
                    new Arg("max", ArgKind.INTEGER, true, List.of(), "e.g. 50"))),
            new Op("regex", "Regex replace", "\"(512) 555-0147\" → \"5125550147\"", List.of(
                    text("pattern", true, "e.g. \\D"),
                    text("replacement", false, "empty unless set"))),
            new Op("number", "Number", "\"1234.5\" → \"1234.50\"", List.of(
                    new Arg("scale", ArgKind.INTEGER, false, List.of(), "decimal places"),
                    text("pattern", false, "e.g. #,##0.00"))),
            new Op("ratio", "Ratio of two fields", "loan / value → \"0.8000\"", List.of(
                    text("denominator", true, "a lead field"),
                    new Arg("scale", ArgKind.INTEGER, false, List.of(), "4 unless set"),
                    new Arg("percent", ArgKind.BOOLEAN, false, List.of(), ""))),
            new Op("sha256", "SHA-256 of e-mail", "\" ABC \" → \"ba7816bf…\"", List.of()));

    private TransformCatalog() {
    }

    /** Every transform, in the order the picker lists them. */
    public static List<Op> ops() {
        return OPS;
    }

    /** The transform called {@code op}, if there is one. */
    public static Optional<Op> find(String op) {
        return OPS.stream().filter(o -> o.op().equals(op)).findFirst();
    }

    private static Arg text(String name, boolean required, String hint) {
        return new Arg(name, ArgKind.TEXT, required, List.of(), hint);
    }

    private static Arg choice(String name, boolean required, String... choices) {
        return new Arg(name, ArgKind.CHOICE, required, List.of(choices), choices[0]);
    }
}
