/**
 * Retention: which sealed runs keep their output ({@link dev.tejun.kernel.retention.RetentionRules}, read from
 * {@code retention.yaml}), and the {@link dev.tejun.kernel.retention.Pruner} that removes the rest's output files, or
 * packs them into a dated archive first ({@link dev.tejun.kernel.retention.EvidenceArchive}). A pruned run keeps its
 * manifest, its chain link and a keyed {@link dev.tejun.kernel.evidence.PrunedMark}, so evidence verification still
 * passes and names it pruned rather than tampered with. Legal holds are the server's; the pruner is told which runs
 * they cover.
 */
package dev.tejun.kernel.retention;
