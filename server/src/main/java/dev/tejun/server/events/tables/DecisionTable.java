package dev.tejun.server.events.tables;

import static dev.tejun.server.events.tables.DecisionColumns.columnOf;
import static dev.tejun.server.events.tables.DecisionColumns.columns;
import static dev.tejun.server.events.tables.DecisionColumns.letterOf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tejun.cmdb.excel.XlsxCell;
import dev.tejun.cmdb.excel.XlsxReader;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.alert.RuleFiles;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.server.events.tables.DecisionColumns.Column;
import dev.tejun.server.events.tables.DecisionColumns.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One worksheet of a decision table (the Exastro OASE way) read into the text of a rules file, {@code rules/SHEET.yaml}.
 * Row 1 names the columns; every later row that is not empty is a rule:
 *
 * <ul>
 *   <li>{@code name} (ルール名) and {@code runbook} (ランブック, 実行) are required;
 *   <li>{@code priority} (優先度): a whole number, lower first; rows without one keep their place after those with;
 *   <li>{@code status} (ステータス): firing, resolved or any;
 *   <li>a condition column is headed {@code FIELD OPERATOR}, e.g. {@code labels.alertname =} or {@code
 *       annotations.value より大きい}; an empty cell leaves that condition out of the row;
 *   <li>{@code param.NAME} (パラメータ.NAME): a template such as {@code ${labels.host}}, filled from the event as data;
 *   <li>{@code hold} (承認待ち): yes to hold each match for an approver before it runs;
 *   <li>{@code limit} (実行制限): {@code RUNS/PER}, e.g. {@code 2/10m}, optionally followed by the key counted
 *       separately, e.g. {@code 2/10m ${labels.instance}};
 *   <li>{@code action-limit} (アクション制限): {@code RUNS/PER}: the runbook at most so often, whichever rule ran it;
 *   <li>{@code route FIELD OPERATOR} (ルート …): the sheet's route — only events that pass it are tried by the sheet's
 *       rules. Every row that fills the column must give the same value (rows may leave it empty).
 *   <li>{@code hit} (ヒットポリシー): the sheet's hit policy, {@code first} (最初) or {@code all} (すべて); like the
 *       route, every row that fills it must agree.
 * </ul>
 *
 * Every problem names the sheet, the row and the column; the caller writes nothing when there is one. What each
 * header means is {@link DecisionColumns}'s; this class turns the rows under it into rules.
 */
final class DecisionTable {

    /** A problem at a cell; {@code column} is the header's text (or its letter when it has none). */
    record CellProblem(String sheet, int row, String column, String message) {
        @Override
        public String toString() {
            return sheet + "!" + column + row + ": " + message;
        }
    }

    /** What one sheet gave: the rules file's name and text, or problems. */
    record Sheet(String file, String yaml, int rules, List<CellProblem> problems) {}

    /** YAML as a person would write it: quotes only where the value needs them. */
    private static final YAMLMapper YAML = Json.YAML
            .copy()
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS);

    private static final Pattern SHEET_NAME = Pattern.compile("[\\p{L}\\p{N}_-]{1,60}");
    private static final Pattern RATE = Pattern.compile("(\\d+)\\s*/\\s*(\\d+(?:ms|s|m|h|d))(?:\\s+(\\S.*))?");

    private DecisionTable() {}

    static Sheet read(XlsxReader.Worksheet ws) {
        String sheet = ws.name();
        List<CellProblem> problems = new ArrayList<>();
        if (!SHEET_NAME.matcher(sheet).matches()) {
            problems.add(new CellProblem(
                    sheet, 0, "", "the sheet's name is the rules file's name: letters, digits, - or _ (up to 60)"));
        }
        String file = RuleFiles.FOLDER + "/" + sheet + ".yaml";
        if (ws.rows().isEmpty()) {
            problems.add(new CellProblem(sheet, 1, "A", "the sheet is empty: row 1 must name the columns"));
            return new Sheet(file, null, 0, problems);
        }
        int headerRow = ws.rows().firstKey();
        List<Column> columns = columns(sheet, headerRow, ws.rows().get(headerRow), problems);
        List<Row> rows = new ArrayList<>();
        ObjectNode route = YAML.createObjectNode();
        ObjectNode hit = YAML.createObjectNode(); // the sheet's hit policy, under "hit" once a row gives it
        ws.rows().tailMap(headerRow, false).forEach((n, cells) -> {
            Row r = row(sheet, n, cells, columns, route, hit, problems);
            if (r != null) {
                rows.add(r);
            }
        });
        if (!problems.isEmpty()) {
            return new Sheet(file, null, 0, problems);
        }
        rows.sort(Comparator.comparing((Row r) -> r.priority() == null ? Long.MAX_VALUE : r.priority()));
        ObjectNode root = YAML.createObjectNode();
        if (hit.path("hit").asText("first").equals("all")) {
            root.put("hit", "all");
        }
        if (!route.isEmpty()) {
            root.set("route", route);
        }
        ArrayNode list = root.putArray("rules");
        rows.forEach(r -> list.add(r.rule()));
        String yaml;
        try {
            yaml = "# from the decision table's sheet " + sheet + "; priority order, lowest first\n"
                    + YAML.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        // the rules file's own checks (regexes, references in params, durations…), each traced to its row
        for (Problem p : RuleFiles.parse(file, yaml).problems()) {
            Row at = rows.stream()
                    .filter(r -> p.message().startsWith(r.name() + ":"))
                    .findFirst()
                    .orElse(null);
            String message = at == null
                    ? p.message()
                    : p.message().substring(at.name().length() + 1).strip();
            problems.add(new CellProblem(
                    sheet, at == null ? 0 : at.number(), at == null ? "" : columnOf(message, columns), message));
        }
        return new Sheet(file, problems.isEmpty() ? yaml : null, rows.size(), problems);
    }

    private record Row(int number, String name, Long priority, ObjectNode rule) {}

    private static Row row(
            String sheet,
            int n,
            Map<Integer, XlsxCell> cells,
            List<Column> columns,
            ObjectNode route,
            ObjectNode hit,
            List<CellProblem> problems) {
        if (cells.values().stream().allMatch(c -> c.text().isBlank())) {
            return null;
        }
        ObjectNode rule = YAML.createObjectNode();
        ObjectNode when = YAML.createObjectNode();
        ObjectNode params = YAML.createObjectNode();
        String name = null;
        Long priority = null;
        for (Column c : columns) {
            XlsxCell cell = cells.get(c.index());
            if (cell == null || cell.text().isBlank()) {
                continue;
            }
            if (cell.kind() == XlsxCell.Kind.FORMULA || cell.kind() == XlsxCell.Kind.ERROR) {
                problems.add(new CellProblem(sheet, n, c.letter(), "a formula or error: type the value itself"));
                continue;
            }
            String v = cell.text().strip();
            switch (c.kind()) {
                case NAME -> {
                    name = v;
                    rule.put("name", v);
                }
                case PRIORITY -> {
                    try {
                        priority = new BigDecimal(v).longValueExact();
                    } catch (NumberFormatException | ArithmeticException e) {
                        problems.add(
                                new CellProblem(sheet, n, c.letter(), "priority '" + v + "' is not a whole number"));
                    }
                }
                case STATUS -> rule.put("status", v);
                case RUNBOOK -> rule.put("run", v);
                case DESCRIPTION -> rule.put("description", v);
                case PARAM -> params.put(c.field(), v);
                case HOLD -> yes(sheet, n, c, v, "hold", rule, problems);
                case IGNORE -> yes(sheet, n, c, v, "ignore", rule, problems);
                case NOTIFY -> yes(sheet, n, c, v, "notify", rule, problems);
                case LIMIT, ACTION_LIMIT -> rate(sheet, n, c, v, rule, problems);
                case ROUTE -> route(sheet, n, c, v, route, problems);
                case HIT -> hit(sheet, n, c, v, hit, problems);
                case CONDITION -> condition(sheet, n, c, v, when, problems);
            }
        }
        if (name == null) {
            problems.add(new CellProblem(sheet, n, letterOf(columns, Kind.NAME), "the rule has no name"));
        }
        if (!rule.has("run") && !rule.has("ignore") && !rule.has("notify")) {
            problems.add(new CellProblem(
                    sheet,
                    n,
                    letterOf(columns, Kind.RUNBOOK),
                    "the rule names no runbook (or says yes in ignore or notify)"));
        }
        if (!when.isEmpty()) {
            rule.set("when", when);
        }
        if (!params.isEmpty()) {
            rule.set("params", params);
        }
        return new Row(n, name == null ? "" : name, priority, rule);
    }

    private static void condition(String sheet, int n, Column c, String v, ObjectNode when, List<CellProblem> out) {
        ObjectNode tests = when.has(c.field()) ? (ObjectNode) when.get(c.field()) : when.putObject(c.field());
        if (tests.has(c.op())) {
            out.add(new CellProblem(sheet, n, c.letter(), "a second '" + c.op() + "' column for " + c.field()));
            return;
        }
        switch (c.op()) {
            case "in" -> {
                ArrayNode values = tests.putArray("in");
                for (String part : v.split("[,、]")) {
                    if (!part.isBlank()) {
                        values.add(part.strip());
                    }
                }
            }
            case "gt", "lt", "ge", "le" -> {
                try {
                    tests.put(c.op(), new BigDecimal(v));
                } catch (NumberFormatException e) {
                    out.add(new CellProblem(sheet, n, c.letter(), "'" + v + "' is not a number"));
                }
            }
            default -> tests.put(c.op(), v);
        }
    }

    /** {@code 2/10m} (and for {@code limit} a key after it) as {@code limit:} or {@code action-limit:}. */
    private static void rate(String sheet, int n, Column c, String v, ObjectNode rule, List<CellProblem> out) {
        String key = c.kind() == Kind.LIMIT ? "limit" : "action-limit";
        java.util.regex.Matcher m = RATE.matcher(v);
        if (!m.matches()) {
            out.add(new CellProblem(sheet, n, c.letter(), key + " '" + v + "' is not RUNS/PER, e.g. 2/10m"));
            return;
        }
        if (m.group(3) != null && c.kind() == Kind.ACTION_LIMIT) {
            out.add(new CellProblem(
                    sheet, n, c.letter(), "action-limit counts every run of the runbook: it takes no key"));
            return;
        }
        ObjectNode l = rule.putObject(key);
        l.put("runs", Integer.parseInt(m.group(1)));
        l.put("per", m.group(2));
        if (m.group(3) != null) {
            l.put("key", m.group(3).strip());
        }
    }

    /** A hit policy cell: the sheet has one policy, so a row that fills the column must agree with the rows before. */
    private static void hit(String sheet, int n, Column c, String v, ObjectNode hit, List<CellProblem> out) {
        String policy = switch (v.toLowerCase(java.util.Locale.ROOT)) {
            case "first", "最初" -> "first";
            case "all", "すべて", "全て" -> "all";
            default -> null;
        };
        if (policy == null) {
            out.add(new CellProblem(sheet, n, c.letter(), "hit '" + v + "' is not first or all"));
        } else if (hit.has("hit") && !hit.get("hit").asText().equals(policy)) {
            out.add(new CellProblem(
                    sheet,
                    n,
                    c.letter(),
                    "hit is '" + v + "' here but '" + hit.get("hit").asText()
                            + "' in an earlier row: the sheet has one hit policy"));
        } else {
            hit.put("hit", policy);
        }
    }

    /** A route cell: the sheet has one route, so a row that fills the column must agree with the rows before. */
    private static void route(String sheet, int n, Column c, String v, ObjectNode route, List<CellProblem> out) {
        ObjectNode one = YAML.createObjectNode();
        condition(sheet, n, c, v, one, out);
        if (!one.has(c.field()) || !one.get(c.field()).has(c.op())) {
            return;
        }
        com.fasterxml.jackson.databind.JsonNode value = one.get(c.field()).get(c.op());
        ObjectNode tests = route.has(c.field()) ? (ObjectNode) route.get(c.field()) : route.putObject(c.field());
        if (tests.has(c.op()) && !tests.get(c.op()).equals(value)) {
            out.add(new CellProblem(
                    sheet,
                    n,
                    c.letter(),
                    "route " + c.field() + " is '" + v + "' here but '"
                            + tests.get(c.op()).asText() + "' in an earlier row: the sheet has one route"));
            return;
        }
        tests.set(c.op(), value);
    }

    /** A yes/no column: yes puts {@code key: true} in the rule, no leaves it out, anything else is a problem. */
    private static void yes(
            String sheet,
            int n,
            DecisionColumns.Column c,
            String v,
            String key,
            com.fasterxml.jackson.databind.node.ObjectNode rule,
            List<CellProblem> problems) {
        String word = v.toLowerCase(java.util.Locale.ROOT);
        if (List.of("yes", "true", "1", "y", "はい", "要", "○", "〇").contains(word)) {
            rule.put(key, true);
        } else if (!List.of("no", "false", "0", "n", "いいえ", "不要", "-").contains(word)) {
            problems.add(new CellProblem(sheet, n, c.letter(), key + " '" + v + "' is not yes or no"));
        }
    }
}
