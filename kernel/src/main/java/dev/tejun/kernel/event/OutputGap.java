package dev.tejun.kernel.event;

import java.time.Instant;

/**
 * Output was left out of what a client receives (the session keeps a bounded tail in memory); the
 * evidence has all of it. {@code droppedBytes} counts the characters left out for that cell.
 */
public record OutputGap(long seq, Instant at, String runId, String cellId, long droppedBytes) implements Event {
}
