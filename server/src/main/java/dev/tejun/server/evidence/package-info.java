/**
 * Evidence on the server: the index of executions (a row from each run's start, replaced from its evidence when it
 * ends), the live runs of this server ({@link dev.tejun.server.evidence.LiveRuns}), the audit of each execution's
 * start and end, and the downloads (zip, HTML and Markdown report, verification). The files and their hash chain
 * are the kernel's ({@code dev.tejun.kernel.evidence}).
 */
package dev.tejun.server.evidence;
