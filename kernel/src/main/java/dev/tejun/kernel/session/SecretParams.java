package dev.tejun.kernel.session;

import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.secret.Masker;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The params a runbook marks {@code secret: true}, as a run's evidence and output must hide them. */
final class SecretParams {

    private SecretParams() {}

    /**
     * Masks the values of params marked {@code secret: true}: the secrets this run was given. Only those: a masker
     * that knew every secret of the CMDB would tell a cell printing a guess whether the guess was right. Executors
     * that are given more (ssh and ansible: their hosts' credentials) mask those themselves.
     */
    static Masker masker(Runbook runbook, Map<String, String> params) {
        List<String> out = new ArrayList<>();
        params.forEach((k, v) -> {
            ParamSpec spec = runbook.metadata().params().get(k);
            if (spec != null && spec.secret() && v != null && !v.isBlank()) {
                out.add(v);
            }
        });
        return Masker.of(out);
    }

    /** The params as evidence records them: a secret one as {@code ****}. */
    static Map<String, String> masked(Runbook runbook, Map<String, String> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> {
            ParamSpec spec = runbook.metadata().params().get(k);
            out.put(k, spec != null && spec.secret() ? "****" : v);
        });
        return out;
    }
}
