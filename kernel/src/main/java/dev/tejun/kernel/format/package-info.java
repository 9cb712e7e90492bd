/**
 * The runbook Markdown file: {@link dev.tejun.kernel.format.RunbookFormat} parses text into a
 * {@link dev.tejun.kernel.runbook.Runbook} and writes it back byte for byte;
 * {@link dev.tejun.kernel.format.RunbookEdits} changes one piece and leaves every other byte alone;
 * {@link dev.tejun.kernel.format.RunbookCheck} reports what is wrong with files on disk;
 * {@link dev.tejun.kernel.format.ProseRenderer} turns prose into safe HTML.
 * Cells are cut from the original text by line, never re-rendered, so Git diffs show only real edits.
 */
package dev.tejun.kernel.format;
