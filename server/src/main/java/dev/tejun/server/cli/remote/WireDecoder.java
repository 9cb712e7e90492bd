package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
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
import dev.tejun.server.Json;
import dev.tejun.server.ws.WireEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the wire form of execution events (docs/protocol.md, "Execution events") back into the kernel's records,
 * so the terminal printer of a local run prints a remote one too. The JSON is read into the same {@link WireEvent}
 * records {@code MessageCodec} writes, so the wire form is described once; this class only maps them back. An event
 * type this client does not know, or fields it does not know, are skipped: a newer server may send more.
 */
final class WireDecoder {

    private static final ObjectReader WIRE = Json.newMapper()
            .readerFor(WireEvent.class)
            .without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .without(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE);

    private WireDecoder() {}

    static Optional<Event> decode(JsonNode e) {
        WireEvent wire;
        try {
            wire = WIRE.readValue(e);
        } catch (IOException unknownOrBroken) {
            return Optional.empty();
        }
        return Optional.ofNullable(wire).map(WireDecoder::kernel);
    }

    /** The kernel's record for a wire event: statuses and streams back from their lower-case text. */
    static Event kernel(WireEvent wire) {
        return switch (wire) {
            case WireEvent.RunStarted e ->
                new RunStarted(
                        e.seq(),
                        at(e.at()),
                        e.runId(),
                        e.runbook(),
                        e.cellIds() == null ? List.of() : e.cellIds(),
                        e.user());
            case WireEvent.CellStarted e ->
                new CellStarted(e.seq(), at(e.at()), e.runId(), e.cellId(), e.language(), e.code());
            case WireEvent.CellOutput e ->
                new CellOutput(
                        e.seq(),
                        at(e.at()),
                        e.runId(),
                        e.cellId(),
                        "stderr".equals(e.stream()) ? Stream.STDERR : Stream.STDOUT,
                        e.host(),
                        e.text() == null ? "" : e.text());
            case WireEvent.CellResult e ->
                new CellResult(e.seq(), at(e.at()), e.runId(), e.cellId(), e.mime(), e.data());
            case WireEvent.HostStatus e ->
                new HostStatus(e.seq(), at(e.at()), e.runId(), e.cellId(), e.host(), e.status(), e.detail());
            case WireEvent.CellFinished e ->
                new CellFinished(
                        e.seq(),
                        at(e.at()),
                        e.runId(),
                        e.cellId(),
                        status(e.status()),
                        e.exitCode(),
                        e.durationMillis(),
                        e.message());
            case WireEvent.RunFinished e ->
                new RunFinished(e.seq(), at(e.at()), e.runId(), status(e.status()), e.evidence(), e.message());
            case WireEvent.OutputGap e -> new OutputGap(e.seq(), at(e.at()), e.runId(), e.cellId(), e.droppedBytes());
        };
    }

    static CellStatus status(String wire) {
        try {
            return wire == null ? CellStatus.FAILED : CellStatus.valueOf(wire.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return CellStatus.FAILED;
        }
    }

    private static Instant at(Instant at) {
        return at == null ? Instant.EPOCH : at;
    }
}
