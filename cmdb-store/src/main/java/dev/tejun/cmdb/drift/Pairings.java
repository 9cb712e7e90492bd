package dev.tejun.cmdb.drift;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.DefinitionException;
import dev.tejun.cmdb.model.SheetDef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The rules a pairing of an observed sheet with its expected sheet must satisfy, and the columns it pairs. */
public final class Pairings {

    private Pairings() {}

    /**
     * Expected column → observed column, in the expected sheet's column order: the pairing's columns, or every
     * column both sheets have by name when it lists none.
     */
    public static Map<String, String> columns(SheetDef observed, SheetDef expected) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, String> given = observed.observes().columns();
        for (ColumnDef column : expected.columns()) {
            if (given.isEmpty()) {
                if (observed.column(column.name()).isPresent()) {
                    out.put(column.name(), column.name());
                }
            } else {
                given.forEach((obs, exp) -> {
                    if (exp.equals(column.name())) {
                        out.put(exp, obs);
                    }
                });
            }
        }
        return out;
    }

    /**
     * Refuses a pairing that cannot be compared: a missing or non-HOST expected sheet, a column missing on either
     * side, types that do not match (an observed STRING or TEXT column may hold any expected type: its text is read
     * through the expected type), a SECRET on either side.
     *
     * @param expected the expected sheet as stored, or empty
     */
    public static void check(SheetDef observed, Optional<SheetDef> expected) {
        String target = observed.observes().sheet();
        if (!observed.hostKind()) {
            throw new DefinitionException("kind", "an observed sheet is a HOST sheet (actual state per host)");
        }
        SheetDef exp = expected.orElseThrow(() -> new DefinitionException(
                "observes.sheet", "sheet " + observed.name() + " observes missing sheet " + target));
        if (!exp.hostKind() || exp.observed()) {
            throw new DefinitionException(
                    "observes.sheet", "sheet " + target + " is not an expected HOST sheet; it cannot be observed");
        }
        observed.observes().columns().forEach((obs, col) -> {
            if (observed.column(obs).isEmpty()) {
                throw new DefinitionException(
                        "observes.columns." + obs, "sheet " + observed.name() + " has no column " + obs);
            }
            if (exp.column(col).isEmpty()) {
                throw new DefinitionException(
                        "observes.columns." + obs, "expected sheet " + target + " has no column " + col);
            }
        });
        Map<String, String> pairs = columns(observed, exp);
        if (pairs.isEmpty()) {
            throw new DefinitionException(
                    "observes.columns",
                    "sheet " + observed.name() + " pairs no column with " + target
                            + ": name them (observed → expected) or give both sheets columns of the same names");
        }
        pairs.forEach((col, obs) -> {
            ColumnType want = exp.column(col).orElseThrow().type();
            ColumnType have = observed.column(obs).orElseThrow().type();
            boolean text = have == ColumnType.STRING || have == ColumnType.TEXT;
            if (want == ColumnType.SECRET || have == ColumnType.SECRET || (have != want && !text)) {
                throw new DefinitionException(
                        "observes.columns." + obs,
                        "observed " + observed.name() + "." + obs + " (" + have + ") cannot be compared with expected "
                                + target + "." + col + " (" + want + ")");
            }
        });
    }
}
