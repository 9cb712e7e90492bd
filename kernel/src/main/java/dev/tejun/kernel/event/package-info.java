/**
 * The execution event stream: one sealed family of records, numbered by the session's log.
 * Evidence, the WebSocket broadcaster and the CLI printer all read the same events.
 */
package dev.tejun.kernel.event;
