package dev.tejun.kernel.runbook;

import java.util.List;
import java.util.Optional;

/**
 * A runbook as a value: the front matter text exactly as in the file (empty when there is none),
 * what it means, and the cells in file order. {@code frontMatter + cells' sources} is the file.
 */
public record Runbook(String frontMatter, Metadata metadata, List<Cell> cells, List<Problem> problems) {

    public Runbook {
        cells = List.copyOf(cells);
        problems = List.copyOf(problems);
    }

    public List<CodeCell> codeCells() {
        return cells.stream()
                .filter(CodeCell.class::isInstance)
                .map(CodeCell.class::cast)
                .toList();
    }

    public Optional<CodeCell> codeCell(String id) {
        return codeCells().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public String title() {
        return metadata.title();
    }
}
