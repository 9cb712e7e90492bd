package dev.tejun.kernel.alert;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${labels.instance}}, {@code ${annotations.x}}, {@code ${fields.x}}, {@code ${status}} and
 * {@code ${source}} from an event. A reference the event does not have refuses the whole template, so a run
 * never starts with a hole in its params.
 */
final class EventTemplate {

    private static final Pattern REF = Pattern.compile("\\$\\{((?:labels|annotations|fields)\\.[A-Za-z0-9_.\\-]+|status|source)}");

    private EventTemplate() {
    }

    static String expand(String template, AlertEvent event) {
        Matcher m = REF.matcher(template);
        StringBuilder out = new StringBuilder();
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            String value = event.value(m.group(1)).orElse(null);
            if (value == null) {
                missing.add("${" + m.group(1) + "}");
                value = "";
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("the event has no value for " + String.join(", ", missing));
        }
        return out.toString();
    }

    /** References in a template that can never resolve (an unknown prefix), for the rule file check. */
    static List<String> unknownReferences(String template) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("\\$\\{([^}]*)}").matcher(template);
        while (m.find()) {
            if (!REF.matcher(m.group()).matches()) {
                out.add(m.group());
            }
        }
        return out;
    }
}
