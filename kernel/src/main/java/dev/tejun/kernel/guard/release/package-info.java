/**
 * Production runs of reviewed content only: a run whose params take a {@code protected} value runs only when the
 * runbook is byte for byte what the release branch holds, checked before any cell, whichever door started it.
 */
package dev.tejun.kernel.guard.release;
