import dev.tejun.cmdb.excel.ExcelExporter;
import dev.tejun.cmdb.excel.ExcelImporter;
import dev.tejun.cmdb.excel.ImportPlan;
import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryExport;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowDraft;
import dev.tejun.cmdb.model.RowOp;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.ValidationException;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.cmdb.CmdbExecutorFactory;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.event.Stream;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.apache.poi.xssf.streaming.SXSSFRow;
import org.apache.poi.xssf.streaming.SXSSFSheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

/**
 * Measures the CMDB figures of issue 3 in-process against real SQLite files (the Excel export in a child JVM
 * with -Xmx256m). Run through bench/cmdb; writes bench/RESULTS-cmdb.md. With TEJUN_BENCH_POSTGRES set (a
 * jdbc:postgresql://host:port/ prefix; bench/cmdb --postgresql starts one) the same figures run on PostgreSQL, one
 * database per store folder, and go to bench/RESULTS-cmdb-postgresql.md.
 */
public class CmdbBench {

    static final String POSTGRES = System.getenv("TEJUN_BENCH_POSTGRES");

    /** The store of a bench folder: SQLite in it, or a PostgreSQL database named after it (made on first use). */
    static CmdbStore open(Path dir) throws Exception {
        if (POSTGRES == null) {
            return new CmdbStore(dir.resolve("tejun.db"));
        }
        String name = "bench_" + dir.getFileName();
        try (var c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
            c.createStatement().execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            if (!"42P04".equals(e.getSQLState())) { // made already: the same folder opened again
                throw e;
            }
        }
        Files.createDirectories(dir);
        return new CmdbStore(new DatabaseSettings(dir, POSTGRES + name, "postgres", null), Clock.systemUTC());
    }

    static final Actor WHO = new Actor("bench", Channel.CLI);
    static final int HOSTS = 10_000;
    static final int HOST_SHEETS = 5;
    static final int PARAMS_PER_SHEET = 6;
    static final int BIG_ROWS = 100_000;

    /** Process CPU (all threads, GC included) of the last {@link #measure}, per run: contention does not inflate it. */
    static List<Double> lastCpu = List.of();

    record Figure(String name, String target, List<Double> millis, double limitMs, String note) {
        double median() {
            return pct(50);
        }

        double pct(int p) {
            List<Double> s = new ArrayList<>(millis);
            Collections.sort(s);
            int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
            return s.get(Math.max(0, Math.min(s.size() - 1, i)));
        }

        boolean met() {
            return limitMs <= 0 || (limitMs <= 10 ? median() : pct(90)) <= limitMs;
        }
    }

    static final List<Figure> figures = new ArrayList<>();
    static final List<Double> loads = new ArrayList<>();

    /** The machine's 1-minute load average, sampled around each figure: other work on the box inflates wall times. */
    static void sampleLoad() {
        loads.add(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    public static void main(String[] args) throws Exception {
        if (args[0].equals("export-child")) {
            exportChild(Path.of(args[1]), Path.of(args[2]));
            return;
        }
        boolean quick = args[0].equals("quick");
        Path repo = Path.of(args[1]);
        String java = args[2];
        Path work = Files.createTempDirectory("tejun-cmdb-bench");
        try {
            inventoryAndUpdates(work.resolve("inv"), quick);
            Path exported = bigSheet(work.resolve("big"), quick, repo, java);
            imports(work, exported);
        } finally {
            deleteTree(work);
        }
        write(repo, args[0], java);
    }

    // ---- 1 and 2: inventory of 10,000 hosts x 30 parameters, and single-row updates

    static void inventoryAndUpdates(Path dir, boolean quick) throws Exception {
        try (CmdbStore cmdb = open(dir)) {
            long t = System.nanoTime();
            List<RowOp> ops = new ArrayList<>();
            for (int h = 0; h < HOSTS; h++) {
                ops.add(new RowOp.Register("hosts", null, RowDraft.host(host(h),
                        Map.of("address", "10." + (h >> 16) + "." + ((h >> 8) & 255) + "." + (h & 255), "groups", "g" + (h % 20)))));
            }
            applyInBatches(cmdb, ops);
            for (int s = 1; s <= HOST_SHEETS; s++) {
                String sheet = "s" + s;
                cmdb.putSheet(SheetDef.host(sheet, "bench sheet " + s,
                        ColumnDef.of(sheet + "_port", ColumnType.INTEGER).withRange(1, 65535),
                        ColumnDef.of(sheet + "_name", ColumnType.STRING).withMaxLength(100),
                        ColumnDef.of(sheet + "_on", ColumnType.BOOLEAN),
                        ColumnDef.of(sheet + "_ratio", ColumnType.DECIMAL),
                        ColumnDef.enumOf(sheet + "_mode", "a", "b", "c"),
                        ColumnDef.of(sheet + "_since", ColumnType.DATE)), WHO);
                ops.clear();
                for (int h = 0; h < HOSTS; h++) {
                    ops.add(new RowOp.Register(sheet, null, RowDraft.host(host(h), hostValues(sheet, h, 0))));
                }
                applyInBatches(cmdb, ops);
            }
            System.out.printf("loaded %d hosts x %d sheets in %.1f s%n", HOSTS, HOST_SHEETS, (System.nanoTime() - t) / 1e9);

            int reps = quick ? 3 : 9;
            measure(2, () -> cmdb.inventory(null));
            figures.add(timed("inventory(null): 10,000 hosts x 30 parameters, 5 sheets", "<= 1 s",
                    measure(reps, () -> cmdb.inventory(null)), 1000, "build only"));
            figures.add(timed("inventory + Ansible YAML with host_vars", "<= 1 s",
                    measure(reps, () -> InventoryExport.yaml(cmdb.inventory(null))), 1000, "build + serialise"));
            Inventory inv = cmdb.inventory(null);
            if (inv.hosts().size() != HOSTS || inv.hosts().get(host(7)).vars().size() != HOST_SHEETS * PARAMS_PER_SHEET) {
                throw new IllegalStateException("inventory is not what was loaded");
            }

            List<Row> rows = cmdb.list("s1", RowQuery.active());
            Random random = new Random(42);
            int updates = quick ? 500 : 3000;
            List<Double> times = new ArrayList<>();
            for (int i = 0; i < updates + 200; i++) {
                int k = random.nextInt(rows.size());
                Row row = rows.get(k);
                long start = System.nanoTime();
                Row after = cmdb.update("s1", row.id(), row.version(), RowDraft.host(row.host(), hostValues("s1", k, i + 1)), WHO);
                double ms = (System.nanoTime() - start) / 1e6;
                rows.set(k, after);
                if (i >= 200) {
                    times.add(ms);
                }
            }
            figures.add(new Figure("one row update with journal entry (6 columns, host checked)", "p50 <= 2 ms",
                    times, 2, updates + " updates of random rows, after 200 warm-up"));
        }
    }

    static String host(int h) {
        return "h" + h + ".example.net";
    }

    static Map<String, Object> hostValues(String sheet, int h, int generation) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put(sheet + "_port", 1 + (h + generation) % 65535);
        v.put(sheet + "_name", "name-" + h + "-" + generation);
        v.put(sheet + "_on", (h + generation) % 2 == 0);
        v.put(sheet + "_ratio", (h % 100) + "." + (generation % 100));
        v.put(sheet + "_mode", List.of("a", "b", "c").get((h + generation) % 3));
        v.put(sheet + "_since", LocalDate.of(2026, 1, 1).plusDays((h + generation) % 365).toString());
        return v;
    }

    // ---- 3 and 4: a 100,000-row sheet: as-of reads and the Excel export

    static SheetDef bigDef() {
        List<ColumnDef> columns = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            columns.add(ColumnDef.of("str" + i, ColumnType.STRING).withMaxLength(200));
        }
        for (int i = 1; i <= 4; i++) {
            columns.add(ColumnDef.of("int" + i, ColumnType.INTEGER));
        }
        columns.add(ColumnDef.of("dec1", ColumnType.DECIMAL));
        columns.add(ColumnDef.of("dec2", ColumnType.DECIMAL));
        columns.add(ColumnDef.of("flag1", ColumnType.BOOLEAN));
        columns.add(ColumnDef.of("flag2", ColumnType.BOOLEAN));
        columns.add(ColumnDef.of("day1", ColumnType.DATE));
        columns.add(ColumnDef.of("day2", ColumnType.DATE));
        columns.add(ColumnDef.of("stamp", ColumnType.DATETIME));
        columns.add(ColumnDef.enumOf("tier", "gold", "silver", "bronze"));
        columns.add(ColumnDef.of("addr", ColumnType.IP));
        columns.add(ColumnDef.of("notes", ColumnType.TEXT));
        return new SheetDef("big", dev.tejun.cmdb.model.SheetKind.DATA, columns, List.of(), "100,000-row bench sheet");
    }

    static Map<String, Object> bigValues(int i, int generation) {
        Map<String, Object> v = new LinkedHashMap<>();
        for (int k = 1; k <= 6; k++) {
            v.put("str" + k, "value " + k + " of row " + i + " gen " + generation);
        }
        for (int k = 1; k <= 4; k++) {
            v.put("int" + k, (long) i * k + generation);
        }
        v.put("dec1", (i % 1000) + ".25");
        v.put("dec2", "-" + (i % 77) + ".5");
        v.put("flag1", i % 2 == 0);
        v.put("flag2", i % 3 == 0);
        v.put("day1", LocalDate.of(2026, 1, 1).plusDays(i % 300).toString());
        v.put("day2", LocalDate.of(2025, 6, 1).plusDays(i % 500).toString());
        v.put("stamp", Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i * 37L).toString());
        v.put("tier", List.of("gold", "silver", "bronze").get(i % 3));
        v.put("addr", "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255));
        v.put("notes", "line one of " + i + "\nline two");
        return v;
    }

    static Path bigSheet(Path dir, boolean quick, Path repo, String java) throws Exception {
        Path db = dir.resolve("tejun.db");
        Instant before;
        try (CmdbStore cmdb = open(db.getParent())) {
            cmdb.putSheet(bigDef(), WHO);
            long t = System.nanoTime();
            List<RowOp> ops = new ArrayList<>();
            for (int i = 0; i < BIG_ROWS; i++) {
                ops.add(new RowOp.Register("big", null, RowDraft.data(bigValues(i, 0))));
            }
            applyInBatches(cmdb, ops);
            System.out.printf("loaded %d rows x 20 columns in %.1f s%n", BIG_ROWS, (System.nanoTime() - t) / 1e9);
            Thread.sleep(5);
            before = Instant.now();
            Thread.sleep(5);
            // a tenth of the rows change afterwards, so as-of has to pick the right journal entry
            List<Row> rows = cmdb.list("big", RowQuery.active());
            ops.clear();
            for (int i = 0; i < rows.size(); i += 10) {
                Row r = rows.get(i);
                ops.add(new RowOp.Update("big", null, r.id(), r.version(), RowDraft.data(bigValues(i, 1))));
            }
            applyInBatches(cmdb, ops);
            rows = null;
            ops = null;

            int reps = quick ? 3 : 7;
            figures.add(timed("as-of read of a 100,000-row sheet (CmdbStore.asOf)", "<= 1 s",
                    measure(reps, () -> check(cmdb.asOf("big", before).size() == BIG_ROWS)), 1000,
                    "20 columns, 10,000 rows changed after the time"));
            try (Executor cell = new CmdbExecutorFactory(cmdb).create(new SessionContext("bench", dir, dir))) {
                figures.add(timed("cmdb cell: SELECT count(*), sum(int1) FROM big, as-of", "(no target)",
                        measure(reps, () -> runCell(cell, "SELECT count(*), sum(int1) FROM big", before, BIG_ROWS)), 0,
                        "view over the journal"));
                figures.add(timed("cmdb cell: SELECT * FROM big, as-of, 100,000 rows to JSON + text", "(no target)",
                        measure(quick ? 1 : 3, () -> runCell(cell, "SELECT * FROM big", before, BIG_ROWS)), 0,
                        "limit=100000"));
            }
        }
        Path out = dir.resolve("big.xlsx");
        List<Double> times = new ArrayList<>();
        String peak = "";
        sampleLoad();
        for (int i = 0; i < (quick ? 1 : 3); i++) {
            Files.deleteIfExists(out);
            long t = System.nanoTime();
            Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                    repo.resolve("bench/src/CmdbBench.java").toString(), "export-child", db.toString(), out.toString())
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes());
            if (p.waitFor() != 0 || !text.contains("EXPORT ")) {
                throw new IllegalStateException("export child failed:\n" + text);
            }
            times.add((System.nanoTime() - t) / 1e6);
            peak = text.substring(text.indexOf("EXPORT ")).strip();
        }
        figures.add(new Figure("Excel export 100,000 rows x 20 columns, child JVM -Xmx256m", "<= 20 s, heap <= 256 MB",
                times, 20_000, "wall time of the whole child JVM; " + peak + "; file " + Files.size(out) / 1024 / 1024 + " MB"));
        return out;
    }

    static void exportChild(Path db, Path out) throws Exception {
        try (CmdbStore cmdb = open(db.getParent()); OutputStream stream = Files.newOutputStream(out)) {
            long t = System.nanoTime();
            new ExcelExporter(cmdb).export(List.of("big"), stream);
            long ms = (System.nanoTime() - t) / 1_000_000;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            System.out.println("EXPORT export() " + ms + " ms, heap pools peak " + peak / 1024 / 1024 + " MB of max "
                    + Runtime.getRuntime().maxMemory() / 1024 / 1024 + " MB");
        }
    }

    // ---- 5: imports

    static void imports(Path work, Path exported) throws Exception {
        // a) the exported file back into its own database: every row read, converted, checked, found unchanged
        try (CmdbStore cmdb = open(work.resolve("big"))) {
            long t = System.nanoTime();
            ImportPlan plan = new ExcelImporter(cmdb).plan(exported);
            check(plan.ok() && plan.rows().size() == BIG_ROWS);
            new ExcelImporter(cmdb).apply(plan, WHO);
            figures.add(new Figure("import of the exported file (plan + apply; all rows unchanged)", "<= 60 s",
                    List.of((System.nanoTime() - t) / 1e6), 60_000, "counts " + plan.counts()));
        }
        sampleLoad();
        // b) 100,000 new rows x 20 columns registered from a workbook, in one transaction
        Path fresh = work.resolve("import.xlsx");
        writeRegisterWorkbook(fresh, -1);
        try (CmdbStore cmdb = open(work.resolve("imp"))) {
            cmdb.putSheet(bigDef(), WHO);
            long t = System.nanoTime();
            ExcelImporter importer = new ExcelImporter(cmdb);
            ImportPlan plan = importer.plan(fresh);
            double planMs = (System.nanoTime() - t) / 1e6;
            check(plan.ok());
            importer.apply(plan, WHO);
            double ms = (System.nanoTime() - t) / 1e6;
            check(cmdb.list("big", RowQuery.active()).size() == BIG_ROWS);
            figures.add(new Figure("import of 100,000 new rows x 20 columns (plan + apply)", "<= 60 s",
                    List.of(ms), 60_000, String.format("plan %.1f s, apply %.1f s", planMs / 1000, (ms - planMs) / 1000)));
        }
        // c) the same workbook with one bad cell near the end: refused, nothing applied
        writeRegisterWorkbook(fresh, BIG_ROWS - 10);
        try (CmdbStore cmdb = open(work.resolve("bad"))) {
            cmdb.putSheet(bigDef(), WHO);
            long t = System.nanoTime();
            ImportPlan plan = new ExcelImporter(cmdb).plan(fresh);
            boolean refused;
            try {
                new ExcelImporter(cmdb).apply(plan, WHO);
                refused = false;
            } catch (ValidationException e) {
                refused = true;
            }
            check(refused && plan.errors().size() == 1 && cmdb.list("big", RowQuery.all()).isEmpty());
            figures.add(new Figure("import with one bad cell at row 99,990: refused, 0 rows applied", "<= 60 s",
                    List.of((System.nanoTime() - t) / 1e6), 60_000, "error: " + plan.errors().getFirst()));
        }
    }

    /** The import layout (ExcelLayout): header, then rows with a blank _id, which register. */
    static void writeRegisterWorkbook(Path file, int badRow) throws Exception {
        SheetDef def = bigDef();
        try (SXSSFWorkbook wb = new SXSSFWorkbook(200); OutputStream out = Files.newOutputStream(file)) {
            SXSSFSheet sheet = wb.createSheet("big");
            SXSSFRow header = sheet.createRow(0);
            List<String> names = new ArrayList<>(List.of("_id", "_version", "discarded"));
            def.columns().forEach(c -> names.add(c.name()));
            for (int c = 0; c < names.size(); c++) {
                header.createCell(c).setCellValue(names.get(c));
            }
            for (int i = 0; i < BIG_ROWS; i++) {
                SXSSFRow row = sheet.createRow(i + 1);
                row.createCell(2).setCellValue(false);
                Map<String, Object> values = bigValues(i, 0);
                for (int c = 3; c < names.size(); c++) {
                    Object v = values.get(names.get(c));
                    if (i == badRow && names.get(c).equals("int1")) {
                        row.createCell(c).setCellValue("not a number");
                    } else if (v instanceof Number n) {
                        row.createCell(c).setCellValue(n.doubleValue());
                    } else if (v instanceof Boolean b) {
                        row.createCell(c).setCellValue(b);
                    } else {
                        row.createCell(c).setCellValue(v.toString());
                    }
                }
            }
            wb.write(out);
        }
    }

    // ---- plumbing

    static void applyInBatches(CmdbStore cmdb, List<RowOp> ops) {
        for (int i = 0; i < ops.size(); i += 5000) {
            cmdb.apply(ops.subList(i, Math.min(ops.size(), i + 5000)), WHO);
        }
    }

    static Object runCell(Executor cell, String sql, Instant asOf, int expectRows) {
        Output sink = new Output() {
            public void write(Stream stream, String host, byte[] data, int offset, int length) {
            }

            public void result(String mime, String data) {
            }
        };
        CellOutcome outcome = cell.execute(new CellRequest("r", "c", "cmdb", sql,
                new Attributes(null, List.of(), Map.of("as-of", asOf.toString(), "limit", "100000")),
                null, Duration.ofMinutes(1), Map.of()), sink);
        check(outcome.status() == CellStatus.OK);
        return outcome;
    }

    static <T> List<Double> measure(int reps, Supplier<T> work) {
        System.gc(); // start each figure without the garbage of the previous one
        sampleLoad();
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        List<Double> out = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            long c = os.getProcessCpuTime();
            long t = System.nanoTime();
            work.get();
            out.add((System.nanoTime() - t) / 1e6);
            cpu.add((os.getProcessCpuTime() - c) / 1e6);
        }
        lastCpu = cpu;
        return out;
    }

    /** A figure measured in this process, its note extended with the median process CPU per run. */
    static Figure timed(String name, String target, List<Double> millis, double limitMs, String note) {
        List<Double> cpu = new ArrayList<>(lastCpu);
        Collections.sort(cpu);
        String extra = cpu.isEmpty() ? "" : String.format("; process CPU median %s", fmt(cpu.get((cpu.size() - 1) / 2)));
        System.out.printf("%s: each run %s ms%n", name, millis.stream().map(m -> String.format("%.1f", m)).toList());
        return new Figure(name, target, millis, limitMs, note + extra);
    }

    static boolean check(boolean ok) {
        if (!ok) {
            throw new IllegalStateException("bench self-check failed");
        }
        return true;
    }

    static void write(Path repo, String mode, String java) throws Exception {
        StringBuilder md = new StringBuilder("# CMDB benchmark results\n\n");
        md.append("Generated by `bench/cmdb ").append(mode).append("` on ").append(Instant.now()).append(".\n\n");
        md.append("- machine: ").append(cpu()).append(", ").append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ").append(memory()).append(", ").append(System.getProperty("os.name")).append(' ')
                .append(System.getProperty("os.version")).append('\n');
        md.append("- JVM: ").append(System.getProperty("java.vm.name")).append(' ').append(System.getProperty("java.version"))
                .append(" (").append(java).append("), bench heap max ").append(Runtime.getRuntime().maxMemory() / 1024 / 1024)
                .append(" MB\n");
        md.append(POSTGRES == null
                ? "- SQLite file in a temp dir (WAL, synchronous=NORMAL), as the server uses it\n"
                : "- PostgreSQL " + postgresVersion() + " on loopback (bench/cmdb --postgresql: default settings, fsync on),"
                        + " through the server's HikariCP pool; cmdb cells read the SQLite snapshot of the cmdb_ tables\n");
        md.append("- 1-minute load average while measuring: ").append(loads.stream().map(l -> String.format("%.1f", l)).toList())
                .append(" (the machine is shared; a load above the core count inflates wall times)\n\n");
        md.append("| figure | target | median | p90 | runs | met | notes |\n|---|---|---|---|---|---|---|\n");
        for (Figure f : figures) {
            md.append("| ").append(f.name()).append(" | ").append(f.target()).append(" | ").append(fmt(f.median()))
                    .append(" | ").append(fmt(f.pct(90))).append(" | ").append(f.millis().size()).append(" | ")
                    .append(f.limitMs() <= 0 ? "-" : f.met() ? "yes" : "**no**").append(" | ").append(f.note().replace("|", "/"))
                    .append(" |\n");
        }
        md.append("\n\"met\" compares the p90 with the target (the median for the 2 ms update figure, whose target is a p50).\n");
        Files.writeString(
                outDir(repo).resolve(POSTGRES == null ? "RESULTS-cmdb.md" : "RESULTS-cmdb-postgresql.md"), md.toString());
        System.out.print(md);
    }

    static String postgresVersion() {
        try (var c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "")) {
            return c.getMetaData().getDatabaseProductVersion();
        } catch (SQLException e) {
            return "?";
        }
    }

    static String fmt(double ms) {
        return ms >= 1000 ? String.format("%.2f s", ms / 1000) : String.format("%.2f ms", ms);
    }

    static String cpu() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .findFirst().map(l -> l.substring(l.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (Exception e) {
            return "unknown CPU";
        }
    }

    static String memory() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal"))
                    .findFirst().map(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024 / 1024 + " GB RAM").orElse("");
        } catch (Exception e) {
            return "";
        }
    }

    static void deleteTree(Path dir) throws Exception {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Where results go: bench/ unless bench/run sets TEJUN_BENCH_OUT (a quick run must not overwrite the committed files). */
    static Path outDir(Path repo) throws java.io.IOException {
        String out = System.getenv("TEJUN_BENCH_OUT");
        return out == null || out.isEmpty() ? repo.resolve("bench") : Files.createDirectories(Path.of(out));
    }
}
