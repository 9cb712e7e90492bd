package dev.tejun.server.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code tejun.yaml}: nested sections ({@code server: {tls: {keystore: …}}}) or dotted keys ({@code
 * server.port: 7070}), scalars or lists of scalars. The parser's token locations give each value its line, so every
 * complaint names the file, the line and the key. Unknown keys and repeated keys are refused, never ignored: a
 * misspelt {@code server.trusted-proxy} would otherwise leave the forwarded headers untrusted without a word. The one
 * section of names chosen by the user is {@code notify.channels} ({@link NamedChannel}).
 */
public final class ConfigFile {

    private static final YAMLFactory YAML = new YAMLFactory();
    private static final String CHANNELS = "notify.channels";

    private ConfigFile() {}

    /** Everything a config file holds: the settings, and the named notification channels. */
    public record Contents(Map<Key, Value> values, List<NamedChannel> channels) {

        public static final Contents NONE = new Contents(Map.of(), List.of());
    }

    /** The values in {@code file}, each with where it was written (its named channels: {@link #readAll}). */
    public static Map<Key, Value> read(Path file) throws ConfigError {
        return readAll(file).values();
    }

    /** The values in {@code text} (its named channels: {@link #parseAll}). */
    public static Map<Key, Value> parse(String name, String text) throws ConfigError {
        return parseAll(name, text).values();
    }

    /** Everything in {@code file}. */
    public static Contents readAll(Path file) throws ConfigError {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigError(file + ": no such config file");
        } catch (IOException e) {
            throw new ConfigError(file + ": cannot read: " + e.getMessage());
        }
        return parseAll(file.toString(), text);
    }

    /** Everything in {@code text}; {@code name} is what messages call the file. */
    public static Contents parseAll(String name, String text) throws ConfigError {
        Map<Key, Value> out = new LinkedHashMap<>();
        List<NamedChannel.Raw> channels = new ArrayList<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return Contents.NONE; // an empty file: every default
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigError(name + ":" + line(p) + ": the file must be a mapping of settings (key: value)");
            }
            readSection(p, name, "", out, channels);
        } catch (IOException e) {
            throw new ConfigError(
                    name + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        List<NamedChannel> named = new ArrayList<>();
        for (NamedChannel.Raw raw : channels) {
            named.add(NamedChannel.of(raw));
        }
        return new Contents(out, List.copyOf(named));
    }

    private static void readSection(
            JsonParser p, String file, String prefix, Map<Key, Value> out, List<NamedChannel.Raw> channels)
            throws IOException, ConfigError {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix + p.currentName();
            int line = line(p);
            String where = file + ":" + line;
            JsonToken t = p.nextToken();
            if (key.equals(CHANNELS)) {
                if (t != JsonToken.START_OBJECT) {
                    throw new ConfigError(where + ": " + key + ": a mapping of channel names is expected");
                }
                readChannels(p, file, channels);
                continue;
            }
            if (t == JsonToken.START_OBJECT) {
                if (!Key.isSection(key)) {
                    throw new ConfigError(where + ": " + key + ": unknown section" + hint(key));
                }
                readSection(p, file, key + ".", out, channels);
                continue;
            }
            Key k = Key.named(key)
                    .orElseThrow(() -> new ConfigError(where + ": " + key + ": unknown setting" + hint(key)));
            if (out.containsKey(k)) {
                throw new ConfigError(where + ": " + key + ": set twice (first on line "
                        + out.get(k).where().substring(file.length() + 1) + ")");
            }
            out.put(k, new Value(k, values(p, t, where, key), where));
        }
    }

    /** {@code notify.channels: {NAME: {kind: webhook, url: …}, …}}: each channel's keys as written. */
    private static void readChannels(JsonParser p, String file, List<NamedChannel.Raw> channels)
            throws IOException, ConfigError {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            String where = file + ":" + line(p);
            if (channels.stream().anyMatch(c -> c.name().equals(name))) {
                throw new ConfigError(where + ": " + CHANNELS + "." + name + ": named twice");
            }
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ConfigError(where + ": " + CHANNELS + "." + name + ": its settings are expected (kind: …)");
            }
            Map<String, NamedChannel.Written> keys = new LinkedHashMap<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                String at = file + ":" + line(p);
                String full = CHANNELS + "." + name + "." + key;
                JsonToken t = p.nextToken();
                if (t == JsonToken.START_OBJECT) {
                    throw new ConfigError(at + ": " + full + ": a plain value is expected");
                }
                if (keys.containsKey(key)) {
                    throw new ConfigError(at + ": " + full + ": set twice");
                }
                keys.put(key, new NamedChannel.Written(values(p, t, at, full), at));
            }
            channels.add(new NamedChannel.Raw(name, where, keys));
        }
    }

    private static List<String> values(JsonParser p, JsonToken t, String where, String key)
            throws IOException, ConfigError {
        List<String> values = new ArrayList<>();
        if (t == JsonToken.START_ARRAY) {
            for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                if (e == null) {
                    throw new ConfigError(where + ": " + key + ": the list is not closed");
                }
                if (!e.isScalarValue()) {
                    throw new ConfigError(where + ": " + key + ": a list of plain values is expected");
                }
                values.add(p.getText());
            }
        } else if (t == JsonToken.VALUE_NULL) {
            return values; // "key:" with nothing after it: the default
        } else {
            values.add(p.getText());
        }
        return values;
    }

    private static String hint(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        return java.util.Arrays.stream(Key.values())
                .map(Key::key)
                .filter(k -> k.endsWith("." + last) || k.equals(last))
                .findFirst()
                .map(k -> " (did you mean " + k + "?)")
                .orElse(" (the settings are listed in the README's configuration reference)");
    }

    private static int line(JsonParser p) {
        return p.currentTokenLocation().getLineNr();
    }
}
