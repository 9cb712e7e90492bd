/**
 * {@code dialog} cells: a list of {@code expect}/{@code send} steps held with each CMDB host over an ssh shell with a
 * pseudo-terminal or over telnet, for devices that have no Python and are scripted as a conversation (switches,
 * appliances, console servers). Matches can be captured for later steps, later cells and an observed sheet.
 */
package dev.tejun.kernel.exec.dialog;
