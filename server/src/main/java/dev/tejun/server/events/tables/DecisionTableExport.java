package dev.tejun.server.events.tables;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.cmdb.excel.StreamingTable;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.alert.RuleFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A rules file written back as the decision-table sheet {@link DecisionTable} reads: one row per rule, in the file's
 * order (priority 10, 20, …), a column per condition, param, limit and the file's route. What a sheet has no column
 * for (correlate, retry, quiet-after-failure, repeat, between, present, time windows) is refused, each place named,
 * rather than left out: an export that dropped a condition would import as a rule that acts on more events.
 */
final class DecisionTableExport {

    /** The sheet's problems, or none and its header and rows. */
    record Table(List<String> headers, List<List<String>> rows, List<String> problems) {}

    /** Conditions the sheet writes, to the header word {@link DecisionTable} reads back. */
    private static final Map<String, String> OPS = Map.of(
            "equals",
            "=",
            "not",
            "!=",
            "regex",
            "regex",
            "in",
            "in",
            "contains",
            "contains",
            "gt",
            ">",
            "lt",
            "<",
            "ge",
            ">=",
            "le",
            "<=");

    private static final Set<String> NO_COLUMN =
            Set.of("correlate", "retry", "quiet-after-failure", "repeat", "without");

    private DecisionTableExport() {}

    static Table of(String file, String text) {
        List<String> problems = new ArrayList<>();
        if (!RuleFiles.parse(file, text).problems().isEmpty()) {
            problems.add(file + " has problems; tejun rules check shows them");
            return new Table(List.of(), List.of(), problems);
        }
        JsonNode root;
        try {
            root = Json.YAML.readTree(text);
        } catch (JacksonException e) {
            throw new IllegalStateException(e); // parsed above
        }
        Map<String, String> route = new LinkedHashMap<>();
        conditions(root.path("route"), route, file + " route", problems);
        List<Map<String, String>> rows = new ArrayList<>();
        Set<String> headers = new LinkedHashSet<>(List.of("name", "priority"));
        boolean hitAll = root.path("hit").asText("first").equals("all");
        int priority = 0;
        for (JsonNode rule : root.path("rules")) {
            String name = rule.path("name").asText();
            Map<String, String> row = new LinkedHashMap<>();
            row.put("name", name);
            row.put("priority", String.valueOf(priority += 10));
            route.forEach((k, v) -> row.put("route " + k, v));
            if (hitAll) {
                row.put("hit", "all"); // the sheet's policy, in every row as the route is
            }
            rule.properties().forEach(p -> {
                String key = p.getKey();
                JsonNode v = p.getValue();
                if (NO_COLUMN.contains(key)) {
                    problems.add(file + " rule " + name + ": a decision table has no column for " + key);
                }
                switch (key) {
                    case "status", "description" -> row.put(key, v.asText());
                    case "run" -> row.put("runbook", v.asText());
                    case "hold", "ignore", "notify" -> row.put(key, v.asBoolean() ? "yes" : "no");
                    case "limit", "action-limit" ->
                        row.put(
                                key,
                                v.path("runs").asText() + "/" + v.path("per").asText()
                                        + (v.path("key").asText("").isEmpty()
                                                ? ""
                                                : " " + v.path("key").asText()));
                    case "params" ->
                        v.properties()
                                .forEach(q -> row.put(
                                        "param." + q.getKey(), q.getValue().asText()));
                    case "when" -> conditions(v, row, file + " rule " + name, problems);
                    default -> {}
                }
            });
            headers.addAll(row.keySet());
            rows.add(row);
        }
        List<String> order = new ArrayList<>(headers);
        // the runbook column after the conditions, as a person reads a decision table: when …, then run
        if (order.remove("runbook")) {
            order.add("runbook");
        }
        List<List<String>> out = new ArrayList<>();
        for (Map<String, String> row : rows) {
            out.add(order.stream().map(row::get).toList());
        }
        return new Table(order, out, problems);
    }

    /** {@code when:} (or {@code route:}) as {@code FIELD OP} columns; a test with no column is a problem. */
    private static void conditions(JsonNode when, Map<String, String> into, String where, List<String> problems) {
        when.properties().forEach(f -> {
            JsonNode test = f.getValue();
            if (!test.isObject()) {
                into.put(f.getKey() + " =", test.asText());
                return;
            }
            test.properties().forEach(t -> {
                String op = OPS.get(t.getKey());
                if (op == null) {
                    problems.add(where + ": " + f.getKey() + " uses " + t.getKey()
                            + ", which a decision table has no column for");
                } else if (t.getValue().isArray()) {
                    List<String> values = new ArrayList<>();
                    t.getValue().forEach(x -> values.add(x.asText()));
                    into.put(f.getKey() + " " + op, String.join(",", values));
                } else {
                    into.put(f.getKey() + " " + op, t.getValue().asText());
                }
            });
        });
    }

    static void write(String sheet, Table table, OutputStream out) throws IOException {
        StreamingTable.write(sheet, table.headers(), rows -> table.rows().forEach(rows::row), out);
    }
}
