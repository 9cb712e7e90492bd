/**
 * The key that makes the proof hold against someone who can write the data folder: the audit log's entries and
 * head and the evidence manifests and chain head are MACed (HMAC-SHA-256) with {@link dev.tejun.kernel.proof.ProofKey},
 * a file only the server's user reads, so recomputing hashes is no longer enough to forge them. Heads can also be
 * sent every N entries to an outside sink ({@link dev.tejun.kernel.proof.HeadExport}), so deleting the whole store
 * is detectable too.
 */
package dev.tejun.kernel.proof;
