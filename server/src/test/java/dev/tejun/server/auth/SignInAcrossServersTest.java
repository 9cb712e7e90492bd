package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.AcrossTwoServers;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Two servers on one PostgreSQL database, as two servers of a cluster behind a load balancer: a browser signed in
 * through one is signed in on the other, and the sign-in throttle counts the guesses made through both.
 */
class SignInAcrossServersTest extends AcrossTwoServers {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static HttpResponse<String> me(TestServer server, TestServer.SignedIn browser) throws Exception {
        return server.send("GET", "/api/me", null, Map.of("Cookie", browser.cookie()));
    }

    private static HttpResponse<String> login(TestServer server, String name, String password) throws Exception {
        return server.send(
                "POST", "/api/login", JSON.writeValueAsString(Map.of("name", name, "password", password)), Map.of());
    }

    @Test
    void signIn_throughA_validOnB_signOutThroughBEndsItOnA() throws Exception {
        a.userWith("alice", Role.VIEWER);
        TestServer.SignedIn browser = a.login("alice");

        HttpResponse<String> onB = me(b, browser);
        assertEquals(200, onB.statusCode(), onB.body());
        assertTrue(onB.body().contains("\"name\":\"alice\""), onB.body());
        assertTrue(onB.body().contains(browser.csrf()), "the same session, CSRF token and all: " + onB.body());

        HttpResponse<String> out =
                b.send("POST", "/api/logout", "", Map.of("Cookie", browser.cookie(), "X-CSRF-Token", browser.csrf()));
        assertEquals(204, out.statusCode(), out.body());
        assertEquals(401, me(a, browser).statusCode(), "signed out through B is signed out on A");
        assertEquals(401, me(b, browser).statusCode());
    }

    @Test
    void disableUser_throughB_endsTheirSessionOnA() throws Exception {
        a.userWith("mallory", Role.VIEWER);
        TestServer.SignedIn browser = a.login("mallory");
        assertEquals(200, me(a, browser).statusCode());

        HttpResponse<String> disabled = b.put("/api/users/mallory", "{\"disabled\":true}");
        assertEquals(200, disabled.statusCode(), disabled.body());

        assertEquals(401, me(a, browser).statusCode(), "disabled through B ends the session held for A");
    }

    @Test
    void throttle_failuresThroughA_slowSignInThroughB_unlockThroughBLiftsItOnA() throws Exception {
        a.userWith("forgetful", Role.VIEWER);
        for (int i = 0; i < LoginThrottle.FREE; i++) {
            assertEquals(401, login(a, "forgetful", "wrong-" + i).statusCode());
        }
        HttpResponse<String> onB = login(b, "forgetful", TestServer.password("forgetful"));
        assertEquals(429, onB.statusCode(), "guesses through A count on B: " + onB.body());
        assertTrue(onB.body().contains("forgetful"), onB.body());

        HttpResponse<String> unlock = b.put("/api/users/forgetful", "{\"unlock\":true}");
        assertEquals(200, unlock.statusCode(), unlock.body());
        HttpResponse<String> onA = login(a, "forgetful", TestServer.password("forgetful"));
        assertEquals(200, onA.statusCode(), "lifted through B, lifted on A: " + onA.body());
    }
}
