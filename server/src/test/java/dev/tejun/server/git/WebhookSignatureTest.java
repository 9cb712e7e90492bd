package dev.tejun.server.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each Git host's way of proving a webhook, and what is refused. */
class WebhookSignatureTest {

    static final byte[] BODY = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);

    private static String refusal(String secret, Map<String, String> headers) {
        return WebhookSignature.refusal(secret, headers::get, BODY);
    }

    @Test
    void hmac_knownVector_matchesWhatGitHubDocuments() {
        // GitHub's documented example: secret "It's a Secret to Everybody", payload "Hello, World!"
        assertEquals(
                "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
                WebhookSignature.hmac("It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void refusal_eachHostsSignatureWithTheSecret_null() {
        String hex = WebhookSignature.hmac("s", BODY);
        assertNull(refusal("s", Map.of(WebhookSignature.GITHUB, "sha256=" + hex)));
        assertNull(refusal("s", Map.of(WebhookSignature.GITEA, hex)));
        assertNull(refusal("s", Map.of(WebhookSignature.GOGS, hex.toUpperCase())));
        assertNull(refusal("s", Map.of(WebhookSignature.GITLAB, "s")));
    }

    @Test
    void refusal_wrongOrMissingProof_saysWhy() {
        String other = WebhookSignature.hmac("t", BODY);
        assertEquals("wrong signature", refusal("s", Map.of(WebhookSignature.GITHUB, "sha256=" + other)));
        assertEquals("wrong signature", refusal("s", Map.of(WebhookSignature.GITEA, other)));
        assertEquals("wrong token", refusal("s", Map.of(WebhookSignature.GITLAB, "t")));
        assertTrue(refusal("s", Map.of(WebhookSignature.GITHUB, other)).contains("sha256=HEX"));
        assertTrue(refusal("s", Map.of()).startsWith("not signed"));
    }

    @Test
    void refusal_noSecretConfigured_refusesEvenASignedCall() {
        String hex = WebhookSignature.hmac("anything", BODY);
        assertTrue(refusal("", Map.of(WebhookSignature.GITHUB, "sha256=" + hex)).startsWith("the push webhook is off"));
        assertTrue(refusal(null, Map.of(WebhookSignature.GITLAB, "")).startsWith("the push webhook is off"));
    }
}
