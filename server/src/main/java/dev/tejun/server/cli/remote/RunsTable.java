package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** {@code tejun runs list}: the server's run index as a plain text table, newest first, columns padded to fit. */
final class RunsTable {

    static final String[] HEADERS = {"RUN", "RUNBOOK", "STATUS", "USER", "VIA", "STARTED", "FINISHED"};
    private static final String[] FIELDS = {"runId", "runbook", "status", "user", "via", "startedAt", "finishedAt"};

    private RunsTable() {}

    static void print(JsonNode runs, PrintStream out) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADERS);
        for (JsonNode r : runs) {
            String[] row = new String[FIELDS.length];
            for (int i = 0; i < FIELDS.length; i++) {
                JsonNode v = r.path(FIELDS[i]);
                row[i] = v.isMissingNode() || v.isNull()
                        ? "-"
                        : i == 2 ? v.asText().toLowerCase() : v.asText();
            }
            rows.add(row);
        }
        int[] width = new int[HEADERS.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + width[i] + "s  ", row[i]));
            }
            out.println(line.toString().stripTrailing());
        }
        if (rows.size() == 1) {
            out.println("(no runs)");
        }
    }
}
