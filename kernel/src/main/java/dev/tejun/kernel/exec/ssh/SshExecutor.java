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
import dev.tejun.kernel.exec.cmdb.HostQuery;
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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /** {@code sshConfig}: the server's OpenSSH client config, read at each cell (absent: none). */
    SshExecutor(CmdbStore cmdb, HostKeyPolicy defaultPolicy, Path knownHosts, Path sshConfig) {
        this.cmdb = cmdb;
        this.defaultPolicy = defaultPolicy;
        this.connections = new SshConnections(knownHosts);
        this.sshConfig = sshConfig;
    }

    /** What a cell asks for, read and checked before anything connects. */
    private record Plan(
            List<InventoryHost> hosts,
            int parallel,
            Duration connectTimeout,
            Duration commandTimeout,
            int allowFailures,
            HostKeyPolicy policy) {

        static Plan read(CellRequest request, Inventory inventory, HostKeyPolicy defaultPolicy, CmdbStore cmdb)
                throws CellSettings.Refused {
            CellSettings s = new CellSettings(request.attributes());
            HostKeyPolicy policy;
            try {
                policy = s.text("host-key-policy").map(HostKeyPolicy::parse).orElse(defaultPolicy);
            } catch (IllegalArgumentException e) {
                throw new CellSettings.Refused(e.getMessage());
            }
            return new Plan(
                    HostTargets.select(
                            inventory,
                            s.text("hosts").orElse(null),
                            new HostQuery(cmdb, s.text("operation").orElse(null))),
                    s.integer("parallel", DEFAULT_PARALLEL, 1, 1000),
                    s.duration("connect-timeout", DEFAULT_CONNECT_TIMEOUT),
                    s.duration("command-timeout", null),
                    s.integer("allow-failures", 0, 0, Integer.MAX_VALUE),
                    policy);
        }
    }

    @Override
    public CellOutcome execute(CellRequest request, Output rawOutput) {
        if (Thread.currentThread().isInterrupted()) {
            return CellOutcome.stopped();
        }
        Plan plan;
        HostSecrets secrets;
        Map<String, SshConnections.Target> targets = new LinkedHashMap<>();
        try {
            Inventory inventory = cmdb.inventory(
                    new CellSettings(request.attributes()).text("operation").orElse(null));
            plan = Plan.read(request, inventory, defaultPolicy, cmdb);
            List<InventoryHost> reached = new ArrayList<>(plan.hosts());
            reached.addAll(Jumps.all(inventory, plan.hosts()).values());
            secrets = HostSecrets.reveal(cmdb, reached);
            Reach reach = new Reach(inventory, secrets, SshConfig.load(sshConfig));
            for (InventoryHost host : plan.hosts()) {
                targets.put(host.name(), reach.target(host));
            }
        } catch (CellSettings.Refused e) {
            return CellOutcome.failed(null, e.getMessage());
        } catch (IOException e) {
            return CellOutcome.failed(null, "cannot read " + sshConfig + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return CellOutcome.failed(null, "cannot read the hosts from the CMDB: " + e.getMessage());
        }
        MaskingOutput output = new MaskingOutput(rawOutput, secrets.values());
        try {
            return fanOut(request, plan, targets, output);
        } finally {
            output.flush();
        }
    }

    private CellOutcome fanOut(
            CellRequest request, Plan plan, Map<String, SshConnections.Target> targets, MaskingOutput output) {
        Semaphore slots = new Semaphore(plan.parallel());
        Map<String, HostRun> runs = new LinkedHashMap<>();
        Map<String, Future<HostRun.Result>> futures = new LinkedHashMap<>();
        HostTally tally = new HostTally();
        ExecutorService pool = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("tejun-ssh-host-", 0).factory());
        for (InventoryHost host : plan.hosts()) {
            HostRun run = new HostRun(
                    connections,
                    targets.get(host.name()),
                    plan.policy(),
                    plan.connectTimeout(),
                    plan.commandTimeout(),
                    output);
            runs.put(host.name(), run);
            futures.put(host.name(), pool.submit(() -> {
                slots.acquire();
                try {
                    HostRun.Result r = run.run(request.code());
                    if (!HostStatuses.STOPPED.equals(r.status())) {
                        // a stopped host is reported by the thread that stopped it, with the reason
                        report(r, tally, output);
                    }
                    return r;
                } finally {
                    slots.release();
                }
            }));
        }
        pool.shutdown();
        long deadline = request.timeout() == null
                ? Long.MAX_VALUE
                : System.nanoTime() + request.timeout().toNanos();
        List<HostRun.Result> results = new ArrayList<>();
        String ending = null;
        for (Map.Entry<String, Future<HostRun.Result>> e : futures.entrySet()) {
            String host = e.getKey();
            if (ending != null) {
                results.add(giveUp(host, ending, futures, tally, output));
                continue;
            }
            try {
                long left = deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - System.nanoTime();
                results.add(
                        left == Long.MAX_VALUE
                                ? e.getValue().get()
                                : e.getValue().get(Math.max(0, left), TimeUnit.NANOSECONDS));
            } catch (TimeoutException t) {
                ending = HostStatuses.TIMED_OUT;
            } catch (InterruptedException i) {
                ending = HostStatuses.STOPPED;
            } catch (ExecutionException x) {
                HostRun.Result r = new HostRun.Result(host, HostStatuses.FAILED, null, String.valueOf(x.getCause()));
                report(r, tally, output);
                results.add(r);
            }
            if (ending != null) {
                cancelAll(runs.values());
                pool.shutdownNow();
                results.add(giveUp(host, ending, futures, tally, output));
            }
        }
        output.flush();
        output.stdout(tally.summary() + "\n");
        output.result("application/json", resultJson(results));
        if (HostStatuses.STOPPED.equals(ending)) {
            Thread.currentThread().interrupt();
            return CellOutcome.stopped();
        }
        if (HostStatuses.TIMED_OUT.equals(ending)) {
            return CellOutcome.timedOut(request.timeout());
        }
        List<String> bad = tally.bad();
        if (bad.size() > plan.allowFailures()) {
            return CellOutcome.failed(null, tally.summary() + ": " + String.join(", ", bad));
        }
        return CellOutcome.ok(0, tally.summary());
    }

    /** Cancels every host at once: each cancel may wait for a kill on its host, and stop must be prompt. */
    private static void cancelAll(java.util.Collection<HostRun> runs) {
        List<Thread> threads = runs.stream()
                .map(r -> Thread.ofVirtual().name("tejun-ssh-cancel").start(r::cancel))
                .toList();
        for (Thread t : threads) {
            try {
                t.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** A host still running when the cell is stopped or times out: a short wait for its own result, else that ending. */
    private HostRun.Result giveUp(
            String host, String ending, Map<String, Future<HostRun.Result>> futures, HostTally tally, Output output) {
        Future<HostRun.Result> f = futures.get(host);
        try {
            if (f.isDone() && !f.isCancelled()) {
                HostRun.Result r = f.get(0, TimeUnit.NANOSECONDS);
                if (!HostStatuses.STOPPED.equals(r.status())) {
                    return r;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException ignored) {
            // counted as ended below
        }
        HostRun.Result r = new HostRun.Result(
                host, ending, null, HostStatuses.STOPPED.equals(ending) ? "stopped" : "cell timed out");
        report(r, tally, output);
        return r;
    }

    private static void report(HostRun.Result r, HostTally tally, Output output) {
        tally.put(r.host(), r.status());
        output.hostStatus(r.host(), r.status(), r.detail());
    }

    private static String resultJson(List<HostRun.Result> results) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode hosts = root.putArray("hosts");
        for (HostRun.Result r : results) {
            ObjectNode h = hosts.addObject();
            h.put("host", r.host());
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
