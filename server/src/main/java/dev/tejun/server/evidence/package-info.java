/**
 * {@code tejun evidence verify}: checks a data folder's evidence from the command line. The files and their hash
 * chain are the kernel's ({@code dev.tejun.kernel.evidence}); the runs they record, their index and their downloads
 * are {@code dev.tejun.server.runs}.
 */
package dev.tejun.server.evidence;
