package dev.tejun.kernel.session;

import dev.tejun.cmdb.model.TimeInput;
import dev.tejun.kernel.cmdb.CmdbReferences;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.template.Reference;
import dev.tejun.kernel.template.Slot;
import dev.tejun.kernel.template.Template;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What a {@code ${…}} reference in a cell of one session resolves to: a param of the run, a field of a cell that
 * ran earlier in the session ({@code cells.ID.field}), or a CMDB value. Kept apart from the session's run loop
 * so that the rules for where a value may come from read in one place.
 */
final class CellSlots {

    private final Map<String, Map<String, String>> cellFields = new ConcurrentHashMap<>();
    private final Function<String, Optional<String>> cmdb;

    CellSlots(Function<String, Optional<String>> cmdb) {
        this.cmdb = cmdb;
    }

    /** Remembers what a cell left behind, for {@code ${cells.ID.field}} in later cells. */
    void put(String cellId, Map<String, String> fields) {
        cellFields.put(cellId, fields);
    }

    /** Remembers what the cells of an earlier run left (a run going on from it does not run them again). */
    void restore(Map<String, Map<String, String>> recorded) {
        cellFields.putAll(recorded);
    }

    Optional<Slot> slot(Reference ref, Map<String, String> params, Map<String, ParamSpec> specs) {
        return slot(ref, params, specs, Attributes.NONE);
    }

    /** As a cell with {@code attributes} reads it: its {@code operation=} and {@code as-of=} scope CMDB values. */
    Optional<Slot> slot(
            Reference ref, Map<String, String> params, Map<String, ParamSpec> specs, Attributes attributes) {
        if (ref.name().startsWith("cmdb.") && cmdb instanceof CmdbReferences references) {
            return scoped(references, attributes, params).apply(ref.name()).map(v -> new Slot(ref, v, null));
        }
        String type = null;
        if (ref.name().startsWith("params.")) {
            ParamSpec spec = specs.get(ref.name().substring("params.".length()));
            type = spec == null ? null : spec.type();
        }
        String t = type;
        return lookup(ref.name(), params).map(v -> new Slot(ref, v, t));
    }

    private Optional<String> lookup(String ref, Map<String, String> params) {
        if (ref.startsWith("params.")) {
            return Optional.ofNullable(params.get(ref.substring("params.".length())));
        }
        if (ref.startsWith("cells.")) {
            String rest = ref.substring("cells.".length());
            int dot = rest.lastIndexOf('.');
            if (dot < 0) {
                return Optional.empty();
            }
            Map<String, String> fields = cellFields.get(rest.substring(0, dot));
            return fields == null ? Optional.empty() : Optional.ofNullable(fields.get(rest.substring(dot + 1)));
        }
        return cmdb.apply(ref);
    }

    /** The CMDB as the cell reads it: its attributes first, then the run's params; unscoped without either. */
    private static CmdbReferences scoped(CmdbReferences references, Attributes attributes, Map<String, String> params) {
        String operation = value(attributes, params, "operation");
        String asOf = value(attributes, params, "as-of");
        if (operation == null && asOf == null) {
            return references;
        }
        return references.in(operation, asOf == null ? null : TimeInput.past(asOf, "as-of", Instant.now()));
    }

    private static String value(Attributes attributes, Map<String, String> params, String name) {
        String v = attributes.get(name).orElse(params.get(name));
        return v == null || v.isBlank() ? null : v.strip();
    }

    /** A value from an event is data all the way: a run an event started may not paste one in as code. */
    static void refuseRawFromEvents(CodeCell cell, String via) {
        if (!Template.EVENT_VIA.equals(via)) {
            return;
        }
        List<String> raw = Template.CELLS.references(cell.code()).stream()
                .filter(Reference::raw)
                .map(r -> "${raw:" + r.name() + "}")
                .toList();
        if (!raw.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", raw) + " refused: this run was started by an event"
                    + " (alert rule), and a value from an event is never pasted in as code");
        }
    }
}
