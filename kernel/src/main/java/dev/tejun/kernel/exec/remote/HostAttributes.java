package dev.tejun.kernel.exec.remote;

import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.template.Quoting;
import dev.tejun.kernel.template.Reference;
import dev.tejun.kernel.template.Rendered;
import dev.tejun.kernel.template.Slot;
import dev.tejun.kernel.template.Template;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The attributes that choose a remote cell's hosts ({@code hosts=} of ssh, dialog and collect cells, {@code limit=}
 * of ansible cells) with their {@code ${…}} references put in, so that a for-each iteration's
 * {@code hosts=${params.host}} reaches its own host. A value is data here as everywhere: it may only be host or group
 * names (a comma list), never {@code all}, pattern syntax ({@code *}, {@code !}, {@code &}, {@code ~}) or a
 * {@code cmdb:} query, so a param can name a host but never widen the selection to every host.
 */
public final class HostAttributes {

    private static final List<String> KEYS = List.of("hosts", "limit");
    private static final String ALL = "all";
    private static final Pattern NAMES = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]*(,[A-Za-z0-9_][A-Za-z0-9._-]*)*");

    /** Host and group names only; a {@code ${raw:…}} reference is pasted as written, as its author asked. */
    public static final Quoting NAMES_ONLY = HostAttributes::names;

    private HostAttributes() {}

    /**
     * {@code attributes} with the references in its host attributes resolved by {@code lookup}; the same object when
     * they have none.
     *
     * @throws IllegalArgumentException naming the reference, when it has no value or a value that is no list of names
     */
    public static Attributes render(Attributes attributes, Function<Reference, Optional<Slot>> lookup) {
        Map<String, String> values = null;
        for (String key : KEYS) {
            String v = attributes.values().get(key);
            if (v == null || !v.contains("${")) {
                continue;
            }
            if (values == null) {
                values = new LinkedHashMap<>(attributes.values());
            }
            values.put(key, Template.CELLS.render(v, lookup, NAMES_ONLY).text());
        }
        return values == null ? attributes : new Attributes(attributes.id(), attributes.classes(), values);
    }

    private static Rendered names(String text, List<Slot> slots) {
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Slot s : slots) {
            String value = s.value().strip();
            if (!s.reference().raw() && !NAMES.matcher(value).matches()) {
                throw new IllegalArgumentException("${" + s.reference().name() + "} in hosts= is '" + value
                        + "', which is not a host or group name (letters, digits, . _ -, a comma between names):"
                        + " a value may name hosts but never be a pattern or a query");
            }
            if (!s.reference().raw() && Arrays.asList(value.split(",")).contains(ALL)) {
                // a name to Ansible and to HostTargets alike, but the one that means every host
                throw new IllegalArgumentException("${" + s.reference().name() + "} in hosts= is '" + value
                        + "', which names all: a value may name hosts but never widen the selection to every host");
            }
            out.append(text, at, s.reference().start()).append(value);
            at = s.reference().end();
        }
        return Rendered.inline(out.append(text, at, text.length()).toString());
    }
}
