/** The command line: {@code serve}, {@code run} and {@code check}, as the {@code tejun} launcher calls them. */
package dev.tejun.server.cli;
