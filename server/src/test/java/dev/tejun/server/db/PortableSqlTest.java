package dev.tejun.server.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The SQL of every module (string literals in main Java code, and the shared migration folders) is what SQLite and
 * PostgreSQL both accept. The constructs only SQLite understands may appear only in the dialect places that
 * docs/database.md lists: {@code db/dialect/<dialect>/…} migrations, the SQLite connection settings, and the CMDB
 * cell's SQLite views and query guard. A new {@code INSERT OR REPLACE} elsewhere fails this test.
 */
class PortableSqlTest {

    /** SQLite-only constructs, each with the portable form to use instead. */
    static final List<Construct> SQLITE_ONLY = List.of(
            new Construct(
                    "INSERT OR REPLACE/IGNORE",
                    "\\bINSERT\\s+OR\\s+(REPLACE|IGNORE|ABORT|FAIL|ROLLBACK)\\b",
                    "INSERT … ON CONFLICT (…) DO UPDATE SET … / DO NOTHING"),
            new Construct("REPLACE INTO", "(?<!OR\\s)\\bREPLACE\\s+INTO\\b", "INSERT … ON CONFLICT (…) DO UPDATE"),
            new Construct("rowid", "\\b(_?rowid_?|oid)\\b", "an explicit ordering or key column"),
            new Construct("AUTOINCREMENT", "\\bAUTOINCREMENT\\b", "the ${identity_not_reused} placeholder (Dialect)"),
            new Construct("RAISE() trigger", "\\bRAISE\\s*\\(", "a trigger in db/dialect/<dialect>/<schema>"),
            new Construct("PRAGMA", "\\bPRAGMA\\b", "a setting in the SQLite connection (SqliteDatabase)"),
            new Construct(
                    "json_extract and friends",
                    "\\bjson_(extract|each|tree|set|insert|replace|remove|group_array" + "|group_object)\\s*\\(",
                    "decode the JSON in Java, or a dialect place"),
            new Construct("last_insert_rowid", "\\blast_insert_rowid\\s*\\(", "INSERT … RETURNING id"),
            new Construct("sqlite_master", "\\bsqlite_(master|schema|sequence)\\b", "DatabaseMetaData"),
            new Construct("GLOB", "\\bGLOB\\b", "LIKE"),
            new Construct(
                    "strftime/datetime()", "\\b(strftime|julianday|datetime)\\s*\\(", "times as ISO text from Java"));

    /** Main Java files that are the SQLite dialect places (docs/database.md lists them). */
    static final Set<String> DIALECT_PLACES = Set.of(
            "cmdb-store/src/main/java/dev/tejun/cmdb/db/SqliteDatabase.java",
            "cmdb-store/src/main/java/dev/tejun/cmdb/db/Dialect.java",
            "cmdb-store/src/main/java/dev/tejun/cmdb/store/SheetViews.java",
            // reads the SQLite database it copies into PostgreSQL (sqlite_sequence: the ids AUTOINCREMENT handed out)
            "server/src/main/java/dev/tejun/server/db/StoreCopy.java",
            // snapshots the SQLite store with VACUUM INTO (a PostgreSQL store is refused: pg_dump's job)
            "server/src/main/java/dev/tejun/server/backup/Backup.java",
            "kernel/src/main/java/dev/tejun/kernel/exec/cmdb/");

    record Construct(String name, String regex, String instead) {
        Pattern pattern() {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE);
        }
    }

    private static final Pattern TEXT_BLOCK = Pattern.compile("\"\"\"(.*?)\"\"\"", Pattern.DOTALL);
    private static final Pattern STRING = Pattern.compile("\"((?:\\\\.|[^\"\\\\\\n])*)\"");
    private static final Pattern BOOLEAN_COLUMN =
            Pattern.compile("^\\s*(\\w+)\\s+BOOLEAN\\b", Pattern.CASE_INSENSITIVE | Pattern.MULTILINE);

    /** The source tree to scan: the repository this test runs in, or another one named by {@code tejun.scan.root}. */
    private static Path root() {
        String other = System.getProperty("tejun.scan.root");
        return other != null ? Path.of(other) : Path.of("").toAbsolutePath().getParent();
    }

    @Test
    void mainSql_outsideDialectPlaces_isPortable() throws IOException {
        List<String> found = scan(root());
        assertEquals(List.of(), found, "SQLite-only SQL outside the dialect places (docs/database.md)");
    }

    @Test
    void scan_findsEachConstruct_inJavaStringsAndMigrations() {
        List<String> java = findings("X.java", """
                class X {
                    String a = "INSERT OR REPLACE INTO runs (a) VALUES (?)";
                    String b = \"""
                            SELECT x FROM t ORDER BY rowid\""";
                    // json_extract( in a comment is not SQL
                }
                """, Set.of());
        assertEquals(2, java.size(), java.toString());
        List<String> sql = findings(
                "V9__x.sql",
                "CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, ok BOOLEAN);\n"
                        + "CREATE TRIGGER t_no BEFORE DELETE ON t BEGIN SELECT RAISE(ABORT, 'no'); END;\n",
                Set.of("ok"));
        assertEquals(2, sql.size(), sql.toString());
        List<String> bool =
                findings("Y.java", "class Y { String q = \"SELECT 1 FROM t WHERE ok = 0\"; }", Set.of("ok"));
        assertEquals(1, bool.size(), bool.toString());
    }

    static List<String> scan(Path root) throws IOException {
        List<Path> migrations = new ArrayList<>();
        List<Path> java = new ArrayList<>();
        for (String module : List.of("cmdb-store", "kernel", "server")) {
            Path resources = root.resolve(module).resolve("src/main/resources/db/migration");
            if (Files.isDirectory(resources)) {
                try (Stream<Path> files = Files.walk(resources)) {
                    files.filter(p -> p.toString().endsWith(".sql")).forEach(migrations::add);
                }
            }
            try (Stream<Path> files = Files.walk(root.resolve(module).resolve("src/main/java"))) {
                files.filter(p -> p.toString().endsWith(".java")).forEach(java::add);
            }
        }
        Set<String> booleans = new TreeSet<>();
        for (Path m : migrations) {
            Matcher b = BOOLEAN_COLUMN.matcher(read(m));
            while (b.find()) {
                booleans.add(b.group(1).toLowerCase(Locale.ROOT));
            }
        }
        List<String> out = new ArrayList<>();
        for (Path m : migrations) {
            out.addAll(findings(root.relativize(m).toString(), read(m), booleans));
        }
        for (Path j : java) {
            String name = root.relativize(j).toString().replace('\\', '/');
            if (DIALECT_PLACES.stream().noneMatch(name::startsWith)) {
                out.addAll(findings(name, read(j), booleans));
            }
        }
        return out;
    }

    /** What is SQLite-only in one file: a migration whole, a Java file's string literals only. */
    static List<String> findings(String name, String text, Set<String> booleanColumns) {
        List<String> sql = new ArrayList<>();
        if (name.endsWith(".java")) {
            String rest = text;
            Matcher blocks = TEXT_BLOCK.matcher(rest);
            while (blocks.find()) {
                sql.add(blocks.group(1));
            }
            Matcher strings = STRING.matcher(blocks.replaceAll(""));
            while (strings.find()) {
                sql.add(strings.group(1));
            }
        } else {
            sql.add(text.replaceAll("(?m)--.*$", ""));
        }
        List<String> out = new ArrayList<>();
        for (String s : sql) {
            for (Construct c : SQLITE_ONLY) {
                Matcher m = c.pattern().matcher(s);
                if (m.find()) {
                    out.add(name + ": " + c.name() + " in \"" + lineAt(s, m.start()) + "\" — use " + c.instead());
                }
            }
            for (String column : booleanColumns) {
                Matcher m = Pattern.compile("\\b" + column + "\\s*(=|<>|!=)\\s*[01]\\b", Pattern.CASE_INSENSITIVE)
                        .matcher(s);
                if (m.find()) {
                    out.add(name + ": BOOLEAN column " + column + " compared with 0/1 in \"" + lineAt(s, m.start())
                            + "\" — bind a boolean (setBoolean) or compare with TRUE/FALSE");
                }
            }
        }
        return out;
    }

    private static String lineAt(String text, int at) {
        int start = text.lastIndexOf('\n', at) + 1;
        int end = text.indexOf('\n', at);
        return text.substring(start, end < 0 ? text.length() : end).strip();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void dialectPlaces_exist() {
        for (String place : DIALECT_PLACES) {
            assertTrue(Files.exists(root().resolve(place)), "listed dialect place is gone: " + place);
        }
    }
}
