package dev.tejun.server.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.tejun.server.ErrorCodes;
import java.time.Instant;
import java.util.List;

/**
 * Execution events as they go over the wire: the kernel's events with statuses and streams as lower-case text.
 * Kept apart from the kernel records so the kernel's types can change without changing the protocol. A message a cell
 * or run ended with carries its {@code codes} ({@link ErrorCodes}) so that a page shows it in its reader's language.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(WireEvent.RunStarted.class),
    @JsonSubTypes.Type(WireEvent.CellStarted.class),
    @JsonSubTypes.Type(WireEvent.CellOutput.class),
    @JsonSubTypes.Type(WireEvent.CellResult.class),
    @JsonSubTypes.Type(WireEvent.HostStatus.class),
    @JsonSubTypes.Type(WireEvent.CellFinished.class),
    @JsonSubTypes.Type(WireEvent.RunFinished.class),
    @JsonSubTypes.Type(WireEvent.OutputGap.class)
})
public sealed interface WireEvent {

    long seq();

    @JsonTypeName("run-started")
    record RunStarted(long seq, Instant at, String runId, String runbook, List<String> cellIds, String user)
            implements WireEvent {}

    @JsonTypeName("cell-started")
    record CellStarted(long seq, Instant at, String runId, String cellId, String language, String code)
            implements WireEvent {}

    @JsonTypeName("cell-output")
    record CellOutput(long seq, Instant at, String runId, String cellId, String stream, String host, String text)
            implements WireEvent {}

    @JsonTypeName("cell-result")
    record CellResult(long seq, Instant at, String runId, String cellId, String mime, String data)
            implements WireEvent {}

    @JsonTypeName("host-status")
    record HostStatus(long seq, Instant at, String runId, String cellId, String host, String status, String detail)
            implements WireEvent {}

    @JsonTypeName("cell-finished")
    record CellFinished(
            long seq,
            Instant at,
            String runId,
            String cellId,
            String status,
            Integer exitCode,
            long durationMillis,
            String message,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ErrorCodes.Coded> codes)
            implements WireEvent {}

    @JsonTypeName("run-finished")
    record RunFinished(
            long seq,
            Instant at,
            String runId,
            String status,
            String evidence,
            String message,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ErrorCodes.Coded> codes)
            implements WireEvent {}

    @JsonTypeName("output-gap")
    record OutputGap(long seq, Instant at, String runId, String cellId, long droppedBytes) implements WireEvent {}
}
