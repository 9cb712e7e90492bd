package dev.tejun.kernel.exec.cmdb;

import dev.tejun.cmdb.model.TimeInput;
import dev.tejun.cmdb.store.CmdbException;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.runbook.Attributes;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Which parameters a cell reads from the CMDB: an operation's (作業) and the design as it was at a past time, so a
 * system can be rebuilt or rolled back from its history. Every executor that reads the CMDB ({@code ssh},
 * {@code ansible}, {@code terraform}, {@code cmdb}, {@code dialog}) reads it here, so all accept and refuse alike.
 *
 * <p>The cell's {@code operation=} and {@code as-of=} win; without them the run's params {@code operation} and
 * {@code as-of} apply to every cell (a run started for an operation). An operation nothing knows, a cancelled one,
 * an unreadable time or one in the future refuse the cell before anything runs.
 *
 * @param operation null: each host's default rows
 * @param asOf      null: the current values
 */
public record CmdbScope(String operation, Instant asOf) {

    public static final CmdbScope CURRENT = new CmdbScope(null, null);

    /** The run parameter and the cell attribute that name the operation. */
    public static final String OPERATION = "operation";
    /** The run parameter and the cell attribute that name the time. */
    public static final String AS_OF = "as-of";

    /** The scope of {@code request}, checked against {@code store} now. */
    public static CmdbScope of(CellRequest request, CmdbStore store) throws CellSettings.Refused {
        return of(request.attributes(), request.params(), store, Instant.now());
    }

    public static CmdbScope of(Attributes attributes, Map<String, String> params, CmdbStore store, Instant now)
            throws CellSettings.Refused {
        CellSettings cell = new CellSettings(attributes);
        String operation =
                cell.text(OPERATION).or(() -> param(params, OPERATION)).orElse(null);
        Optional<String> asOfText = cell.text(AS_OF).or(() -> param(params, AS_OF));
        Instant asOf;
        try {
            asOf = asOfText.isEmpty() ? null : TimeInput.past(asOfText.get(), AS_OF, now);
        } catch (IllegalArgumentException e) {
            throw new CellSettings.Refused(e.getMessage());
        }
        if (operation != null) {
            try {
                store.operations().checkRunnable(operation);
            } catch (CmdbException e) {
                throw new CellSettings.Refused(e.getMessage());
            }
        }
        return new CmdbScope(operation, asOf);
    }

    private static Optional<String> param(Map<String, String> params, String name) {
        return Optional.ofNullable(params == null ? null : params.get(name))
                .map(String::strip)
                .filter(s -> !s.isEmpty());
    }

    /** Whether the cell reads anything but the current default rows. */
    public boolean scoped() {
        return operation != null || asOf != null;
    }

    /** The line the cell's output (and so its evidence) opens with when {@link #scoped}: what it was run against. */
    public String evidenceLine() {
        return "CMDB: " + (operation == null ? "default rows" : "operation " + operation)
                + (asOf == null ? ", current values" : ", as of " + asOf) + "\n";
    }
}
