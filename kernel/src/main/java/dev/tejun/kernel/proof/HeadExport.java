package dev.tejun.kernel.proof;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends a chain's head to places outside the data folder every {@code every} entries (audit entries, sealed
 * runs), so that deleting the whole store, or its newest part, no longer leaves a log that verifies: the heads
 * sent before are kept elsewhere and {@code verify --against FILE} compares the store with them.
 *
 * <p>A sink that fails is reported on the console and skipped: the entry it follows is already written, and an
 * export sink that is down must not stop the server from recording what happens.
 */
public final class HeadExport {

    /** One exported head, as the sinks receive it ({@code mac} is the entry's MAC under {@link ProofKey}). */
    public record Head(String kind, String id, String hash, String mac, Instant at) {}

    /** Where heads go. */
    @FunctionalInterface
    public interface Sink {
        void send(Head head) throws IOException;
    }

    public static final HeadExport NONE = new HeadExport(0, List.of());
    /** How often heads are sent when the configuration does not say: every 100 entries. */
    public static final int DEFAULT_EVERY = 100;

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final System.Logger LOG = System.getLogger(HeadExport.class.getName());

    private final int every;
    private final List<Sink> sinks;

    public HeadExport(int every, List<Sink> sinks) {
        this.every = every;
        this.sinks = List.copyOf(sinks);
    }

    /**
     * From the configuration: {@code sinks} is a space or comma separated list of {@code file:/PATH} (a file that
     * each head is appended to as a JSON line), {@code syslog} or {@code syslog:HOST:PORT} (UDP, default
     * 127.0.0.1:514) and {@code http://…} / {@code https://…} (a webhook that receives each head as a JSON POST);
     * {@code every} a positive number or null. Blank {@code sinks}: no export.
     */
    public static HeadExport parse(String sinks, String every) {
        if (sinks == null || sinks.isBlank()) {
            return NONE;
        }
        int n = DEFAULT_EVERY;
        if (every != null && !every.isBlank()) {
            try {
                n = Integer.parseInt(every.strip());
            } catch (NumberFormatException e) {
                n = 0;
            }
            if (n < 1) {
                throw new IllegalArgumentException("head export every '" + every + "' is not a positive number");
            }
        }
        List<Sink> out = new ArrayList<>();
        for (String spec : sinks.strip().split("[,\\s]+")) {
            out.add(sink(spec));
        }
        return new HeadExport(n, out);
    }

    private static Sink sink(String spec) {
        if (spec.startsWith("file:")) {
            Path file = Path.of(spec.substring("file:".length()));
            if (!file.isAbsolute()) {
                throw new IllegalArgumentException("head export file '" + file + "' must be an absolute path");
            }
            return head -> appendLine(file, head);
        }
        if (spec.equals("syslog") || spec.startsWith("syslog:")) {
            String[] hp = spec.equals("syslog")
                    ? new String[] {"127.0.0.1", "514"}
                    : spec.substring("syslog:".length()).split(":");
            if (hp.length != 2 || !hp[1].matches("\\d{1,5}")) {
                throw new IllegalArgumentException("head export '" + spec + "': write syslog or syslog:HOST:PORT");
            }
            return head -> syslog(hp[0], Integer.parseInt(hp[1]), head);
        }
        if (spec.startsWith("http://") || spec.startsWith("https://")) {
            URI uri = URI.create(spec);
            HttpClient client = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            return head -> webhook(client, uri, head);
        }
        throw new IllegalArgumentException(
                "head export '" + spec + "' is not file:/PATH, syslog[:HOST:PORT] or an http(s) URL");
    }

    public boolean enabled() {
        return !sinks.isEmpty();
    }

    /** Whether the {@code n}-th entry's head is sent. */
    public boolean due(long n) {
        return every > 0 && n > 0 && n % every == 0;
    }

    /** Sends {@code head} to every sink. */
    public void send(Head head) {
        for (Sink sink : sinks) {
            try {
                sink.send(head);
            } catch (IOException | RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "could not export the " + head.kind() + " head #" + head.id() + ": " + e.getMessage());
            }
        }
    }

    /** The JSON form every sink receives: {@code {"kind":…,"id":…,"hash":…,"mac":…,"at":…}}. */
    public static String json(Head head) {
        try {
            return JSON.writeValueAsString(Map.of(
                    "kind",
                    head.kind(),
                    "id",
                    head.id(),
                    "hash",
                    head.hash(),
                    "mac",
                    head.mac(),
                    "at",
                    head.at().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The heads of {@code kind} in a file written by a {@code file:} sink (or collected from syslog), in order. */
    public static List<Head> read(Path file, String kind) throws IOException {
        List<Head> out = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            int start = line.indexOf('{');
            if (line.isBlank() || start < 0) {
                continue;
            }
            JsonNode j;
            try {
                j = JSON.readTree(line.substring(start));
            } catch (IOException e) {
                throw new IOException(file + " line " + n + " is not an exported head: " + e.getMessage(), e);
            }
            if (kind.equals(j.path("kind").asText())) {
                out.add(new Head(
                        kind,
                        j.path("id").asText(),
                        j.path("hash").asText(),
                        j.path("mac").asText(),
                        Instant.parse(j.path("at").asText())));
            }
        }
        return out;
    }

    private static synchronized void appendLine(Path file, Head head) throws IOException {
        Files.writeString(
                file,
                json(head) + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND,
                StandardOpenOption.WRITE,
                StandardOpenOption.SYNC);
    }

    /** RFC 5424 over UDP, facility 13 (log audit), severity 6 (informational). */
    private static void syslog(String host, int port, Head head) throws IOException {
        String msg = "<110>1 " + head.at() + " - tejun - proof - " + json(head);
        byte[] bytes = msg.getBytes(StandardCharsets.UTF_8);
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.send(new DatagramPacket(bytes, bytes.length, InetAddress.getByName(host), port));
        }
    }

    /** Sent without waiting: a slow receiver must not hold up the entry that was just written. */
    private static void webhook(HttpClient client, URI uri, Head head) {
        client.sendAsync(
                        HttpRequest.newBuilder(uri)
                                .timeout(Duration.ofSeconds(10))
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(json(head)))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .whenComplete((r, e) -> {
                    if (e != null || r.statusCode() / 100 != 2) {
                        LOG.log(
                                System.Logger.Level.WARNING,
                                "could not export the " + head.kind() + " head #" + head.id() + " to " + uri + ": "
                                        + (e != null ? e.getMessage() : "HTTP " + r.statusCode()));
                    }
                });
    }
}
