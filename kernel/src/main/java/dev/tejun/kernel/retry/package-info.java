/**
 * Retry only what failed (issue 23 §5): {@link dev.tejun.kernel.retry.RetryPlan} reads a finished run's evidence,
 * finds its failed {@code ssh}, {@code dialog} or {@code ansible} cell and the hosts that failed there, and says how
 * the retry runs: that cell on those hosts only ({@code hosts=} narrowed, or Ansible's {@code --limit}), then the
 * cells after it. The retry is a run of its own whose {@code run.json} names the run it retried.
 */
package dev.tejun.kernel.retry;
