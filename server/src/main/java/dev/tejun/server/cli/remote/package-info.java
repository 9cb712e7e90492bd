/**
 * The CLI against a remote server: {@code tejun run --server URL --token T FILE} and {@code tejun runs list|logs|stop},
 * over plain REST with the JDK's {@code java.net.http} (no other client library). Runs are followed by long-poll on
 * {@code GET /api/runs/{id}/events}; their events are printed by the same {@code CliPrinter} as a local run, so a
 * remote run reads exactly like a local one. Exit codes: {@link dev.tejun.server.cli.remote.RemoteExit}.
 */
package dev.tejun.server.cli.remote;
