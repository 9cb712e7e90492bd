package dev.tejun.kernel.exec.cmdb;

import dev.tejun.kernel.runbook.Attributes;
import java.time.Instant;

/**
 * The attributes of a {@code cmdb} cell.
 *
 * @param asOf      {@code as-of=}: read the sheets as they were then; null for current values
 * @param operation {@code operation=}: each host's row of that operation, else its default row; null for defaults
 * @param limit     {@code limit=}: most rows returned (default {@value #DEFAULT_LIMIT}); more are reported as
 *                  truncated
 */
record CellOptions(Instant asOf, String operation, int limit) {

    static final int DEFAULT_LIMIT = 10_000;
    static final int MAX_LIMIT = 1_000_000;

    /** The cell's {@code limit=} over the scope {@link CmdbScope} read (its {@code operation=} and {@code as-of=}). */
    static CellOptions of(CmdbScope scope, Attributes attributes) {
        int limit = attributes.get("limit").map(CellOptions::limit).orElse(DEFAULT_LIMIT);
        return new CellOptions(scope.asOf(), scope.operation(), limit);
    }

    private static int limit(String text) {
        try {
            int n = Integer.parseInt(text.strip());
            if (n >= 1 && n <= MAX_LIMIT) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("limit '" + text + "' must be a whole number from 1 to " + MAX_LIMIT);
    }
}
