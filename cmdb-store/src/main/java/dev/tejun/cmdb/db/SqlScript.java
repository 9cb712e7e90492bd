package dev.tejun.cmdb.db;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Splits a migration file into statements. A statement ends with {@code ;} at the end of a line; inside a
 * {@code CREATE TRIGGER … END;} body the inner semicolons do not end it. Lines starting with {@code --} are
 * comments.
 */
final class SqlScript {

    private SqlScript() {}

    static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inTrigger = false;
        for (String line : script.split("\r?\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            String upper = trimmed.toUpperCase(Locale.ROOT);
            if (current.isEmpty() && upper.startsWith("CREATE TRIGGER")) {
                inTrigger = true;
            }
            current.append(line).append('\n');
            boolean ends = trimmed.endsWith(";") && (!inTrigger || upper.equals("END;"));
            if (ends) {
                String statement = current.toString().strip();
                out.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
                inTrigger = false;
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }
}
