package dev.tejun.kernel.exec.ansible;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.Json;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.remote.HostStatuses;
import dev.tejun.kernel.exec.remote.HostTally;
import dev.tejun.kernel.secret.MaskingOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Ansible's stdout as it comes, with our callback plugin's events in it: the plugin writes each event as a line of
 * its own ({@code RS MARK JSON}) right after the stdout callback printed the same event, in Ansible's main process,
 * so an event is read exactly where Ansible printed it. The event lines are taken out (the log and the cell's output
 * are Ansible's own), and each host's status moves as its result line passes: the host strip follows the log, task by
 * task, in the order Ansible printed it. At the recap each host gets one status with Ansible's own counts ({@code
 * ok=3 changed=2 …}), which also make the closing summary ({@link #summary}). The mark is made fresh for each run and
 * the plugin takes it out of the environment before any task runs, so a task's output cannot pass for an event. The
 * masked event lines are kept in {@code events.jsonl} in the workspace.
 */
final class EventTail implements Output {

    /** The environment variable that hands the plugin its mark. */
    static final String MARK_VARIABLE = "TEJUN_ANSIBLE_EVENTS_MARK";

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final byte RS = 0x1e;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Ansible's recap counts, as {@code stats.summarize()} names them and as PLAY RECAP prints them. */
    private static final List<String> RECAP =
            List.of("ok", "changed", "unreachable", "failures", "skipped", "rescued", "ignored");

    private static final List<String> RECAP_NAMES =
            List.of("ok", "changed", "unreachable", "failed", "skipped", "rescued", "ignored");
    private static final List<String> WORST_FIRST = List.of(
            HostStatuses.FAILED, HostStatuses.UNREACHABLE, HostStatuses.CHANGED, HostStatuses.OK, HostStatuses.SKIPPED);

    private final Output log;
    private final Path masked;
    private final MaskingOutput output;
    private final String mark = HexFormat.of().formatHex(random());
    private final byte[] prefix;

    private final HostTally tally = new HostTally();
    private final Map<String, String> worst = new TreeMap<>();
    /** Whether the next stdout byte starts a line. */
    private boolean atLineStart = true;
    /** A line that starts with RS, held until its end says whether it is an event. */
    private ByteArrayOutputStream eventLine;

    private JsonNode stats;
    /** Host → fact → value, of the facts asked for ({@link #FACTS_VARIABLE}), as the hosts reported them. */
    private final Map<String, Map<String, Object>> facts = new TreeMap<>();

    /**
     * @param log    where Ansible's own output goes (the cell's streams and the plain log)
     * @param masked the workspace's {@code events.jsonl}
     * @param output the cell's masked output, for host statuses
     */
    EventTail(Output log, Path masked, MaskingOutput output) {
        this.log = log;
        this.masked = masked;
        this.output = output;
        this.prefix = ("\u001e" + mark + " ").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] random() {
        byte[] b = new byte[12];
        RANDOM.nextBytes(b);
        return b;
    }

    /** Names the facts the plugin reports ({@code facts} events), comma-separated; unset: none. */
    static final String FACTS_VARIABLE = "TEJUN_ANSIBLE_FACTS";

    /** The mark the plugin writes before each event ({@link #MARK_VARIABLE}). */
    String mark() {
        return mark;
    }

    @Override
    public synchronized void write(Stream stream, String host, byte[] data, int offset, int length) {
        if (stream != Stream.STDOUT || host != null) {
            log.write(stream, host, data, offset, length);
            return;
        }
        int end = offset + length;
        int i = offset;
        while (i < end) {
            if (eventLine != null || (atLineStart && data[i] == RS)) {
                // an event line (or text that starts as one) to its end
                if (eventLine == null) {
                    eventLine = new ByteArrayOutputStream();
                }
                int nl = indexOf(data, (byte) '\n', i, end);
                int stop = nl < 0 ? end : nl + 1;
                eventLine.write(data, i, stop - i);
                i = stop;
                atLineStart = nl >= 0;
                if (nl >= 0) {
                    lineEnded(eventLine.toByteArray());
                    eventLine = null;
                }
                continue;
            }
            // plain output up to the next line that may be an event
            int from = i;
            while (i < end) {
                byte b = data[i++];
                atLineStart = b == '\n';
                if (atLineStart && i < end && data[i] == RS) {
                    break;
                }
            }
            log.write(stream, null, data, from, i - from);
        }
    }

    private static int indexOf(byte[] data, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (data[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private void lineEnded(byte[] line) {
        boolean event = line.length > prefix.length && Arrays.equals(line, 0, prefix.length, prefix, 0, prefix.length);
        if (!event) {
            log.write(Stream.STDOUT, null, line, 0, line.length);
            return;
        }
        String json = new String(line, prefix.length, line.length - prefix.length, StandardCharsets.UTF_8).strip();
        try {
            handle(output.mask(json));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void result(String mime, String data) {
        log.result(mime, data);
    }

    @Override
    public void hostStatus(String host, String status, String detail) {
        log.hostStatus(host, status, detail);
    }

    /** Passes on a line cut off by the end of the process, then ends each host that had no recap. */
    synchronized void finish() {
        if (eventLine != null) {
            byte[] rest = eventLine.toByteArray();
            eventLine = null;
            log.write(Stream.STDOUT, null, rest, 0, rest.length);
        }
        if (stats == null) {
            // no recap (the run was stopped or crashed): each host's worst state seen is its end state
            worst.forEach((host, status) -> {
                tally.put(host, status);
                output.hostStatus(host, status, null);
            });
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

    /** Whether Ansible reported anything of {@code host} in this cell (a task result or its recap). */
    synchronized boolean reported(String host) {
        return worst.containsKey(host) || (stats != null && stats.has(host));
    }

    synchronized HostTally tally() {
        return tally;
    }

    /** The facts each host reported, of those asked for; a later report of a fact replaces an earlier one. */
    synchronized Map<String, Map<String, Object>> facts() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        facts.forEach((host, values) -> out.put(host, Map.copyOf(values)));
        return out;
    }

    /** Scalars as their text, lists and maps as JSON (a LIST or MAP column reads that). */
    private void facts(JsonNode e) {
        Map<String, Object> values = facts.computeIfAbsent(e.path("host").asText(), h -> new TreeMap<>());
        Iterator<Map.Entry<String, JsonNode>> it = e.path("facts").fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (!v.isNull()) {
                values.put(f.getKey(), v.isValueNode() ? v.asText() : v.toString());
            }
        }
    }

    /** The per-host counts of the play recap, or null when the playbook did not get that far. */
    synchronized JsonNode stats() {
        return stats;
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
            case "facts" -> facts(e);
            default -> {
                // play and task starts are in the plain log
            }
        }
    }

    /** A host's result: its status moves now, as its line has just been printed (an ignored failure is ok). */
    private void host(JsonNode e) {
        String host = e.path("host").asText();
        String status = e.path("ignored").asBoolean(false)
                ? HostStatuses.OK
                : e.path("status").asText();
        int rank = WORST_FIRST.indexOf(status);
        String before = worst.get(host);
        if (rank >= 0 && (before == null || rank < WORST_FIRST.indexOf(before))) {
            worst.put(host, status);
        }
        if (rank >= 0) {
            output.hostStatus(host, status, e.path("task").asText(null));
        }
    }

    /** The recap decides each host's end state: failures beat unreachable beats changed beats ok. */
    private void stats(JsonNode hosts) {
        stats = hosts;
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
