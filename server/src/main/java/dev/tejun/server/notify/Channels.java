package dev.tejun.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.exec.remote.NamedCredentials;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.NamedChannel;
import dev.tejun.server.config.Settings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The channels {@code notify.*} configures, by name: {@code webhook}, {@code slack}, {@code teams} and {@code email}
 * from their sections (a channel whose settings are absent is not there), and each of {@code notify.channels} under
 * its own name, built from its keys as its kind's section would be.
 *
 * <p>A secret (a webhook's HMAC key, a chat channel's URL, an SMTP password) may be {@code credential:NAME}: the row
 * NAME of the CMDB sheet {@code credentials}, stored encrypted there with the data folder's secret key and revealed
 * at each send (so a changed secret is used without a restart, and nothing clear is kept on the channel).
 */
final class Channels {

    private Channels() {}

    /**
     * @param credentials reveals credential NAME (its clear value); called only when a message is sent
     */
    static Map<String, Channel> from(Settings s, ObjectMapper json, UnaryOperator<String> credentials)
            throws ConfigError {
        Map<String, Channel> out = new LinkedHashMap<>();
        for (NamedChannel.Kind kind : NamedChannel.Kind.values()) {
            Channel c = of(kind, kind.wire(), s, json, credentials);
            if (c != null) {
                out.put(c.name(), c);
            }
        }
        for (NamedChannel named : s.channels()) {
            String at = named.where() + ": notify.channels." + named.name();
            if (out.containsKey(named.name())) {
                throw new ConfigError(at + ": the name is taken by the " + named.name() + " channel of notify."
                        + (named.name().equals("email") ? "smtp" : named.name()) + ".*; choose another");
            }
            Channel c = of(named.kind(), named.name(), named.settings(), json, credentials);
            if (c == null) {
                String kind = named.kind().wire();
                throw new ConfigError(at + ": " + (kind.startsWith("e") ? "an " : "a ") + kind + " channel needs "
                        + switch (named.kind()) {
                            case WEBHOOK -> "url";
                            case SLACK, TEAMS ->
                                "url-file (or the environment variable " + NamedChannel.variable(named.name(), "url")
                                        + ")";
                            case EMAIL -> "host and from";
                        });
            }
            out.put(c.name(), c);
        }
        return out;
    }

    /** The channel {@code kind}'s keys in {@code s} describe, called {@code name}; null when they are absent. */
    private static Channel of(
            NamedChannel.Kind kind, String name, Settings s, ObjectMapper json, UnaryOperator<String> credentials)
            throws ConfigError {
        return switch (kind) {
            case WEBHOOK -> {
                if (s.text(Key.NOTIFY_WEBHOOK_URL).isEmpty()) {
                    yield null;
                }
                URI url = URI.create(s.text(Key.NOTIFY_WEBHOOK_URL));
                yield new WebhookChannel(
                        name,
                        WebhookChannel.Format.TEJUN,
                        () -> url,
                        secret(s, Key.NOTIFY_WEBHOOK_SECRET, Key.NOTIFY_WEBHOOK_SECRET_FILE, credentials),
                        json);
            }
            case SLACK ->
                chat(
                        s,
                        json,
                        name,
                        WebhookChannel.Format.SLACK,
                        Key.NOTIFY_SLACK_URL,
                        Key.NOTIFY_SLACK_URL_FILE,
                        credentials);
            case TEAMS ->
                chat(
                        s,
                        json,
                        name,
                        WebhookChannel.Format.TEAMS,
                        Key.NOTIFY_TEAMS_URL,
                        Key.NOTIFY_TEAMS_URL_FILE,
                        credentials);
            case EMAIL -> mail(s, name, credentials);
        };
    }

    /**
     * The secret {@code value} or {@code file} gives, as {@link Settings#secret} reads it; a {@code credential:NAME}
     * is revealed from the CMDB each time it is asked for.
     */
    private static Supplier<String> secret(Settings s, Key value, Key file, UnaryOperator<String> credentials)
            throws ConfigError {
        String given = s.secret(value, file);
        if (!given.startsWith(NamedCredentials.PREFIX)) {
            return () -> given;
        }
        String name = given.substring(NamedCredentials.PREFIX.length()).strip();
        return () -> {
            try {
                return credentials.apply(name);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(value.key() + ": credential " + name + ": " + e.getMessage(), e);
            }
        };
    }

    private static Channel mail(Settings s, String name, UnaryOperator<String> credentials) throws ConfigError {
        if (s.text(Key.NOTIFY_SMTP_HOST).isEmpty()) {
            return null;
        }
        if (s.text(Key.NOTIFY_SMTP_FROM).isEmpty()) {
            throw new ConfigError(s.where(Key.NOTIFY_SMTP_HOST) + ": notify.smtp.host: mail needs notify.smtp.from"
                    + " too (the sender's address)");
        }
        boolean startTls = s.isTrue(Key.NOTIFY_SMTP_START_TLS);
        return new MailChannel(
                name,
                new MailChannel.Server(
                        s.text(Key.NOTIFY_SMTP_HOST),
                        Integer.parseInt(s.text(Key.NOTIFY_SMTP_PORT)),
                        startTls,
                        startTls ? s.trusting(Key.NOTIFY_SMTP_CA_FILE) : null,
                        s.text(Key.NOTIFY_SMTP_USER),
                        secret(s, Key.NOTIFY_SMTP_PASSWORD, Key.NOTIFY_SMTP_PASSWORD_FILE, credentials),
                        s.text(Key.NOTIFY_SMTP_FROM)));
    }

    private static Channel chat(
            Settings s,
            ObjectMapper json,
            String name,
            WebhookChannel.Format format,
            Key url,
            Key file,
            UnaryOperator<String> credentials)
            throws ConfigError {
        String u = s.secret(url, file);
        if (u.isEmpty()) {
            return null;
        }
        if (u.startsWith(NamedCredentials.PREFIX)) {
            // checked when revealed; the message never quotes the value (the URL is the secret)
            Supplier<String> revealed = secret(s, url, file, credentials);
            return new WebhookChannel(
                    name,
                    format,
                    () -> {
                        URI uri = httpUrl(revealed.get());
                        if (uri == null) {
                            throw new IllegalArgumentException(url.key() + ": " + u + " does not hold an http(s) URL");
                        }
                        return uri;
                    },
                    () -> "",
                    json);
        }
        URI uri = httpUrl(u);
        if (uri == null) {
            throw new ConfigError(s.where(file) + ": " + file.key() + ": the file does not hold an http(s) URL");
        }
        return new WebhookChannel(name, format, () -> uri, () -> "", json);
    }

    /** {@code text} as an http(s) URL with a host, or null. */
    private static URI httpUrl(String text) {
        try {
            URI uri = URI.create(text);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    ? uri
                    : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
