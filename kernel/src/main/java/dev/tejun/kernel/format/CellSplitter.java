package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Languages;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.runbook.ProseCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Cuts the Markdown body into cells. commonmark-java decides what is a top-level fence (so a cell is
 * exactly what GitHub renders as a code block, not something inside a list or quote); the cell texts
 * are then cut from the original string by line, never rebuilt, which is what makes the round trip
 * lossless. Only line indexes are taken from commonmark: it rewrites NUL and expands tabs in columns.
 */
final class CellSplitter {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();

    record Split(List<Cell> cells, List<Problem> problems) {
    }

    /** A closed top-level fence of an executable language, by body line index. */
    private record Fence(int open, int close, FenceInfo info) {
    }

    private final String body;
    private final Lines lines;
    private final int linesBefore;
    private final List<Problem> problems = new ArrayList<>();

    private CellSplitter(String body, int linesBefore) {
        this.body = body;
        this.lines = Lines.of(body);
        this.linesBefore = linesBefore;
    }

    /**
     * @param body        the text after the front matter
     * @param linesBefore how many file lines precede {@code body}, to report file line numbers
     */
    static Split split(String body, int linesBefore) {
        CellSplitter splitter = new CellSplitter(body, linesBefore);
        List<Fence> fences;
        try {
            fences = splitter.fences();
        } catch (RuntimeException e) {
            // never seen, but a parser bug must not make a runbook unopenable
            splitter.problems.add(Problem.error(linesBefore + 1, "the Markdown could not be parsed: " + e));
            fences = List.of();
        }
        return new Split(splitter.cells(fences), splitter.problems);
    }

    private List<Fence> fences() {
        List<Fence> fences = new ArrayList<>();
        for (Node node = PARSER.parse(body).getFirstChild(); node != null; node = node.getNext()) {
            if (!(node instanceof FencedCodeBlock block) || block.getSourceSpans().isEmpty()) {
                continue;
            }
            List<SourceSpan> spans = block.getSourceSpans();
            int open = spans.getFirst().getLineIndex();
            int close = spans.getLast().getLineIndex();
            List<Problem> infoProblems = new ArrayList<>();
            FenceInfo info = FenceInfo.ofFenceLine(lines.content(open), fileLine(open), infoProblems);
            boolean executable = Languages.EXECUTABLE.contains(info.language());
            if (block.getClosingFenceLength() == null) {
                problems.add(executable
                        ? Problem.error(fileLine(open), "unterminated code fence: this " + info.language()
                                + " cell is not run, and the rest of the file is inside it")
                        : Problem.warning(fileLine(open), "unterminated code fence: the rest of the file is inside it"));
            } else if (executable) {
                problems.addAll(infoProblems);
                fences.add(new Fence(open, close, info));
            } else if (Languages.EXECUTABLE.contains(info.language().toLowerCase(Locale.ROOT))) {
                problems.add(Problem.warning(fileLine(open), "a '" + info.language() + "' fence is prose: languages are "
                        + "lower case, write '" + info.language().toLowerCase(Locale.ROOT) + "' to make it a cell"));
            }
        }
        return fences;
    }

    private List<Cell> cells(List<Fence> fences) {
        List<String> ids = ids(fences);
        List<Cell> cells = new ArrayList<>();
        int proseStart = 0;
        for (int i = 0; i < fences.size(); i++) {
            Fence f = fences.get(i);
            addProse(cells, proseStart, lines.start(f.open()));
            cells.add(new CodeCell(ids.get(i), ids.get(i).equals(f.info().attributes().id()),
                    f.info().language(), f.info().attributes(),
                    lines.withEnding(f.open()),
                    body.substring(lines.end(f.open()), lines.start(f.close())),
                    lines.withEnding(f.close()),
                    fileLine(f.open())));
            proseStart = lines.end(f.close());
        }
        addProse(cells, proseStart, body.length());
        return cells;
    }

    private void addProse(List<Cell> cells, int from, int to) {
        if (to > from) {
            cells.add(new ProseCell(body.substring(from, to)));
        }
    }

    /**
     * Explicit ids where they are unique, {@code cell-N} otherwise. A repeated id is an error, and
     * the repeat gets an implicit id so that every id still names one cell.
     */
    private List<String> ids(List<Fence> fences) {
        Map<String, Integer> explicitLines = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (Fence f : fences) {
            String id = f.info().attributes().id();
            if (id != null && explicitLines.containsKey(id)) {
                problems.add(Problem.error(fileLine(f.open()), "duplicate cell id '" + id + "' (lines "
                        + explicitLines.get(id) + " and " + fileLine(f.open()) + ")"));
                id = null;
            } else if (id != null) {
                explicitLines.put(id, fileLine(f.open()));
            }
            ids.add(id);
        }
        Set<String> used = new HashSet<>(explicitLines.keySet());
        for (int i = 0; i < ids.size(); i++) {
            if (ids.get(i) == null) {
                String id = "cell-" + (i + 1);
                for (int n = 2; used.contains(id); n++) {
                    id = "cell-" + (i + 1) + "-" + n;
                }
                used.add(id);
                ids.set(i, id);
            }
        }
        return ids;
    }

    private int fileLine(int bodyLineIndex) {
        return linesBefore + bodyLineIndex + 1;
    }
}
