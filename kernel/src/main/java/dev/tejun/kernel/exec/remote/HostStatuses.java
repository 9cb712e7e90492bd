package dev.tejun.kernel.exec.remote;

/** The per-host states sent with {@code Output.hostStatus}; the notebook shows one pane per host with it. */
public final class HostStatuses {

    public static final String RUNNING = "running";
    public static final String OK = "ok";
    public static final String CHANGED = "changed";
    public static final String FAILED = "failed";
    public static final String UNREACHABLE = "unreachable";
    public static final String TIMED_OUT = "timed_out";
    public static final String SKIPPED = "skipped";
    public static final String STOPPED = "stopped";

    private HostStatuses() {}

    public static boolean isGood(String status) {
        return OK.equals(status) || CHANGED.equals(status) || SKIPPED.equals(status);
    }
}
