package dev.tejun.kernel.event;

import java.time.Instant;

/**
 * Everything that happens in a notebook session, in order. {@code seq} is assigned by the session's
 * {@link EventLog} and grows by one per event, so a client that reconnects asks for what came after
 * the last {@code seq} it saw and misses nothing.
 */
public sealed interface Event
        permits RunStarted, CellStarted, CellOutput, CellResult, HostStatus, CellFinished, RunFinished, OutputGap {

    long seq();

    Instant at();

    String runId();
}
