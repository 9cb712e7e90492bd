package dev.tejun.kernel.evidence;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Work on many runs' folders at once (verify hashing their files, prune removing their output): each run's files are
 * independent of the others', and most of the time goes to the disk and hashing, so a few threads over a thousand
 * runs finish several times sooner than one. A few, not one per run, so a prune leaves the server room to serve.
 */
public final class RunsInParallel {

    /** One step on one run. */
    @FunctionalInterface
    public interface Step<T, R> {
        R apply(T item) throws IOException;
    }

    private RunsInParallel() {}

    /** {@code step} applied to every item, the answers in the items' order; the first failure is thrown. */
    public static <T, R> List<R> map(List<T> items, Step<T, R> step) throws IOException {
        List<Callable<R>> work = new ArrayList<>(items.size());
        for (T item : items) {
            work.add(() -> step.apply(item));
        }
        int threads =
                Math.min(Math.max(1, items.size()), 2 * Runtime.getRuntime().availableProcessors() + 2);
        List<R> out = new ArrayList<>(items.size());
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (Future<R> f : pool.invokeAll(work)) {
                out.add(f.get());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        return out;
    }
}
