package dev.tejun.kernel.runbook;

/**
 * One piece of a runbook in file order: prose, or code the server can run.
 * {@link #source()} is the exact text the piece occupies in the file, so that
 * concatenating the front matter and every cell's source gives the file back.
 */
public sealed interface Cell permits ProseCell, CodeCell {
    String source();
}
