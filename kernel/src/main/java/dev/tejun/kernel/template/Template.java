package dev.tejun.kernel.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one substitution engine: finds the references a kind of text may hold (its prefixes), resolves each through
 * a lookup, and hands the resolved slots to the {@link Quoting} of the text's language. A reference that does not
 * resolve fails the whole text, naming every one, so nothing runs with a hole in it. Anything else that looks like
 * {@code ${…}} (a shell variable) and {@code {{ … }}} (Jinja) is left alone.
 *
 * <p>{@code ${raw:NAME}} marks a reference whose value the author wants pasted in as code; the quoting honours it,
 * {@code check} warns about every use, and a run started by an event refuses it.
 */
public final class Template {

    /** Cell text: params, what earlier cells produced, CMDB values. */
    public static final Template CELLS = of("params.", "cells.", "cmdb.");
    /** A flow's param values and branch tests: the flow's params and what an earlier node's cells produced. */
    public static final Template FLOWS = of("params.", "nodes.");
    /** An alert rule's param templates and limit key: fields of the event. */
    public static final Template EVENTS = of("labels.", "annotations.", "fields.", "status", "source");

    /**
     * The interface recorded for runs an event started ({@code ServiceIdentity.EVENTS}), handed on to the flows
     * and node runs those start: such a run refuses {@code ${raw:…}}.
     */
    public static final String EVENT_VIA = "events";

    private static final Pattern ANY = Pattern.compile("\\$\\{([^}]*)}");

    private final Pattern pattern;

    private Template(Pattern pattern) {
        this.pattern = pattern;
    }

    /**
     * A prefix ending in a dot takes a dotted name after it ({@code params.} takes {@code params.env}); one without
     * is a whole name ({@code status}).
     */
    public static Template of(String... prefixes) {
        List<String> alternatives = new ArrayList<>();
        for (String p : prefixes) {
            alternatives.add(p.endsWith(".") ? Pattern.quote(p) + "[A-Za-z0-9_.\\-]+" : Pattern.quote(p));
        }
        return new Template(Pattern.compile("\\$\\{(raw:)?(" + String.join("|", alternatives) + ")}"));
    }

    /** Thrown when references do not resolve; names each once, in text order. */
    public static final class Unresolved extends IllegalArgumentException {
        private final List<String> references;

        public Unresolved(List<String> references) {
            super("unresolved " + (references.size() == 1 ? "reference " : "references ") + quoted(references));
            this.references = List.copyOf(references);
        }

        /** The names that did not resolve ({@code params.x}). */
        public List<String> references() {
            return references;
        }

        /** {@code ${a}, ${b}}: the references as written, for a message of the caller's own. */
        public String written() {
            return quoted(references);
        }

        private static String quoted(List<String> refs) {
            return refs.stream().map(r -> "${" + r + "}").collect(Collectors.joining(", "));
        }
    }

    /** Every reference in {@code text}, in order. */
    public List<Reference> references(String text) {
        List<Reference> out = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(new Reference(m.start(), m.end(), m.group(2), m.group(1) != null));
        }
        return out;
    }

    /** The names of the references in {@code text}, in order (without the raw marker). */
    public List<String> names(String text) {
        return references(text).stream().map(Reference::name).toList();
    }

    /** {@code ${…}} in {@code text} that are not references of this kind, as written: they can never resolve. */
    public List<String> unknown(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = ANY.matcher(text);
        while (m.find()) {
            if (!pattern.matcher(m.group()).matches()) {
                out.add(m.group());
            }
        }
        return out;
    }

    /**
     * {@code text} with its references put in by {@code quoting}. {@code lookup} answers a reference with its slot
     * (the value and its type), or empty when it has none.
     *
     * @throws Unresolved naming every reference without a value
     * @throws IllegalArgumentException from the quoting, when a value cannot be put where its reference sits
     */
    public Rendered render(String text, Function<Reference, Optional<Slot>> lookup, Quoting quoting) {
        List<Slot> slots = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (Reference r : references(text)) {
            Optional<Slot> slot = lookup.apply(r);
            if (slot.isEmpty()) {
                if (!missing.contains(r.name())) {
                    missing.add(r.name());
                }
            } else {
                slots.add(slot.get());
            }
        }
        if (!missing.isEmpty()) {
            throw new Unresolved(missing);
        }
        return quoting.render(text, slots);
    }

    /**
     * {@code text} with every value put in as it is ({@link Verbatim}): for texts that are values themselves, such
     * as a flow's or a rule's params. {@code lookup} answers a name ({@code params.env}) with its value.
     */
    public String fill(String text, Function<String, Optional<String>> lookup) {
        return render(text, r -> lookup.apply(r.name()).map(v -> new Slot(r, v, null)), Verbatim.INSTANCE)
                .text();
    }
}
