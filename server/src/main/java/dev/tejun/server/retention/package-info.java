/**
 * Retention in the server: legal holds on runs and flow instances ({@link dev.tejun.server.retention.LegalHolds}),
 * the audited prune of evidence and of old ledger rows ({@link dev.tejun.server.retention.Retention}, also on a
 * schedule), its REST routes ({@link dev.tejun.server.retention.RetentionHandler}) and the CLI's
 * {@code tejun evidence prune | hold | release | holds} ({@link dev.tejun.server.retention.RetentionCommand}). What is
 * pruned and how the proof is kept is the kernel's {@code retention} package.
 */
package dev.tejun.server.retention;
