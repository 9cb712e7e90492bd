package dev.tejun.kernel.folder;

import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.ProseCell;
import dev.tejun.kernel.runbook.Runbook;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.diff.DiffAlgorithm;
import org.eclipse.jgit.diff.Edit;
import org.eclipse.jgit.diff.EditList;
import org.eclipse.jgit.diff.RawText;
import org.eclipse.jgit.diff.RawTextComparator;

/**
 * A diff between two versions of a runbook told by cell, as a reviewer reads it: which code cells were added, removed
 * or changed (lined up by cell id, so a cell that moved is the same cell), and the prose between them with a line diff.
 * Prose has no id: a stretch of prose is named by the code cell it follows ({@code prose after ID}), which stays put
 * when code around it is edited. The front matter is one more part when it changed.
 *
 * @param parts the parts that differ, in the newer version's order (removed parts where they stood in the older)
 */
public record CellDiff(List<Part> parts) {

    /** What happened to a part between the versions. */
    public enum Kind {
        ADDED,
        REMOVED,
        CHANGED
    }

    /**
     * One cell (or stretch of prose, or the front matter) that differs.
     *
     * @param key      the cell's id, {@code prose after ID} / {@code prose at start}, or {@code front matter}
     * @param kind     added, removed or changed
     * @param language the code cell's language; null for prose and front matter
     * @param lines    the part as a line diff: each line starts with {@code ' '} (both), {@code '-'} (older only) or
     *     {@code '+'} (newer only)
     */
    public record Part(String key, Kind kind, String language, List<String> lines) {
        public Part {
            lines = List.copyOf(lines);
        }
    }

    public CellDiff {
        parts = List.copyOf(parts);
    }

    /** The part named {@code key}, or null when it did not change. */
    public Part part(String key) {
        return parts.stream().filter(p -> p.key().equals(key)).findFirst().orElse(null);
    }

    /** The cell-aware diff from {@code older} to {@code newer} (whole runbook texts; either may be empty). */
    public static CellDiff between(String older, String newer) {
        Map<String, Piece> was = pieces(older);
        Map<String, Piece> now = pieces(newer);
        List<Part> parts = new ArrayList<>();
        for (Piece p : now.values()) {
            Piece before = was.get(p.key());
            if (before == null) {
                parts.add(new Part(p.key(), Kind.ADDED, p.language(), lines("", p.text())));
            } else if (!before.text().equals(p.text())) {
                parts.add(new Part(p.key(), Kind.CHANGED, p.language(), lines(before.text(), p.text())));
            }
        }
        for (Piece p : was.values()) {
            if (!now.containsKey(p.key())) {
                parts.add(new Part(p.key(), Kind.REMOVED, p.language(), lines(p.text(), "")));
            }
        }
        return new CellDiff(parts);
    }

    private record Piece(String key, String language, String text) {}

    /** The runbook cut into named pieces: front matter, each code cell by id, the prose after each code cell. */
    private static Map<String, Piece> pieces(String text) {
        Map<String, Piece> out = new LinkedHashMap<>();
        if (text.isEmpty()) {
            return out;
        }
        Runbook runbook = RunbookFormat.parse(text);
        if (!runbook.frontMatter().isEmpty()) {
            out.put("front matter", new Piece("front matter", null, runbook.frontMatter()));
        }
        String proseKey = "prose at start";
        StringBuilder prose = new StringBuilder();
        for (Cell cell : runbook.cells()) {
            switch (cell) {
                case ProseCell p -> prose.append(p.source());
                case CodeCell c -> {
                    addProse(out, proseKey, prose);
                    prose.setLength(0);
                    out.put(c.id(), new Piece(c.id(), c.language(), c.source()));
                    proseKey = "prose after " + c.id();
                }
            }
        }
        addProse(out, proseKey, prose);
        return out;
    }

    private static void addProse(Map<String, Piece> out, String key, StringBuilder prose) {
        if (!prose.toString().isBlank()) {
            out.put(key, new Piece(key, null, prose.toString()));
        }
    }

    /** A full line diff of two texts (histogram diff, as git's). */
    static List<String> lines(String older, String newer) {
        RawText a = new RawText(older.getBytes(StandardCharsets.UTF_8));
        RawText b = new RawText(newer.getBytes(StandardCharsets.UTF_8));
        EditList edits = DiffAlgorithm.getAlgorithm(DiffAlgorithm.SupportedAlgorithm.HISTOGRAM)
                .diff(RawTextComparator.DEFAULT, a, b);
        List<String> out = new ArrayList<>();
        int ia = 0;
        for (Edit e : edits) {
            for (; ia < e.getBeginA(); ia++) {
                out.add(" " + a.getString(ia));
            }
            for (int i = e.getBeginA(); i < e.getEndA(); i++) {
                out.add("-" + a.getString(i));
            }
            for (int i = e.getBeginB(); i < e.getEndB(); i++) {
                out.add("+" + b.getString(i));
            }
            ia = e.getEndA();
        }
        for (; ia < a.size(); ia++) {
            out.add(" " + a.getString(ia));
        }
        return out;
    }
}
