package dev.tejun.server.cli;

import dev.tejun.cmdb.db.DatabaseSettings;
import dev.tejun.cmdb.excel.ExcelExporter;
import dev.tejun.cmdb.excel.ExcelImporter;
import dev.tejun.cmdb.excel.ImportPlan;
import dev.tejun.cmdb.excel.PlannedRow;
import dev.tejun.cmdb.inventory.Inventory;
import dev.tejun.cmdb.inventory.InventoryExport;
import dev.tejun.cmdb.inventory.InventoryHost;
import dev.tejun.cmdb.model.Actor;
import dev.tejun.cmdb.model.Channel;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.model.TimeInput;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.store.NotFoundException;
import dev.tejun.cmdb.store.ValidationException;
import dev.tejun.kernel.exec.cmdb.CmdbScope;
import dev.tejun.kernel.exec.cmdb.HostQuery;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostTargets;
import dev.tejun.kernel.exec.remote.Jumps;
import dev.tejun.kernel.run.HeadlessRun;
import dev.tejun.server.cli.args.Args;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code tejun cmdb sheets | export | import | inventory} on the data directory's {@code tejun.db}, the same file
 * a running server uses (SQLite WAL lets both at once). Exit 0 on success, 1 when the CMDB refused something,
 * 2 for a usage error.
 */
final class CmdbCommand {

    /** Usage lines, indented to follow {@code usage: } in {@link Main}'s text. */
    static final String USAGE = String.join(
            "\n",
            "       tejun cmdb sheets",
            "       tejun cmdb export [SHEET] [--layout tejun|labels] -o FILE.xlsx",
            "       tejun cmdb import FILE.xlsx [--dry-run]",
            "       tejun cmdb inventory [--operation NAME] [--as-of TIME] [--format json|yaml]",
            "       tejun cmdb drift [SHEET] [--format table|json|xlsx] [-o FILE]   (exit 1 when anything drifts)",
            "       tejun hosts PATTERN [--operation NAME]   (web*:!web03, db:&prod, cmdb:SELECT …)",
            "       tejun cmdb operations [list|show NAME|create NAME|update NAME|cancel NAME]"
                    + " [--planned TIME] [--owner USER] [--notes TEXT] [--format table|json]");

    private final PrintStream out;
    private final PrintStream err;
    private final DatabaseSettings database;

    CmdbCommand(PrintStream out, PrintStream err, DatabaseSettings database) {
        this.out = out;
        this.err = err;
        this.database = database;
    }

    /** {@code tejun hosts PATTERN}: the same as {@code tejun cmdb hosts PATTERN}. */
    int hosts(List<String> words) throws Exception {
        List<String> all = new ArrayList<>(List.of("hosts"));
        all.addAll(words);
        return run(all);
    }

    int run(List<String> words) throws Exception {
        if (words.isEmpty()) {
            throw new Args.UsageError(
                    "cmdb needs a subcommand: sheets, export, import, inventory, drift, hosts or operations");
        }
        List<String> rest = new ArrayList<>(words.subList(1, words.size()));
        // Args knows only options with values; --dry-run is the one flag here.
        boolean dryRun = rest.remove("--dry-run");
        if (dryRun && !words.getFirst().equals("import")) {
            throw new Args.UsageError("--dry-run is for cmdb import");
        }
        try (CmdbStore store = new CmdbStore(database, Clock.systemUTC())) {
            return switch (words.getFirst()) {
                case "sheets" -> sheets(store, Args.parse(rest, List.of()));
                case "export" -> export(store, Args.parse(rest, List.of("output", "layout")));
                case "import" -> importFile(store, Args.parse(rest, List.of()), dryRun);
                case "inventory" -> inventory(store, Args.parse(rest, List.of("operation", "as-of", "format")));
                case "drift" -> DriftCommand.run(store, Args.parse(rest, List.of("format", "output")), out);
                case "hosts" -> hosts(store, Args.parse(rest, List.of("operation")));
                case "operations" ->
                    OperationsCommand.run(
                            store.operations(), Args.parse(rest, OperationsCommand.OPTIONS), cliActor(), out, err);
                default -> throw new Args.UsageError("unknown cmdb subcommand '" + words.getFirst() + "'");
            };
        } catch (NotFoundException e) {
            err.println("tejun cmdb: " + e.getMessage());
            return 1;
        }
    }

    private int sheets(CmdbStore store, Args args) throws Args.UsageError {
        noPositional(args, "sheets");
        for (SheetDef sheet : store.sheets()) {
            int rows = store.list(sheet.name(), RowQuery.active()).size();
            out.printf(
                    "%-31s %-4s %3d columns %7d rows  %s%n",
                    sheet.name(), sheet.kind(), sheet.columns().size(), rows, sheet.description());
        }
        return 0;
    }

    private int export(CmdbStore store, Args args) throws Exception {
        String output = args.options().get("output");
        if (output == null) {
            throw new Args.UsageError("export needs -o FILE.xlsx");
        }
        if (args.positional().size() > 1) {
            throw new Args.UsageError("export takes at most one sheet name");
        }
        String word = args.options().get("layout");
        ExcelExporter.Layout layout = word == null ? ExcelExporter.Layout.TEJUN : ExcelExporter.Layout.of(word);
        if (layout == null) {
            throw new Args.UsageError("--layout is tejun or labels, not '" + word + "'");
        }
        Path target = Path.of(output).toAbsolutePath();
        // Written beside the target and moved into place, so a failed export never leaves half a workbook.
        Path partial = Files.createTempFile(target.getParent(), ".tejun-export-", ".xlsx");
        try {
            try (OutputStream stream = Files.newOutputStream(partial)) {
                new ExcelExporter(store).export(args.positional(), layout, stream);
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        out.println("wrote " + target);
        return 0;
    }

    private int importFile(CmdbStore store, Args args, boolean dryRun) throws Exception {
        if (args.positional().size() != 1) {
            throw new Args.UsageError("import takes exactly one .xlsx file");
        }
        Path file = Path.of(args.positional().getFirst());
        if (!Files.isRegularFile(file)) {
            err.println("tejun cmdb import: no such file: " + file);
            return HeadlessRun.USAGE;
        }
        ImportPlan plan = new ExcelImporter(store).plan(file);
        for (PlannedRow row : plan.rows()) {
            out.println(row.sheet() + " row " + row.excelRow() + ": "
                    + row.action().name().toLowerCase() + (row.rowId() == null ? "" : " id=" + row.rowId()));
        }
        plan.errors().forEach(e -> out.println("refused: " + e));
        plan.warnings().forEach(w -> out.println("warning: " + w));
        out.println(summary(plan));
        if (!plan.ok()) {
            out.println("nothing applied: " + plan.errors().size() + " refused");
            return 1;
        }
        if (dryRun) {
            out.println("dry run: nothing applied");
            return 0;
        }
        try {
            int changed = new ExcelImporter(store).apply(plan, cliActor()).size();
            out.println("applied " + changed + " changes");
            return 0;
        } catch (ValidationException e) {
            // The data moved between preview and apply (another writer); still nothing half-applied.
            e.errors().forEach(error -> out.println("refused: " + error));
            out.println("nothing applied: " + e.errors().size() + " refused");
            return 1;
        }
    }

    private int inventory(CmdbStore store, Args args) throws Args.UsageError {
        noPositional(args, "inventory");
        String format = args.options().getOrDefault("format", "json");
        String asOf = args.options().get("as-of");
        Inventory inventory;
        try {
            inventory = store.inventory(
                    args.options().get("operation"),
                    asOf == null ? null : TimeInput.past(asOf, "--as-of", java.time.Instant.now()));
        } catch (IllegalArgumentException e) {
            throw new Args.UsageError(e.getMessage());
        }
        switch (format) {
            case "json" -> out.println(InventoryExport.json(inventory));
            case "yaml" -> out.print(InventoryExport.yaml(inventory));
            default -> throw new Args.UsageError("--format must be json or yaml");
        }
        return 0;
    }

    /** What a {@code hosts=} pattern selects, as ssh and ansible cells and flows resolve it: one host a line. */
    private int hosts(CmdbStore store, Args args) throws Args.UsageError {
        if (args.positional().size() != 1) {
            throw new Args.UsageError("usage: tejun hosts PATTERN [--operation NAME]");
        }
        String operation = args.options().get("operation");
        Inventory inventory = store.inventory(operation);
        try {
            for (InventoryHost host : HostTargets.select(
                    inventory, args.positional().getFirst(), new HostQuery(store, new CmdbScope(operation, null)))) {
                List<String> via = Jumps.chain(inventory, host).stream()
                        .map(InventoryHost::name)
                        .toList();
                out.println(host.name() + "\t" + host.address() + ":" + host.sshPort()
                        + (via.isEmpty() ? "" : "\tvia " + String.join(" → ", via)));
            }
            return 0;
        } catch (CellSettings.Refused e) {
            err.println("tejun hosts: " + e.getMessage());
            return 1;
        }
    }

    private static String summary(ImportPlan plan) {
        return plan.counts().entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase())
                .collect(Collectors.joining(", "));
    }

    private static Actor cliActor() {
        return new Actor(System.getProperty("user.name", "unknown"), Channel.CLI);
    }

    private static void noPositional(Args args, String command) throws Args.UsageError {
        if (!args.positional().isEmpty()) {
            throw new Args.UsageError(command + " takes no arguments");
        }
    }
}
