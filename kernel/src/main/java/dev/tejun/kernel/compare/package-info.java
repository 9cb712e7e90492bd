/**
 * Compare runs (issue 23 §7): two runs' evidence side by side — params, commit, each cell's status and duration,
 * and a line diff of each output stream, per host for fan-out cells ({@link dev.tejun.kernel.compare.RunComparison}).
 */
package dev.tejun.kernel.compare;
