package dev.tejun.kernel.session;

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

    private ParamEnvironment() {
    }

    static Map<String, String> of(Map<String, String> params) {
        Map<String, String> env = new LinkedHashMap<>();
        params.forEach((name, value) -> {
            // an environment variable cannot hold NUL; such a value still reaches the cell through its reference
            if (value != null && value.indexOf('\0') < 0) {
                env.put(name(name), value);
            }
        });
        return env;
    }

    static String name(String param) {
        return PREFIX + param.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9_]", "_");
    }
}
