package dev.tejun.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.NamedChannel;
import dev.tejun.server.config.Settings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The channels {@code notify.*} configures, by name: {@code webhook}, {@code slack}, {@code teams} and {@code email}
 * from their sections (a channel whose settings are absent is not there), and each of {@code notify.channels} under
 * its own name, built from its keys as its kind's section would be.
 */
final class Channels {

    private Channels() {}

    static Map<String, Channel> from(Settings s, ObjectMapper json) throws ConfigError {
        Map<String, Channel> out = new LinkedHashMap<>();
        for (NamedChannel.Kind kind : NamedChannel.Kind.values()) {
            Channel c = of(kind, kind.wire(), s, json);
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
            Channel c = of(named.kind(), named.name(), named.settings(), json);
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
    private static Channel of(NamedChannel.Kind kind, String name, Settings s, ObjectMapper json) throws ConfigError {
        return switch (kind) {
            case WEBHOOK ->
                s.text(Key.NOTIFY_WEBHOOK_URL).isEmpty()
                        ? null
                        : new WebhookChannel(
                                name,
                                WebhookChannel.Format.TEJUN,
                                URI.create(s.text(Key.NOTIFY_WEBHOOK_URL)),
                                s.secret(Key.NOTIFY_WEBHOOK_SECRET, Key.NOTIFY_WEBHOOK_SECRET_FILE),
                                json);
            case SLACK ->
                chat(s, json, name, WebhookChannel.Format.SLACK, Key.NOTIFY_SLACK_URL, Key.NOTIFY_SLACK_URL_FILE);
            case TEAMS ->
                chat(s, json, name, WebhookChannel.Format.TEAMS, Key.NOTIFY_TEAMS_URL, Key.NOTIFY_TEAMS_URL_FILE);
            case EMAIL -> mail(s, name);
        };
    }

    private static Channel mail(Settings s, String name) throws ConfigError {
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
                        s.secret(Key.NOTIFY_SMTP_PASSWORD, Key.NOTIFY_SMTP_PASSWORD_FILE),
                        s.text(Key.NOTIFY_SMTP_FROM)));
    }

    private static Channel chat(
            Settings s, ObjectMapper json, String name, WebhookChannel.Format format, Key url, Key file)
            throws ConfigError {
        String u = s.secret(url, file);
        if (u.isEmpty()) {
            return null;
        }
        URI uri;
        try {
            uri = URI.create(u);
        } catch (IllegalArgumentException e) {
            throw new ConfigError(s.where(file) + ": " + file.key() + ": the file does not hold a URL");
        }
        if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme()) || uri.getHost() == null) {
            throw new ConfigError(s.where(file) + ": " + file.key() + ": the file does not hold an http(s) URL");
        }
        return new WebhookChannel(name, format, uri, "", json);
    }
}
