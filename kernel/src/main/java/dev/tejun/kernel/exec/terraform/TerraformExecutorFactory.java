package dev.tejun.kernel.exec.terraform;

import dev.tejun.cmdb.store.CmdbStore;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.template.HclQuoting;
import dev.tejun.kernel.template.Quoting;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/** {@code terraform} cells; the binary is {@code TEJUN_TERRAFORM}, else {@code terraform} or {@code tofu} on PATH. */
public final class TerraformExecutorFactory implements ExecutorFactory {

    private final CmdbStore cmdb;
    private final Path runbooksDir;
    private final Map<String, String> environment;

    public TerraformExecutorFactory(CmdbStore cmdb, Path runbooksDir) {
        this(cmdb, runbooksDir, System.getenv());
    }

    /** @param environment where {@code TEJUN_TERRAFORM} and {@code PATH} are read (the process's, except in tests) */
    public TerraformExecutorFactory(CmdbStore cmdb, Path runbooksDir, Map<String, String> environment) {
        this.cmdb = cmdb;
        this.runbooksDir = runbooksDir;
        this.environment = Map.copyOf(environment);
    }

    @Override
    public Set<String> languages() {
        return Set.of("terraform");
    }

    @Override
    public Executor create(SessionContext session) {
        return new TerraformExecutor(cmdb, session, runbooksDir, environment);
    }

    @Override
    public Quoting quoting() {
        return HclQuoting.INSTANCE;
    }
}
