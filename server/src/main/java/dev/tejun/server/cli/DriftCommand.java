package dev.tejun.server.cli;

import dev.tejun.cmdb.drift.CellDrift;
import dev.tejun.cmdb.drift.DriftExcel;
import dev.tejun.cmdb.drift.DriftReport;
import dev.tejun.cmdb.drift.HostDrift;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.server.Json;
import dev.tejun.server.cli.args.Args;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * {@code tejun cmdb drift [SHEET] [--format table|json|xlsx] [-o FILE]}: expected × actual per host and column.
 * Exit 1 when anything drifts, so CI and schedules can act on it; 0 when the actual state is the design.
 */
final class DriftCommand {

    private DriftCommand() {}

    static int run(CmdbStore store, Args args, PrintStream out) throws Exception {
        if (args.positional().size() > 1) {
            throw new Args.UsageError("drift takes at most one sheet name");
        }
        String format = args.options().getOrDefault("format", "table");
        String output = args.options().get("output");
        if (format.equals("xlsx") && output == null) {
            throw new Args.UsageError("drift --format xlsx needs -o FILE.xlsx");
        }
        List<DriftReport> reports;
        try {
            reports = store.drift(
                    args.positional().isEmpty() ? null : args.positional().getFirst());
        } catch (IllegalArgumentException e) {
            throw new Args.UsageError(e.getMessage());
        }
        byte[] body = switch (format) {
            case "table" -> table(reports).getBytes(StandardCharsets.UTF_8);
            case "json" -> Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(reports);
            case "xlsx" -> null;
            default -> throw new Args.UsageError("--format must be table, json or xlsx, not '" + format + "'");
        };
        if (output == null) {
            out.write(body);
            out.flush();
        } else {
            Path target = Path.of(output).toAbsolutePath();
            Path partial = Files.createTempFile(target.getParent(), ".tejun-drift-", ".part");
            try {
                try (OutputStream stream = Files.newOutputStream(partial)) {
                    if (body == null) {
                        DriftExcel.write(reports, stream);
                    } else {
                        stream.write(body);
                    }
                }
                Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(partial);
            }
            out.println("wrote " + target);
        }
        return reports.stream().anyMatch(r -> r.drifted() > 0) ? 1 : 0;
    }

    static String table(List<DriftReport> reports) {
        StringBuilder sb = new StringBuilder();
        if (reports.isEmpty()) {
            sb.append("no observed sheets: pair one with an expected sheet (observes) to report drift\n");
        }
        for (DriftReport r : reports) {
            sb.append(r.expectedSheet())
                    .append(" × ")
                    .append(r.observedSheet())
                    .append(": ")
                    .append(r.drifted())
                    .append(" differing value(s) over ")
                    .append(r.hosts().size())
                    .append(" host(s)")
                    .append(r.uncollected() == 0 ? "" : ", " + r.uncollected() + " never collected")
                    .append('\n');
            for (HostDrift h : r.hosts()) {
                for (CellDrift c : h.cells()) {
                    if (c.differs()) {
                        sb.append(String.format(
                                "  %s %s: expected %s, actual %s (since %s; collected %s by %s)%n",
                                h.host(),
                                c.column(),
                                c.expected(),
                                c.actual(),
                                c.since(),
                                h.collectedAt(),
                                h.collectedBy()));
                    }
                }
            }
        }
        return sb.toString();
    }
}
