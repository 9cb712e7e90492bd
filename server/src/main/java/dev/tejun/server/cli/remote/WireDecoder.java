package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellOutput;
import dev.tejun.kernel.event.CellResult;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.HostStatus;
import dev.tejun.kernel.event.OutputGap;
import dev.tejun.kernel.event.RunFinished;
import dev.tejun.kernel.event.RunStarted;
import dev.tejun.kernel.event.Stream;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the wire form of execution events (docs/protocol.md, "Execution events") back into the kernel's records,
 * so the terminal printer of a local run prints a remote one too. An event type this client does not know is
 * skipped: a newer server may send more.
 */
final class WireDecoder {

    private WireDecoder() {
    }

    static Optional<Event> decode(JsonNode e) {
        long seq = e.path("seq").asLong();
        Instant at = instant(e.path("at"));
        String runId = text(e, "runId");
        String cellId = text(e, "cellId");
        Event event = switch (e.path("type").asText()) {
            case "run-started" -> {
                List<String> cells = new ArrayList<>();
                e.path("cellIds").forEach(c -> cells.add(c.asText()));
                yield new RunStarted(seq, at, runId, text(e, "runbook"), cells, text(e, "user"));
            }
            case "cell-started" -> new CellStarted(seq, at, runId, cellId, text(e, "language"), text(e, "code"));
            case "cell-output" -> new CellOutput(seq, at, runId, cellId,
                    "stderr".equals(text(e, "stream")) ? Stream.STDERR : Stream.STDOUT, text(e, "host"),
                    e.path("text").asText(""));
            case "cell-result" -> new CellResult(seq, at, runId, cellId, text(e, "mime"), text(e, "data"));
            case "host-status" -> new HostStatus(seq, at, runId, cellId, text(e, "host"), text(e, "status"),
                    text(e, "detail"));
            case "cell-finished" -> new CellFinished(seq, at, runId, cellId, status(text(e, "status")),
                    e.path("exitCode").isNumber() ? e.path("exitCode").asInt() : null, e.path("durationMillis").asLong(),
                    text(e, "message"));
            case "run-finished" -> new RunFinished(seq, at, runId, status(text(e, "status")), text(e, "evidence"),
                    text(e, "message"));
            case "output-gap" -> new OutputGap(seq, at, runId, cellId, e.path("droppedBytes").asLong());
            default -> null;
        };
        return Optional.ofNullable(event);
    }

    static CellStatus status(String wire) {
        try {
            return wire == null ? CellStatus.FAILED : CellStatus.valueOf(wire.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return CellStatus.FAILED;
        }
    }

    private static Instant instant(JsonNode n) {
        try {
            return n.isTextual() ? Instant.parse(n.asText()) : Instant.EPOCH;
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static String text(JsonNode e, String field) {
        JsonNode n = e.path(field);
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }
}
