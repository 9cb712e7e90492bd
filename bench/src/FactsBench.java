import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.ansible.AnsibleExecutorFactory;
import dev.tejun.kernel.exec.remote.HostOutput;
import dev.tejun.kernel.exec.remote.Sshd;
import dev.tejun.kernel.exec.remote.TestHosts;
import dev.tejun.kernel.exec.ssh.SshExecutorFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue 16's collect-facts figure: an ansible cell gathering facts from 20 loopback hosts, alone and with
 * {@code into=} storing them in an observed sheet (through the journal); the store must cost at most 20 % of the
 * cell's own time. Same sshd, hosts, key and play; alternating which goes first; median of RUNS after one warm-up.
 * Run as {@code bench/fanout RUNS facts}; writes bench/RESULTS-facts.md.
 */
final class FactsBench {

    static final String GATHER = """
            - hosts: web
              gather_facts: true
              gather_subset: [min]
              tasks: []
            """;
    static final List<String> FACTS =
            List.of("kernel", "system", "hostname", "os_family", "distribution", "distribution_version", "machine");

    private FactsBench() {}

    static void run(Path repo, int runs) throws Exception {
        Path tmp = Files.createTempDirectory("tejun-facts-");
        Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        String load0 = Files.readString(Path.of("/proc/loadavg")).strip();
        try (Sshd sshd = Sshd.start(tmp.resolve("sshd"), FanoutBench.HOSTS)) {
            sshd.loginAs(FanoutBench.benchAccount());
            Path data = Files.createDirectories(tmp.resolve("data"));
            try (CmdbStore cmdb = new CmdbStore(data.resolve("tejun.db"))) {
                TestHosts.seed(cmdb, sshd);
                Files.writeString(SshExecutorFactory.knownHosts(data), sshd.knownHostsLines());
                List<ColumnDef> columns = FACTS.stream().map(f -> ColumnDef.of(f, ColumnType.STRING)).toList();
                cmdb.putSheet(new SheetDef("os", dev.tejun.cmdb.model.SheetKind.HOST, columns, List.of(), ""),
                        TestHosts.WHO);
                cmdb.putSheet(new SheetDef("os_seen", dev.tejun.cmdb.model.SheetKind.HOST, columns, List.of(), "")
                        .observing(new SheetDef.Pairing("os", Map.of())), TestHosts.WHO);
                Map<String, List<Double>> times = new LinkedHashMap<>();
                String alone = "ansible cell, facts gathered";
                String stored = "ansible cell, facts gathered and stored (into=)";
                times.put(alone, new ArrayList<>());
                times.put(stored, new ArrayList<>());
                for (int i = -1; i < runs; i++) {
                    boolean count = i >= 0;
                    int n = i;
                    List<Runnable> order = new ArrayList<>(List.of(
                            () -> FanoutBench.record(times, count, alone, () -> gather(cmdb, data, n, null)),
                            () -> FanoutBench.record(times, count, stored, () -> gather(cmdb, data, n, "os_seen"))));
                    if (i % 2 != 0) {
                        java.util.Collections.reverse(order);
                    }
                    order.forEach(Runnable::run);
                }
                int rows = cmdb.list("os_seen", dev.tejun.cmdb.model.RowQuery.active()).size();
                write(repo, runs, times, alone, stored, rows, load0);
            }
        }
    }

    static void gather(CmdbStore cmdb, Path data, int run, String into) throws Exception {
        Path work = Files.createDirectories(data.resolve("work"));
        Executor ex = new AnsibleExecutorFactory(cmdb, null).create(new SessionContext("f", work, data));
        Map<String, String> attrs = new LinkedHashMap<>(Map.of("forks", "10"));
        if (into != null) {
            attrs.put("into", into);
        }
        try {
            FanoutBench.check(ex.execute(
                    new dev.tejun.kernel.exec.CellRequest("facts-" + run + (into == null ? "" : "-into"), "c", "ansible",
                            GATHER, new dev.tejun.kernel.runbook.Attributes("c", List.of(), attrs), null, null,
                            Map.of()),
                    new HostOutput()));
        } finally {
            ex.close();
        }
    }

    static void write(Path repo, int runs, Map<String, List<Double>> times, String alone, String stored, int rows,
            String load0) throws Exception {
        double a = FanoutBench.median(times.get(alone));
        double s = FanoutBench.median(times.get(stored));
        StringBuilder md = new StringBuilder("# Collect facts into the CMDB (issue 16)\n\n")
                .append("Measured by `bench/fanout ").append(runs).append(" facts` on ").append(LocalDate.now())
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" cores, ")
                .append(FanoutBench.HOSTS).append(" host aliases (127.0.0.2…) of one local sshd, `gather_subset: [min]`, ")
                .append("forks 10; median of ").append(runs).append(" runs after one uncounted warm-up, alternating. ")
                .append("Load average at the start: ").append(load0).append("; at the end: ")
                .append(Files.readString(Path.of("/proc/loadavg")).strip()).append(".\n\n")
                .append("| what | median ms | min | max |\n|---|---:|---:|---:|\n");
        times.forEach((name, v) -> md.append("| ").append(name).append(" | ").append(Math.round(FanoutBench.median(v)))
                .append(" | ").append(Math.round(v.stream().mapToDouble(d -> d).min().orElse(0))).append(" | ")
                .append(Math.round(v.stream().mapToDouble(d -> d).max().orElse(0))).append(" |\n"));
        md.append(String.format("%nGoal: facts gathered and stored within 20 %% of the cell's own time: measured %+.1f %% "
                        + "(%d facts of %d hosts per run, %d rows in the observed sheet at the end).%n",
                (s / a - 1) * 100, FACTS.size(), FanoutBench.HOSTS, rows));
        Files.writeString(FanoutBench.outDir(repo).resolve("RESULTS-facts.md"), md);
        System.out.print(md);
    }
}
