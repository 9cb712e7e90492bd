package dev.tejun.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tejun.server.auth.RouteInfo;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every POST, PUT and PATCH route the server registered and sends it bodies an attacker or a broken client
 * would: {@code null}, an array, a string, cut-off JSON, and objects whose fields have the wrong types or are null.
 * As an admin and as nobody: never a 500 (a bad body is the client's error, a 400, and the server lost nothing).
 */
class MalformedBodyTest {

    @TempDir
    Path temp;

    /** The field names request bodies use; each is sent with values of the wrong type. */
    private static final List<String> FIELDS = List.of(
            "name",
            "password",
            "current",
            "roles",
            "disabled",
            "text",
            "version",
            "sha256",
            "code",
            "runbook",
            "params",
            "cron",
            "comment",
            "label",
            "values",
            "host",
            "key",
            "columns",
            "title",
            "expiresInDays",
            "cells",
            "index",
            "source",
            "labels",
            "status",
            "keyColumns");

    private static final List<String> WRONG = List.of("null", "1", "\"x\"", "[]", "{}", "true");

    private static List<String> bodies() {
        List<String> bodies = new ArrayList<>(List.of("null", "[]", "\"x\"", "{", "1", "{}", "[null]", "{\"a\":"));
        for (String field : FIELDS) {
            for (String value : WRONG) {
                bodies.add("{\"" + field + "\":" + value + "}");
            }
        }
        return bodies;
    }

    private static String concrete(String path) {
        Map<String, String> samples = Map.of(
                "<name>",
                "book.md",
                "{name}",
                "nobody",
                "{index}",
                "0",
                "{runId}",
                "20260101-120000-abcdef",
                "{id}",
                "0123456789abcdef",
                "<id>",
                "0123456789abcdef",
                "{sheet}",
                "web",
                "{planId}",
                "0123456789abcdef");
        Matcher m = Pattern.compile("\\{[^}]*}|<[^>]*>").matcher(path);
        StringBuilder b = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(b, Matcher.quoteReplacement(samples.getOrDefault(m.group(), "x")));
        }
        return m.appendTail(b).toString();
    }

    @Test
    void everyBodyRoute_malformedOrWronglyTypedBody_neverA500() throws Exception {
        try (TestServer t = new TestServer(temp)) {
            t.write("book.md", "# Book\n\n```sh {#a}\necho hi\n```\n");
            List<String> failures = new ArrayList<>();
            int sent = 0;
            for (RouteInfo r : t.server.routes()) {
                if (!List.of("POST", "PUT", "PATCH").contains(r.method())
                        || r.path().equals("/api/logout")) {
                    continue;
                }
                String path = concrete(r.path());
                for (String body : bodies()) {
                    for (String token : new String[] {t.token, null}) {
                        HttpResponse<String> resp = token == null
                                ? t.send(r.method(), path, body, Map.of())
                                : t.as(token, r.method(), path, body);
                        sent++;
                        if (resp.statusCode() >= 500) {
                            failures.add(r.method() + " " + r.path() + (token == null ? " anonymous" : " admin")
                                    + " body " + body + " -> " + resp.statusCode() + " " + resp.body());
                        }
                    }
                }
            }
            assertEquals(List.of(), failures, failures.size() + " of " + sent + " requests gave a server error");
        }
    }
}
