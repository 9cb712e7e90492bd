package dev.tejun.kernel.preview;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.ExecutorRegistry;
import dev.tejun.kernel.exec.Output;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.exec.cmdb.CmdbScope;
import dev.tejun.kernel.exec.cmdb.HostQuery;
import dev.tejun.kernel.exec.remote.CellSettings;
import dev.tejun.kernel.exec.remote.HostTargets;
import dev.tejun.kernel.runbook.Attributes;
import dev.tejun.kernel.template.Quoting;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The executors of a preview: every cell shows its text as it would run (after substitution, values quoted as
 * data) and runs nothing, except what is safe by construction — an {@code ansible} cell runs with
 * {@code --check --diff} (its inventory and host_vars are kept in evidence as in any run), a {@code terraform} cell
 * runs {@code plan} only; {@code ssh} and {@code dialog} cells list the hosts they would reach.
 */
public final class Previews {

    /** The first line of every cell's preview output. */
    public static final String HEADER = "preview: not run";

    private Previews() {}

    /** The preview executors for every language {@code real} offers; {@code cmdb} resolves host patterns. */
    public static ExecutorRegistry of(ExecutorRegistry real, CmdbStore cmdb) {
        Map<ExecutorFactory, Boolean> seen = new IdentityHashMap<>();
        List<ExecutorFactory> out = new ArrayList<>();
        for (String language : real.languages()) {
            ExecutorFactory f = real.forLanguage(language).orElseThrow();
            if (seen.put(f, true) == null) {
                out.add(new Factory(f, cmdb));
            }
        }
        return new ExecutorRegistry(out);
    }

    private record Factory(ExecutorFactory real, CmdbStore cmdb) implements ExecutorFactory {
        @Override
        public Set<String> languages() {
            return real.languages();
        }

        @Override
        public Executor create(SessionContext session) {
            return new PreviewExecutor(real, session, cmdb);
        }

        @Override
        public Quoting quoting() {
            return real.quoting(); // the text shown is the text that would run, quoted the same way
        }
    }

    private static final class PreviewExecutor implements Executor {
        private final ExecutorFactory real;
        private final SessionContext session;
        private final CmdbStore cmdb;
        private Executor delegate;

        PreviewExecutor(ExecutorFactory real, SessionContext session, CmdbStore cmdb) {
            this.real = real;
            this.session = session;
            this.cmdb = cmdb;
        }

        @Override
        public CellOutcome execute(CellRequest request, Output output) {
            String language = request.language();
            Map<String, String> values = new HashMap<>(request.attributes().values());
            if (language.equals("ansible")) {
                values.put("check", "true"); // --check --diff: Ansible reports what it would change, changes nothing
                output.stdout(HEADER + ": ansible-playbook --check --diff\n");
                return real(request, values, output);
            }
            if (language.equals("terraform")) {
                values.remove("apply"); // plan only
                output.stdout(HEADER + ": terraform plan\n");
                return real(request, values, output);
            }
            output.stdout(HEADER + "\n");
            if (language.equals("ssh") || language.equals("dialog")) {
                try {
                    CmdbScope scope = CmdbScope.of(request, cmdb);
                    List<String> hosts = HostTargets.select(
                                    cmdb.inventory(scope.operation(), scope.asOf()),
                                    values.get("hosts"),
                                    new HostQuery(cmdb, scope))
                            .stream()
                            .map(h -> h.name())
                            .toList();
                    output.stdout("hosts (" + hosts.size() + "): " + String.join(", ", hosts) + "\n");
                } catch (CellSettings.Refused e) {
                    return CellOutcome.failed(null, e.getMessage());
                }
            }
            output.stdout("--- " + language + " as it would run ---\n" + request.code()
                    + (request.code().endsWith("\n") ? "" : "\n"));
            return CellOutcome.ok(null, null);
        }

        private CellOutcome real(CellRequest request, Map<String, String> values, Output output) {
            if (delegate == null) {
                delegate = real.create(session);
            }
            Attributes a = request.attributes();
            return delegate.execute(
                    new CellRequest(
                            request.runId(),
                            request.cellId(),
                            request.language(),
                            request.code(),
                            new Attributes(a.id(), a.classes(), values),
                            request.workDir(),
                            request.timeout(),
                            request.env(),
                            request.params(),
                            request.user(),
                            request.via(),
                            request.bound(),
                            request.variables(),
                            request.secrets()),
                    output);
        }

        @Override
        public void close() {
            if (delegate != null) {
                delegate.close();
            }
        }
    }
}
