package dev.tejun.server.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.server.config.ConfigError;
import dev.tejun.server.config.Key;
import dev.tejun.server.config.Settings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** The channels {@code notify.*} configures, by name; a channel whose settings are absent is not there. */
final class Channels {

    private Channels() {}

    static Map<String, Channel> from(Settings s, ObjectMapper json) throws ConfigError {
        Map<String, Channel> out = new LinkedHashMap<>();
        if (!s.text(Key.NOTIFY_WEBHOOK_URL).isEmpty()) {
            out.put(
                    "webhook",
                    new WebhookChannel(
                            "webhook",
                            WebhookChannel.Format.TEJUN,
                            URI.create(s.text(Key.NOTIFY_WEBHOOK_URL)),
                            s.secret(Key.NOTIFY_WEBHOOK_SECRET, Key.NOTIFY_WEBHOOK_SECRET_FILE),
                            json));
        }
        chat(s, json, "slack", WebhookChannel.Format.SLACK, Key.NOTIFY_SLACK_URL, Key.NOTIFY_SLACK_URL_FILE, out);
        chat(s, json, "teams", WebhookChannel.Format.TEAMS, Key.NOTIFY_TEAMS_URL, Key.NOTIFY_TEAMS_URL_FILE, out);
        if (!s.text(Key.NOTIFY_SMTP_HOST).isEmpty()) {
            if (s.text(Key.NOTIFY_SMTP_FROM).isEmpty()) {
                throw new ConfigError(s.where(Key.NOTIFY_SMTP_HOST) + ": notify.smtp.host: mail needs notify.smtp.from"
                        + " too (the sender's address)");
            }
            boolean startTls = s.isTrue(Key.NOTIFY_SMTP_START_TLS);
            out.put(
                    "email",
                    new MailChannel(new MailChannel.Server(
                            s.text(Key.NOTIFY_SMTP_HOST),
                            Integer.parseInt(s.text(Key.NOTIFY_SMTP_PORT)),
                            startTls,
                            startTls ? s.trusting(Key.NOTIFY_SMTP_CA_FILE) : null,
                            s.text(Key.NOTIFY_SMTP_USER),
                            s.secret(Key.NOTIFY_SMTP_PASSWORD, Key.NOTIFY_SMTP_PASSWORD_FILE),
                            s.text(Key.NOTIFY_SMTP_FROM))));
        }
        return out;
    }

    private static void chat(
            Settings s,
            ObjectMapper json,
            String name,
            WebhookChannel.Format format,
            Key url,
            Key file,
            Map<String, Channel> out)
            throws ConfigError {
        String u = s.secret(url, file);
        if (u.isEmpty()) {
            return;
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
        out.put(name, new WebhookChannel(name, format, uri, "", json));
    }
}
