package dev.tejun.kernel.alert.source;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.alert.MalformedEvent;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP post from a source as it arrived: the body's bytes, its content type and the headers (CloudEvents' binary
 * mode carries the event's attributes there).
 *
 * @param headers by name, looked up without regard to case
 */
public record Delivery(byte[] body, String contentType, Map<String, String> headers) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public Delivery {
        body = body.clone();
        contentType = contentType == null ? "" : contentType;
        Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        headers = java.util.Collections.unmodifiableMap(h);
    }

    /** A JSON post without headers of interest (tests, the generic endpoint). */
    public static Delivery json(String body) {
        return new Delivery(body.getBytes(StandardCharsets.UTF_8), "application/json", Map.of());
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The content type's media type alone, lower case ({@code application/json; charset=utf-8} → {@code application/json}). */
    public String mediaType() {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The body as JSON; a body that is not is the sender's error. */
    public JsonNode json() {
        if (body.length == 0) {
            throw new MalformedEvent("the body is empty; expected JSON");
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new MalformedEvent("the body is empty; expected JSON");
            }
            return node;
        } catch (JacksonException e) {
            throw new MalformedEvent("the body is not valid JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new MalformedEvent("the body cannot be read: " + e.getMessage());
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Delivery d
                && java.util.Arrays.equals(body, d.body)
                && contentType.equals(d.contentType)
                && headers.equals(d.headers);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(body) * 31 + contentType.hashCode();
    }

    @Override
    public String toString() {
        return "Delivery[" + body.length + " bytes, " + contentType + "]";
    }
}
