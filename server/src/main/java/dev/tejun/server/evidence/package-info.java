/**
 * Evidence on the server: the index of executions (filled when a run ends), the audit of each execution's start
 * and end, and the downloads (zip, HTML and Markdown report, verification). The files and their hash chain are
 * the kernel's ({@code dev.tejun.kernel.evidence}).
 */
package dev.tejun.server.evidence;
