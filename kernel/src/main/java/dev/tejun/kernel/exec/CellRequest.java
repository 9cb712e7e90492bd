package dev.tejun.kernel.exec;

import dev.tejun.kernel.runbook.Attributes;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One cell to run, after substitution.
 *
 * @param timeout null when the cell has no timeout
 * @param env     extra environment variables for processes the cell starts
 * @param params  the run's parameter values (name → value), for executors that hand them on as a whole, such as
 *                Ansible's extra vars and Terraform's tfvars
 * @param user    who started the run (the notebook user), or null when nobody is known (tests, benches); an
 *                executor that acts on the user's behalf elsewhere, such as a {@code flow} cell, records it
 * @param via     the interface the run was started through ({@code web}, {@code api}, {@code cli}, …), or null
 * @param bound     values {@code code} refers to by position (SQL {@code ?}), from the executor's quoting
 * @param variables values {@code code} refers to by name (Ansible extra vars, to be written {@code !unsafe})
 * @param secrets   the secret values the run was given (its {@code secret: true} params): the output reaching the
 *                  executor is masked already, and an executor that writes files of its own beside it (logs, inputs
 *                  kept in evidence) masks these there too
 */
public record CellRequest(
        String runId,
        String cellId,
        String language,
        String code,
        Attributes attributes,
        Path workDir,
        Duration timeout,
        Map<String, String> env,
        Map<String, String> params,
        String user,
        String via,
        List<String> bound,
        Map<String, String> variables,
        List<String> secrets) {

    public CellRequest {
        params = params == null ? Map.of() : Map.copyOf(params);
        bound = bound == null ? List.of() : List.copyOf(bound);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        secrets = secrets == null ? List.of() : List.copyOf(secrets);
    }

    /** A request whose starter is not known. */
    public CellRequest(
            String runId,
            String cellId,
            String language,
            String code,
            Attributes attributes,
            Path workDir,
            Duration timeout,
            Map<String, String> env,
            Map<String, String> params) {
        this(
                runId,
                cellId,
                language,
                code,
                attributes,
                workDir,
                timeout,
                env,
                params,
                null,
                null,
                List.of(),
                Map.of(),
                List.of());
    }

    /** A request without parameters. */
    public CellRequest(
            String runId,
            String cellId,
            String language,
            String code,
            Attributes attributes,
            Path workDir,
            Duration timeout,
            Map<String, String> env) {
        this(runId, cellId, language, code, attributes, workDir, timeout, env, Map.of());
    }
}
