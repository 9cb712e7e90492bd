package dev.tejun.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A channel that POSTs JSON to a URL: Tejun's own format signed with an HMAC (so the receiver can tell the message
 * came from this server and was not changed), or the message formats of Slack's and Microsoft Teams' incoming
 * webhooks, whose secret is the URL itself.
 */
final class WebhookChannel implements Channel {

    /** The header that carries {@code sha256=} and the hex HMAC-SHA256 of the body under the shared secret. */
    static final String SIGNATURE = "X-Tejun-Signature";

    enum Format {
        TEJUN,
        SLACK,
        TEAMS
    }

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String name;
    private final Format format;
    private final Supplier<URI> url;
    private final Supplier<String> secret;
    private final ObjectMapper json;

    /**
     * @param url    where to post, asked at each send (it may be a secret revealed then)
     * @param secret the HMAC key of the {@link Format#TEJUN} format, asked at each send; empty: unsigned
     */
    WebhookChannel(String name, Format format, Supplier<URI> url, Supplier<String> secret, ObjectMapper json) {
        this.name = name;
        this.format = format;
        this.url = url;
        this.secret = secret;
        this.json = json;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void send(Notice n, String address, String delivery) throws IOException, InterruptedException {
        byte[] body = json.writeValueAsBytes(body(n));
        HttpRequest.Builder request = HttpRequest.newBuilder(url.get())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-Tejun-Event", n.kind().wire())
                .header("X-Tejun-Delivery", delivery)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        byte[] key = format == Format.TEJUN ? secret.get().getBytes(StandardCharsets.UTF_8) : new byte[0];
        if (key.length > 0) {
            request.header(SIGNATURE, "sha256=" + sign(key, body));
        }
        HttpResponse<String> answer = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() / 100 != 2) {
            String text = answer.body();
            throw new IOException("HTTP " + answer.statusCode()
                    + (text.isBlank() ? "" : ": " + (text.length() > 200 ? text.substring(0, 200) : text)));
        }
    }

    /** The hex HMAC-SHA256 of {@code body} under {@code key}. */
    static String sign(byte[] key, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private ObjectNode body(Notice n) {
        ObjectNode b = json.createObjectNode();
        switch (format) {
            case TEJUN -> {
                b.put("event", n.kind().wire());
                b.put("subject", n.subject());
                b.put("text", n.text());
                b.put("link", n.link());
                b.put("runbook", n.runbook());
                b.put("flow", n.flow());
                b.put("runId", n.runId());
                b.put("cell", n.cell());
                b.put("user", n.user());
                b.put("status", n.status());
                b.put("at", n.at().toString());
            }
            case SLACK -> // mrkdwn: *bold* and <url|label>
                b.put(
                        "text",
                        "*" + n.subject() + "*\n" + n.text() + (n.link() == null ? "" : "\n<" + n.link() + "|Open>"));
            case TEAMS -> {
                // the MessageCard format Teams incoming webhooks take
                b.put("@type", "MessageCard");
                b.put("@context", "https://schema.org/extensions");
                b.put("summary", n.subject());
                b.put("title", n.subject());
                b.put("text", n.text());
                if (n.link() != null) {
                    ObjectNode open = b.putArray("potentialAction").addObject();
                    open.put("@type", "OpenUri");
                    open.put("name", "Open");
                    open.putArray("targets").addObject().put("os", "default").put("uri", n.link());
                }
            }
        }
        return b;
    }
}
