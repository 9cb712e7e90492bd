package dev.tejun.kernel.guard.release;

import dev.tejun.kernel.folder.Releases;
import dev.tejun.kernel.format.RunbookFormat;
import dev.tejun.kernel.runbook.ParamSpec;
import dev.tejun.kernel.runbook.Runbook;
import dev.tejun.kernel.session.RunGuard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A run is a production run when one of its params takes a value the front matter marks {@code protected}:
 *
 * <pre>
 * params:
 *   env: { default: staging, enum: [staging, prod], protected: prod }
 * </pre>
 *
 * Such a run goes only when the text it runs is exactly what the release branch ({@link Releases#branch()}) holds,
 * so an edit saved on a working branch, or not committed at all, never runs in production before someone reviewed
 * and merged it. Runs with other values (staging) go as before. Asked before the first cell, whichever door started
 * the run (notebook, REST, CLI, schedule, flow); a file that cannot be checked is refused, never let through.
 */
public final class ReleaseGuard implements RunGuard {

    private final Releases releases;
    private final Function<String, Path> locate;

    /** {@code locate}: the file of a run's runbook name, as the sessions name it. */
    public ReleaseGuard(Releases releases, Function<String, Path> locate) {
        this.releases = releases;
        this.locate = locate;
    }

    /** The protected values this run takes, as {@code env=prod}; empty when it is no production run. */
    public static List<String> production(Runbook runbook, Map<String, String> params) {
        List<String> out = new ArrayList<>();
        for (ParamSpec spec : runbook.metadata().params().values()) {
            String value = params.get(spec.name());
            if (value == null || spec.protectedValues().isEmpty()) {
                continue;
            }
            // a multiple param's value is its choices joined by commas: one protected choice makes it production
            List<String> parts = List.of(value.split("\\s*,\\s*"));
            if (spec.protectedValues().contains(value) || parts.stream().anyMatch(spec.protectedValues()::contains)) {
                out.add(spec.name() + "=" + (spec.secret() ? "(secret)" : value));
            }
        }
        return out;
    }

    /** Null when this run may go; else why not and what to do. */
    public String refusal(String name, Runbook runbook, Map<String, String> params) {
        List<String> production = production(runbook, params);
        if (production.isEmpty()) {
            return null;
        }
        String what = "refused: " + String.join(", ", production) + " makes this a production run of " + name
                + ", which runs only as committed on the release branch " + releases.branch();
        try {
            byte[] content = RunbookFormat.write(runbook).getBytes(StandardCharsets.UTF_8);
            return releases.unreleased(locate.apply(name), content, what);
        } catch (IOException | RuntimeException e) {
            return what + ", and it could not be checked (" + e.getMessage() + ")";
        }
    }

    @Override
    public Held enter(String runId, String name, Runbook runbook, Map<String, String> params, BooleanSupplier stopped) {
        String refusal = refusal(name, runbook, params);
        if (refusal != null) {
            throw new IllegalStateException(refusal);
        }
        return Held.NONE;
    }

    /** A caller who asked not to wait learns the refusal before anything starts. */
    @Override
    public String busy(String name, Runbook runbook, Map<String, String> params) {
        return refusal(name, runbook, params);
    }
}
