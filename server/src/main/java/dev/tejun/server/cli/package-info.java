/**
 * The command line: {@code serve}, {@code run}, {@code check} and {@code cmdb …}, as the {@code tejun} launcher
 * calls them.
 */
package dev.tejun.server.cli;
