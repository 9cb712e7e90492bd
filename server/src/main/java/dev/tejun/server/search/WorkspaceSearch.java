package dev.tejun.server.search;

import dev.tejun.cmdb.model.ColumnDef;
import dev.tejun.cmdb.model.ColumnType;
import dev.tejun.cmdb.model.Row;
import dev.tejun.cmdb.model.RowQuery;
import dev.tejun.cmdb.model.SheetDef;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.folder.RunbookFolder;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.server.runs.RunIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds what the words of a query name, across the runbooks folder, the run index and the CMDB. Every word must
 * appear (case does not matter) in one thing's text: a runbook's path, title and tags; a run's id, runbook, user
 * and status; a CMDB row's sheet, host, operation and values. Secret columns are never read, so a search cannot
 * test a guess at a secret. Each list stops at {@link #LIMIT}.
 */
public final class WorkspaceSearch {

    /** At most this many things of each kind: a search box offers a few links, not a report. */
    public static final int LIMIT = 10;
    /** The newest runs looked through. */
    static final int RECENT_RUNS = 2000;

    public record RunbookHit(String name, String title, List<String> tags) {}

    public record RunHit(String runId, String runbook, String user, String status, String startedAt) {}

    /** A row found: its sheet, id, host (null on a data sheet) and the first column whose value matched. */
    public record RowHit(String sheet, long id, String host, String column, String value) {}

    /** The answer of {@code GET /api/search?q=…}. */
    public record Results(String q, List<RunbookHit> runbooks, List<RunHit> runs, List<RowHit> rows) {}

    private final RunbookFolder folder;
    private final Function<RunIndex.Filter, List<RunIndex.RunRow>> runs;
    private final CmdbStore cmdb;

    /** @param runs the run index's list, newest first */
    public WorkspaceSearch(
            RunbookFolder folder, Function<RunIndex.Filter, List<RunIndex.RunRow>> runs, CmdbStore cmdb) {
        this.folder = folder;
        this.runs = runs;
        this.cmdb = cmdb;
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
        for (String name : folder.list()) {
            Metadata md = RunbookFormat.parse(new String(folder.read(name), StandardCharsets.UTF_8))
                    .metadata();
            List<String> tags = md.tags();
            String title = md.title() == null ? "" : md.title();
            if (matches(words, name + "\n" + title + "\n" + String.join("\n", tags))) {
                out.add(new RunbookHit(name, md.title(), tags));
                if (out.size() == LIMIT) {
                    break;
                }
            }
        }
        return out;
    }

    private List<RunHit> runs(List<String> words) {
        List<RunHit> out = new ArrayList<>();
        for (RunIndex.RunRow r : runs.apply(new RunIndex.Filter(null, null, null, null, RECENT_RUNS))) {
            if (matches(words, String.join("\n", r.runId(), r.runbook(), r.user(), String.valueOf(r.status())))) {
                out.add(new RunHit(r.runId(), r.runbook(), r.user(), r.status(), r.startedAt()));
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
