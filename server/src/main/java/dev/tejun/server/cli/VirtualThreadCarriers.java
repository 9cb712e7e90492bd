package dev.tejun.server.cli;

/**
 * How many platform threads carry the process's virtual threads. The JDK's default is one per core, and a virtual
 * thread keeps its carrier until it waits: it is never time-sliced. The server's virtual threads (sessions, socket
 * input, senders) spend much of a cell in file-system calls (a run's evidence folder, its seal) and native SQLite
 * calls, which hold the carrier throughout; with two carriers on two cores, two sessions writing their runs' files
 * stopped every socket message and every finished cell's delivery behind them (bench/NOTES.md, tenth round: round trip p50 and
 * p99 about halved with four carriers per core, at the same CPU per cell). With more carriers than cores the
 * operating system's scheduler time-slices them, so a short task is not queued behind a long one.
 */
final class VirtualThreadCarriers {

    static final String PARALLELISM = "jdk.virtualThreadScheduler.parallelism";

    private VirtualThreadCarriers() {}

    /**
     * Sets the carriers to four per core (at least eight) unless the property was given (e.g. in TEJUN_JAVA_OPTS).
     * Takes effect only before the process's first virtual thread: call it first thing in {@code main}.
     */
    static void configure() {
        if (System.getProperty(PARALLELISM) == null) {
            System.setProperty(
                    PARALLELISM, String.valueOf(carriers(Runtime.getRuntime().availableProcessors())));
        }
    }

    static int carriers(int cores) {
        return Math.max(8, 4 * cores);
    }
}
