package dev.tejun.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import dev.tejun.server.fixtures.Await;
import dev.tejun.server.fixtures.TestServer;
import jakarta.mail.internet.MimeMessage;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Notification mail through a real SMTP server (aiosmtpd from Debian) on loopback, over STARTTLS with AUTH: the
 * headers, the body, and a Japanese subject encoded as RFC 2047 says.
 */
class MailNotifyTest {

    @TempDir
    static Path shared;

    private static TestSmtpServer smtp;

    @TempDir
    Path temp;

    @BeforeAll
    static void start() throws Exception {
        smtp = new TestSmtpServer(Files.createDirectories(shared.resolve("smtp")));
    }

    @AfterAll
    static void stop() {
        smtp.close();
    }

    private TestServer server(String password) throws Exception {
        Path file = Files.writeString(temp.resolve("smtp-password"), password + "\n");
        String yaml = "notify:\n" + smtp.yaml(file) + "  attempts: 2\n  retry-seconds: 1\n";
        Settings s = Settings.of(ConfigFile.parse("test.yaml", yaml), Map.of(), Map.of());
        TestServer t = new TestServer(temp, c -> c.with(s));
        t.write("ops/障害対応.md", "```sh {#check}\necho checking; exit 1\n```\n");
        return t;
    }

    @Test
    void runFailed_emailSubscription_mailArrivesWithEncodedJapaneseSubject() throws Exception {
        try (TestServer t = server(TestSmtpServer.PASSWORD)) {
            HttpResponse<String> sub = t.post(
                    "/api/notifications/subscriptions",
                    "{\"scope\":\"runbook\",\"target\":\"ops/障害対応.md\",\"channel\":\"email\","
                            + "\"address\":\"oncall@example.com\"}");
            assertEquals(201, sub.statusCode(), sub.body());
            HttpResponse<String> run = t.post("/api/runs", "{\"runbook\":\"ops/障害対応.md\"}");
            assertTrue(run.statusCode() / 100 == 2, run.body());
            MimeMessage m = smtp.await(
                    x -> "[Tejun] Run of ops/障害対応.md: failed".equals(x.getSubject()),
                    "the run.failed mail of ops/障害対応.md");
            String raw = m.getHeader("Subject")[0];
            assertTrue(raw.startsWith("=?UTF-8?"), "the subject is RFC 2047 encoded words:\n" + raw);
            assertEquals("[Tejun] Run of ops/障害対応.md: failed", m.getSubject());
            assertEquals("tejun@example.com", m.getFrom()[0].toString());
            assertEquals("oncall@example.com", m.getAllRecipients()[0].toString());
            assertEquals("run.failed", m.getHeader("X-Tejun-Event")[0]);
            String body = ((String) m.getContent()).replace("\r\n", "\n");
            assertTrue(body.startsWith("Run of ops/障害対応.md by tester (through api) ended failed."), body);
            assertTrue(body.contains("/run.html?id="), body);
            Await.until(() -> deliveries(t).contains("\"status\":\"sent\""), "the delivery recorded sent");
        }
    }

    @Test
    void wrongPassword_isRecordedFailed_andTheRunStillEnds() throws Exception {
        try (TestServer t = server("not-the-password")) {
            t.post(
                    "/api/notifications/subscriptions",
                    "{\"scope\":\"all\",\"channel\":\"email\",\"address\":\"oncall@example.com\"}");
            HttpResponse<String> run = t.post("/api/runs", "{\"runbook\":\"ops/障害対応.md\"}");
            assertTrue(run.statusCode() / 100 == 2, run.body());
            Await.until(() -> deliveries(t).contains("\"status\":\"failed\""), "the delivery recorded failed");
            String d = deliveries(t);
            assertTrue(d.contains("AuthenticationFailedException"), d);
            assertTrue(d.contains("\"attempts\":2"), d);
        }
    }

    @Test
    void pauseCellWaiting_mailNamesRunbookCellRunAndLink() throws Exception {
        try (TestServer t = server(TestSmtpServer.PASSWORD)) {
            t.write("ops/gate.md", "```pause {#hold}\nIs the backup done?\n```\n");
            t.post(
                    "/api/notifications/subscriptions",
                    "{\"scope\":\"runbook\",\"target\":\"ops/gate.md\",\"channel\":\"email\","
                            + "\"address\":\"approvers@example.com\",\"events\":[\"approval.waiting\"]}");
            HttpResponse<String> run = t.post("/api/runs", "{\"runbook\":\"ops/gate.md\"}");
            String runId = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(run.body())
                    .path("runId")
                    .asText();
            MimeMessage m = smtp.await(
                    x -> x.getAllRecipients()[0].toString().equals("approvers@example.com"), "the approval mail");
            assertEquals("[Tejun] Approval waiting: ops/gate.md, cell hold (run " + runId + ")", m.getSubject());
            String body = ((String) m.getContent()).replace("\r\n", "\n");
            assertTrue(body.startsWith("Run " + runId + " of ops/gate.md by tester waits at cell hold"), body);
            assertTrue(body.contains("/run.html?id=" + runId), body);
            t.post("/api/runs/" + runId + "/stop", "");
        }
    }

    @Test
    void namedRelay_passwordFromTheEnvironment_mailArrives_wrongOneFails() throws Exception {
        // the relay of notify.smtp's keys, named, without a password file: the password is only in the environment
        String yaml = "notify:\n"
                + smtp.yaml(Files.writeString(temp.resolve("unused"), "x\n"))
                        .replaceAll("(?m)^    (\\S)", "      $1")
                        .replaceAll("(?m)^      password-file: .*\n", "")
                        .replaceAll("(?m)^  smtp:$", "  channels:\n    relay:\n      kind: email")
                + "  attempts: 1\n";
        assertTrue(yaml.contains("    relay:\n      kind: email\n      host: 127.0.0.1"), yaml);
        Settings right = Settings.of(
                ConfigFile.parseAll("test.yaml", yaml),
                Map.of("TEJUN_NOTIFY_CHANNELS_RELAY_PASSWORD", TestSmtpServer.PASSWORD),
                Map.of());
        try (TestServer t = new TestServer(temp, c -> c.with(right))) {
            t.write("ops/fails.md", "```sh {#check}\nexit 1\n```\n");
            t.post(
                    "/api/notifications/subscriptions",
                    "{\"scope\":\"all\",\"channel\":\"relay\",\"address\":\"oncall@example.com\"}");
            t.post("/api/runs", "{\"runbook\":\"ops/fails.md\"}");
            smtp.await(
                    x -> x.getSubject().equals("[Tejun] Run of ops/fails.md: failed"),
                    "a mail through the relay, signed in with the variable");
            Await.until(() -> deliveries(t).contains("\"status\":\"sent\""), "recorded sent");
        }
        Settings wrong = Settings.of(
                ConfigFile.parseAll("test.yaml", yaml),
                Map.of("TEJUN_NOTIFY_CHANNELS_RELAY_PASSWORD", "not-the-password"),
                Map.of());
        try (TestServer t = new TestServer(temp, c -> c.with(wrong))) {
            t.post("/api/runs", "{\"runbook\":\"ops/fails.md\"}");
            Await.until(() -> deliveries(t).contains("AuthenticationFailedException"), "the wrong password refused");
        }
    }

    private static String deliveries(TestServer t) throws Exception {
        return t.get("/api/notifications/deliveries").body();
    }
}
