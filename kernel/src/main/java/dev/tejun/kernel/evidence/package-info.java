/**
 * Evidence: an immutable record of every run on disk, written while the run happens, so that what was run,
 * by whom, with which inputs and what came back can be proven afterwards. Output is kept whole and raw. When a run
 * ends its files are hashed into a manifest chained to the previous run's ({@link dev.tejun.kernel.evidence.Manifest});
 * {@link dev.tejun.kernel.evidence.EvidenceVerifier} finds what changed, {@link dev.tejun.kernel.evidence.EvidenceReport}
 * renders what an auditor reads.
 */
package dev.tejun.kernel.evidence;
