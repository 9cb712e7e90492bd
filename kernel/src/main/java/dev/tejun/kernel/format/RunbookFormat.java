package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.Metadata;
import dev.tejun.kernel.runbook.Problem;
import dev.tejun.kernel.runbook.ProseCell;
import dev.tejun.kernel.runbook.Runbook;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The one entry point to the Markdown file format: {@code write(parse(text)).equals(text)} for every input.
 * Edits live in {@link RunbookEdits}, checks in {@link RunbookCheck}.
 */
public final class RunbookFormat {

    private RunbookFormat() {}

    /** Parses any text; never throws. Problems (bad front matter, unterminated fences…) are in {@link Runbook#problems()}. */
    public static Runbook parse(String text) {
        FrontMatter frontMatter = FrontMatter.split(text);
        if (frontMatter.unclosed()) {
            return new Runbook("", Metadata.EMPTY, List.of(new ProseCell(text)), frontMatter.problems());
        }
        String body = text.substring(frontMatter.text().length());
        CellSplitter.Split split = CellSplitter.split(body, frontMatter.lineCount());
        List<Problem> problems = new ArrayList<>(frontMatter.problems());
        problems.addAll(split.problems());
        problems.sort(Comparator.comparingInt(Problem::line)); // stable: same-line problems keep their order
        return new Runbook(frontMatter.text(), frontMatter.metadata(), split.cells(), problems);
    }

    /** The file text: front matter, then every cell's source, unchanged. */
    public static String write(Runbook runbook) {
        StringBuilder out = new StringBuilder(runbook.frontMatter());
        runbook.cells().forEach(c -> out.append(c.source()));
        return out.toString();
    }
}
