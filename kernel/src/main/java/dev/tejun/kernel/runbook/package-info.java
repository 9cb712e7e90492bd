/**
 * The runbook as pure data: front matter, prose cells and code cells in file order.
 * Nothing here reads files, runs processes or knows about HTTP; {@code format} turns bytes into
 * these values and back.
 */
package dev.tejun.kernel.runbook;
