package dev.tejun.kernel.flow;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waiting in the flow tests for what another thread does: polled, failing after {@link #WAIT}. */
final class Waits {

    static final Duration WAIT = Duration.ofSeconds(60);

    private Waits() {}

    static void until(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never: " + what);
            }
            Thread.sleep(20);
        }
    }
}
