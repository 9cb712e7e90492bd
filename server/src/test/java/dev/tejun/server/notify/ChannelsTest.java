package dev.tejun.server.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.ConfigFile;
import dev.tejun.server.config.Settings;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** {@code notify.channels}: several channels of one kind by name, and a clear error for each way to get one wrong. */
class ChannelsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Building channels reveals no credential: that happens at a send. */
    private static final UnaryOperator<String> NONE = n -> {
        throw new AssertionError("revealed " + n + " while building");
    };

    private static Map<String, Channel> channels(String yaml) throws ConfigError {
        return Channels.from(Settings.of(ConfigFile.parseAll("tejun.yaml", yaml), Map.of(), Map.of()), JSON, NONE);
    }

    private static String refusal(String yaml) {
        return assertThrows(ConfigError.class, () -> channels(yaml)).getMessage();
    }

    @Test
    void from_twoRelaysAndTwoWebhooks_eachByItsName() throws Exception {
        Map<String, Channel> c = channels("""
                notify:
                  smtp: {host: mail.example.com, from: tejun@example.com}
                  channels:
                    relay-tokyo: {kind: email, host: smtp-tokyo.example.com, port: 25, start-tls: false, from: t@example.jp}
                    hook-a: {kind: webhook, url: "https://a.example.com/in"}
                    hook-b: {kind: webhook, url: "https://b.example.com/in"}
                """);
        assertEquals(List.of("email", "relay-tokyo", "hook-a", "hook-b"), List.copyOf(c.keySet()));
        assertTrue(c.get("relay-tokyo").needsAddress(), "a mail channel takes the recipient from the subscription");
        assertEquals("relay-tokyo", c.get("relay-tokyo").name());
    }

    @Test
    void from_keyNotOfTheKind_namesFileLineAndKey() {
        String e = refusal("notify:\n  channels:\n    hook-a:\n      kind: webhook\n      host: x\n");
        assertTrue(e.startsWith("tejun.yaml:5: notify.channels.hook-a.host: not a setting of a webhook channel"), e);
    }

    @Test
    void from_withoutKindOrWithAnUnknownOne_refused() {
        assertTrue(refusal("notify:\n  channels:\n    a: {url: \"https://x\"}\n")
                .contains("tejun.yaml:3: notify.channels.a.kind: one of webhook, slack, teams, email is needed"));
        assertTrue(refusal("notify:\n  channels:\n    a: {kind: pager}\n").contains("notify.channels.a.kind"));
    }

    @Test
    void from_badValue_isCheckedAsItsKindsKey() {
        String e = refusal("notify:\n  channels:\n    relay: {kind: email, host: h, from: f@x, port: seventy}\n");
        assertTrue(
                e.contains("tejun.yaml:3") && e.contains("notify.smtp.port") && e.contains("notify.channels.relay"), e);
    }

    @Test
    void from_nameOfABuiltInChannel_orWithoutItsAddress_refused() {
        assertTrue(refusal(
                        "notify:\n  webhook: {url: \"https://a\"}\n  channels:\n    webhook: {kind: webhook, url: \"https://b\"}\n")
                .contains("notify.channels.webhook: the name is taken"));
        assertTrue(refusal("notify:\n  channels:\n    relay: {kind: email}\n")
                .contains("notify.channels.relay: an email channel needs host and from"));
        assertTrue(refusal("notify:\n  channels:\n    a: {kind: webhook}\n    a: {kind: webhook}\n")
                .contains("tejun.yaml:4: notify.channels.a: named twice"));
    }

    @Test
    void from_secretWrittenIntoTheFile_refusedNamingItsFileKeyAndVariable() {
        String e = refusal(
                "notify:\n  channels:\n    relay-osaka: {kind: email, host: h, from: f@x, password: hunter2}\n");
        assertTrue(
                e.contains("notify.channels.relay-osaka.password: a secret is not written into the config file")
                        && e.contains("password-file")
                        && e.contains("TEJUN_NOTIFY_CHANNELS_RELAY_OSAKA_PASSWORD"),
                e);
        assertTrue(!e.contains("hunter2"), "the secret is not repeated: " + e);
    }

    @Test
    void from_secretsFromTheEnvironment_eachChannelItsOwnVariable() throws Exception {
        String yaml = """
                notify:
                  channels:
                    ops-chat: {kind: slack}
                    audit: {kind: webhook, url: "https://audit.example.com/in"}
                """;
        Map<String, Channel> c = Channels.from(
                Settings.of(
                        ConfigFile.parseAll("tejun.yaml", yaml),
                        Map.of(
                                "TEJUN_NOTIFY_CHANNELS_OPS_CHAT_URL", "https://hooks.slack.example.com/T/B/x",
                                "TEJUN_NOTIFY_CHANNELS_AUDIT_SECRET", "audit-key"),
                        Map.of()),
                JSON,
                NONE);
        assertEquals(List.of("ops-chat", "audit"), List.copyOf(c.keySet()));
        String missing = refusal("notify:\n  channels:\n    ops-chat: {kind: slack}\n");
        assertTrue(
                missing.contains("TEJUN_NOTIFY_CHANNELS_OPS_CHAT_URL"), "says where the URL may come from: " + missing);
    }
}
