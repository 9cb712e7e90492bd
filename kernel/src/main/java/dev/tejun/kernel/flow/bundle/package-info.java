/**
 * A flow instance's evidence in one piece: {@link dev.tejun.kernel.flow.bundle.FlowBundle} zips the flow file as it
 * ran, the instance's history and every runbook node's run folder with a manifest of hashes;
 * {@link dev.tejun.kernel.flow.bundle.FlowReport} renders the instance as one self-contained HTML page.
 */
package dev.tejun.kernel.flow.bundle;
