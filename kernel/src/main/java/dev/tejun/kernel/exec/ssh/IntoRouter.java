package dev.tejun.kernel.exec.ssh;

import dev.tejun.kernel.exec.CellOutcome;
import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.Executor;
import dev.tejun.kernel.exec.Output;

/**
 * An ssh cell with {@code into=SHEET} is a collector: it goes to {@code collecting} (the collect cells' executor,
 * which runs it through {@code plain} and stores the parsed output as actual state); any other ssh cell runs as is.
 */
record IntoRouter(Executor plain, Executor collecting) implements Executor {

    @Override
    public CellOutcome execute(CellRequest request, Output output) {
        return request.attributes().get("into").isPresent()
                ? collecting.execute(request, output)
                : plain.execute(request, output);
    }

    @Override
    public void close() {
        collecting.close(); // it closes plain, which it wraps
    }
}
