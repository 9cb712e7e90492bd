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
 * misspelt {@code server.trusted-proxy} would otherwise leave the forwarded headers untrusted without a word.
 */
public final class ConfigFile {

    private static final YAMLFactory YAML = new YAMLFactory();

    private ConfigFile() {}

    /** The values in {@code file}, each with where it was written. */
    public static Map<Key, Value> read(Path file) throws ConfigError {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigError(file + ": no such config file");
        } catch (IOException e) {
            throw new ConfigError(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    /** The values in {@code text}; {@code name} is what messages call the file. */
    public static Map<Key, Value> parse(String name, String text) throws ConfigError {
        Map<Key, Value> out = new LinkedHashMap<>();
        try (JsonParser p = YAML.createParser(text)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return out; // an empty file: every default
            }
            if (first != JsonToken.START_OBJECT) {
                throw new ConfigError(name + ":" + line(p) + ": the file must be a mapping of settings (key: value)");
            }
            readSection(p, name, "", out);
        } catch (IOException e) {
            throw new ConfigError(
                    name + ": not YAML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        return out;
    }

    private static void readSection(JsonParser p, String file, String prefix, Map<Key, Value> out)
            throws IOException, ConfigError {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = prefix + p.currentName();
            int line = line(p);
            String where = file + ":" + line;
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                if (!Key.isSection(key)) {
                    throw new ConfigError(where + ": " + key + ": unknown section" + hint(key));
                }
                readSection(p, file, key + ".", out);
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
