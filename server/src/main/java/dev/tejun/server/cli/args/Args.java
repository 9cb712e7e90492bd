package dev.tejun.server.cli.args;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Command-line words after the command: options with values, {@code -p k=v} params, and the rest. */
public record Args(Map<String, String> options, Map<String, String> params, List<String> positional) {

    /** Thrown for words that do not fit; the message is for the user. */
    public static final class UsageError extends Exception {
        public UsageError(String message) {
            super(message);
        }
    }

    public static Args parse(List<String> words, List<String> valued) throws UsageError {
        Map<String, String> options = new LinkedHashMap<>();
        Map<String, String> params = new LinkedHashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            // -o is the one short option: the usual spelling of --output.
            String w = words.get(i).equals("-o") ? "--output" : words.get(i);
            if (w.equals("-p") || w.equals("--param")) {
                if (i + 1 >= words.size()) {
                    throw new UsageError(w + " needs name=value");
                }
                String kv = words.get(++i);
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new UsageError("param '" + kv + "' is not name=value");
                }
                params.put(kv.substring(0, eq), kv.substring(eq + 1));
            } else if (w.startsWith("--")) {
                String name = w.substring(2);
                String value = null;
                int eq = name.indexOf('=');
                if (eq > 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                }
                if (!valued.contains(name)) {
                    throw new UsageError("unknown option --" + name);
                }
                if (value == null) {
                    if (i + 1 >= words.size()) {
                        throw new UsageError("--" + name + " needs a value");
                    }
                    value = words.get(++i);
                }
                options.put(name, value);
            } else {
                positional.add(w);
            }
        }
        return new Args(options, params, positional);
    }
}
