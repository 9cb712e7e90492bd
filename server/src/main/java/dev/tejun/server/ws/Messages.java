package dev.tejun.server.ws;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import dev.tejun.server.ErrorCodes;
import java.util.List;
import java.util.Map;

/**
 * The WebSocket messages of {@code docs/protocol.md}, one record per message type. The {@code type} field on the
 * wire is the {@link JsonTypeName}; {@link MessageCodec} is the only place that reads or writes them.
 */
public final class Messages {

    private Messages() {}

    /** What a browser (or the CLI) may send. {@code id} is optional and comes back as {@code replyTo}. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(Attach.class),
        @JsonSubTypes.Type(Execute.class),
        @JsonSubTypes.Type(RunAll.class),
        @JsonSubTypes.Type(Interrupt.class),
        @JsonSubTypes.Type(Restart.class)
    })
    public sealed interface Client permits Attach, Execute, RunAll, Interrupt, Restart {
        String id();
    }

    /** Send the snapshot, then every event after {@code since}, and keep streaming. */
    @JsonTypeName("attach")
    public record Attach(String id, Long since) implements Client {}

    /**
     * Queue a run of one cell; {@code params} (optional) become the session's parameter values. On a busy session
     * it is refused unless {@code queue} is true: a second click must not run a runbook twice by accident.
     */
    @JsonTypeName("execute")
    /** {@code confirmRun}: the run a {@code once=true} cell already succeeded in, to run it again (issue 23). */
    public record Execute(String id, String cellId, Map<String, String> params, Boolean queue, String confirmRun)
            implements Client {}

    /**
     * Queue a run of every code cell, or with {@code cells} of those cells in that order (a section: the notebook's
     * heading menu); refused on a busy session unless {@code queue} is true, as for execute.
     */
    @JsonTypeName("run-all")
    public record RunAll(String id, Map<String, String> params, Boolean queue, String confirmRun, List<String> cells)
            implements Client {}

    /** Stop the running cell and drop queued runs. */
    @JsonTypeName("interrupt")
    public record Interrupt(String id) implements Client {}

    /**
     * End the kernel cell {@code cell} runs in ({@code language} python or jupyter; the session's other kernels
     * stay): its next cell starts a fresh one. Without {@code cell}, every kernel of that language.
     */
    @JsonTypeName("restart")
    public record Restart(String id, String language, String cell) implements Client {}

    /** What the server sends. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(Snapshot.class),
        @JsonSubTypes.Type(Events.class),
        @JsonSubTypes.Type(Accepted.class),
        @JsonSubTypes.Type(ErrorReply.class),
        @JsonSubTypes.Type(RunbookSaved.class)
    })
    public sealed interface Server permits Snapshot, Events, Accepted, ErrorReply, RunbookSaved {}

    /** The state of the session when a client attaches; {@code params} has secret values masked. */
    @JsonTypeName("snapshot")
    public record Snapshot(
            String sessionId,
            String runbook,
            Map<String, CellView> cells,
            String activeRunId,
            long lastSeq,
            Map<String, String> params)
            implements Server {}

    /** One cell's latest state in a snapshot; {@code status} in lower case, as in events; {@code codes} of its message. */
    public record CellView(
            String status,
            Integer exitCode,
            String runId,
            Long durationMillis,
            String message,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ErrorCodes.Coded> codes) {}

    /** Events in seq order. */
    @JsonTypeName("events")
    public record Events(List<WireEvent> events) implements Server {}

    /** A request was taken; {@code runId} is the queued run (for {@code interrupt}: the run it stops, or null). */
    @JsonTypeName("accepted")
    public record Accepted(String replyTo, String runId) implements Server {}

    /** A request was refused or could not be read; the socket stays open. {@code codes}: as in an HTTP error body. */
    @JsonTypeName("error")
    public record ErrorReply(
            String replyTo,
            String message,
            @JsonInclude(JsonInclude.Include.NON_EMPTY) List<ErrorCodes.Coded> codes) implements Server {

        /** The refusal in English, with its codes when {@link ErrorCodes} knows its form. */
        public ErrorReply(String replyTo, String message) {
            this(replyTo, message, ErrorCodes.of(message));
        }
    }

    /** Someone saved the runbook this socket follows: other tabs reload it instead of meeting a conflict on save. */
    @JsonTypeName("runbook-saved")
    public record RunbookSaved(String runbook, String version, String by) implements Server {}
}
