package dev.tejun.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;

/** Reads request bodies and parameters, turning malformed input into 400 answers instead of 500s. */
public final class RequestBodies {

    private RequestBodies() {}

    public static <T> T read(Context ctx, ObjectMapper json, Class<T> type) {
        String body = ctx.body();
        if (body.isBlank()) {
            throw ApiException.badRequest("request body is empty; expected JSON");
        }
        T value;
        try {
            value = json.readValue(body, type);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("request body is not valid: " + e.getOriginalMessage());
        }
        if (value == null) {
            // the JSON literal null: a handler that reads fields of the body would fail with a 500
            throw ApiException.badRequest("request body is null; expected a JSON object");
        }
        return value;
    }

    public static int intParam(Context ctx, String name) {
        String value = ctx.pathParam(name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be a number, not '" + value + "'");
        }
    }

    /**
     * A query parameter's time: a day ({@code 2026-01-31}, its start in UTC) or an instant; null when the parameter is
     * absent or blank; a 400 naming the parameter otherwise.
     */
    public static java.time.Instant instant(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        try {
            return v.length() == 10 ? java.time.Instant.parse(v + "T00:00:00Z") : java.time.Instant.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest(name + " must be a date (2026-01-31) or an instant (2026-01-31T12:00:00Z)");
        }
    }
}
