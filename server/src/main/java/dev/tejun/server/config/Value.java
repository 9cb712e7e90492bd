package dev.tejun.server.config;

import java.util.List;

/**
 * One setting as written: its words (one, or a list's items) and where it was written ({@code tejun.yaml:4},
 * {@code environment TEJUN_SERVER_PORT}, {@code --port}), for the message when it is wrong.
 */
public record Value(Key key, List<String> words, String where) {

    public Value {
        words = List.copyOf(words);
    }

    /** The one word, or empty for an empty list. */
    public String text() {
        return words.isEmpty() ? "" : String.join(",", words);
    }

    ConfigError wrong(String problem) {
        return new ConfigError(where + ": " + key.key() + ": " + problem);
    }
}
