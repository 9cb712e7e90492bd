package dev.tejun.kernel.session;

import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.secret.Masker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The params a runbook marks {@code secret: true}, as a run's evidence and output must hide them. */
final class SecretParams {

    private SecretParams() {}

    /**
     * Masks the values of params marked {@code secret: true}: the secrets this run was given. Only those: a masker
     * that knew every secret of the CMDB would tell a cell printing a guess whether the guess was right. Executors
     * that are given more (ssh and ansible: their hosts' credentials) mask those themselves.
     */
    static Masker masker(Runbook runbook, Map<String, String> params, Set<String> alsoSecret) {
        List<String> out = new ArrayList<>();
        params.forEach((k, v) -> {
            if (secret(runbook, k, alsoSecret) && v != null && !v.isBlank()) {
                out.add(v);
            }
        });
        return Masker.of(out);
    }

    /** The params as evidence records them: a secret one as {@code ****}. */
    static Map<String, String> masked(Runbook runbook, Map<String, String> params, Set<String> alsoSecret) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, secret(runbook, k, alsoSecret) ? "****" : v));
        return out;
    }

    /**
     * Secret when the runbook says so, or when whoever started the run says the value is one ({@code alsoSecret}: a
     * flow passing its secret param to a runbook that takes it as a plain one).
     */
    private static boolean secret(Runbook runbook, String name, Set<String> alsoSecret) {
        ParamSpec spec = runbook.metadata().params().get(name);
        return (spec != null && spec.secret()) || alsoSecret.contains(name);
    }
}
