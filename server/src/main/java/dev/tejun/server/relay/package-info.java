/**
 * Reads and notebook sockets that reached a server other than the one holding what they ask for, passed on to that
 * server with the caller's own credentials: a run's evidence ({@link dev.tejun.server.relay.EvidenceRelay}) and a
 * runbook's notebook session ({@link dev.tejun.server.relay.SessionRelay}, {@link dev.tejun.server.relay.RelayedSocket}).
 * A leaf under {@code runs}, {@code ws} and {@code cluster}, which use it (docs/cluster.md §4–§5).
 */
package dev.tejun.server.relay;
