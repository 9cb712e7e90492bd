package dev.tejun.kernel.session;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Params as environment variables for the processes a cell starts: {@code TEJUN_PARAM_<NAME>}, the name upper-cased
 * and every character outside {@code [A-Z0-9_]} made {@code _}. A script can use {@code "$TEJUN_PARAM_ENV"}, which
 * no value can turn into code.
 */
final class ParamEnvironment {

    static final String PREFIX = "TEJUN_PARAM_";
    /** Linux refuses to start a process with one environment string ({@code NAME=value}) longer than this. */
    private static final int MAX_STRING = 128 * 1024;

    private ParamEnvironment() {}

    static Map<String, String> of(Map<String, String> params) {
        Map<String, String> env = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            // a value with a NUL, or too long to start a process with, reaches the cell through its reference only
            String key = name(name);
            if (value != null
                    && value.indexOf('\0') < 0
                    && key.length() + 2 + value.getBytes(StandardCharsets.UTF_8).length <= MAX_STRING) {
                env.put(key, value);
            }
        });
        return env;
    }

    static String name(String param) {
        return PREFIX + param.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }
}
