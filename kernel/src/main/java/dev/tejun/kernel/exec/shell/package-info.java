/**
 * The {@code sh}, {@code bash} and {@code shell} cells: each cell is a script file run by its own shell
 * process, in its own session, so that stopping a cell can end every process it started. Output is passed
 * on as raw bytes; decoding belongs to the session and evidence keeps the bytes as they came.
 */
package dev.tejun.kernel.exec.shell;
