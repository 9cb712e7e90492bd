package dev.tejun.server.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
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
import dev.tejun.kernel.session.CellState;
import dev.tejun.kernel.session.SessionSnapshot;
import dev.tejun.server.ErrorCodes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The one place where WebSocket messages become JSON and back, and kernel events take their wire form. */
public final class MessageCodec {

    /** A client message that is not valid protocol; {@code replyTo} is its {@code id} when one could be read. */
    public static final class BadMessage extends Exception {
        private final String replyTo;

        BadMessage(String replyTo, String message) {
            super(message);
            this.replyTo = replyTo;
        }

        public String replyTo() {
            return replyTo;
        }
    }

    private final ObjectMapper json;
    private final ObjectReader reader;
    private final EventTexts eventTexts;

    public MessageCodec(ObjectMapper json) {
        this.json = json;
        this.reader = json.readerFor(Messages.Client.class);
        this.eventTexts = new EventTexts(json);
    }

    public Messages.Client decode(String text) throws BadMessage {
        // A good message is read once, straight into its record (one parse: a tree and then the record from it was
        // ~1.5 % of the server's CPU at 100 clients); anything it refuses is read again through the tree, which says
        // what is wrong and with which id.
        Messages.Client direct;
        try {
            direct = reader.readValue(text);
        } catch (JsonProcessingException | RuntimeException e) {
            direct = null;
        }
        if (direct != null) {
            validate(direct);
            return direct;
        }
        JsonNode tree;
        try {
            tree = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new BadMessage(null, "not JSON: " + e.getOriginalMessage());
        }
        if (tree == null || !tree.isObject()) {
            throw new BadMessage(null, "a message is a JSON object with a \"type\"");
        }
        String id = tree.path("id").isTextual() ? tree.path("id").asText() : null;
        Messages.Client message;
        try {
            message = json.treeToValue(tree, Messages.Client.class);
        } catch (InvalidTypeIdException e) {
            throw new BadMessage(
                    id,
                    e.getTypeId() == null
                            ? "a message needs a \"type\""
                            : "unknown message type '" + e.getTypeId() + "'");
        } catch (UnrecognizedPropertyException e) {
            throw new BadMessage(
                    id,
                    "unknown field '" + e.getPropertyName() + "' in a "
                            + tree.path("type").asText() + " message");
        } catch (JsonProcessingException e) {
            throw new BadMessage(id, "bad " + tree.path("type").asText() + " message: " + e.getOriginalMessage());
        }
        validate(message);
        return message;
    }

    private static void validate(Messages.Client message) throws BadMessage {
        switch (message) {
            case Messages.Attach a
            when a.since() != null && a.since() < 0 -> throw new BadMessage(a.id(), "since must be 0 or more");
            case Messages.Execute e
            when e.cellId() == null || e.cellId().isBlank() -> throw new BadMessage(e.id(), "execute needs a cellId");
            default -> {}
        }
    }

    public String encode(Messages.Server message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(
                    "cannot encode " + message.getClass().getSimpleName(), e);
        }
    }

    /**
     * The text {@code encode(events(list))} gives, with each event's JSON made once for all the sockets that send it
     * ({@link EventTexts}).
     */
    public String encodeEvents(List<Event> events) {
        return eventTexts.message(events);
    }

    public Messages.Events events(List<Event> events) {
        return new Messages.Events(events.stream().map(MessageCodec::wire).toList());
    }

    public Messages.Snapshot snapshot(SessionSnapshot s, Map<String, String> params) {
        Map<String, Messages.CellView> cells = new TreeMap<>();
        for (CellState c : s.cells().values()) {
            cells.put(
                    c.cellId(),
                    new Messages.CellView(
                            status(c.status()),
                            c.exitCode(),
                            c.runId(),
                            c.durationMillis(),
                            c.message(),
                            ErrorCodes.of(c.message())));
        }
        return new Messages.Snapshot(
                s.sessionId(), s.runbook(), cells, s.activeRunId(), s.lastSeq(), new LinkedHashMap<>(params));
    }

    public static WireEvent wire(Event event) {
        return switch (event) {
            case RunStarted e ->
                new WireEvent.RunStarted(e.seq(), e.at(), e.runId(), e.runbook(), e.cellIds(), e.user());
            case CellStarted e ->
                new WireEvent.CellStarted(e.seq(), e.at(), e.runId(), e.cellId(), e.language(), e.code());
            case CellOutput e ->
                new WireEvent.CellOutput(
                        e.seq(),
                        e.at(),
                        e.runId(),
                        e.cellId(),
                        e.stream().name().toLowerCase(),
                        e.host(),
                        e.text());
            case CellResult e -> new WireEvent.CellResult(e.seq(), e.at(), e.runId(), e.cellId(), e.mime(), e.data());
            case HostStatus e ->
                new WireEvent.HostStatus(e.seq(), e.at(), e.runId(), e.cellId(), e.host(), e.status(), e.detail());
            case CellFinished e ->
                new WireEvent.CellFinished(
                        e.seq(),
                        e.at(),
                        e.runId(),
                        e.cellId(),
                        status(e.status()),
                        e.exitCode(),
                        e.durationMillis(),
                        e.message(),
                        ErrorCodes.of(e.message()));
            case RunFinished e ->
                new WireEvent.RunFinished(
                        e.seq(),
                        e.at(),
                        e.runId(),
                        status(e.status()),
                        e.evidence(),
                        e.message(),
                        ErrorCodes.of(e.message()));
            case OutputGap e -> new WireEvent.OutputGap(e.seq(), e.at(), e.runId(), e.cellId(), e.droppedBytes());
        };
    }

    static String status(CellStatus status) {
        return status.name().toLowerCase();
    }
}
