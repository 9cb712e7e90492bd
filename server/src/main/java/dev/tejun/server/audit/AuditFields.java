package dev.tejun.server.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.Json;
import java.util.Map;

/**
 * An audit entry's fields cut to bounds, so that nobody (a sign-in with a megabyte user name, a huge request)
 * can grow the log at will. What was cut says so and how long it was: a text field ends in
 * {@code …[cut, N chars]}; the detail, which is JSON, becomes {@code {"cut":N,"start":"…"}} so it stays JSON.
 */
record AuditFields(
        String user, String iface, String action, String target, String outcome, String address, String detail) {

    static final int USER = 256;
    static final int TARGET = 1024;
    static final int DETAIL = 4096;
    static final int SHORT = 128;

    private static final ObjectMapper JSON = Json.MAPPER;

    static AuditFields cut(
            String user, String iface, String action, String target, String outcome, String address, String detail) {
        return new AuditFields(
                text(user, USER),
                text(iface, SHORT),
                text(action, SHORT),
                text(target, TARGET),
                text(outcome, SHORT),
                text(address, SHORT),
                json(detail));
    }

    static String text(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        String mark = "…[cut, " + s.length() + " chars]";
        int keep = max - mark.length();
        if (keep > 0 && Character.isHighSurrogate(s.charAt(keep - 1))) {
            keep--; // never half a character
        }
        return s.substring(0, Math.max(0, keep)) + mark;
    }

    private static String json(String detail) {
        if (detail == null || detail.length() <= DETAIL) {
            return detail;
        }
        // Escaping can double the start's length, so keep a quarter and let the whole stay under the bound.
        String start = text(detail, DETAIL / 4);
        try {
            return JSON.writeValueAsString(Map.of("cut", detail.length(), "start", start));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
