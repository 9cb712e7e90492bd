package dev.tejun.kernel.exec.dialog;

import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.remote.Batches;
import dev.tejun.kernel.exec.remote.HostStatuses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A dialog cell's hosts as a rolling change, as an ssh cell's go ({@link Batches}): {@code batch=} splits them, each
 * batch is held at once, {@code pause-between=} waits, and no batch starts once more hosts failed than
 * {@code max-fail=} allows — the hosts held back are {@code skipped} and {@link #held} says why. Without
 * {@code batch=} it is one batch of every host, as before.
 */
final class DialogRollout {

    /** Every host's result in host order, and why the rollout stopped early (null if it did not). */
    record Done(List<Conversation.Result> results, String held) {}

    private DialogRollout() {}

    static Done run(
            Batches batches,
            List<InventoryHost> hosts,
            Output output,
            long deadline,
            Function<List<InventoryHost>, List<Conversation.Result>> batchRun) {
        List<List<InventoryHost>> split = batches.split(hosts);
        List<Conversation.Result> results = new ArrayList<>();
        String held = null;
        String ending = null;
        int started = 0;
        int failed = 0;
        int b = 0;
        for (; b < split.size(); b++) {
            if (b > 0) {
                if (batches.exceeded(failed, started)) {
                    held = "rollout stopped after batch " + b + " of " + split.size() + ": " + failed + " of " + started
                            + " hosts failed (max-fail=" + batches.limit() + ")";
                    break;
                }
                ending = batches.waitBetween(deadline);
                if (ending != null) {
                    break;
                }
            }
            if (batches.rolling()) {
                output.stdout("batch " + (b + 1) + "/" + split.size() + ": "
                        + String.join(
                                ", ",
                                split.get(b).stream().map(InventoryHost::name).toList()) + "\n");
            }
            List<Conversation.Result> got = batchRun.apply(split.get(b));
            results.addAll(got);
            started += got.size();
            failed += (int)
                    got.stream().filter(r -> !HostStatuses.isGood(r.status())).count();
            ending = got.stream()
                    .map(DialogRollout::ending)
                    .filter(e -> e != null)
                    .findFirst()
                    .orElse(null);
            if (ending != null) {
                b++;
                break;
            }
        }
        // the hosts no batch reached: held back by the limit, or cut off by a stop or the cell's time
        for (int rest = b; rest < split.size(); rest++) {
            for (InventoryHost host : split.get(rest)) {
                Conversation.Result r = held != null
                        ? new Conversation.Result(
                                host.name(),
                                HostStatuses.SKIPPED,
                                "not started: batch " + (rest + 1) + " of " + split.size() + " held back",
                                Map.of())
                        : new Conversation.Result(
                                host.name(),
                                ending,
                                HostStatuses.STOPPED.equals(ending) ? "stopped" : "cell timed out",
                                Map.of());
                output.hostStatus(r.host(), r.status(), r.detail());
                results.add(r);
            }
        }
        if (held != null) {
            output.stdout(held + "\n");
        }
        return new Done(results, held);
    }

    /** How a host's result ends the whole cell: a stop, or the cell's own time running out; else null. */
    private static String ending(Conversation.Result r) {
        if (HostStatuses.STOPPED.equals(r.status())) {
            return HostStatuses.STOPPED;
        }
        return HostStatuses.TIMED_OUT.equals(r.status()) && "cell timed out".equals(r.detail())
                ? HostStatuses.TIMED_OUT
                : null;
    }
}
