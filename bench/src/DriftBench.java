import dev.tejun.cmdb.drift.DriftExcel;
import dev.tejun.cmdb.drift.DriftReport;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowOp;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.model.SheetKind;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.harvest.Harvest;
import dev.tejun.kernel.harvest.VariableHarvester;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Issue 16's figures: harvest of 1,000 IaC files; drift of 10,000 hosts × 30 columns, computed and as Excel. */
public class DriftBench {

    static final Actor WHO = new Actor("bench", Channel.SYSTEM);
    static final int HOSTS = 10_000;
    static final int COLUMNS = 30;
    static final int FILES = 1_000;

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(args[0]);
        Path tmp = Files.createTempDirectory("tejun-drift-bench");
        StringBuilder md = new StringBuilder("# Expected × actual figures (issue 16)\n\n");
        md.append("`bench/drift` on ").append(java.time.LocalDate.now()).append(", one JVM with -Xmx256m, a real SQLite ")
                .append("file; ").append(Runtime.getRuntime().availableProcessors()).append(" cores, load ")
                .append(String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()))
                .append(" at the start (the machine is shared).\n\n| figure | goal | measured |\n|---|---|---|\n");

        Path folder = Files.createDirectories(tmp.resolve("runbooks"));
        for (int i = 0; i < FILES / 2; i++) {
            Files.writeString(folder.resolve("play" + i + ".yml"), """
                    - hosts: web
                      vars: { local_%d: 1 }
                      tasks:
                        - ansible.builtin.debug: { msg: "{{ col_1 }} {{ col_2 }} {{ local_%d }} {{ item }}" }
                          loop: "{{ col_3 | default([]) }}"
                        - ansible.builtin.template: { src: t%d.j2, dest: /tmp/x }
                    """.formatted(i, i, i));
            Files.writeString(folder.resolve("t" + i + ".j2"), "a={{ col_4 }}\nb={{ col_5 }}\n{% for x in col_6 %}{{ x }}{% endfor %}\n");
        }
        List<SheetDef> defs = List.of(sheet("expected", null));
        VariableHarvester.scan(folder, defs, java.util.Map.of()); // warm
        long t0 = System.nanoTime();
        Harvest harvest = VariableHarvester.scan(folder, defs, java.util.Map.of());
        double harvestMs = ms(t0);
        md.append(row("variable harvesting, " + harvest.files().size() + " playbooks and templates", "≤ 2 s",
                String.format("%.0f ms", harvestMs)));

        try (CmdbStore cmdb = new CmdbStore(tmp.resolve("tejun.db"))) {
            cmdb.putSheet(sheet("expected", null), WHO);
            cmdb.putSheet(sheet("observed", "expected"), WHO);
            List<RowOp> hosts = new ArrayList<>();
            List<RowOp> expected = new ArrayList<>();
            Map<String, Map<String, Object>> observed = new LinkedHashMap<>();
            for (int h = 0; h < HOSTS; h++) {
                String host = "h" + h;
                hosts.add(new RowOp.Register("hosts", host, RowDraft.host(host, Map.of())));
                Map<String, Object> want = new HashMap<>();
                Map<String, Object> have = new HashMap<>();
                for (int c = 1; c <= COLUMNS; c++) {
                    want.put("col_" + c, (long) (h + c));
                    // one host in ten drifts in one column
                    have.put("col_" + c, Long.toString(h % 10 == 0 && c == 7 ? h + c + 1 : h + c));
                }
                expected.add(new RowOp.Register("expected", host, RowDraft.host(host, want)));
                observed.put(host, have);
            }
            cmdb.apply(hosts, WHO);
            cmdb.apply(expected, WHO);
            long c0 = System.nanoTime();
            cmdb.recordObserved("observed", observed, "bench", WHO);
            double collectMs = ms(c0);
            observed = null;
            System.gc();
            cmdb.drift("expected"); // warm
            resetPeaks();
            long d0 = System.nanoTime();
            long dc = cpu();
            List<DriftReport> reports = cmdb.drift("expected");
            double driftMs = ms(d0);
            double driftCpu = (cpu() - dc) / 1e6;
            long drifted = reports.getFirst().drifted();
            long e0 = System.nanoTime();
            long ec = cpu();
            Path xlsx = tmp.resolve("drift.xlsx");
            try (OutputStream out = Files.newOutputStream(xlsx)) {
                DriftExcel.write(reports, out);
            }
            double excelMs = ms(e0);
            double excelCpu = (cpu() - ec) / 1e6;
            long peak = peakHeap();
            md.append(row("store " + HOSTS + " hosts' observed rows (" + HOSTS * COLUMNS + " values) in one collection",
                            "—", String.format("%.1f s", collectMs / 1000)))
                    .append(row("drift, " + HOSTS + " hosts × " + COLUMNS + " columns (" + drifted
                            + " differing, with since-when)", "≤ 2 s",
                            String.format("%.2f s (CPU %.2f s)", driftMs / 1000, driftCpu / 1000)))
                    .append(row("the same as Excel (" + Files.size(xlsx) / 1024 + " KB)", "≤ 10 s",
                            String.format("%.2f s (CPU %.2f s)", excelMs / 1000, excelCpu / 1000)))
                    .append(row("peak heap during drift and Excel", "≤ 256 MB", peak / (1024 * 1024) + " MB"));
        }
        md.append("\nThe collect-facts figure (20 loopback hosts, within 20 % of the `ansible` cell's own time) is "
                + "measured by `bench/fanout RUNS facts` (bench/RESULTS-facts.md).\n");
        Files.writeString(repo.resolve("bench/RESULTS-drift.md"), md.toString());
        System.out.print(md);
    }

    static SheetDef sheet(String name, String observes) {
        List<ColumnDef> columns = new ArrayList<>();
        for (int c = 1; c <= COLUMNS; c++) {
            ColumnDef col = ColumnDef.of("col_" + c, observes == null ? ColumnType.INTEGER : ColumnType.STRING);
            columns.add(observes == null ? col : col.withVariable("seen_" + c));
        }
        SheetDef def = new SheetDef(name, SheetKind.HOST, columns, List.of(), "");
        return observes == null ? def : def.observing(new SheetDef.Pairing(observes, Map.of()));
    }

    static String row(String what, String goal, String measured) {
        return "| " + what + " | " + goal + " | " + measured + " |\n";
    }

    static double ms(long start) {
        return (System.nanoTime() - start) / 1e6;
    }

    /** The process's CPU time (all threads, GC and JIT included): on a shared machine wall time is mostly waiting. */
    static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static void resetPeaks() {
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    static long peakHeap() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
