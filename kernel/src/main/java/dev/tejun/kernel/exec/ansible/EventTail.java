package dev.tejun.kernel.exec.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.Json;
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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Follows the JSON lines our callback plugin appends while ansible-playbook runs. Ansible's own log (the cell's
 * output) already shows every task result once, under its {@code TASK} header and in order, so the events add no
 * second copy of it: they keep each host's worst state, and at the recap give each host one status with Ansible's
 * own counts ({@code ok=3 changed=2 …}), which also make the closing summary ({@link #summary}). The masked lines
 * are copied to {@code events.jsonl} in the workspace; the raw file, which may hold secrets a task printed, is
 * deleted.
 */
final class EventTail {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final long POLL_MILLIS = 50;

    private final Path raw;
    private final Path masked;
    private final MaskingOutput output;
    /** Ansible's recap counts, as {@code stats.summarize()} names them and as PLAY RECAP prints them. */
    private static final List<String> RECAP =
            List.of("ok", "changed", "unreachable", "failures", "skipped", "rescued", "ignored");

    private static final List<String> RECAP_NAMES =
            List.of("ok", "changed", "unreachable", "failed", "skipped", "rescued", "ignored");
    private static final List<String> WORST_FIRST = List.of(
            HostStatuses.FAILED, HostStatuses.UNREACHABLE, HostStatuses.CHANGED, HostStatuses.OK, HostStatuses.SKIPPED);

    private final HostTally tally = new HostTally();
    private final Map<String, String> worst = new TreeMap<>();
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
        synchronized (this) {
            if (stats == null) {
                // no recap (the run was stopped or crashed): each host's worst state seen is its end state
                worst.forEach((host, status) -> {
                    tally.put(host, status);
                    output.hostStatus(host, status, null);
                });
            }
        }
    }

    /**
     * The closing line: hosts and the sum of Ansible's recap counts over them ({@code changed=2} is two changes),
     * or the hosts' states when there was no recap.
     */
    synchronized String summary() {
        if (stats == null) {
            return tally.summary();
        }
        long[] sums = new long[RECAP.size()];
        stats.forEach(host -> {
            for (int i = 0; i < RECAP.size(); i++) {
                sums[i] += host.path(RECAP.get(i)).asLong();
            }
        });
        StringBuilder out = new StringBuilder().append(stats.size()).append(stats.size() == 1 ? " host:" : " hosts:");
        for (int i = 0; i < RECAP.size(); i++) {
            out.append(' ').append(RECAP_NAMES.get(i)).append('=').append(sums[i]);
        }
        return out.toString();
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

    private synchronized void host(JsonNode e) {
        String host = e.path("host").asText();
        String status = e.path("ignored").asBoolean(false)
                ? HostStatuses.OK
                : e.path("status").asText();
        int rank = WORST_FIRST.indexOf(status);
        String before = worst.get(host);
        if (rank >= 0 && (before == null || rank < WORST_FIRST.indexOf(before))) {
            worst.put(host, status);
        }
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
            StringBuilder counts = new StringBuilder();
            for (int i = 0; i < RECAP.size(); i++) {
                counts.append(i == 0 ? "" : " ")
                        .append(RECAP_NAMES.get(i))
                        .append('=')
                        .append(s.path(RECAP.get(i)).asInt());
            }
            output.hostStatus(h.getKey(), status, counts.toString());
        }
    }
}
