package dev.tejun.server.ws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.tejun.kernel.event.Event;
import java.util.List;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The JSON of an {@code events} message built from each event's JSON, which is made once and kept for a while: every
 * socket of a session pulls the same event objects from its log, so with several browsers on one notebook an event
 * is encoded once, not once per socket. Kept by the event's identity in a small ring (a later event takes an older
 * one's slot), and only for events of ordinary size, so what it holds stays small (≤ {@link #SLOTS} ×
 * {@link #MAX_CHARS} characters); a large output is encoded for each socket as before.
 */
final class EventTexts {

    static final int SLOTS = 1024;
    static final int MAX_CHARS = 4096;

    private record Kept(Event event, String json) {}

    private final ObjectWriter writer;
    private final String prefix;
    private final AtomicReferenceArray<Kept> ring = new AtomicReferenceArray<>(SLOTS);

    EventTexts(ObjectMapper json) {
        this.writer = json.writerFor(WireEvent.class);
        try {
            // what Jackson writes around the list, e.g. {"type":"events","events":[]}
            String empty = json.writeValueAsString(new Messages.Events(List.of()));
            int at = empty.lastIndexOf("[]");
            if (at < 0 || !empty.endsWith("[]}")) {
                throw new IllegalStateException("an empty events message has an unexpected form: " + empty);
            }
            this.prefix = empty.substring(0, at + 1);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text of the {@code events} message of {@code events}, as encoding {@link Messages.Events} would give. */
    String message(List<Event> events) {
        StringBuilder out = new StringBuilder(prefix);
        for (int i = 0; i < events.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(json(events.get(i)));
        }
        return out.append("]}").toString();
    }

    /** The event's JSON; the same String while it is kept. */
    String json(Event event) {
        int slot = System.identityHashCode(event) & (SLOTS - 1);
        Kept kept = ring.get(slot);
        if (kept != null && kept.event() == event) {
            return kept.json();
        }
        String json;
        try {
            json = writer.writeValueAsString(MessageCodec.wire(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot encode " + event.getClass().getSimpleName(), e);
        }
        if (json.length() <= MAX_CHARS) {
            ring.set(slot, new Kept(event, json));
        }
        return json;
    }
}
