package dev.tejun.kernel.exec.ssh;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.cmdb.CmdbScope;
import dev.tejun.kernel.exec.cmdb.HostQuery;
import dev.tejun.kernel.exec.hold.HoldPoint;
import dev.tejun.kernel.exec.remote.Batches;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostSecrets;
import dev.tejun.kernel.exec.remote.HostStatuses;
import dev.tejun.kernel.exec.remote.HostTally;
import dev.tejun.kernel.exec.remote.HostTargets;
import dev.tejun.kernel.exec.remote.Jumps;
import dev.tejun.kernel.secret.MaskingOutput;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs an ssh cell on every target host, at most {@code parallel=} at a time, each host on its own virtual thread.
 * The cell's {@code timeout=} bounds the whole fan-out; {@code command-timeout=} bounds each host's command.
 */
final class SshExecutor implements Executor {

    static final int DEFAULT_PARALLEL = 10;
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = Json.MAPPER;

    private final CmdbStore cmdb;
    private final HostKeyPolicy defaultPolicy;
    private final SshConnections connections;
    private final Path sshConfig;
    private final HoldPoint hold;

    /** {@code sshConfig}: the server's OpenSSH client config, read at each cell (absent: none). */
    SshExecutor(CmdbStore cmdb, HostKeyPolicy defaultPolicy, Path knownHosts, Path sshConfig, HoldPoint hold) {
        this.hold = hold;
        this.cmdb = cmdb;
        this.defaultPolicy = defaultPolicy;
        this.connections = new SshConnections(knownHosts);
        this.sshConfig = sshConfig;
    }

    /** Put before a cell's code on the host: from there on its stderr is its stdout (POSIX shells). */
    static final String MERGED = "exec 2>&1\n";

    /** What a cell asks for, read and checked before anything connects. */
    private record Plan(
            List<InventoryHost> hosts,
            int parallel,
            Duration connectTimeout,
            Duration commandTimeout,
            int allowFailures,
            HostKeyPolicy policy,
            Batches batches,
            boolean merged) {

        static Plan read(
                CellRequest request, Inventory inventory, HostKeyPolicy defaultPolicy, CmdbStore cmdb, CmdbScope scope)
                throws CellSettings.Refused {
            CellSettings s = new CellSettings(request.attributes());
            HostKeyPolicy policy;
            try {
                policy = s.text("host-key-policy").map(HostKeyPolicy::parse).orElse(defaultPolicy);
            } catch (IllegalArgumentException e) {
                throw new CellSettings.Refused(e.getMessage());
            }
            return new Plan(
                    HostTargets.select(inventory, s.text("hosts").orElse(null), new HostQuery(cmdb, scope)),
                    s.integer("parallel", DEFAULT_PARALLEL, 1, 1000),
                    s.duration("connect-timeout", DEFAULT_CONNECT_TIMEOUT),
                    s.duration("command-timeout", null),
                    s.integer("allow-failures", 0, 0, Integer.MAX_VALUE),
                    policy,
                    Batches.read(s),
                    s.mergedStreams());
        }
    }

    @Override
    public CellOutcome execute(CellRequest request, Output rawOutput) {
        if (Thread.currentThread().isInterrupted()) {
            return CellOutcome.stopped();
        }
        Plan plan;
        CmdbScope scope;
        HostSecrets secrets;
        Map<String, SshConnections.Target> targets = new LinkedHashMap<>();
        try {
            scope = CmdbScope.of(request, cmdb);
            Inventory inventory = cmdb.inventory(scope.operation(), scope.asOf());
            plan = Plan.read(request, inventory, defaultPolicy, cmdb, scope);
            List<InventoryHost> reached = new ArrayList<>(plan.hosts());
            reached.addAll(Jumps.all(inventory, plan.hosts()).values());
            secrets = HostSecrets.reveal(cmdb, reached, scope.asOf());
            Reach reach = new Reach(inventory, secrets, SshConfig.load(sshConfig));
            for (InventoryHost host : plan.hosts()) {
                targets.put(host.name(), reach.target(host));
            }
            if (plan.batches().approveFirst() && !hold.available()) {
                throw new CellSettings.Refused(
                        "approve-after-first-batch=true needs someone to approve: run it in the notebook or a flow");
            }
        } catch (CellSettings.Refused e) {
            return CellOutcome.failed(null, e.getMessage());
        } catch (IOException e) {
            return CellOutcome.failed(null, "cannot read " + sshConfig + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return CellOutcome.failed(null, "cannot read the hosts from the CMDB: " + e.getMessage());
        }
        MaskingOutput output = new MaskingOutput(rawOutput, secrets.values());
        if (scope.scoped()) {
            output.stderr(scope.evidenceLine());
        }
        try {
            return fanOut(request, plan, targets, output);
        } finally {
            output.flush();
        }
    }

    private CellOutcome fanOut(
            CellRequest request, Plan plan, Map<String, SshConnections.Target> targets, MaskingOutput output) {
        HostTally tally = new HostTally();
        long deadline = request.timeout() == null
                ? Long.MAX_VALUE
                : System.nanoTime() + request.timeout().toNanos();
        List<List<InventoryHost>> batches = plan.batches().split(plan.hosts());
        List<BatchRun.Done> done = new ArrayList<>();
        String ending = null;
        String held = null;
        int started = 0;
        for (int b = 0; b < batches.size() && ending == null && held == null; b++) {
            if (b > 0) {
                int failed = tally.bad().size();
                if (plan.batches().exceeded(failed, started)) {
                    held = "rollout stopped after batch " + b + " of " + batches.size() + ": " + failed + " of "
                            + started + " hosts failed (max-fail="
                            + plan.batches().limit() + ")";
                    break;
                }
                if (b == 1 && plan.batches().approveFirst()) {
                    HoldPoint.Answer answer =
                            hold.await(request, output.mask(canaryReport(done.getFirst(), batches)), output);
                    if (answer.ending() != null) {
                        ending = answer.ending();
                        break;
                    }
                    if (answer.refusal() != null) {
                        held = answer.refusal();
                        break;
                    }
                }
                ending = plan.batches().waitBetween(deadline);
                if (ending != null) {
                    break;
                }
            }
            String label = plan.batches().rolling() ? "batch " + (b + 1) + "/" + batches.size() : null;
            if (label != null) {
                output.stdout(label + ": "
                        + String.join(
                                ", ",
                                batches.get(b).stream().map(InventoryHost::name).toList())
                        + "\n");
            }
            BatchRun run = new BatchRun(
                    connections,
                    plan.policy(),
                    plan.connectTimeout(),
                    plan.commandTimeout(),
                    plan.parallel(),
                    output,
                    tally);
            BatchRun.Done d = run.run(
                    plan.merged() ? MERGED + request.code() : request.code(), batches.get(b), targets, label, deadline);
            done.add(d);
            started += batches.get(b).size();
            ending = d.ending();
        }
        List<HostRun.Result> results = new ArrayList<>();
        done.forEach(d -> results.addAll(d.results()));
        if (held != null) {
            output.stdout(held + "\n");
            for (int b = done.size(); b < batches.size(); b++) {
                for (InventoryHost host : batches.get(b)) {
                    HostRun.Result r = new HostRun.Result(
                            host.name(),
                            HostStatuses.SKIPPED,
                            null,
                            "not started: batch " + (b + 1) + " of " + batches.size() + " held back");
                    output.hostStatus(r.host(), r.status(), r.detail());
                    results.add(r);
                }
            }
        }
        output.flush();
        output.stdout(tally.summary() + "\n");
        output.result("application/json", resultJson(results, done, held));
        if (HostStatuses.STOPPED.equals(ending)) {
            Thread.currentThread().interrupt();
            return CellOutcome.stopped();
        }
        if (HostStatuses.TIMED_OUT.equals(ending)) {
            return CellOutcome.timedOut(request.timeout());
        }
        List<String> bad = tally.bad();
        if (held != null) {
            return CellOutcome.failed(null, held + ": " + String.join(", ", bad));
        }
        if (bad.size() > plan.allowFailures()) {
            return CellOutcome.failed(null, tally.summary() + ": " + String.join(", ", bad));
        }
        return CellOutcome.ok(0, tally.summary());
    }

    /** What the approver is shown: each canary host's status and the tail of what it wrote. */
    private static String canaryReport(BatchRun.Done canary, List<List<InventoryHost>> batches) {
        StringBuilder out = new StringBuilder("first batch done, ");
        int rest = batches.stream().skip(1).mapToInt(List::size).sum();
        out.append(rest)
                .append(" more host")
                .append(rest == 1 ? "" : "s")
                .append(" in ")
                .append(batches.size() - 1)
                .append(" batch")
                .append(batches.size() == 2 ? "" : "es")
                .append(" wait for approval:");
        for (HostRun.Result r : canary.results()) {
            out.append("\n  ").append(r.host()).append(' ').append(r.status());
            if (r.detail() != null) {
                out.append(" (").append(r.detail()).append(')');
            }
            if (r.tail() != null && !r.tail().isBlank()) {
                r.tail().lines().forEach(l -> out.append("\n    | ").append(l));
            }
        }
        return out.toString();
    }

    /** Per host its status, exit and batch; per batch its hosts and tally; and why the rollout stopped, if it did. */
    private static String resultJson(List<HostRun.Result> results, List<BatchRun.Done> done, String held) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode hosts = root.putArray("hosts");
        Map<String, Integer> batchOf = new LinkedHashMap<>();
        if (done.size() > 1 || held != null) {
            ArrayNode batches = root.putArray("batches");
            for (int b = 0; b < done.size(); b++) {
                ObjectNode n = batches.addObject();
                n.put("batch", b + 1);
                ArrayNode names = n.putArray("hosts");
                int bad = 0;
                for (HostRun.Result r : done.get(b).results()) {
                    names.add(r.host());
                    batchOf.put(r.host(), b + 1);
                    bad += HostStatuses.isGood(r.status()) ? 0 : 1;
                }
                n.put("ok", done.get(b).results().size() - bad);
                n.put("failed", bad);
            }
            if (held != null) {
                root.put("stopped", held);
            }
        }
        for (HostRun.Result r : results) {
            ObjectNode h = hosts.addObject();
            h.put("host", r.host());
            if (batchOf.containsKey(r.host())) {
                h.put("batch", batchOf.get(r.host()));
            }
            h.put("status", r.status());
            if (r.exit() != null) {
                h.put("exit", r.exit());
            }
            if (r.detail() != null) {
                h.put("detail", r.detail());
            }
        }
        return root.toString();
    }

    @Override
    public void close() {
        connections.close();
    }
}
