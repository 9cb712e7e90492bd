package dev.tejun.server.events.tables;

import dev.tejun.cmdb.excel.XlsxCell;
import dev.tejun.server.events.tables.DecisionTable.CellProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The columns of a decision table's sheet ({@link DecisionTable}), as row 1 names them in English or Japanese: which
 * header means what, a condition's field and operator, and the way back from a rules-file message to its column.
 */
final class DecisionColumns {

    private static final Pattern FIELD = Pattern.compile("(labels|annotations|fields)\\.\\S+|status|source");

    enum Kind {
        NAME,
        PRIORITY,
        STATUS,
        RUNBOOK,
        PARAM,
        HOLD,
        IGNORE,
        NOTIFY,
        LIMIT,
        ACTION_LIMIT,
        ROUTE,
        HIT,
        CONDITION,
        DESCRIPTION
    }

    /** One column as its header declares it: what it is, and for a condition its field and operator. */
    record Column(int index, String header, String letter, Kind kind, String field, String op) {}

    private static final Map<String, Kind> FIXED = new LinkedHashMap<>();
    private static final Map<String, String> OPS = new LinkedHashMap<>();

    static {
        for (String h : List.of("name", "rule", "ルール名", "ルール")) {
            FIXED.put(h, Kind.NAME);
        }
        for (String h : List.of("priority", "優先度", "優先順位")) {
            FIXED.put(h, Kind.PRIORITY);
        }
        for (String h : List.of("status", "ステータス", "状態")) {
            FIXED.put(h, Kind.STATUS);
        }
        for (String h : List.of("runbook", "run", "ランブック", "実行", "アクション")) {
            FIXED.put(h, Kind.RUNBOOK);
        }
        for (String h : List.of("hold", "承認", "承認待ち", "保留")) {
            FIXED.put(h, Kind.HOLD);
        }
        for (String h : List.of("ignore", "無視")) {
            FIXED.put(h, Kind.IGNORE);
        }
        for (String h : List.of("notify", "通知")) {
            FIXED.put(h, Kind.NOTIFY);
        }
        for (String h : List.of("limit", "実行制限")) {
            FIXED.put(h, Kind.LIMIT);
        }
        for (String h : List.of("action-limit", "action limit", "アクション制限")) {
            FIXED.put(h, Kind.ACTION_LIMIT);
        }
        for (String h : List.of("hit", "hit policy", "ヒットポリシー")) {
            FIXED.put(h, Kind.HIT);
        }
        for (String h : List.of("description", "説明", "備考")) {
            FIXED.put(h, Kind.DESCRIPTION);
        }
        String[][] ops = {
            {"equals", "=", "==", "equals", "等しい"},
            {"not", "!=", "<>", "not", "等しくない"},
            {"regex", "regex", "正規表現"},
            {"in", "in", "いずれか", "含まれる"},
            {"contains", "contains", "含む"},
            {"gt", ">", "gt", "より大きい"},
            {"lt", "<", "lt", "より小さい"},
            {"ge", ">=", "ge", "以上"},
            {"le", "<=", "le", "以下"}
        };
        for (String[] op : ops) {
            for (int i = 1; i < op.length; i++) {
                OPS.put(op[i], op[0]);
            }
        }
    }

    private DecisionColumns() {}

    static List<Column> columns(String sheet, int headerRow, Map<Integer, XlsxCell> cells, List<CellProblem> problems) {
        List<Column> out = new ArrayList<>();
        cells.forEach((i, cell) -> {
            String header = cell.text().strip();
            String letter = letter(i);
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            if (header.isEmpty()) {
                return;
            }
            if (FIXED.containsKey(lower)) {
                out.add(new Column(i, header, letter, FIXED.get(lower), null, null));
                return;
            }
            Optional<String> param = paramName(header);
            if (param.isPresent()) {
                out.add(new Column(i, header, letter, Kind.PARAM, param.get(), null));
                return;
            }
            Kind kind = Kind.CONDITION;
            String condition = header;
            for (String prefix : List.of("route ", "ルート ")) {
                if (lower.startsWith(prefix)) {
                    kind = Kind.ROUTE;
                    condition = header.substring(prefix.length()).strip();
                }
            }
            String[] parts = condition.split("\\s+", 2);
            String op = parts.length == 2 ? OPS.get(parts[1].toLowerCase(java.util.Locale.ROOT)) : "equals";
            if (!FIELD.matcher(parts[0]).matches() || op == null) {
                problems.add(new CellProblem(
                        sheet,
                        headerRow,
                        letter,
                        "column '" + header
                                + "' is not name, priority, status, runbook, param.NAME, hold, ignore, notify, hit, limit,"
                                + " action-limit or a condition 'FIELD OPERATOR' or 'route FIELD OPERATOR' (FIELD: labels.X, annotations.X, fields.X, status, source;"
                                + " OPERATOR: one of " + OPS.keySet() + ")"));
                return;
            }
            out.add(new Column(i, header, letter, kind, parts[0], op));
        });
        for (Kind required : List.of(Kind.NAME, Kind.RUNBOOK)) {
            if (out.stream().noneMatch(c -> c.kind() == required)) {
                problems.add(new CellProblem(
                        sheet, headerRow, "", "no " + required.name().toLowerCase(java.util.Locale.ROOT) + " column"));
            }
        }
        return out;
    }

    private static Optional<String> paramName(String header) {
        for (String prefix : List.of("param.", "params.", "パラメータ.")) {
            if (header.startsWith(prefix) && header.length() > prefix.length()) {
                return Optional.of(header.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    /** The column a rules-file message is about, by the key it names; "" when it names none. */
    static String columnOf(String message, List<Column> columns) {
        for (Column c : columns) {
            boolean about = switch (c.kind()) {
                case CONDITION -> message.contains("when." + c.field());
                case RUNBOOK -> message.startsWith("run");
                case STATUS -> message.startsWith("status");
                case LIMIT -> message.startsWith("limit");
                case ACTION_LIMIT -> message.startsWith("action-limit");
                case PARAM -> message.contains("params") || message.contains("${");
                default -> false;
            };
            if (about) {
                return c.letter();
            }
        }
        return "";
    }

    static String letterOf(List<Column> columns, Kind kind) {
        return columns.stream()
                .filter(c -> c.kind() == kind)
                .map(Column::letter)
                .findFirst()
                .orElse("");
    }

    /** Excel's letters of a 0-based column index: 0 → A, 26 → AA. */
    static String letter(int index) {
        StringBuilder s = new StringBuilder();
        for (int i = index + 1; i > 0; i = (i - 1) / 26) {
            s.insert(0, (char) ('A' + (i - 1) % 26));
        }
        return s.toString();
    }
}
