package dev.tejun.kernel.exec.sandbox;

import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a cell's environment holds, in every sandbox mode: PATH, HOME (its work folder), LANG, LC_*, TZ, TERM, the
 * cell user's name, what its request carries and the server variables it names in {@code env=} — never the
 * server's own {@code TEJUN_*} (the admin password among them).
 */
final class CellEnvironment {

    private static final List<String> PASSED = List.of("PATH", "LANG", "TZ", "TERM");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";

    private final Map<String, String> serverEnv;
    /** The account cells run as, or null. */
    private final CellUser user;

    CellEnvironment(Map<String, String> serverEnv, CellUser user) {
        this.serverEnv = Map.copyOf(serverEnv);
        this.user = user;
    }

    /**
     * The environment of a cell, its HOME in {@code home}: the basics, the server variables its {@code env=}
     * attribute names, and {@code cellEnv} (its request's: {@code TEJUN_PARAM_*} and the like).
     *
     * @throws IllegalArgumentException when {@code env=} names something a cell may not have
     */
    Map<String, String> of(Attributes attributes, Map<String, String> cellEnv, Path home) {
        Map<String, String> env = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : serverEnv.entrySet()) {
            if (PASSED.contains(e.getKey()) || e.getKey().startsWith("LC_")) {
                env.put(e.getKey(), e.getValue());
            }
        }
        env.putIfAbsent("PATH", DEFAULT_PATH);
        env.put("HOME", home.toString());
        if (user != null) {
            env.put("USER", user.name());
            env.put("LOGNAME", user.name());
        }
        String declared = attributes == null
                ? null
                : attributes.get(CellSandbox.ENV_ATTRIBUTE).orElse(null);
        if (declared != null) {
            for (String name : declared.trim().split("[\\s,]+")) {
                if (name.isEmpty()) {
                    continue;
                }
                if (!NAME.matcher(name).matches() || name.startsWith("TEJUN_")) {
                    throw new IllegalArgumentException(
                            CellSandbox.ENV_ATTRIBUTE + "=" + name + ": a cell may name the server's"
                                    + " environment variables, but not the server's own TEJUN_ settings");
                }
                Optional.ofNullable(serverEnv.get(name)).ifPresent(v -> env.put(name, v));
            }
        }
        if (cellEnv != null) {
            env.putAll(cellEnv);
        }
        return env;
    }
}
