package dev.tejun.kernel.runbook;

/** Markdown that is not run: headings, paragraphs, lists and fences of languages without an executor. */
public record ProseCell(String source) implements Cell {}
