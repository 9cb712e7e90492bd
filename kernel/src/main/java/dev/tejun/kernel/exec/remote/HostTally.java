package dev.tejun.kernel.exec.remote;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end state of every host of a fan-out cell, and the summary line that closes its output:
 * {@code 18 ok, 1 failed, 1 unreachable}.
 */
public final class HostTally {

    /** Host states, in the order the summary lists them. */
    public static final List<String> ORDER = List.of(
            HostStatuses.OK,
            HostStatuses.CHANGED,
            HostStatuses.FAILED,
            HostStatuses.UNREACHABLE,
            HostStatuses.TIMED_OUT,
            HostStatuses.SKIPPED,
            HostStatuses.STOPPED);

    private final Map<String, String> statusByHost = new TreeMap<>();

    public synchronized void put(String host, String status) {
        statusByHost.put(host, status);
    }

    public synchronized int count(String status) {
        return (int) statusByHost.values().stream().filter(status::equals).count();
    }

    /** Hosts that did not end well (neither ok, changed nor skipped). */
    public synchronized List<String> bad() {
        List<String> out = new ArrayList<>();
        statusByHost.forEach((host, status) -> {
            if (!HostStatuses.isGood(status)) {
                out.add(host + " " + status.replace('_', ' '));
            }
        });
        return out;
    }

    public synchronized String summary() {
        List<String> parts = new ArrayList<>();
        for (String status : ORDER) {
            int n = count(status);
            if (n > 0) {
                parts.add(n + " " + status.replace('_', ' '));
            }
        }
        return parts.isEmpty() ? "no hosts" : String.join(", ", parts);
    }
}
