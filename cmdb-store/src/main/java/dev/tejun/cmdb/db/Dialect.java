package dev.tejun.cmdb.db;

import java.util.Map;

/**
 * What differs between the SQL backends, in one place. Main code writes SQL that SQLite and PostgreSQL both
 * accept; the few things that must differ are here, or in a migration under {@code db/dialect/<folder>/<schema>}
 * (the append-only triggers), or in the CMDB cell's SQLite views ({@code dev.tejun.cmdb.store.SheetViews}).
 * docs/database.md lists them. Only SQLite exists today; a PostgreSQL constant plugs in beside it.
 */
public enum Dialect {
    SQLITE(
            "sqlite",
            Map.of(
                    // A row id the database assigns. A SQLite INTEGER PRIMARY KEY is the rowid; ids are never reused
                    // where
                    // rows are never deleted (CMDB rows and journal).
                    "identity", "INTEGER PRIMARY KEY",
                    // The same where rows are deleted and an id must not come back (schedule "api:7" must not get the
                    // cursor and history of a deleted schedule 7): AUTOINCREMENT.
                    "identity_not_reused", "INTEGER PRIMARY KEY AUTOINCREMENT"));

    private final String folder;
    private final Map<String, String> placeholders;

    Dialect(String folder, Map<String, String> placeholders) {
        this.folder = folder;
        this.placeholders = placeholders;
    }

    /** The folder of this dialect's own migrations: {@code db/dialect/<folder>/<schema>}. */
    public String folder() {
        return folder;
    }

    /** Values of the {@code ${name}} placeholders that migrations use where the column types differ. */
    public Map<String, String> placeholders() {
        return placeholders;
    }

    /** {@code text} with every {@code ${name}} placeholder of this dialect replaced. */
    String expand(String text) {
        String out = text;
        for (Map.Entry<String, String> p : placeholders.entrySet()) {
            out = out.replace("${" + p.getKey() + "}", p.getValue());
        }
        return out;
    }
}
