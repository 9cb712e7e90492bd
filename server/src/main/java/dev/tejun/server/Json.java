package dev.tejun.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one way the server's JSON is configured: ISO-8601 instants, unknown request fields refused. */
public final class Json {

    /** The server's one mapper for code that is not handed one (the server hands {@link #newMapper()}'s around). */
    public static final ObjectMapper MAPPER = newMapper();

    private Json() {}

    /** {@code {"key":"value"}}, compact; audit details are built this way, and their bytes are hashed. */
    public static String object(String key, String value) {
        return quoted(MAPPER.createObjectNode().put(key, value));
    }

    /** {@code value} as JSON text: a string becomes a quoted, escaped literal; null becomes {@code null}. */
    public static String quoted(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // strings and trees always serialise
        }
    }

    /** A new mapper; the server makes one at start and hands it to whoever needs it. */
    public static ObjectMapper newMapper() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
    }
}
