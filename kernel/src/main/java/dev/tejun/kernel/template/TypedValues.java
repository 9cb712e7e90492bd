package dev.tejun.kernel.template;

import java.util.regex.Pattern;

/**
 * Checks a value against the declared type of its param, for languages that write numbers and booleans as literals.
 * A refusal names the reference and never the value: the value may be a secret.
 */
final class TypedValues {

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");

    private TypedValues() {}

    /** What a refusal says about where the value was going; the value itself is never in the message. */
    static IllegalArgumentException refused(Slot slot, String why) {
        return new IllegalArgumentException("${" + slot.reference().name() + "} " + why);
    }

    /** The value checked against its declared type, as written (so text placed in a string keeps its spelling). */
    static String checked(Slot slot) {
        String v = slot.value();
        switch (slot.type()) {
            case "integer" -> {
                if (!INTEGER.matcher(v).matches()) {
                    throw refused(slot, "is declared integer but its value is not a whole number");
                }
                try {
                    Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw refused(slot, "is declared integer but its value does not fit in 64 bits");
                }
            }
            case "number" -> {
                if (!NUMBER.matcher(v).matches() || Double.isInfinite(Double.parseDouble(v))) {
                    throw refused(slot, "is declared number but its value is not a decimal number");
                }
            }
            case "boolean" -> {
                if (!v.equals("true") && !v.equals("false")) {
                    throw refused(slot, "is declared boolean but its value is neither true nor false");
                }
            }
            default -> {
                // a string: any text is a value
            }
        }
        return v;
    }

    /** True when the value is written as a number or boolean literal rather than as a string. */
    static boolean literal(Slot slot) {
        return switch (slot.type()) {
            case "integer", "number", "boolean" -> true;
            default -> false;
        };
    }
}
