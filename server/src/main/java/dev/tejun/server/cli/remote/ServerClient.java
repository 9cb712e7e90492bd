package dev.tejun.server.cli.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * JSON over HTTP to one server, with the caller's API token as {@code Bearer} and {@code X-Tejun-Client: cli} (so
 * the audit log and evidence say the run came from the CLI). Every failure becomes a {@link RemoteFailure} with a
 * message fit for a terminal, never a stack trace.
 */
final class ServerClient {

    private static final Duration CONNECT = Duration.ofSeconds(10);
    /** Connection failures in a row a follower rides out (1 s, 2 s, 3 s apart) before it gives up. */
    private static final int RETRIES = 3;

    private final URI base;
    private final String token;
    private final ObjectMapper json = Json.MAPPER;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(CONNECT).build();

    ServerClient(String server, String token) throws RemoteFailure {
        String s = server.strip();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        if (!s.matches("https?://[^\\s/]+(/\\S*)?")) {
            throw new RemoteFailure(400, "--server must be an http(s) URL like http://host:7070, not '" + server + "'");
        }
        this.base = URI.create(s);
        this.token = token == null ? "" : token.strip();
    }

    String server() {
        return base.toString();
    }

    JsonNode get(String pathAndQuery, Duration timeout) throws RemoteFailure, InterruptedException {
        return send(request(pathAndQuery, timeout).GET());
    }

    /**
     * A GET for a follower that polls for minutes: a dropped connection (a server restarting, a network blip) is
     * tried again after a growing pause, {@value #RETRIES} times in a row at most; an answer from the server,
     * even an error, is final.
     */
    JsonNode poll(String pathAndQuery, Duration timeout) throws RemoteFailure, InterruptedException {
        for (int failures = 0; ; ) {
            try {
                return get(pathAndQuery, timeout);
            } catch (RemoteFailure e) {
                if (e.status() != 0 || ++failures > RETRIES) {
                    throw e;
                }
                Thread.sleep(1000L * failures);
            }
        }
    }

    JsonNode post(String path, Object body) throws RemoteFailure, InterruptedException {
        return withJson("POST", path, body);
    }

    /** A DELETE whose JSON body names what is deleted (the version seen). */
    JsonNode delete(String path, Object body) throws RemoteFailure, InterruptedException {
        return withJson("DELETE", path, body);
    }

    private JsonNode withJson(String method, String path, Object body) throws RemoteFailure, InterruptedException {
        String text;
        try {
            text = body == null ? "" : json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        return send(request(path, Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(text)));
    }

    /** A file's bytes as the body (an upload such as a workbook). */
    JsonNode postBytes(String path, String contentType, byte[] body) throws RemoteFailure, InterruptedException {
        return send(request(path, Duration.ofSeconds(60))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private HttpRequest.Builder request(String path, Duration timeout) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(timeout)
                .header("X-Tejun-Client", "cli")
                .header("Accept", "application/json");
        if (!token.isEmpty()) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private JsonNode send(HttpRequest.Builder b) throws RemoteFailure, InterruptedException {
        HttpResponse<String> r;
        try {
            r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new RemoteFailure(0, "cannot reach " + base + ": " + describe(e));
        }
        if (r.statusCode() >= 400) {
            throw failure(r.statusCode(), r.body());
        }
        JsonNode body = parse(r.body());
        return body == null ? json.createObjectNode() : body;
    }

    /** An error answer as one failure: the server's error, and each problem of a refused import on its own line. */
    private RemoteFailure failure(int status, String text) {
        JsonNode body = parse(text);
        String why = body != null && body.path("error").isTextual()
                ? body.path("error").asText()
                : text;
        if (body != null && body.path("problems").isArray()) {
            // an import refused with every problem (sheet, row, column): each on its own line
            StringBuilder lines = new StringBuilder(why);
            body.get("problems")
                    .forEach(p -> lines.append("\n  ")
                            .append(
                                    p.isTextual()
                                            ? p.asText()
                                            : p.path("sheet").asText() + "!"
                                                    + p.path("column").asText()
                                                    + p.path("row").asInt() + ": "
                                                    + p.path("message").asText()));
            why = lines.toString();
        }
        return new RemoteFailure(status, status + " " + reason(status) + " from " + base + ": " + why + hint(status));
    }

    /** A GET whose answer is a file (an exported workbook): its bytes. */
    byte[] getBytes(String pathAndQuery) throws RemoteFailure, InterruptedException {
        HttpResponse<byte[]> r;
        try {
            r = http.send(
                    request(pathAndQuery, Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new RemoteFailure(0, "cannot reach " + base + ": " + describe(e));
        }
        if (r.statusCode() >= 400) {
            throw failure(r.statusCode(), new String(r.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return r.body();
    }

    private JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private String hint(int status) {
        return switch (status) {
            case 401 ->
                token.isEmpty()
                        ? " (no token: give --token or set TEJUN_TOKEN)"
                        : " (is the token right and not revoked? give --token or set TEJUN_TOKEN)";
            case 403 -> " (the token's user lacks the role)";
            default -> "";
        };
    }

    private static String reason(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> status >= 500 ? "Server Error" : "";
        };
    }

    private static String describe(IOException e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
    }
}
