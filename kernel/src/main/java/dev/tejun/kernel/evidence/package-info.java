/**
 * Evidence: an immutable record of every run on disk, written while the run happens, so that what was run,
 * by whom, with which inputs and what came back can be proven afterwards. Output is kept whole and raw. When a run
 * ends its files are hashed into a manifest chained to the previous run's ({@link dev.tejun.kernel.evidence.Manifest});
 * {@link dev.tejun.kernel.evidence.EvidenceVerifier} finds what changed, {@link dev.tejun.kernel.evidence.EvidenceReport}
 * renders what an auditor reads. Each file has a record ({@link dev.tejun.kernel.evidence.RunJson},
 * {@link dev.tejun.kernel.evidence.ResultJson}, {@link dev.tejun.kernel.evidence.ManifestJson},
 * {@link dev.tejun.kernel.evidence.ChunkEntry}) and {@link dev.tejun.kernel.evidence.EvidenceLayout} alone knows where
 * each lies. The recorder is a sink of the session's event stream: it gets every event of its run once, in order.
 */
package dev.tejun.kernel.evidence;
