package dev.tejun.server.flows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.cmdb.db.Database;
import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.cmdb.testing.TestDatabases;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.shell.ShellExecutorFactory;
import dev.tejun.server.ServerConfig;
import dev.tejun.server.TejunServer;
import dev.tejun.server.auth.Role;
import dev.tejun.server.auth.TokenStore;
import dev.tejun.server.auth.UserStore;
import dev.tejun.server.fixtures.Browsers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The flow page in a real headless Chromium: a paused node is approved in the page and the graph turns green. */
@Tag("e2e")
class FlowPageBrowserTest {

    @TempDir
    static Path tmp;

    static CmdbStore cmdb;
    static TejunServer server;
    static WebDriver browser;
    /** An API token of {@code op}, the user the browser signs in as, for the requests the test makes itself. */
    static String token;

    @BeforeAll
    static void start() throws Exception {
        Path runbooks = Files.createDirectories(tmp.resolve("runbooks"));
        Files.writeString(runbooks.resolve("say.md"), "# Say\n\n```sh {#main}\necho said\n```\n");
        Files.writeString(runbooks.resolve("hold.flow.yaml"), """
                title: "Hold <b>here</b>"
                nodes:
                  - { id: gate, type: pause, message: "Go on?", next: say }
                  - { id: say, type: runbook, runbook: say.md, next: done }
                  - { id: done, type: end }
                """);
        // the data folder's database as the run chose it (SQLite, or PostgreSQL in the second pass)
        cmdb = new CmdbStore(TestDatabases.settings(tmp.resolve("data")), Clock.systemUTC());
        server = TejunServer.start(new ServerConfig(
                "127.0.0.1",
                0,
                runbooks,
                tmp.resolve("data"),
                new ExecutorRegistry(List.of(new ShellExecutorFactory())),
                Clock.systemUTC(),
                cmdb));
        browser = Browsers.chromium(tmp.resolve("chrome-profile"));
        Database db = cmdb.database();
        new UserStore(db, Clock.systemUTC())
                .create("op", "password-of-op", EnumSet.of(Role.VIEWER, Role.OPERATOR, Role.APPROVER));
        token = new TokenStore(db, Clock.systemUTC())
                .create("op", "tests", null)
                .token();
        signIn();
    }

    /** Through the real sign-in page: the flows page asked for before sign-in leads there and back. */
    private static void signIn() {
        Browsers.signIn(browser, server.baseUrl(), "/flows.html", "op", "password-of-op");
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.stop();
        }
        if (cmdb != null) {
            cmdb.close();
        }
    }

    private static WebDriverWait waiting() {
        return new WebDriverWait(browser, Duration.ofSeconds(20));
    }

    private static String status(String nodeId) {
        List<WebElement> g = browser.findElements(By.cssSelector("g.flow-node[data-node-id='" + nodeId + "']"));
        return g.isEmpty() ? null : g.getFirst().getDomAttribute("data-status");
    }

    private static HttpResponse<String> request(String method, String path) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(
                    HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                            .header("Authorization", "Bearer " + token)
                            .method(method, HttpRequest.BodyPublishers.noBody())
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    private static String startFlow() throws Exception {
        HttpResponse<String> r = request("POST", "/api/flows/hold.flow.yaml/start");
        assertEquals(201, r.statusCode(), r.body());
        Matcher m = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(r.body());
        assertTrue(m.find(), r.body());
        return m.group(1);
    }

    @Test
    void approveInPage_turnsThePausedNodeAndTheRestGreen() throws Exception {
        String id = startFlow();
        browser.get(server.baseUrl() + "/flow.html?name=hold.flow.yaml&instance=" + id);
        waiting().until(d -> "paused".equals(status("gate")));
        assertEquals(
                "Hold <b>here</b>", browser.findElement(By.id("flow-title")).getText(), "the title shows as text");
        waiting().until(d -> "open".equals(d.findElement(By.id("connection")).getDomAttribute("data-state")));

        browser.findElement(By.cssSelector(".approval-comment[data-node-id='gate']"))
                .sendKeys("ship it");
        browser.findElement(By.cssSelector("button.approve[data-node-id='gate']"))
                .click();

        waiting().until(d -> "ok".equals(status("gate")));
        waiting().until(d -> "ok".equals(status("say")) && "ok".equals(status("done")));
        waiting().until(d -> "ok".equals(d.findElement(By.id("instance-status")).getText()));
        browser.findElement(By.cssSelector("g.flow-node[data-node-id='say']")).click();
        String href = browser.findElement(By.cssSelector("#node-links .evidence-link"))
                .getDomAttribute("href");
        assertTrue(href.startsWith("run.html?id="), href); // the run's own page, by id

        JsonNode instance = new ObjectMapper()
                .readTree(request("GET", "/api/flow-instances/" + id).body());
        JsonNode gate = null;
        for (JsonNode n : instance.get("nodes")) {
            if (n.get("nodeId").asText().equals("gate")) {
                gate = n;
            }
        }
        assertEquals(
                "op",
                gate == null ? null : gate.get("actor").asText(),
                "the approval in the page is recorded as the signed-in user: " + instance);
        assertEquals("ship it", gate.get("comment").asText());

        browser.get(server.baseUrl() + "/flows.html");
        waiting()
                .until(d -> !d.findElements(By.cssSelector("tr[data-instance='" + id + "'] .flow-status"))
                                .isEmpty()
                        && "ok"
                                .equals(d.findElement(By.cssSelector("tr[data-instance='" + id + "'] .flow-status"))
                                        .getText()));
    }
}
