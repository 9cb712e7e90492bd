package dev.tejun.kernel.exec.ssh;

import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.remote.HostStatuses;
import dev.tejun.kernel.exec.remote.HostTally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
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
 * One batch of an ssh cell: the command on each of its hosts, at most {@code parallel} at a time, each host on its
 * own virtual thread, until all have ended, the cell's deadline passes, or the calling thread is interrupted (then
 * every host still running is cancelled at once).
 */
final class BatchRun {

    /** How a batch went: each host's result in order, and {@code ending} timed_out or stopped, or null. */
    record Done(List<HostRun.Result> results, String ending) {}

    private final SshConnections connections;
    private final HostKeyPolicy policy;
    private final Duration connectTimeout;
    private final Duration commandTimeout;
    private final int parallel;
    private final Output output;
    private final HostTally tally;

    BatchRun(
            SshConnections connections,
            HostKeyPolicy policy,
            Duration connectTimeout,
            Duration commandTimeout,
            int parallel,
            Output output,
            HostTally tally) {
        this.connections = connections;
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.commandTimeout = commandTimeout;
        this.parallel = parallel;
        this.output = output;
        this.tally = tally;
    }

    /** {@code label}: the batch as the host strip shows it ("batch 2/3"), or null; {@code deadline} in nanoTime. */
    Done run(
            String code,
            List<InventoryHost> hosts,
            Map<String, SshConnections.Target> targets,
            String label,
            long deadline) {
        Semaphore slots = new Semaphore(parallel);
        Map<String, HostRun> runs = new LinkedHashMap<>();
        Map<String, Future<HostRun.Result>> futures = new LinkedHashMap<>();
        ExecutorService pool = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("tejun-ssh-host-", 0).factory());
        for (InventoryHost host : hosts) {
            HostRun run = new HostRun(
                    connections, targets.get(host.name()), policy, connectTimeout, commandTimeout, output, label);
            runs.put(host.name(), run);
            futures.put(host.name(), pool.submit(() -> {
                slots.acquire();
                try {
                    HostRun.Result r = run.run(code);
                    if (!HostStatuses.STOPPED.equals(r.status())) {
                        // a stopped host is reported by the thread that stopped it, with the reason
                        report(r);
                    }
                    return r;
                } finally {
                    slots.release();
                }
            }));
        }
        pool.shutdown();
        List<HostRun.Result> results = new ArrayList<>();
        String ending = null;
        for (Map.Entry<String, Future<HostRun.Result>> e : futures.entrySet()) {
            String host = e.getKey();
            if (ending != null) {
                results.add(giveUp(host, ending, futures));
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
                report(r);
                results.add(r);
            }
            if (ending != null) {
                cancelAll(runs.values());
                pool.shutdownNow();
                results.add(giveUp(host, ending, futures));
            }
        }
        return new Done(results, ending);
    }

    /** Cancels every host at once: each cancel may wait for a kill on its host, and stop must be prompt. */
    private static void cancelAll(Collection<HostRun> runs) {
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
    private HostRun.Result giveUp(String host, String ending, Map<String, Future<HostRun.Result>> futures) {
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
        report(r);
        return r;
    }

    private void report(HostRun.Result r) {
        tally.put(r.host(), r.status());
        output.hostStatus(r.host(), r.status(), r.detail());
    }
}
