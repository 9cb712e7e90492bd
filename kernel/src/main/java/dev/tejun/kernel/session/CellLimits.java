package dev.tejun.kernel.session;

import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * What every cell of a server runs within (issue 15): a timeout for cells that set none, so that a {@code tail -f}
 * copied into a runbook does not run unnoticed forever; the output one cell may leave before the rest is counted
 * and dropped; and the free disk space below which no run starts, so that evidence cannot fill the disk.
 *
 * @param timeout      for a cell without {@code timeout=}; null: none
 * @param outputCap    bytes of output kept per cell (all streams and hosts together)
 * @param minFreeBytes a run does not start while the data folder's disk has less free than this (0: no check)
 */
public record CellLimits(Duration timeout, long outputCap, long minFreeBytes) {

    /** One hour, 1 GiB, 100 MB: generous enough not to be met by a runbook that works. */
    public static final CellLimits DEFAULTS = new CellLimits(Duration.ofHours(1), 1L << 30, 100L << 20);

    public CellLimits {
        timeout = timeout == null || timeout.isZero() ? null : timeout;
        if (outputCap <= 0) {
            throw new IllegalArgumentException("the output cap must be more than 0 bytes");
        }
        if (minFreeBytes < 0) {
            throw new IllegalArgumentException("the free-space threshold cannot be negative");
        }
    }

    /**
     * A duration as {@code timeout=} takes it (30, 30s, 500ms, 5m, 1h; 0: none), for settings read elsewhere.
     *
     * @throws IllegalArgumentException when it is not one
     */
    public static Duration duration(String text) {
        return Durations.parse(text);
    }

    /**
     * A cell's timeout: its {@code timeout=} ({@code timeout=0}: none), else this server's default.
     *
     * @throws IllegalArgumentException for a {@code timeout=} that is not a duration
     */
    public Duration timeoutOf(Attributes attributes) {
        Optional<String> own = attributes.get("timeout");
        if (own.isEmpty()) {
            return timeout;
        }
        Duration parsed = Durations.parse(own.get());
        return parsed.isZero() ? null : parsed;
    }

    /**
     * Why no run may start now, or empty: the disk that holds {@code dataDir} has less free space than the
     * threshold. A folder that cannot be measured does not stop runs (the evidence store reports its own errors).
     */
    public Optional<String> refusal(Path dataDir) {
        if (minFreeBytes == 0 || dataDir == null) {
            return Optional.empty();
        }
        // File.getUsableSpace is one statvfs; Files.getFileStore reads the whole mount table first (at every run)
        long free = dataDir.toFile().getUsableSpace();
        if (free == 0 && !Files.isDirectory(dataDir)) {
            return Optional.empty(); // cannot be measured: a missing folder gives 0
        }
        if (free >= minFreeBytes) {
            return Optional.empty();
        }
        return Optional.of("not started: only " + (free >> 20) + " MB free on the disk of " + dataDir
                + ", below the " + (minFreeBytes >> 20) + " MB that runs need (cells.min-free-mb);"
                + " free some space, or lower the setting");
    }
}
