/**
 * {@code once=true} cells: a destructive step (drop, wipe, reformat) that succeeded in a session does not run again
 * in that session unless the request names the run it succeeded in, so a repeat is always a decision.
 */
package dev.tejun.kernel.guard.once;
