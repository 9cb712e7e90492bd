package dev.tejun.cmdb.drift;

import java.time.Instant;

/**
 * One expected column of one host against its observed column.
 *
 * @param column   the expected column
 * @param observed the observed column holding its actual value
 * @param expected the expected value, or null
 * @param actual   the actual value as collected, or null
 * @param differs  whether they differ (compared through the expected column's type)
 * @param since    when both took the values that differ now (the later of the two changes); null when equal
 */
public record CellDrift(
        String column, String observed, Object expected, Object actual, boolean differs, Instant since) {}
