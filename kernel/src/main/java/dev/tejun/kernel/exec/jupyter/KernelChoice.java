package dev.tejun.kernel.exec.jupyter;

import dev.tejun.kernel.exec.CellRequest;
import java.util.Optional;

/**
 * Which installed kernel runs a cell: its {@code kernel=NAME} attribute, else the front matter's default, else (for
 * {@code python} cells) {@code python3}. A {@code python} cell only runs in a Python kernel, because its
 * {@code ${…}} values were written as Python literals; other kernels are named on {@code jupyter} cells.
 */
final class KernelChoice {

    static final String ATTRIBUTE = "kernel";

    private final KernelSpecs specs;
    private final DefaultKernel defaults;

    KernelChoice(KernelSpecs specs, DefaultKernel defaults) {
        this.specs = specs;
        this.defaults = defaults;
    }

    /** @throws IllegalArgumentException with what to do, when no installed kernel fits */
    KernelSpec spec(CellRequest request) {
        boolean python = JupyterExecutorFactory.PYTHON.equals(request.language());
        Optional<String> named = request.attributes().get(ATTRIBUTE).filter(s -> !s.isBlank());
        Optional<String> fromFrontMatter = defaults.name().filter(n -> !python || isPython(n));
        String name = named.or(() -> fromFrontMatter)
                .or(() -> python ? Optional.of(KernelSpecs.DEFAULT_PYTHON) : Optional.empty())
                .orElseThrow(() -> new IllegalArgumentException("a " + request.language()
                        + " cell names its kernel: {kernel=NAME} or 'kernel: NAME' in the front matter; installed: "
                        + String.join(", ", specs.names())));
        KernelSpec spec = specs.get(name)
                .orElseThrow(() -> new IllegalArgumentException("no Jupyter kernel '" + name + "' is installed here"
                        + (specs.names().isEmpty()
                                ? " (none is: install python3-ipykernel for python cells)"
                                : "; installed: " + String.join(", ", specs.names()))));
        if (python && !"python".equalsIgnoreCase(spec.language())) {
            throw new IllegalArgumentException("kernel " + name + " runs " + spec.language()
                    + ", not Python: write the cell as ```jupyter {kernel=" + name + "}");
        }
        return spec;
    }

    private boolean isPython(String name) {
        return specs.get(name).map(s -> "python".equalsIgnoreCase(s.language())).orElse(false);
    }
}
