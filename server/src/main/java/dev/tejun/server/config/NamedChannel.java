package dev.tejun.server.config;

import java.util.List;
import java.util.Map;

/**
 * One channel of {@code notify.channels.NAME} in {@code tejun.yaml}: a second webhook or mail relay beside the ones
 * {@code notify.webhook.*}, {@code notify.slack.*}, {@code notify.teams.*} and {@code notify.smtp.*} configure. Its
 * {@code kind} picks which of those sections its keys are read as ({@code url} of a webhook is {@code
 * notify.webhook.url}), so each is checked as that key is.
 *
 * <p>Its secrets (a webhook's {@code secret}, a chat channel's {@code url}, a relay's {@code password}) are never
 * written in the file: a {@code …-file} key, or the environment variable {@code TEJUN_NOTIFY_CHANNELS_NAME_KEY} (the
 * channel's name and the key upper-cased, {@code -} as {@code _}: {@code TEJUN_NOTIFY_CHANNELS_RELAY_OSAKA_PASSWORD}),
 * which also overrides any other key of the channel as {@code TEJUN_…} variables override the file; or
 * {@code credential:NAME}, a row of the CMDB sheet {@code credentials} (stored encrypted, revealed at each send).
 *
 * @param settings its keys as settings of its kind (every other key at its default)
 * @param where    where its section starts, for messages about it
 * @param written  its keys as the file wrote them, before the environment
 */
public record NamedChannel(String name, Kind kind, Settings settings, String where, Map<Key, Value> written) {

    /** The kinds of channel, and the section each one's keys belong to. */
    public enum Kind {
        WEBHOOK("notify.webhook"),
        SLACK("notify.slack"),
        TEAMS("notify.teams"),
        EMAIL("notify.smtp");

        final String section;

        Kind(String section) {
            this.section = section;
        }

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static List<String> words() {
            return java.util.Arrays.stream(values()).map(Kind::wire).toList();
        }
    }

    /** A channel section as read: each key with its words and where it was written. */
    record Raw(String name, String where, Map<String, Written> keys) {}

    /** One key of a channel section as read. */
    record Written(List<String> words, String where) {}

    /** The channel {@code raw} describes, its keys checked as its kind's. */
    static NamedChannel of(Raw raw) throws ConfigError {
        String at = raw.where() + ": notify.channels." + raw.name();
        if (!raw.name().matches("[a-z0-9][a-z0-9_-]{0,19}")) {
            throw new ConfigError(at + ": a channel name is up to 20 lower-case letters, digits, - and _");
        }
        Written kindWord = raw.keys().get("kind");
        if (kindWord == null
                || kindWord.words().size() != 1
                || !Kind.words().contains(kindWord.words().getFirst())) {
            throw new ConfigError(at + ".kind: one of " + String.join(", ", Kind.words()) + " is needed");
        }
        Kind kind = Kind.valueOf(kindWord.words().getFirst().toUpperCase(java.util.Locale.ROOT));
        Map<Key, Value> values = new java.util.LinkedHashMap<>();
        for (var e : raw.keys().entrySet()) {
            if (e.getKey().equals("kind")) {
                continue;
            }
            Key k = Key.named(kind.section + "." + e.getKey())
                    .orElseThrow(() -> new ConfigError(e.getValue().where() + ": notify.channels." + raw.name() + "."
                            + e.getKey() + ": not a setting of a " + kind.wire() + " channel (those are the "
                            + kind.section + ".* keys)"));
            if (k.kind() == Key.Kind.SECRET
                    && !(e.getValue().words().size() == 1
                            && k.namesCredential(e.getValue().words().getFirst()))) {
                throw new ConfigError(e.getValue().where() + ": notify.channels." + raw.name() + "." + e.getKey()
                        + ": a secret is not written into the config file: use " + e.getKey() + "-file or the"
                        + " environment variable " + variable(raw.name(), e.getKey())
                        + ", or credential:NAME (the CMDB sheet credentials)");
            }
            values.put(
                    k,
                    new Value(k, e.getValue().words(), e.getValue().where() + " (notify.channels." + raw.name() + ")"));
        }
        return new NamedChannel(raw.name(), kind, Settings.of(values, Map.of(), Map.of()), raw.where(), values);
    }

    /** The environment variable of key {@code key} ({@code password}) of channel {@code name}. */
    public static String variable(String name, String key) {
        return ("TEJUN_NOTIFY_CHANNELS_" + name + "_" + key)
                .toUpperCase(java.util.Locale.ROOT)
                .replace('-', '_');
    }

    /** This channel with its keys read from the environment too ({@link #variable}), as {@code env} holds them. */
    NamedChannel withEnvironment(Map<String, String> env) throws ConfigError {
        Map<Key, Value> values = new java.util.LinkedHashMap<>(written);
        for (Key k : Key.values()) {
            if (k.key().startsWith(kind.section + ".")) {
                String var = variable(name, k.key().substring(kind.section.length() + 1));
                String v = env.get(var);
                if (v != null) {
                    values.put(k, new Value(k, v.isBlank() ? List.of() : List.of(v.strip()), "environment " + var));
                }
            }
        }
        return values.equals(written)
                ? this
                : new NamedChannel(name, kind, Settings.of(values, Map.of(), Map.of()), where, written);
    }
}
