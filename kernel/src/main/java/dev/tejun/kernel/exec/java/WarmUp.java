package dev.tejun.kernel.exec.java;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Gets javac's code compiled by the JIT before users' edited cells need it. In a fresh JVM the first few hundred
 * compiles of a one-line snippet take several times as long as later ones, and it takes a few thousand before the
 * JIT has compiled javac's hot paths; a server that has run no java cell yet, or few, would make its users wait
 * out that slope. So, once per JVM, from the first time a JShell agent is made ready, a background thread compiles
 * throw-away snippets of the forms cells take ({@link QuickSnippets}, a context of its own): {@value #ROUNDS}
 * rounds, each a few snippets.
 * <p>
 * It works only while no java cell runs and none has run for {@value #IDLE_MS} ms, so it never competes with a cell
 * for the CPU; it stops for good after its rounds. Only with a reused compiler context ({@link QuickJavac}): with
 * fresh tasks the cost is the context, which warming does not change.
 */
final class WarmUp {

    static final int ROUNDS = 1000;

    static final long IDLE_MS = 1000;

    private static final AtomicBoolean STARTED = new AtomicBoolean();
    private static final AtomicInteger RUNNING_CELLS = new AtomicInteger();
    private static volatile long lastCell = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(IDLE_MS);
    private static volatile int done;

    private WarmUp() {}

    /** Starts the warm-up, the first time only. */
    static void startOnce() {
        if (!QuickJavac.reusesContexts() || !STARTED.compareAndSet(false, true)) {
            return;
        }
        Thread.ofPlatform()
                .daemon()
                .name("java-cells-warm-up")
                .priority(Thread.MIN_PRIORITY)
                .start(WarmUp::run);
    }

    /** A java cell starts: the warm-up waits until it ends and the server has been idle a while. */
    static void cellStarted() {
        RUNNING_CELLS.incrementAndGet();
        lastCell = System.nanoTime();
    }

    static void cellEnded() {
        lastCell = System.nanoTime();
        RUNNING_CELLS.decrementAndGet();
    }

    /** How many rounds the warm-up has compiled: a figure for tests. */
    static int rounds() {
        return done;
    }

    private static void run() {
        QuickSnippets warm = new QuickSnippets(null, new ReplClasses());
        try {
            for (int i = 0; i < ROUNDS; i++) {
                awaitIdle();
                // the forms a cell's snippet takes, and what javac does most for them: constant folding, string
                // concatenation (an indy call site), a method call that may be void, a lambda, a statement
                warm.compile("1 + " + i);
                warm.compile("\"n\" + " + i + " + \"=\" + Integer.toHexString(" + i + ")");
                warm.compile("System.out.println(" + i + ")");
                warm.compile("java.util.List.of(" + i + ", 2).stream().mapToInt(x -> x * 2).sum()");
                warm.compile("if (" + i + " < 0) { System.out.println(\"" + i + "\"); }");
                done = i + 1;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            warm.close();
        }
    }

    private static void awaitIdle() throws InterruptedException {
        long idle = TimeUnit.MILLISECONDS.toNanos(IDLE_MS);
        while (RUNNING_CELLS.get() > 0 || System.nanoTime() - lastCell < idle) {
            Thread.sleep(IDLE_MS / 4);
        }
    }
}
