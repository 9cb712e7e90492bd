package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.Cell;
import dev.tejun.kernel.runbook.CodeCell;
import dev.tejun.kernel.runbook.Languages;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.runbook.ProseCell;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.SourceSpan;
import org.commonmark.parser.IncludeSourceSpans;
import org.commonmark.parser.Parser;

/**
 * Cuts the Markdown body into cells. commonmark-java decides what is a fence, wherever CommonMark puts
 * it (top level, list items at any depth, block quotes), so a cell is exactly what GitHub renders as a
 * code block; the cell texts are then cut from the original string by line, never rebuilt, which is
 * what makes the round trip lossless. A nested cell's code is its body lines without their container
 * prefix: that prefix is what stands before commonmark's literal on each line, so the code keeps the
 * file's own characters and line endings (commonmark rewrites NUL and line endings in its literal).
 */
final class CellSplitter {

    private static final Parser PARSER = Parser.builder()
            .extensions(List.of(TablesExtension.create()))
            .includeSourceSpans(IncludeSourceSpans.BLOCKS)
            .build();

    record Split(List<Cell> cells, List<Problem> problems) {}

    /** A closed fence of an executable language, by body line index, with its code cut out of the body. */
    private record Fence(int open, int close, FenceInfo info, String code, String indent, int depth) {}

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
        List<FencedCodeBlock> blocks = new ArrayList<>();
        PARSER.parse(body).accept(new AbstractVisitor() {
            @Override
            public void visit(FencedCodeBlock block) {
                blocks.add(block); // a leaf: nothing inside it to visit
            }
        });
        List<Fence> fences = new ArrayList<>();
        for (FencedCodeBlock block : blocks) {
            if (block.getSourceSpans().isEmpty()) {
                continue;
            }
            List<SourceSpan> spans = block.getSourceSpans();
            int open = spans.getFirst().getLineIndex();
            int close = spans.getLast().getLineIndex();
            List<Problem> infoProblems = new ArrayList<>();
            FenceInfo info =
                    FenceInfo.ofFenceLine(afterContainers(open, spans.getFirst()), fileLine(open), infoProblems);
            boolean executable = Languages.EXECUTABLE.contains(info.language());
            String container = container(block);
            if (block.getClosingFenceLength() == null) {
                String end = container == null
                        ? "the rest of the file is inside it"
                        : "it runs to line " + fileLine(close) + ", where its " + container + " ends";
                problems.add(
                        executable
                                ? Problem.error(
                                        fileLine(open),
                                        "unterminated code fence: this " + info.language() + " cell is not run, and "
                                                + end)
                                : Problem.warning(fileLine(open), "unterminated code fence: " + end));
            } else if (executable) {
                problems.addAll(infoProblems);
                fences.add(fence(open, close, info, block));
            } else if (Languages.EXECUTABLE.contains(info.language().toLowerCase(Locale.ROOT))) {
                problems.add(Problem.warning(
                        fileLine(open),
                        "a '" + info.language() + "' fence is prose: languages are " + "lower case, write '"
                                + info.language().toLowerCase(Locale.ROOT) + "' to make it a cell"));
            }
        }
        return fences;
    }

    /** The opening fence line from where commonmark says the fence starts (after a list marker or {@code >}). */
    private String afterContainers(int line, SourceSpan span) {
        String content = lines.content(line);
        int column = span.getColumnIndex();
        return column >= 0 && column <= content.length() ? content.substring(column) : content;
    }

    /** The innermost list item or block quote holding the fence, in words; null at top level. */
    private static String container(Node block) {
        for (Node n = block.getParent(); n != null; n = n.getParent()) {
            if (n instanceof ListItem) {
                return "list item";
            }
            if (n instanceof BlockQuote) {
                return "block quote";
            }
        }
        return null;
    }

    private static int depth(Node block) {
        int depth = 0;
        for (Node n = block.getParent(); n != null; n = n.getParent()) {
            if (n instanceof ListItem || n instanceof BlockQuote) {
                depth++;
            }
        }
        return depth;
    }

    /**
     * Cuts the code out of the body lines between {@code open} and {@code close}: on each line, the part
     * that ends with commonmark's literal line is code, what stands before it is the container's prefix.
     * A line where the literal is not a suffix (a tab only partly inside the list's indentation, which
     * commonmark turns into spaces) takes the literal, as CommonMark reads it. The indent an edit writes
     * is the closing fence's container prefix (commonmark's column for that line) plus the opening
     * fence's own indentation, which CommonMark takes off every body line.
     */
    private Fence fence(int open, int close, FenceInfo info, FencedCodeBlock block) {
        String literal = block.getLiteral();
        List<String> literalLines = List.of(literal.split("\n", -1)); // each line ends with \n: one more part
        int count = close - open - 1;
        if (literalLines.size() != count + 1) {
            // never seen; keep the old reading (the whole body is code) rather than guess
            return new Fence(open, close, info, body.substring(lines.end(open), lines.start(close)), "", depth(block));
        }
        StringBuilder code = new StringBuilder();
        for (int k = 0; k < count; k++) {
            int line = open + 1 + k;
            String raw = lines.content(line);
            String lit = literalLines.get(k);
            String eol = Lines.ending(lines.withEnding(line));
            if (lit.isEmpty() && eol.startsWith("\n") && !code.isEmpty() && code.charAt(code.length() - 1) == '\r') {
                // the previous line ended in a lone CR and this one is empty once the indentation is off: written
                // as they are, "\r" + "\n" would read as one line break and the empty line would vanish
                code.setCharAt(code.length() - 1, '\n');
            }
            if (raw.replace('\0', '\uFFFD').endsWith(lit)) {
                code.append(raw, raw.length() - lit.length(), raw.length()).append(eol);
            } else {
                code.append(lit).append(eol);
            }
        }
        String closing = lines.content(close);
        int column = Math.min(Math.max(0, block.getSourceSpans().getLast().getColumnIndex()), closing.length());
        String prefix = closing.substring(0, column);
        if (leadingTab(closing)) {
            // a tab before the closing fence is only partly the container's indentation, so commonmark's column
            // for that line says nothing about it: the opening line's container prefix holds for every line
            String opening = lines.content(open);
            int openColumn =
                    Math.min(Math.max(0, block.getSourceSpans().getFirst().getColumnIndex()), opening.length());
            prefix = continuation(opening.substring(0, openColumn));
        }
        return new Fence(open, close, info, code.toString(), prefix + " ".repeat(block.getFenceIndent()), depth(block));
    }

    private static boolean leadingTab(String line) {
        for (int i = 0;
                i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '>');
                i++) {
            if (line.charAt(i) == '\t') {
                return true;
            }
        }
        return false;
    }

    /** A container prefix as continuation lines write it: quote markers stay, a list marker becomes spaces. */
    private static String continuation(String openingPrefix) {
        StringBuilder out = new StringBuilder(openingPrefix.length());
        for (char c : openingPrefix.toCharArray()) {
            out.append(c == '>' || c == ' ' || c == '\t' ? c : ' ');
        }
        return out.toString();
    }

    private List<Cell> cells(List<Fence> fences) {
        List<String> ids = ids(fences);
        List<Cell> cells = new ArrayList<>();
        int proseStart = 0;
        for (int i = 0; i < fences.size(); i++) {
            Fence f = fences.get(i);
            addProse(cells, proseStart, lines.start(f.open()));
            cells.add(new CodeCell(
                    ids.get(i),
                    ids.get(i).equals(f.info().attributes().id()),
                    f.info().language(),
                    f.info().attributes(),
                    lines.withEnding(f.open()),
                    f.code(),
                    lines.withEnding(f.close()),
                    fileLine(f.open()),
                    body.substring(lines.end(f.open()), lines.start(f.close())),
                    f.indent(),
                    f.depth()));
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
                problems.add(Problem.error(
                        fileLine(f.open()),
                        "duplicate cell id '" + id + "' (lines " + explicitLines.get(id) + " and " + fileLine(f.open())
                                + ")"));
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
