package dev.tejun.kernel.format;

import dev.tejun.kernel.runbook.Runbook;

/**
 * The one entry point to the Markdown file format: {@code write(parse(text)).equals(text)} for every input.
 */
public final class RunbookFormat {

    private RunbookFormat() {
    }

    /** Parses any text; never throws. Problems (bad front matter, unterminated fences…) are in {@link Runbook#problems()}. */
    public static Runbook parse(String text) {
        throw new UnsupportedOperationException("not yet");
    }

    /** The file text: front matter, then every cell's source, unchanged. */
    public static String write(Runbook runbook) {
        StringBuilder out = new StringBuilder(runbook.frontMatter());
        runbook.cells().forEach(c -> out.append(c.source()));
        return out.toString();
    }
}
