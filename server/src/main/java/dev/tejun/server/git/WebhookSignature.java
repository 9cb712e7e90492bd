package dev.tejun.server.git;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.function.UnaryOperator;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Whether a push webhook comes from the Git host that knows the shared secret, as each host proves it: GitHub an
 * HMAC-SHA256 of the body in {@code X-Hub-Signature-256: sha256=HEX}, Gitea (and Gogs, Forgejo) the same HMAC as bare
 * hex in {@code X-Gitea-Signature} / {@code X-Gogs-Signature}, GitLab the secret itself in {@code X-Gitlab-Token}.
 * Without a configured secret every call is refused: an open endpoint would let anyone make the server pull.
 */
final class WebhookSignature {

    static final String GITHUB = "X-Hub-Signature-256";
    static final String GITEA = "X-Gitea-Signature";
    static final String GOGS = "X-Gogs-Signature";
    static final String GITLAB = "X-Gitlab-Token";

    private WebhookSignature() {}

    /** Null when the call is signed with {@code secret}; otherwise why it is refused. */
    static String refusal(String secret, UnaryOperator<String> header, byte[] body) {
        if (secret == null || secret.isEmpty()) {
            return "the push webhook is off: set git.webhook.secret-file (the secret the Git host signs with)";
        }
        String github = header.apply(GITHUB);
        if (github != null) {
            String hex = github.strip();
            if (!hex.startsWith("sha256=")) {
                return GITHUB + " is not sha256=HEX";
            }
            return same(hex.substring("sha256=".length()).toLowerCase(Locale.ROOT), hmac(secret, body))
                    ? null
                    : "wrong signature";
        }
        String gitea = header.apply(GITEA) != null ? header.apply(GITEA) : header.apply(GOGS);
        if (gitea != null) {
            return same(gitea.strip().toLowerCase(Locale.ROOT), hmac(secret, body)) ? null : "wrong signature";
        }
        String gitlab = header.apply(GITLAB);
        if (gitlab != null) {
            return same(gitlab, secret) ? null : "wrong token";
        }
        return "not signed: send " + GITHUB + ", " + GITEA + " or " + GITLAB;
    }

    /** The HMAC-SHA256 of {@code body} with {@code secret}, in lower-case hex, as the hosts send it. */
    static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
