package dev.tejun.kernel.exec.jupyter;

import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.ExecutorFactory;
import dev.tejun.kernel.exec.SessionContext;
import dev.tejun.kernel.template.PythonQuoting;
import dev.tejun.kernel.template.Quoting;
import dev.tejun.kernel.template.Refusing;
import java.util.Set;

/**
 * Cells run by Jupyter kernels: {@code python} (ipykernel, or another Python kernel by {@code kernel=}), whose
 * {@code ${…}} values become Python literals; and {@code jupyter}, any installed kernel by {@code kernel=NAME}, whose
 * language Tejun cannot quote for, so only {@code ${raw:…}} references are allowed there.
 */
public final class JupyterExecutorFactory implements ExecutorFactory {

    static final String PYTHON = "python";
    static final String ANY = "jupyter";

    private final String language;
    private final KernelSpecs specs;

    private JupyterExecutorFactory(String language, KernelSpecs specs) {
        this.language = language;
        this.specs = specs;
    }

    /** {@code python} cells, with the kernels installed on this machine. */
    public static JupyterExecutorFactory python() {
        return new JupyterExecutorFactory(PYTHON, KernelSpecs.installed(System.getenv()));
    }

    /** {@code jupyter} cells, with the kernels installed on this machine. */
    public static JupyterExecutorFactory anyKernel() {
        return new JupyterExecutorFactory(ANY, KernelSpecs.installed(System.getenv()));
    }

    @Override
    public Set<String> languages() {
        return Set.of(language);
    }

    @Override
    public Executor create(SessionContext session) {
        return new JupyterExecutor(
                new KernelChoice(specs, new DefaultKernel(session.runbook())), session.sandbox(), session.workDir());
    }

    @Override
    public Quoting quoting() {
        return PYTHON.equals(language) ? PythonQuoting.INSTANCE : Refusing.INSTANCE;
    }
}
