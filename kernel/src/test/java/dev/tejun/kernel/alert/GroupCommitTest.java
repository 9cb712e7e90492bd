package dev.tejun.kernel.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.schedule.RunResult;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Concurrent posts share units (one transaction each on the server): while one unit is being written, the events of
 * the posts arriving meanwhile go into the next one; each post gets its own answers in order, and a bad event fails
 * only its own post.
 */
class GroupCommitTest {

    /** A ledger whose units behave as transactions: what a failed unit recorded is not kept. */
    private static final class Units implements EventLedger {
        final List<List<String>> committed = new CopyOnWriteArrayList<>();
        private final ThreadLocal<List<String>> open = new ThreadLocal<>();

        @Override
        public <T> T together(Supplier<T> work) {
            open.set(new ArrayList<>());
            try {
                T t = work.get();
                committed.add(List.copyOf(open.get()));
                return t;
            } finally {
                open.remove();
            }
        }

        void note(String what) {
            open.get().add(what);
        }

        @Override
        public long received(AlertEvent event, Instant at) {
            return 0;
        }

        @Override
        public void decided(long eventId, Decision decision, Instant at) {}

        @Override
        public void attempted(long eventId, int attempt, RunResult result, Instant at) {}
    }

    private static AlertEvent event(String name) {
        return new AlertEvent("am", AlertEvent.FIRING, Map.of("alertname", name), Map.of(), Map.of());
    }

    private final Units ledger = new Units();
    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch entered = new CountDownLatch(1);

    /** Records an event's name; the first one waits for {@link #release}; one named "bad" fails. */
    private final GroupCommit<String> commits = new GroupCommit<>(ledger, e -> {
        String name = e.labels().get("alertname");
        if (name.equals("first")) {
            entered.countDown(); // the first unit is open: later posts queue behind it
            try {
                release.await();
            } catch (InterruptedException ex) {
                throw new IllegalStateException(ex);
            }
        }
        if (name.equals("bad")) {
            throw new IllegalArgumentException("bad event");
        }
        ledger.note(name);
        return name + " stored";
    });

    private List<CompletableFuture<List<String>>> postWhileTheFirstUnitIsOpen(List<List<String>> posts)
            throws Exception {
        CompletableFuture<List<String>> first =
                CompletableFuture.supplyAsync(() -> commits.record(List.of(event("first")), r -> {}));
        List<CompletableFuture<List<String>>> all = new ArrayList<>(List.of(first));
        if (!entered.await(60, java.util.concurrent.TimeUnit.SECONDS)) {
            throw new AssertionError("the first post never opened its unit");
        }
        int events = 0;
        for (List<String> post : posts) {
            all.add(CompletableFuture.supplyAsync(
                    () -> commits.record(
                            post.stream().map(GroupCommitTest::event).toList(), r -> {}),
                    Thread.ofVirtual()::start));
            events += post.size();
        }
        long end = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (commits.queued() < events) {
            if (System.nanoTime() > end) {
                throw new AssertionError(commits.queued() + " of " + events + " events queued behind the open unit");
            }
            Thread.sleep(5); // every later post is queued behind the open unit
        }
        release.countDown();
        return all;
    }

    @Test
    void postsArrivingDuringAUnit_shareTheNextOne_eachAnsweredItsOwnInOrder() throws Exception {
        List<List<String>> posts = new ArrayList<>();
        for (int p = 0; p < 20; p++) {
            posts.add(List.of("p" + p + "a", "p" + p + "b"));
        }
        List<CompletableFuture<List<String>>> answers = postWhileTheFirstUnitIsOpen(posts);

        assertEquals(List.of("first stored"), answers.get(0).get());
        for (int p = 0; p < 20; p++) {
            assertEquals(
                    List.of("p" + p + "a stored", "p" + p + "b stored"),
                    answers.get(p + 1).get());
        }
        assertEquals(List.of("first"), ledger.committed.get(0));
        assertEquals(2, ledger.committed.size(), "40 events after the first in one unit: " + ledger.committed);
        assertEquals(40, ledger.committed.get(1).size());
    }

    @Test
    void aBadEventInAUnit_failsOnlyItsOwnPost_theOthersAreKeptOnce() throws Exception {
        List<CompletableFuture<List<String>>> answers =
                postWhileTheFirstUnitIsOpen(List.of(List.of("a"), List.of("b", "bad"), List.of("c")));

        ExecutionException failed =
                assertThrows(ExecutionException.class, () -> answers.get(2).get());
        assertTrue(failed.getCause().getMessage().contains("bad event"), failed.toString());
        assertEquals(List.of("a stored"), answers.get(1).get());
        assertEquals(List.of("c stored"), answers.get(3).get());
        List<String> kept =
                ledger.committed.stream().flatMap(List::stream).sorted().toList();
        assertEquals(List.of("a", "b", "c", "first"), kept);
    }

    @Test
    void aPostOfMoreEventsThanAUnitHolds_allStoredInOrder() {
        List<AlertEvent> many = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < GroupCommit.MAX_BATCH * 2 + 3; i++) {
            many.add(event("e" + i));
            expected.add("e" + i + " stored");
        }
        List<String> stored = new ArrayList<>();
        assertEquals(expected, commits.record(many, stored::add));
        assertEquals(expected, stored);
        assertEquals(3, ledger.committed.size());
    }
}
