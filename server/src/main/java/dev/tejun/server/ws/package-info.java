/**
 * The notebook's WebSocket: typed messages ({@link dev.tejun.server.ws.Messages}), one codec, and a sender per
 * socket that reads the session's event log at the client's pace. The protocol is {@code docs/protocol.md}.
 */
package dev.tejun.server.ws;
