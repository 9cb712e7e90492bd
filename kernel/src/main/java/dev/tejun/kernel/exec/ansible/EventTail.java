package dev.tejun.kernel.exec.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.remote.HostStatuses;
import dev.tejun.kernel.exec.remote.HostTally;
import dev.tejun.kernel.secret.MaskingOutput;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;

/**
 * Follows the JSON lines our callback plugin appends while ansible-playbook runs, and turns each into host status
 * events and a readable line in that host's pane ({@code changed: [install nginx]}). The masked lines are copied
 * to {@code events.jsonl} in the workspace; the raw file, which may hold secrets a task printed, is deleted.
 */
final class EventTail {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final long POLL_MILLIS = 50;

    private final Path raw;
    private final Path masked;
    private final MaskingOutput output;
    private final HostTally tally = new HostTally();
    private final Thread thread;
    private volatile boolean finishing;
    private long position;
    private final StringBuilder partial = new StringBuilder();
    private JsonNode stats;

    EventTail(Path raw, Path masked, MaskingOutput output) {
        this.raw = raw;
        this.masked = masked;
        this.output = output;
        this.thread = Thread.ofVirtual().name("tejun-ansible-events").unstarted(this::follow);
    }

    void start() {
        thread.start();
    }

    /** Reads what is left after the process ended, then stops following. */
    void finish() throws InterruptedException, IOException {
        finishing = true;
        thread.join();
        Files.deleteIfExists(raw);
    }

    HostTally tally() {
        return tally;
    }

    /** The per-host counts of the play recap, or null when the playbook did not get that far. */
    synchronized JsonNode stats() {
        return stats;
    }

    private void follow() {
        try {
            while (true) {
                boolean last = finishing;
                readNew();
                if (last) {
                    return;
                }
                Thread.sleep(POLL_MILLIS);
            }
        } catch (InterruptedException | IOException e) {
            // the run is over without us; what was read stays
        }
    }

    private void readNew() throws IOException {
        if (!Files.exists(raw)) {
            return;
        }
        try (RandomAccessFile file = new RandomAccessFile(raw.toFile(), "r")) {
            if (file.length() <= position) {
                return;
            }
            file.seek(position);
            byte[] bytes = new byte[(int) (file.length() - position)];
            file.readFully(bytes);
            position += bytes.length;
            partial.append(new String(bytes, StandardCharsets.UTF_8));
        }
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            String line = partial.substring(0, nl);
            partial.delete(0, nl + 1);
            if (!line.isBlank()) {
                handle(output.mask(line));
            }
        }
    }

    private void handle(String line) throws IOException {
        Files.writeString(
                masked, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        JsonNode e;
        try {
            e = JSON.readTree(line);
        } catch (IOException bad) {
            return; // a line the plugin did not write whole; the plain log still has the story
        }
        switch (e.path("event").asText()) {
            case "host" -> host(e);
            case "stats" -> stats(e.path("hosts"));
            default -> {
                // play and task starts are in the plain log; per-host panes show results
            }
        }
    }

    private void host(JsonNode e) {
        String host = e.path("host").asText();
        String status = e.path("status").asText();
        String task = e.path("task").asText();
        StringBuilder text =
                new StringBuilder(status).append(": [").append(task).append(']');
        if (e.path("ignored").asBoolean(false)) {
            text.append(" (ignored)");
        }
        if (!HostStatuses.OK.equals(status) && !HostStatuses.SKIPPED.equals(status) && e.hasNonNull("msg")) {
            text.append(' ').append(e.get("msg").asText());
        }
        byte[] bytes = (text + "\n").getBytes(StandardCharsets.UTF_8);
        output.write(Stream.STDOUT, host, bytes, 0, bytes.length);
        output.hostStatus(host, status, task);
    }

    /** The recap decides each host's end state: failures beat unreachable beats changed beats ok. */
    private void stats(JsonNode hosts) {
        synchronized (this) {
            stats = hosts;
        }
        Iterator<Map.Entry<String, JsonNode>> it = hosts.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> h = it.next();
            JsonNode s = h.getValue();
            String status = s.path("failures").asInt() > 0
                    ? HostStatuses.FAILED
                    : s.path("unreachable").asInt() > 0
                            ? HostStatuses.UNREACHABLE
                            : s.path("changed").asInt() > 0
                                    ? HostStatuses.CHANGED
                                    : s.path("ok").asInt() > 0 ? HostStatuses.OK : HostStatuses.SKIPPED;
            tally.put(h.getKey(), status);
            output.hostStatus(
                    h.getKey(),
                    status,
                    "ok=" + s.path("ok").asInt() + " changed="
                            + s.path("changed").asInt()
                            + " unreachable=" + s.path("unreachable").asInt() + " failed="
                            + s.path("failures").asInt()
                            + " skipped=" + s.path("skipped").asInt());
        }
    }
}
