package dev.tejun.kernel.exec.dialog;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.event.CellStatus;
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
import dev.tejun.kernel.exec.ssh.PtyShells;
import dev.tejun.kernel.secret.MaskingOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Holds a dialog cell's steps with every target host, at most {@code parallel=} at a time, each on its own virtual
 * thread: over an ssh shell with a pseudo-terminal ({@code transport=ssh}, the default) or over telnet
 * ({@code transport=telnet}, port {@code telnet-port=}, 23), through the host's bastions either way. The captures of
 * each host are the cell's value and result; with {@code into=SHEET} they are stored in that observed sheet, all
 * hosts or none. The transcript of every host is kept in evidence. {@code batch=}, {@code max-fail=} and
 * {@code pause-between=} roll the hosts out in batches as on ssh cells ({@link DialogRollout}).
 */
final class DialogExecutor implements Executor {

    private static final int DEFAULT_PARALLEL = 10;
    private static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration DEFAULT_STEP_TIMEOUT = Duration.ofSeconds(10);
    private static final byte[] PTY_ENTER = {'\r'};
    private static final byte[] TELNET_ENTER = {'\r', '\n'};

    private final CmdbStore cmdb;
    private final PtyShells shells;
    private final Clock clock;
    private final HoldPoint hold;
    private Path scratch;

    DialogExecutor(CmdbStore cmdb, PtyShells shells, Clock clock, HoldPoint hold) {
        this.cmdb = cmdb;
        this.shells = shells;
        this.clock = clock;
        this.hold = hold;
    }

    /** What a cell asks for, read and checked before anything connects. */
    private record Plan(
            DialogScript script,
            List<InventoryHost> hosts,
            Inventory inventory,
            boolean telnet,
            int telnetPort,
            int parallel,
            Duration connectTimeout,
            int allowFailures,
            Collector collector,
            Batches batches,
            CmdbScope scope) {}

    @Override
    public CellOutcome execute(CellRequest request, Output rawOutput) {
        if (Thread.currentThread().isInterrupted()) {
            return CellOutcome.stopped();
        }
        Plan plan;
        HostSecrets secrets;
        try {
            plan = plan(request);
            List<InventoryHost> reached = new ArrayList<>(plan.hosts());
            reached.addAll(Jumps.all(plan.inventory(), plan.hosts()).values());
            secrets = HostSecrets.reveal(cmdb, reached, plan.scope().asOf());
            shells.plan(
                    plan.inventory(),
                    secrets,
                    plan.hosts(),
                    new CellSettings(request.attributes())
                            .text("host-key-policy")
                            .orElse(null));
        } catch (CellSettings.Refused e) {
            return CellOutcome.failed(null, e.getMessage());
        } catch (IOException e) {
            return CellOutcome.failed(null, "cannot read the ssh_config: " + e.getMessage());
        } catch (RuntimeException e) {
            return CellOutcome.failed(null, "cannot read the hosts from the CMDB: " + e.getMessage());
        }
        List<String> masked = new ArrayList<>(secrets.values());
        masked.addAll(request.secrets());
        MaskingOutput output = new MaskingOutput(rawOutput, masked);
        Path transcriptFile;
        DialogRollout.Done rollout;
        try {
            transcriptFile = scratch()
                    .resolve("dialog-" + (request.cellId() == null ? "cell" : request.cellId()) + ".transcript");
            try (Transcript transcript = new Transcript(transcriptFile, clock)) {
                long deadline = request.timeout() == null
                        ? Long.MAX_VALUE
                        : System.nanoTime() + request.timeout().toNanos();
                rollout = DialogRollout.run(
                        plan.batches(),
                        plan.hosts(),
                        output,
                        deadline,
                        (batch, label) -> fanOut(
                                request,
                                plan,
                                batch,
                                secrets,
                                masked,
                                DialogRollout.labelled(rawOutput, label),
                                transcript,
                                deadline),
                        (canary, report) -> hold.await(request, output.mask(report), output));
            }
        } catch (IOException e) {
            return CellOutcome.failed(null, "cannot write the dialog's transcript: " + e.getMessage());
        } finally {
            output.flush();
        }
        return outcome(request, plan, rollout, output).withArtifacts(List.of(transcriptFile));
    }

    private Plan plan(CellRequest request) throws CellSettings.Refused {
        CellSettings s = new CellSettings(request.attributes());
        String transport = s.text("transport").orElse("ssh");
        if (!transport.equals("ssh") && !transport.equals("telnet")) {
            throw new CellSettings.Refused("transport=" + transport + " is not ssh or telnet");
        }
        DialogScript script = DialogScript.parse(request.code(), s.duration("step-timeout", DEFAULT_STEP_TIMEOUT));
        Batches batches = Batches.read(s);
        if (batches.approveFirst() && !hold.available()) {
            throw new CellSettings.Refused(
                    "approve-after-first-batch=true needs someone to approve: run it in the notebook or a flow");
        }
        CmdbScope scope = CmdbScope.of(request, cmdb);
        Inventory inventory = cmdb.inventory(scope.operation(), scope.asOf());
        List<InventoryHost> hosts =
                HostTargets.select(inventory, s.text("hosts").orElse(null), new HostQuery(cmdb, scope));
        return new Plan(
                script,
                hosts,
                inventory,
                transport.equals("telnet"),
                s.integer("telnet-port", 23, 1, 65535),
                s.integer("parallel", DEFAULT_PARALLEL, 1, 1000),
                s.duration("connect-timeout", DEFAULT_CONNECT_TIMEOUT),
                s.integer("allow-failures", 0, 0, Integer.MAX_VALUE),
                Collector.read(cmdb, s.text("into").orElse(null), script),
                batches,
                scope);
    }

    private List<Conversation.Result> fanOut(
            CellRequest request,
            Plan plan,
            List<InventoryHost> batch,
            HostSecrets secrets,
            List<String> masked,
            Output rawOutput,
            Transcript transcript,
            long deadline) {
        Semaphore slots = new Semaphore(plan.parallel());
        Map<String, PtyShells.Stream> open = new ConcurrentHashMap<>();
        Map<String, Future<Conversation.Result>> futures = new LinkedHashMap<>();
        ExecutorService pool = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("tejun-dialog-host-", 0).factory());
        for (InventoryHost host : batch) {
            futures.put(host.name(), pool.submit(() -> {
                slots.acquire();
                try {
                    return host(request, plan, host, secrets, masked, rawOutput, transcript, deadline, open);
                } finally {
                    slots.release();
                }
            }));
        }
        pool.shutdown();
        List<Conversation.Result> results = new ArrayList<>();
        String ending = null;
        for (Map.Entry<String, Future<Conversation.Result>> e : futures.entrySet()) {
            Conversation.Result r = null;
            if (ending == null) {
                try {
                    long left = deadline - System.nanoTime();
                    r = deadline == Long.MAX_VALUE
                            ? e.getValue().get()
                            : e.getValue().get(Math.max(0, left), TimeUnit.NANOSECONDS);
                } catch (TimeoutException t) {
                    ending = HostStatuses.TIMED_OUT;
                } catch (InterruptedException i) {
                    ending = HostStatuses.STOPPED;
                    Thread.currentThread().interrupt();
                } catch (ExecutionException x) {
                    r = new Conversation.Result(
                            e.getKey(), HostStatuses.FAILED, String.valueOf(x.getCause()), Map.of());
                }
                if (ending != null) {
                    // closing a stream ends its host's wait at once
                    pool.shutdownNow();
                    open.values().forEach(PtyShells.Stream::close);
                }
            }
            if (r == null) {
                r = new Conversation.Result(
                        e.getKey(),
                        ending,
                        HostStatuses.STOPPED.equals(ending) ? "stopped" : "cell timed out",
                        Map.of());
                rawOutput.hostStatus(r.host(), r.status(), r.detail());
            }
            results.add(r);
        }
        return results;
    }

    private Conversation.Result host(
            CellRequest request,
            Plan plan,
            InventoryHost host,
            HostSecrets secrets,
            List<String> masked,
            Output rawOutput,
            Transcript transcript,
            long deadline,
            Map<String, PtyShells.Stream> open) {
        Map<String, String> captures = new ConcurrentHashMap<>();
        Placeholders values = new Placeholders(List.of(captures, hostValues(host, secrets), request.variables()));
        List<String> mine = new ArrayList<>(masked);
        for (DialogScript.Step step : plan.script().steps()) {
            if (step.secret() && step.send() != null) {
                try {
                    mine.add(values.text(step.send()));
                } catch (Placeholders.Unknown e) {
                    // from a capture: masked where it is sent, not known before
                }
            }
        }
        MaskingOutput output = new MaskingOutput(rawOutput, mine);
        Conversation.Result r;
        try {
            String where = plan.telnet()
                    ? "telnet " + host.address() + ":" + plan.telnetPort() + shells.via(host.name())
                    : "ssh " + shells.describe(host.name());
            transcript.note(host.name(), "connecting: " + where);
            PtyShells.Stream stream = plan.telnet()
                    ? Telnet.open(
                            host.address(),
                            plan.telnetPort(),
                            plan.connectTimeout(),
                            shells.forwarded(host.name(), plan.telnetPort(), plan.connectTimeout()))
                    : shells.shell(host.name(), plan.connectTimeout());
            open.put(host.name(), stream);
            output.hostStatus(host.name(), HostStatuses.RUNNING, where);
            r = new Conversation(
                            host.name(),
                            plan.script(),
                            values,
                            captures,
                            output,
                            transcript,
                            plan.telnet() ? TELNET_ENTER : PTY_ENTER,
                            deadline)
                    .hold(stream);
        } catch (IOException e) {
            r = new Conversation.Result(host.name(), HostStatuses.UNREACHABLE, output.mask(e.getMessage()), Map.of());
        } finally {
            open.remove(host.name());
        }
        transcript.note(host.name(), r.status() + (r.detail() == null ? "" : ": " + r.detail()));
        output.flush();
        output.hostStatus(r.host(), r.status(), r.detail());
        return r;
    }

    /** {@code host.name}, {@code host.address}, …, every CMDB variable and secret as {@code host.VAR}. */
    private static Map<String, String> hostValues(InventoryHost host, HostSecrets secrets) {
        Map<String, String> v = new LinkedHashMap<>();
        host.vars().forEach((k, val) -> v.put("host." + k, val == null ? "" : String.valueOf(val)));
        secrets.variables(host.name()).forEach((k, val) -> v.put("host." + k, val));
        v.put("host.name", host.name());
        v.put("host.address", host.address());
        v.put("host.port", String.valueOf(host.sshPort()));
        if (host.user() != null) {
            v.put("host.user", host.user());
        }
        secrets.credential(host.name()).ifPresent(c -> v.put("host.credential", c));
        return v;
    }

    private CellOutcome outcome(CellRequest request, Plan plan, DialogRollout.Done rollout, MaskingOutput output) {
        List<Conversation.Result> results = rollout.results();
        HostTally tally = new HostTally();
        ObjectNode root = Json.MAPPER.createObjectNode();
        ArrayNode hosts = root.putArray("hosts");
        ObjectNode value = Json.MAPPER.createObjectNode();
        Map<String, Integer> batchOf = DialogRollout.describe(root, rollout);
        for (Conversation.Result r : results) {
            tally.put(r.host(), r.status());
            ObjectNode h = hosts.addObject();
            h.put("host", r.host());
            if (batchOf.containsKey(r.host())) {
                h.put("batch", batchOf.get(r.host()));
            }
            h.put("status", r.status());
            if (r.detail() != null) {
                h.put("detail", r.detail());
            }
            ObjectNode c = h.putObject("captures");
            r.captures().forEach(c::put);
            value.set(r.host(), c.deepCopy());
        }
        output.stdout(tally.summary() + "\n");
        output.result("application/json", output.mask(root.toString()));
        output.flush();
        String captured = output.mask(value.toString());
        if (results.stream().anyMatch(r -> HostStatuses.STOPPED.equals(r.status()))) {
            return CellOutcome.stopped();
        }
        if (results.stream()
                .anyMatch(r -> HostStatuses.TIMED_OUT.equals(r.status())
                        && r.detail() != null
                        && r.detail().equals("cell timed out"))) {
            return CellOutcome.timedOut(request.timeout());
        }
        List<String> bad = tally.bad();
        if (rollout.held() != null) {
            return new CellOutcome(
                    CellStatus.FAILED,
                    null,
                    captured,
                    rollout.held() + ": " + String.join(", ", bad)
                            + (plan.collector() == null ? "" : ", nothing was collected"));
        }
        if (bad.size() > plan.allowFailures()) {
            String why = results.stream()
                    .filter(r -> !HostStatuses.isGood(r.status()))
                    .map(r -> r.host() + ": " + r.detail())
                    .reduce((a, b) -> a + "\n" + b)
                    .orElse("");
            return new CellOutcome(
                    CellStatus.FAILED,
                    null,
                    captured,
                    tally.summary() + (plan.collector() == null ? "" : ", nothing was collected") + "\n" + why);
        }
        if (plan.collector() != null) {
            String stored = plan.collector().store(request, results);
            if (stored.startsWith(Collector.REFUSED)) {
                return CellOutcome.failed(null, stored.substring(Collector.REFUSED.length()));
            }
            output.stdout(stored + "\n");
        }
        return CellOutcome.ok(0, captured);
    }

    /**
     * Where transcripts are written until the session copies them into evidence: one folder per executor (a
     * session's), removed when the session closes, so no transcript outlives its session outside evidence.
     */
    private synchronized Path scratch() throws IOException {
        if (scratch == null) {
            scratch = Files.createTempDirectory("tejun-dialog-");
        }
        return scratch;
    }

    @Override
    public void close() {
        shells.close();
        Path dir;
        synchronized (this) {
            dir = scratch;
            scratch = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            } catch (IOException ignored) {
                // a temp folder left behind holds masked text only
            }
        }
    }
}
