/**
 * Preview before approving (issue 23 §4): the executors of a run swapped for ones that show what each cell would do
 * and run nothing that changes anything ({@link dev.tejun.kernel.preview.Previews}). A preview is a run like any
 * other, so it goes through the same substitution (values as data) and is kept in evidence.
 */
package dev.tejun.kernel.preview;
