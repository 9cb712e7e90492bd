package dev.tejun.server.search;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.server.runbooks.ParsedRunbooks;
import dev.tejun.server.runs.RunIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds what the words of a query name, across the runbooks folder, the run index and the CMDB. Every word must
 * appear (case does not matter) in one thing's text: a runbook's path, title, tags, headings and cell text; a run's
 * id, runbook, user and status, and for the newest runs their params and output ({@link RunTexts}); a CMDB row's
 * sheet, host, operation and values. Secret columns are never read, so a search cannot test a guess at a secret.
 * Each list stops at {@link #LIMIT}.
 */
public final class WorkspaceSearch {

    /** At most this many things of each kind: a search box offers a few links, not a report. */
    public static final int LIMIT = 10;
    /** The newest runs looked through. */
    static final int RECENT_RUNS = 2000;

    /** @param where the line of the runbook that holds a word (a heading, a line of a cell); null: its name did */
    public record RunbookHit(String name, String title, List<String> tags, String where) {}

    /** @param where the param or line of output that holds a word; null: the run's id, runbook, user or status did */
    public record RunHit(String runId, String runbook, String user, String status, String startedAt, String where) {}

    /** A row found: its sheet, id, host (null on a data sheet) and the first column whose value matched. */
    public record RowHit(String sheet, long id, String host, String column, String value) {}

    /** The answer of {@code GET /api/search?q=…}. */
    public record Results(String q, List<RunbookHit> runbooks, List<RunHit> runs, List<RowHit> rows) {}

    private final ParsedRunbooks runbooks;
    private final Function<RunIndex.Filter, List<RunIndex.RunRow>> runs;
    private final CmdbStore cmdb;
    private final RunTexts runTexts;

    /**
     * @param runs     the run index's list, newest first
     * @param evidence this server's evidence folder (the newest runs' params and output are read there)
     */
    public WorkspaceSearch(
            ParsedRunbooks runbooks,
            Function<RunIndex.Filter, List<RunIndex.RunRow>> runs,
            CmdbStore cmdb,
            Path evidence) {
        this.runbooks = runbooks;
        this.runs = runs;
        this.cmdb = cmdb;
        this.runTexts = new RunTexts(evidence);
    }

    public Results search(String q) throws IOException {
        List<String> words = words(q);
        if (words.isEmpty()) {
            return new Results(q, List.of(), List.of(), List.of());
        }
        return new Results(q, runbooks(words), runs(words), rows(words));
    }

    static List<String> words(String q) {
        if (q == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String w : q.toLowerCase(Locale.ROOT).trim().split("\\s+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out.size() > 8 ? out.subList(0, 8) : out;
    }

    private static boolean matches(List<String> words, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return words.stream().allMatch(lower::contains);
    }

    private List<RunbookHit> runbooks(List<String> words) throws IOException {
        List<RunbookHit> out = new ArrayList<>();
        for (ParsedRunbooks.Parsed p : runbooks.all()) {
            Metadata md = p.runbook().metadata();
            List<String> tags = md.tags();
            String title = md.title() == null ? "" : md.title();
            String named = p.name() + "\n" + title + "\n" + String.join("\n", tags);
            // the name, title and tags first; else every word somewhere in the file (headings, prose, cells)
            boolean byName = matches(words, named);
            if (byName
                    || words.stream()
                            .allMatch(w -> p.text().contains(w)
                                    || named.toLowerCase(Locale.ROOT).contains(w))) {
                out.add(new RunbookHit(p.name(), md.title(), tags, byName ? null : line(words, p.text(), p.source())));
                if (out.size() == LIMIT) {
                    break;
                }
            }
        }
        return out;
    }

    /**
     * The first line of {@code text} holding one of the words (found in {@code lower}, its lower-case form), as it
     * reads in {@code text}, trimmed to a search result's length.
     */
    static String line(List<String> words, String lower, String text) {
        int at = words.stream()
                .mapToInt(lower::indexOf)
                .filter(i -> i >= 0)
                .min()
                .orElse(-1);
        if (at < 0) {
            return null;
        }
        int number = (int) lower.substring(0, at).chars().filter(c -> c == '\n').count();
        String[] lines = text.split("\n", -1);
        String line = (number < lines.length ? lines[number] : "").strip();
        return line.length() > 120 ? line.substring(0, 120) + "…" : line;
    }

    private List<RunHit> runs(List<String> words) {
        List<RunHit> out = new ArrayList<>();
        int read = 0;
        for (RunIndex.RunRow r : runs.apply(new RunIndex.Filter(null, null, null, null, RECENT_RUNS))) {
            String where = null;
            boolean hit =
                    matches(words, String.join("\n", r.runId(), r.runbook(), r.user(), String.valueOf(r.status())));
            if (!hit && read++ < RunTexts.RUNS) {
                String text = runTexts.text(r);
                String lower = text.toLowerCase(Locale.ROOT);
                hit = words.stream().allMatch(lower::contains);
                where = hit ? line(words, lower, text) : null;
            }
            if (hit) {
                out.add(new RunHit(r.runId(), r.runbook(), r.user(), r.status(), r.startedAt(), where));
                if (out.size() == LIMIT) {
                    break;
                }
            }
        }
        return out;
    }

    private List<RowHit> rows(List<String> words) {
        List<RowHit> out = new ArrayList<>();
        for (SheetDef sheet : cmdb.sheets()) {
            List<ColumnDef> readable = sheet.columns().stream()
                    .filter(c -> c.type() != ColumnType.SECRET)
                    .toList();
            cmdb.forEach(sheet.name(), RowQuery.active(), row -> {
                if (out.size() < LIMIT) {
                    hit(words, sheet, readable, row).ifPresent(out::add);
                }
            });
            if (out.size() == LIMIT) {
                break;
            }
        }
        return out;
    }

    private static Optional<RowHit> hit(List<String> words, SheetDef sheet, List<ColumnDef> readable, Row row) {
        StringBuilder text = new StringBuilder(sheet.name()).append('\n');
        if (row.host() != null) {
            text.append(row.host()).append('\n');
        }
        if (row.operation() != null) {
            text.append(row.operation()).append('\n');
        }
        Map<String, Object> values = row.values();
        for (ColumnDef c : readable) {
            Object v = values.get(c.name());
            if (v != null) {
                text.append(v).append('\n');
            }
        }
        if (!matches(words, text.toString())) {
            return Optional.empty();
        }
        // the column to show: the first whose value holds one of the words (none: the host or sheet matched)
        for (ColumnDef c : readable) {
            Object v = values.get(c.name());
            if (v != null
                    && words.stream()
                            .anyMatch(w ->
                                    String.valueOf(v).toLowerCase(Locale.ROOT).contains(w))) {
                return Optional.of(new RowHit(sheet.name(), row.id(), row.host(), c.name(), String.valueOf(v)));
            }
        }
        return Optional.of(new RowHit(sheet.name(), row.id(), row.host(), null, null));
    }
}
