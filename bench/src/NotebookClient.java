import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * A notebook client on the WebSocket (docs/protocol.md): attaches, sends {@code execute}, waits for the matching
 * {@code cell-finished}. It checks what arrives as it goes: every event's {@code seq} must be the one before plus one
 * (a gap is a lost event, a smaller one a reordered or repeated one), and each run's events must come as
 * run-started, cell-started, outputs, cell-finished, run-finished.
 */
final class NotebookClient implements WebSocket.Listener, AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> finishedByRun = new HashMap<>();
    private final java.util.Set<String> endedRuns = new java.util.HashSet<>();
    private final Map<String, String> runByRequest = new HashMap<>();
    private final Map<String, Long> outputCharsByRun = new HashMap<>();
    private final StringBuilder partial = new StringBuilder();
    private final Map<String, List<String>> kindsByRun = new HashMap<>();
    /** Per run, wall-clock micros: [sent, run-started.at, cell-started.at, first output.at, cell-finished.at, got cell-finished, run-finished.at, got run-finished, next execute sent (set by the suite)]. */
    final Map<String, long[]> phases = new HashMap<>();
    private final Map<String, Long> sentByRequest = new HashMap<>();
    private WebSocket ws;
    private int requests;
    private long lastSeq = -1;
    volatile long outputChars;
    volatile long outputGaps;
    volatile long seqProblems;
    volatile long events;
    /** WebSocket messages received (an {@code events} message carries one or more events). */
    volatile long messages;
    volatile String firstProblem;

    /**
     * The client's WebSocket: the JDK's java.net.http one, or with {@code TEJUN_BENCH_CLIENT=plain} a plain socket
     * ({@link PlainSocket}), whose own CPU per message is a fraction of the JDK's (the clients share the server's cores).
     */
    static final boolean PLAIN = "plain".equals(System.getenv("TEJUN_BENCH_CLIENT"));

    private PlainSocket plain;

    /** Which client the figures were measured with, for the results. */
    static String clientName() {
        return PLAIN ? "a plain-socket WebSocket client (bench/src/PlainSocket.java)" : "the JDK's java.net.http WebSocket client";
    }

    static NotebookClient connect(BenchServer s, String runbook) throws Exception {
        return connect(s, runbook, PLAIN);
    }

    static NotebookClient connect(BenchServer s, String runbook, boolean plainSocket) throws Exception {
        NotebookClient c = new NotebookClient();
        String path = "/ws/session?runbook=" + runbook;
        if (plainSocket) {
            c.plain = PlainSocket.connect(s.port, path, s.base(), s.cookie(), text -> {
                try {
                    c.accept(JSON.readTree(text));
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        } else {
            c.ws = BenchServer.HTTP.newWebSocketBuilder().header("Origin", s.base()).header("Cookie", s.cookie())
                    .connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(URI.create("ws://127.0.0.1:" + s.port + path), c).get(60, TimeUnit.SECONDS);
        }
        c.send("{\"type\":\"attach\",\"since\":0}");
        return c;
    }

    private void send(String text) throws Exception {
        if (plain != null) {
            plain.sendText(text);
        } else {
            ws.sendText(text, true).get();
        }
    }

    double runOnce(String cellId) throws Exception {
        return runOnce(cellId, null);
    }

    /** As above with parameter values sent along (JSON object text), e.g. so the cell's text differs each time. */
    double runOnce(String cellId, String paramsJson) throws Exception {
        long t0 = System.nanoTime();
        JsonNode finished = run(cellId, paramsJson, Duration.ofSeconds(60));
        double ms = (System.nanoTime() - t0) / 1e6;
        // timed to cell-finished (what a user waits for), but the next execute only once the run ended: sent
        // earlier it may find the session still finishing the run (sealing its evidence) and be refused as busy
        awaitEnd(finished.path("runId").asText(), Duration.ofSeconds(60));
        return ms;
    }

    private synchronized void awaitEnd(String runId, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!endedRuns.contains(runId)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("no run-finished of " + runId + " within " + timeout);
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
    }

    /**
     * Executes a cell and waits for its cell-finished, matched by the runId of the {@code accepted} answer: on attach
     * a client gets the session's earlier events too, finished cells included, and a run's events may come before
     * its {@code accepted}.
     */
    JsonNode run(String cellId, Duration timeout) throws Exception {
        return run(cellId, null, timeout);
    }

    /**
     * Executes a cell and waits for its run's run-finished, so the session is idle again when this returns: a client
     * that sends the next execute after cell-finished alone may find the session still busy finishing the run.
     */
    JsonNode runToEnd(String cellId, Duration timeout) throws Exception {
        return run(cellId, null, timeout, true);
    }

    private JsonNode run(String cellId, String paramsJson, Duration timeout) throws Exception {
        return run(cellId, paramsJson, timeout, false);
    }

    private JsonNode run(String cellId, String paramsJson, Duration timeout, boolean toEnd) throws Exception {
        String id = String.valueOf(++requests);
        synchronized (this) {
            sentByRequest.put(id, micros(java.time.Instant.now()));
        }
        send("{\"type\":\"execute\",\"id\":\"" + id + "\",\"cellId\":\"" + cellId + "\""
                + (paramsJson == null ? "" : ",\"params\":" + paramsJson) + "}");
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (this) {
            while (true) {
                String runId = runByRequest.get(id);
                JsonNode f = runId == null ? null : finishedByRun.get(runId);
                if (f != null && (!toEnd || endedRuns.contains(runId))) {
                    return f;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new IllegalStateException("no cell-finished within " + timeout + " (" + firstProblem + ")");
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    /** Characters of cell-output the client received for one run. */
    synchronized long outputChars(String runId) {
        return outputCharsByRun.getOrDefault(runId, 0L);
    }

    /** Runs whose events did not come in the order run-started, cell-started, (output…), cell-finished, run-finished. */
    synchronized long badRuns() {
        return kindsByRun.values().stream().filter(k -> !wellFormed(k)).count();
    }

    synchronized int runsSeen() {
        return kindsByRun.size();
    }

    private static boolean wellFormed(List<String> kinds) {
        if (kinds.size() < 4 || !kinds.getFirst().equals("run-started") || !kinds.get(1).equals("cell-started")
                || !kinds.getLast().equals("run-finished") || !kinds.get(kinds.size() - 2).equals("cell-finished")) {
            return false;
        }
        return kinds.subList(2, kinds.size() - 2).stream().allMatch(k -> k.equals("cell-output") || k.equals("cell-result"));
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                accept(JSON.readTree(partial.toString()));
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    private synchronized void accept(JsonNode msg) {
        messages++;
        switch (msg.path("type").asText()) {
            case "snapshot" -> lastSeq = 0; // attach since=0: every event of the session follows, from seq 1
            case "events" -> msg.get("events").forEach(this::event);
            case "accepted" -> {
                runByRequest.put(msg.path("replyTo").asText(), msg.path("runId").asText());
                Long sent = sentByRequest.remove(msg.path("replyTo").asText());
                if (sent != null) {
                    phase(msg.path("runId").asText())[0] = sent;
                }
            }
            case "error" -> {
                System.err.println("server error: " + msg);
                if (firstProblem == null) {
                    firstProblem = msg.toString();
                }
            }
            default -> { }
        }
        notifyAll();
    }

    private void event(JsonNode e) {
        events++;
        long seq = e.path("seq").asLong();
        String type = e.path("type").asText();
        if (lastSeq >= 0 && seq != lastSeq + 1 && !type.equals("output-gap")) {
            seqProblems++;
            if (firstProblem == null) {
                firstProblem = "seq " + seq + " after " + lastSeq;
            }
        }
        lastSeq = Math.max(lastSeq, seq);
        String runId = e.path("runId").asText("");
        if (!runId.isEmpty() && !type.equals("output-gap")) {
            kindsByRun.computeIfAbsent(runId, r -> new ArrayList<>()).add(type);
        }
        if (!runId.isEmpty()) {
            long[] ph = phase(runId);
            long at = micros(java.time.Instant.parse(e.path("at").asText()));
            long now = micros(java.time.Instant.now());
            switch (type) {
                case "run-started" -> ph[1] = at;
                case "cell-started" -> ph[2] = at;
                case "cell-output" -> { if (ph[3] == 0) ph[3] = at; }
                case "cell-finished" -> { ph[4] = at; ph[5] = now; }
                case "run-finished" -> { ph[6] = at; ph[7] = now; }
                default -> { }
            }
        }
        switch (type) {
            case "cell-output" -> {
                outputChars += e.get("text").asText().length();
                outputCharsByRun.merge(runId, (long) e.get("text").asText().length(), Long::sum);
            }
            case "output-gap" -> outputGaps++;
            case "cell-finished" -> finishedByRun.put(runId, e);
            case "run-finished" -> endedRuns.add(runId);
            default -> { }
        }
    }

    private long[] phase(String runId) {
        return phases.computeIfAbsent(runId, r -> new long[9]);
    }

    static long micros(java.time.Instant i) {
        return i.getEpochSecond() * 1_000_000L + i.getNano() / 1000;
    }

    @Override
    public void close() {
        if (plain != null) {
            plain.close();
        } else {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
