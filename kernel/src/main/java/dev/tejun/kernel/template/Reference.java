package dev.tejun.kernel.template;

/**
 * One reference in a text.
 *
 * @param start offset of the {@code $} in the text
 * @param end   offset just after the closing {@code }}
 * @param name  what is referred to, without braces or the raw marker: {@code params.env}, {@code cells.disk.stdout}
 * @param raw   written as {@code ${raw:NAME}}: the author asks for the value to be pasted in as code
 */
public record Reference(int start, int end, String name, boolean raw) {}
