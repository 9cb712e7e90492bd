package dev.tejun.server.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.auth.Role;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code /api/me/settings}: the user's language, else the browser's Accept-Language, else English; choices kept. */
class SettingsApiTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @Served
    static TestServer t;

    static JsonNode get(String token, String acceptLanguage) throws Exception {
        var r = t.send(
                "GET",
                "/api/me/settings",
                null,
                Map.of("Authorization", "Bearer " + token, "Accept-Language", acceptLanguage));
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body());
    }

    @Test
    void get_nothingChosen_followsAcceptLanguage() throws Exception {
        String token = t.userWith("kenji", Role.VIEWER);
        assertEquals(
                "ja", get(token, "ja-JP,ja;q=0.9,en;q=0.8").path("language").asText());
        assertEquals(
                "ja", get(token, "fr-FR, ja;q=0.5, en;q=0.4").path("language").asText());
        assertEquals("en", get(token, "fr-FR").path("language").asText());
        assertEquals("en", get(token, "not a header;;;").path("language").asText());
        assertTrue(!get(token, "ja").path("chosen").asBoolean());
    }

    @Test
    void put_languageAndZone_areKeptOverAcceptLanguage() throws Exception {
        String token = t.userWith("mika", Role.VIEWER);
        var r = t.as(token, "PUT", "/api/me/settings", "{\"language\":\"ja\",\"timeZone\":\"Asia/Tokyo\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode s = get(token, "en-US");
        assertEquals("ja", s.path("language").asText());
        assertEquals("Asia/Tokyo", s.path("timeZone").asText());
        assertTrue(s.path("chosen").asBoolean());
    }

    @Test
    void put_unknownLanguageOrZone_isRefusedAndKeepsTheOld() throws Exception {
        String token = t.userWith("sora", Role.VIEWER);
        assertEquals(
                200,
                t.as(token, "PUT", "/api/me/settings", "{\"language\":\"en\"}").statusCode());
        var bad = t.as(token, "PUT", "/api/me/settings", "{\"language\":\"xx\"}");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().contains("en, ja"), bad.body());
        assertEquals(
                400,
                t.as(token, "PUT", "/api/me/settings", "{\"timeZone\":\"Mars/Olympus\"}")
                        .statusCode());
        assertEquals("en", get(token, "ja").path("language").asText());
    }
}
