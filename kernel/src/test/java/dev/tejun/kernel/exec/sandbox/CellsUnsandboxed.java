package dev.tejun.kernel.exec.sandbox;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For test classes whose cells prove something by writing files into the test's temp folder, which a sandboxed cell
 * cannot reach: marker files of tests older than the sandbox, and the canary of the values-are-data attack tests
 * (under the sandbox a successful injection could not create it, and the test could not fail). Their cells run
 * with {@code TEJUN_CELL_SANDBOX=none}. What the sandbox keeps out is tested in {@link CellIsolationTest},
 * {@link CellSandboxModesTest} and the server's {@code security.CellIsolationServerTest}.
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
