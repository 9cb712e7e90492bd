package dev.tejun.kernel.event;

import java.time.Instant;

/**
 * Output was left out of what a client receives (the session keeps a bounded tail in memory); the
 * evidence has all of it. {@code droppedBytes} counts the UTF-8 bytes of output text left out (-1 when the reader
 * is too far behind for the session to know); {@code cellId} is null when the gap spans cells.
 */
public record OutputGap(long seq, Instant at, String runId, String cellId, long droppedBytes) implements Event {}
