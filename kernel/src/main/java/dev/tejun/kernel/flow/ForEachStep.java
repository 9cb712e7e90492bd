package dev.tejun.kernel.flow;

import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.exec.remote.Batches;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.flow.def.Node;
import dev.tejun.kernel.flow.def.Outcome;
import dev.tejun.kernel.flow.state.FlowInstance;
import dev.tejun.kernel.runbook.Attributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One run of a {@code for-each} node: its runbook once per host, each iteration a run of its own (own session, own
 * evidence, listed like any node run), batch by batch as a rolling change on an ssh cell goes ({@link Batches}:
 * the hosts of a batch at once, a pause between batches, no new batch once more hosts failed than
 * {@code max-fail} allows). A failed host is run again up to {@code retry} times. The loop's result is what later
 * nodes read: {@code ${nodes.ID.each.ok}}, {@code .each.failed}, {@code .each.skipped}, {@code .each.total}, the
 * hosts of each kind as comma lists ({@code .hosts.failed}), and each host's {@code .status.HOST}, {@code .run.HOST}
 * (its last run) and {@code .tries.HOST}.
 *
 * <p>Each host that ends {@code ok} or {@code failed} is recorded in the store at once as the node's outputs so far,
 * so a loop cut off by a server restart (or a dead server) resumes from the batch it stopped in: the hosts that had
 * ended keep their status, run and tries, and only the others run again.
 */
final class ForEachStep {

    /** What the loop ended with: every host's status ({@code ok}, {@code failed}, {@code skipped}, {@code stopped}). */
    record Result(Map<String, String> outputs, Outcome outcome, String message) {}

    private final FlowEngine engine;
    private final FlowInstance instance;
    private final Node.ForEachNode node;
    private final List<String> hosts;
    private final Batches batches;
    private final Map<String, String> params;
    /** The params that carry a secret param of the flow: masked in every iteration's run. */
    private final Set<String> secretNames;

    private final String user;
    private final Map<String, String> status = new ConcurrentHashMap<>();
    private final Map<String, String> runs = new ConcurrentHashMap<>();
    private final Map<String, Integer> tries = new ConcurrentHashMap<>();
    private final Set<RunbookStep> current = ConcurrentHashMap.newKeySet();
    private final Set<InstanceRun> children = ConcurrentHashMap.newKeySet();
    /** How many hosts had ended before this run of the loop (a resume); 0 on a first run. */
    private final int resumed;

    private volatile boolean stopped;

    private ForEachStep(
            FlowEngine engine,
            FlowInstance instance,
            Node.ForEachNode node,
            List<String> hosts,
            Batches batches,
            Map<String, String> params,
            Set<String> secretNames,
            String user,
            Map<String, String> earlier) {
        this.engine = engine;
        this.instance = instance;
        this.node = node;
        this.hosts = List.copyOf(hosts);
        this.batches = batches;
        this.params = params;
        this.secretNames = Set.copyOf(secretNames);
        this.user = user;
        int ended = 0;
        for (String h : this.hosts) {
            String was = earlier.get("status." + h);
            if ("ok".equals(was) || "failed".equals(was)) {
                status.put(h, was);
                copy(earlier.get("run." + h), id -> runs.put(h, id));
                copy(earlier.get("tries." + h), n -> tries.put(h, Integer.valueOf(n)));
                ended++;
            }
        }
        this.resumed = ended;
    }

    private static void copy(String value, Consumer<String> into) {
        if (value != null) {
            into.accept(value);
        }
    }

    /**
     * Resolves what the loop needs under the instance's lock (the hosts, the params, the batch policy); nothing runs
     * yet. Throws {@link IllegalArgumentException} with a message fit for the node when it cannot start.
     */
    static ForEachStep prepare(
            FlowEngine engine, FlowInstance instance, Node.ForEachNode f, FlowValues values, String user) {
        // a flow per host is checked as a called flow is: with its caller
        String refused = f.runbook() == null
                ? null
                : engine.nodeRefusal(
                        instance.startedBy(), instance.via(), engine.runbookFile(instance.id(), f.runbook()));
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        Batches batches;
        try {
            batches = Batches.read(new CellSettings(new Attributes(f.id(), List.of(), f.batches())));
        } catch (CellSettings.Refused e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<String> hosts = engine.hosts(f.hosts(), values::lookup);
        return new ForEachStep(
                engine,
                instance,
                f,
                hosts,
                batches,
                values.resolve(f.params()),
                values.carryingSecrets(f.params()),
                user,
                values.of(f.id()));
    }

    /** Runs every batch in turn on the calling thread; returns when the loop is over (or was stopped). */
    Result run() {
        List<List<String>> split = batches.split(hosts);
        int started = 0;
        int failed = 0;
        String limit = null;
        boolean ranOne = false;
        for (int b = 0; b < split.size() && !stopped && limit == null; b++) {
            List<String> batch = split.get(b);
            // on a resume, the hosts that had ended are not run again; a batch of only those is passed over
            List<String> todo =
                    batch.stream().filter(h -> !status.containsKey(h)).toList();
            if (!todo.isEmpty() && ranOne && !batches.pauseBetween().isZero() && !sleep()) {
                break;
            }
            ranOne |= !todo.isEmpty();
            List<Thread> threads = new ArrayList<>();
            for (String host : todo) {
                threads.add(Thread.ofVirtual()
                        .name("flow-" + instance.id() + "-" + node.id() + "-" + host)
                        .start(() -> host(host)));
            }
            for (Thread t : threads) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupt();
                    Thread.currentThread().interrupt();
                }
            }
            started += batch.size();
            failed += (int)
                    batch.stream().filter(h -> "failed".equals(status.get(h))).count();
            if (batches.exceeded(failed, started)) {
                limit = failed + " of " + started + " hosts failed, more than max-fail=" + batches.limit()
                        + " allows: no further batch started";
            }
        }
        for (String h : hosts) {
            status.putIfAbsent(h, stopped ? "stopped" : "skipped");
        }
        return result(limit, split.size());
    }

    /** One attempt at a host: the run (or flow instance) it made and how that ended. */
    private record Attempt(String id, Outcome outcome) {}

    /** One host: its iteration, run again after a failure while retries are left. */
    private void host(String host) {
        for (int attempt = 0; attempt <= node.retry() && !stopped; attempt++) {
            Attempt a;
            try {
                a = node.flow() == null ? runbook(host, attempt) : flow(host);
            } catch (RuntimeException e) {
                status.put(host, "failed");
                recordProgress();
                return;
            }
            runs.put(host, a.id());
            tries.put(host, attempt + 1);
            Outcome o = a.outcome();
            status.put(host, o.live() ? "ok" : o == Outcome.STOPPED || stopped ? "stopped" : "failed");
            if (o.live() || attempt == node.retry() || stopped) {
                recordProgress();
            }
            if (o.live()) {
                return;
            }
        }
    }

    private Attempt runbook(String host, int attempt) {
        RunbookStep step = RunbookStep.iteration(
                engine, instance, node.id(), sessionId(host, attempt), node.runbook(), with(host), secretNames, user);
        current.add(step);
        RunFinished finished = null;
        try {
            finished = step.await();
        } catch (InterruptedException e) {
            step.interrupt();
            Thread.currentThread().interrupt();
        } finally {
            current.remove(step);
            step.close();
        }
        return new Attempt(step.runId(), RunbookStep.outcome(finished));
    }

    /** The node's flow for one host, as a called flow of this instance; a stop of the loop stops it too. */
    private Attempt flow(String host) {
        InstanceRun child = engine.startPerHost(instance, node, with(host), user);
        children.add(child);
        try {
            if (stopped) {
                stopChild(child);
            }
            return new Attempt(
                    child.id(), Decisions.outcome(child.finished().join().status()));
        } finally {
            children.remove(child);
        }
    }

    private void stopChild(InstanceRun child) {
        if (engine.closing()) {
            return; // a server going down leaves its flows to be interrupted at the next start
        }
        Thread.ofVirtual().start(() -> {
            try {
                engine.stop(child.id(), user);
            } catch (RuntimeException e) {
                // it ended meanwhile
            }
        });
    }

    /**
     * Writes the hosts that have ended for good ({@code ok}, or {@code failed} with no retry left) as the node's
     * outputs so far, so a restart resumes after them. Synchronized so the last host's write is the last one stored.
     */
    private synchronized void recordProgress() {
        if (engine.closing()) {
            return; // a server going down cuts iterations off: they are neither ok nor failed
        }
        Map<String, String> progress = new LinkedHashMap<>();
        for (String h : hosts) {
            String s = status.get(h);
            if ("ok".equals(s) || "failed".equals(s)) {
                progress.put("status." + h, s);
                copy(runs.get(h), id -> progress.put("run." + h, id));
                copy(tries.get(h) == null ? null : String.valueOf(tries.get(h)), n -> progress.put("tries." + h, n));
            }
        }
        engine.store().saveOutputs(instance.id(), node.id(), progress);
    }

    private Map<String, String> with(String host) {
        Map<String, String> p = new LinkedHashMap<>(params);
        p.put("host", host);
        return p;
    }

    private String sessionId(String host, int attempt) {
        String safe = host.replaceAll("[^A-Za-z0-9._-]", "_");
        return "flow-" + instance.id() + "-" + node.id() + "-" + safe + (attempt == 0 ? "" : "-retry" + attempt);
    }

    private boolean sleep() {
        try {
            Thread.sleep(batches.pauseBetween());
            return !stopped;
        } catch (InterruptedException e) {
            interrupt();
            return false;
        }
    }

    /** Starts no further iteration and interrupts the running ones (their cells kill their process trees). */
    void interrupt() {
        stopped = true;
        current.forEach(RunbookStep::interrupt);
        children.forEach(this::stopChild);
    }

    private Result result(String limit, int batchCount) {
        Map<String, List<String>> byStatus = new LinkedHashMap<>();
        for (String kind : List.of("ok", "failed", "skipped", "stopped")) {
            byStatus.put(kind, new ArrayList<>());
        }
        hosts.forEach(h -> byStatus.get(status.get(h)).add(h));
        Map<String, String> out = new LinkedHashMap<>();
        byStatus.forEach((kind, list) -> {
            out.put("each." + kind, String.valueOf(list.size()));
            out.put("hosts." + kind, String.join(",", list));
        });
        out.put("each.total", String.valueOf(hosts.size()));
        hosts.forEach(h -> out.put("status." + h, status.get(h)));
        runs.forEach((h, id) -> out.put("run." + h, id));
        tries.forEach((h, n) -> out.put("tries." + h, String.valueOf(n)));
        String counts =
                byStatus.get("ok").size() + " ok, " + byStatus.get("failed").size() + " failed"
                        + (byStatus.get("skipped").isEmpty()
                                ? ""
                                : ", " + byStatus.get("skipped").size() + " skipped")
                        + " of " + hosts.size() + " hosts in " + batchCount + (batchCount == 1 ? " batch" : " batches");
        Outcome outcome = stopped
                ? Outcome.STOPPED
                : limit != null ? Outcome.FAILED : byStatus.get("failed").isEmpty() ? Outcome.OK : Outcome.WARNING;
        String failedHosts = byStatus.get("failed").isEmpty() ? "" : " (failed: " + out.get("hosts.failed") + ")";
        String resumedNote = resumed == 0 ? "" : "; resumed with " + resumed + " hosts ended before";
        return new Result(out, outcome, counts + failedHosts + (limit == null ? "" : "; " + limit) + resumedNote);
    }
}
