package dev.tejun.kernel.exec.dialog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.hold.HoldPoint;
import dev.tejun.kernel.exec.remote.Batches;
import dev.tejun.kernel.exec.remote.HostStatuses;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * A dialog cell's hosts as a rolling change, as an ssh cell's go ({@link Batches}): {@code batch=} splits them, each
 * batch is held at once, {@code pause-between=} waits, and no batch starts once more hosts failed than
 * {@code max-fail=} allows — the hosts held back are {@code skipped} and {@link #held} says why. With
 * {@code approve-after-first-batch=true} the run waits after the canary batch until an approver lets it go on
 * (a rejection holds the rest back as the limit does). Without {@code batch=} it is one batch of every host.
 */
final class DialogRollout {

    /**
     * Every host's result in host order, why the rollout stopped early (null if it did not), and the hosts of each
     * batch that ran, in order.
     */
    record Done(List<Conversation.Result> results, String held, List<List<String>> ran) {}

    /** The hold point after the canary: given its results and the report for the approver, how the wait ended. */
    @FunctionalInterface
    interface Gate {
        HoldPoint.Answer await(List<Conversation.Result> canary, String report);
    }

    private DialogRollout() {}

    static Done run(
            Batches batches,
            List<InventoryHost> hosts,
            Output output,
            long deadline,
            BiFunction<List<InventoryHost>, String, List<Conversation.Result>> batchRun,
            Gate afterCanary) {
        List<List<InventoryHost>> split = batches.split(hosts);
        List<Conversation.Result> results = new ArrayList<>();
        List<List<String>> ran = new ArrayList<>();
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
                if (b == 1 && batches.approveFirst()) {
                    HoldPoint.Answer answer = afterCanary.await(results, canaryReport(results, split));
                    if (answer.ending() != null) {
                        ending = answer.ending();
                        break;
                    }
                    if (answer.refusal() != null) {
                        held = answer.refusal();
                        break;
                    }
                }
                ending = batches.waitBetween(deadline);
                if (ending != null) {
                    break;
                }
            }
            String label = batches.rolling() ? "batch " + (b + 1) + "/" + split.size() : null;
            if (label != null) {
                output.stdout(label + ": "
                        + String.join(
                                ", ",
                                split.get(b).stream().map(InventoryHost::name).toList()) + "\n");
            }
            List<Conversation.Result> got = batchRun.apply(split.get(b), label);
            results.addAll(got);
            ran.add(got.stream().map(Conversation.Result::host).toList());
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
        return new Done(results, held, ran);
    }

    /**
     * For a rolling change, as an ssh cell's result has them: per batch that ran its hosts and tally, and why the
     * rollout stopped; answers each host's batch.
     */
    static Map<String, Integer> describe(ObjectNode root, Done rollout) {
        Map<String, Integer> batchOf = new LinkedHashMap<>();
        if (rollout.ran().size() < 2 && rollout.held() == null) {
            return batchOf;
        }
        Map<String, String> statusOf = new LinkedHashMap<>();
        rollout.results().forEach(r -> statusOf.put(r.host(), r.status()));
        ArrayNode batches = root.putArray("batches");
        for (int b = 0; b < rollout.ran().size(); b++) {
            ObjectNode n = batches.addObject();
            n.put("batch", b + 1);
            ArrayNode names = n.putArray("hosts");
            int bad = 0;
            for (String host : rollout.ran().get(b)) {
                names.add(host);
                batchOf.put(host, b + 1);
                bad += HostStatuses.isGood(statusOf.get(host)) ? 0 : 1;
            }
            n.put("ok", rollout.ran().get(b).size() - bad);
            n.put("failed", bad);
        }
        if (rollout.held() != null) {
            root.put("stopped", rollout.held());
        }
        return batchOf;
    }

    /**
     * {@code output} whose hosts, when they start, name their batch as an ssh cell's do ({@code ssh web1 · batch
     * 2/3}), so the notebook's host strip can count each batch; {@code label} null: {@code output} itself.
     */
    static Output labelled(Output output, String label) {
        if (label == null) {
            return output;
        }
        return new Output() {
            @Override
            public void write(Stream stream, String host, byte[] data, int offset, int length) {
                output.write(stream, host, data, offset, length);
            }

            @Override
            public void result(String mime, String data) {
                output.result(mime, data);
            }

            @Override
            public void hostStatus(String host, String status, String detail) {
                output.hostStatus(
                        host,
                        status,
                        HostStatuses.RUNNING.equals(status) ? (detail == null ? "" : detail + " · ") + label : detail);
            }
        };
    }

    /** What the approver is shown: each canary host's status and why, and how many hosts wait. */
    static String canaryReport(List<Conversation.Result> canary, List<List<InventoryHost>> split) {
        int rest = split.stream().skip(1).mapToInt(List::size).sum();
        StringBuilder out = new StringBuilder("first batch done, ")
                .append(rest)
                .append(rest == 1 ? " more host in " : " more hosts in ")
                .append(split.size() - 1)
                .append(split.size() == 2 ? " batch" : " batches")
                .append(" wait for approval:");
        for (Conversation.Result r : canary) {
            out.append("\n  ").append(r.host()).append(' ').append(r.status());
            if (r.detail() != null && !r.detail().isBlank()) {
                out.append(" (").append(r.detail()).append(')');
            }
        }
        return out.toString();
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
