package dev.tejun.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.fixtures.Served;
import dev.tejun.server.fixtures.TestServer;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Passwords and sign-in throttling against the real server, as users behind one address (every test client is on
 * loopback, as an office behind one NAT would be).
 */
class AccountSecurityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Served
    TestServer t;

    private HttpResponse<String> login(String name, String password) throws Exception {
        return t.send(
                "POST", "/api/login", JSON.writeValueAsString(Map.of("name", name, "password", password)), Map.of());
    }

    @Test
    void login_oneUserLockedOut_othersBehindTheSameAddressStillSignIn() throws Exception {
        t.userWith("forgetful", Role.VIEWER);
        t.userWith("colleague", Role.VIEWER);
        for (int i = 0; i < LoginThrottle.LOCK; i++) {
            login("forgetful", "wrong-password-" + i);
        }
        assertEquals(429, login("forgetful", TestServer.password("forgetful")).statusCode(), "the name is locked");

        HttpResponse<String> other = login("colleague", TestServer.password("colleague"));
        assertEquals(200, other.statusCode(), other.body());
    }

    @Test
    void addressLock_listedAndLiftedByAnAdmin() throws Exception {
        t.userWith("colleague", Role.VIEWER);
        for (int i = 0; i < LoginThrottle.FREE * LoginThrottle.ADDRESS_FACTOR; i++) {
            login("sprayed-" + i, "password-guess-" + i);
        }
        assertEquals(429, login("colleague", TestServer.password("colleague")).statusCode(), "the address is slowed");

        String locks = t.get("/api/sign-in-locks").body();
        assertTrue(
                locks.contains("\"address\":\"127.0.0.1\"") || locks.contains("\"address\":\"[0:0:0:0:0:0:0:1]\""),
                locks);
        String address = JSON.readTree(locks).get(0).path("address").asText();
        String viewer = t.userWith("plain", Role.VIEWER);
        assertEquals(
                403,
                t.as(viewer, "DELETE", "/api/sign-in-locks?address=" + address, null)
                        .statusCode());
        assertEquals(
                204,
                t.as(t.token, "DELETE", "/api/sign-in-locks?address=" + address, null)
                        .statusCode());

        assertEquals(200, login("colleague", TestServer.password("colleague")).statusCode());
        assertTrue(t.get("/api/audit?action=signin.unlock").body().contains(address));
    }

    @Test
    void changeOwnPassword_needsTheCurrentOneAndAStrongNewOne() throws Exception {
        String token = t.userWith("alice", Role.VIEWER);
        String strong = "a long and private phrase";

        HttpResponse<String> wrong = t.as(
                token, "POST", "/api/me/password", "{\"current\":\"not-my-password\",\"password\":\"" + strong + "\"}");
        assertEquals(403, wrong.statusCode(), wrong.body());
        HttpResponse<String> weak = t.as(
                token,
                "POST",
                "/api/me/password",
                "{\"current\":\"" + TestServer.password("alice") + "\",\"password\":\"Password1234!\"}");
        assertEquals(400, weak.statusCode(), weak.body());
        HttpResponse<String> shortOne = t.as(
                token,
                "POST",
                "/api/me/password",
                "{\"current\":\"" + TestServer.password("alice") + "\",\"password\":\"short\"}");
        assertEquals(400, shortOne.statusCode(), shortOne.body());

        HttpResponse<String> ok = t.as(
                token,
                "POST",
                "/api/me/password",
                "{\"current\":\"" + TestServer.password("alice") + "\",\"password\":\"" + strong + "\"}");
        assertEquals(204, ok.statusCode(), ok.body());
        assertEquals(401, login("alice", TestServer.password("alice")).statusCode(), "the old one no longer works");
        assertEquals(200, login("alice", strong).statusCode());
        assertTrue(t.get("/api/audit?action=password.change").body().contains("\"outcome\":\"ok\""));
    }

    @Test
    void createUser_commonPassword_refused() throws Exception {
        for (String common : new String[] {"password1234", "Qwertyuiop123", "iloveyou1234!", "aaaaaaaaaaaaaaaa"}) {
            HttpResponse<String> r =
                    t.post("/api/users", "{\"name\":\"weak\",\"password\":\"" + common + "\",\"roles\":[\"viewer\"]}");
            assertEquals(400, r.statusCode(), common + ": " + r.body());
        }
        assertEquals(
                201,
                t.post(
                                "/api/users",
                                "{\"name\":\"strong\",\"password\":\"horse battery staple correct\",\"roles\":[\"viewer\"]}")
                        .statusCode());
    }
}
