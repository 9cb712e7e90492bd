package dev.tejun.kernel.exec.dialog;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code $[NAME]} in a step's text: a capture of this host's dialog so far, a value of the host
 * ({@code host.name}, {@code host.address}, {@code host.user}, {@code host.credential}, its CMDB variables and
 * secrets), or a {@code ${…}} value of the run, which the cell's quoting turned into {@code $[value.N]} so that it is
 * put in here as data, at send time. One pass: a value that itself contains {@code $[…]} is sent as it is.
 */
final class Placeholders {

    static final Pattern PATTERN = Pattern.compile("\\$\\[([A-Za-z0-9_.-]+)]");

    /** A name none of the sources knows; the host fails with it. */
    static final class Unknown extends Exception {
        Unknown(String name) {
            super("$[" + name + "] has no value: not a capture so far, a host value or a ${…} value of the run");
        }
    }

    private final List<Map<String, String>> sources;

    /** {@code sources}: looked up in order, the first that has a name wins. */
    Placeholders(List<Map<String, String>> sources) {
        this.sources = sources;
    }

    Optional<String> value(String name) {
        for (Map<String, String> source : sources) {
            String v = source.get(name);
            if (v != null) {
                return Optional.of(v);
            }
        }
        return Optional.empty();
    }

    /** The text to send, values put in as they are. */
    String text(String template) throws Unknown {
        return fill(template, v -> v);
    }

    /** A regex with each value put in as a literal. */
    Pattern regex(String template) throws Unknown {
        return Pattern.compile(fill(template, Pattern::quote));
    }

    private String fill(String template, UnaryOperator<String> quote) throws Unknown {
        Matcher m = PATTERN.matcher(template);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (m.find()) {
            String v = value(m.group(1)).orElse(null);
            if (v == null) {
                throw new Unknown(m.group(1));
            }
            out.append(template, at, m.start()).append(quote.apply(v));
            at = m.end();
        }
        return out.append(template, at, template.length()).toString();
    }
}
