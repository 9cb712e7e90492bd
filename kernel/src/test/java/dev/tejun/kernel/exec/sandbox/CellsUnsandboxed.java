package dev.tejun.kernel.exec.sandbox;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes older than the cell sandbox whose cells prove they ran by writing marker files into the test's
 * temp folder, which a sandboxed cell cannot reach: their cells run with {@code TEJUN_CELL_SANDBOX=none}. What the
 * sandbox keeps out is tested in {@link CellIsolationTest} and {@link CellSandboxModesTest}.
 */
public final class CellsUnsandboxed implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        System.setProperty(CellSandbox.MODE_PROPERTY, "none");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.clearProperty(CellSandbox.MODE_PROPERTY);
    }
}
