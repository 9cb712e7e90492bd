package dev.tejun.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tejun.server.Json;
import dev.tejun.server.auth.FirstAdmin;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The cells {@code tejun warm-up} runs as a user would, over the notebook's WebSocket: new {@code java} text each
 * time (so JShell compiles it) and {@code sh}. On a JDK that keeps an ahead-of-time cache (25 and later) the launcher
 * records the warm-up's class loading and method profiles in it, so a server started from that cache compiles the
 * path of a cell (socket, JSON, session, JShell, javac) early instead of after its users' first few hundred cells.
 */
final class WarmUpCells implements WebSocket.Listener {

    /** The warm-up's runbook: one cell of each form the warm-up runs. */
    static final String RUNBOOK = """
            ---
            title: Warm
            params:
              n: { default: 0, type: integer }
            ---
            # Warm

            ```sh {#a}
            true
            ```

            ```java {#j}
            1+${params.n}
            ```

            ```java {#p}
            System.out.println("n=" + Integer.toHexString(${params.n}))
            ```
            """;

    private static final Duration EACH = Duration.ofSeconds(60);

    private final StringBuilder partial = new StringBuilder();
    private int runsEnded;
    private String refusal;

    private WarmUpCells() {}

    /**
     * Signs in as the first administrator and runs {@code javaCells} java cells (alternating two forms) and
     * {@code shCells} sh cells on {@code runbook}, one after the other; how many runs ended, each ok. Throws when one
     * is refused or does not end ok: a profile of failing cells is not the path users take.
     */
    static int run(HttpClient http, String baseUrl, Path dataDir, String runbook, int javaCells, int shCells)
            throws Exception {
        String cookie = signIn(http, baseUrl, dataDir);
        WarmUpCells cells = new WarmUpCells();
        WebSocket ws = http.newWebSocketBuilder()
                .header("Origin", baseUrl)
                .header("Cookie", cookie)
                .buildAsync(URI.create(baseUrl.replaceFirst("^http", "ws") + "/ws/session?runbook=" + runbook), cells)
                .get(30, TimeUnit.SECONDS);
        try {
            ws.sendText("{\"type\":\"attach\",\"since\":0}", true).get();
            for (int i = 0; i < javaCells; i++) {
                cells.runToEnd(ws, i, i % 2 == 0 ? "j" : "p", "{\"n\":\"" + i + "\"}");
            }
            for (int i = 0; i < shCells; i++) {
                cells.runToEnd(ws, javaCells + i, "a", null);
            }
        } finally {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
        }
        synchronized (cells) {
            return cells.runsEnded;
        }
    }

    private static String signIn(HttpClient http, String baseUrl, Path dataDir)
            throws IOException, InterruptedException {
        String password = System.getenv(FirstAdmin.ENV);
        if (password == null || password.isEmpty()) {
            password = Files.readString(dataDir.resolve(FirstAdmin.FILE)).strip();
        }
        String body = Json.MAPPER.writeValueAsString(java.util.Map.of("name", "admin", "password", password));
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(baseUrl + "/api/login"))
                        .header("Content-Type", "application/json")
                        .header("Origin", baseUrl)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 200) {
            throw new IllegalStateException("warm-up sign-in refused: " + login.statusCode());
        }
        return login.headers().firstValue("Set-Cookie").orElseThrow().split(";", 2)[0];
    }

    /** Sends one execute and waits until its run has ended (the session takes the next one only then). */
    private void runToEnd(WebSocket ws, int request, String cellId, String params) throws Exception {
        int ended;
        synchronized (this) {
            ended = runsEnded;
        }
        ws.sendText(
                        "{\"type\":\"execute\",\"id\":\"w" + request + "\",\"cellId\":\"" + cellId + "\""
                                + (params == null ? "" : ",\"params\":" + params) + "}",
                        true)
                .get();
        long deadline = System.nanoTime() + EACH.toNanos();
        synchronized (this) {
            while (runsEnded == ended || refusal != null) {
                if (refusal != null) {
                    throw new IllegalStateException("warm-up cell " + cellId + " did not run: " + refusal);
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("warm-up cell " + cellId + " did not end within " + EACH);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            String text = partial.toString();
            partial.setLength(0);
            try {
                JsonNode message = Json.MAPPER.readTree(text);
                String type = message.path("type").asText();
                int ended = 0;
                String failed = null;
                if (type.equals("events")) {
                    for (JsonNode event : message.path("events")) {
                        if (event.path("type").asText().equals("run-finished")) {
                            ended++;
                            if (!event.path("status").asText().equalsIgnoreCase("ok")) {
                                failed = event.toString();
                            }
                        }
                    }
                }
                synchronized (this) {
                    runsEnded += ended;
                    if (failed != null && refusal == null) {
                        refusal = failed; // a profile of failing cells is not the path users take
                    }
                    if (type.equals("error") && refusal == null) {
                        refusal = text;
                    }
                    notifyAll();
                }
            } catch (IOException e) {
                // not JSON: nothing the warm-up waits for
            }
        }
        webSocket.request(1);
        return null;
    }
}
