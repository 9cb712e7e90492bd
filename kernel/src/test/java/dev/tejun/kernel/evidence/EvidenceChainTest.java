package dev.tejun.kernel.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.HostStatus;
import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.proof.HeadExport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvidenceChainTest {

    static final String BOOK = """
            ---
            title: Patch
            ---
            # Patch <script>alert(1)</script>

            ```sh {#greet}
            echo hi
            ```

            ```sh {#never}
            echo skipped
            ```
            """;

    @TempDir
    Path root;

    String record(EvidenceStore store, String output) {
        String runId = store.newRunId();
        RunRecorder r = store.begin(new RunInfo(
                runId,
                "patch.md",
                BOOK.getBytes(StandardCharsets.UTF_8),
                GitInfo.NONE,
                Map.of("env", "prod", "password", "****"),
                "alice",
                "web",
                Instant.now()));
        Instant now = Instant.now();
        r.cellStarted(new CellStarted(1, now, runId, "greet", "sh", "echo hi\n"));
        byte[] out = output.getBytes(StandardCharsets.UTF_8);
        r.output("greet", Stream.STDOUT, null, out, 0, out.length);
        r.hostStatus(new HostStatus(2, now, runId, "greet", "web1", "ok", "<b>fine</b>"));
        r.cellFinished(new CellFinished(3, now, runId, "greet", CellStatus.OK, 0, 5, null));
        r.finish(CellStatus.OK);
        return runId;
    }

    /** The whole evidence root verifies (verified once; its problems are the message). */
    private void assertChainVerifies() throws Exception {
        EvidenceVerifier.Result all = EvidenceVerifier.verifyAll(root);
        assertTrue(all.ok(), all.problems().toString());
    }

    @Test
    void seal_chainsRuns_andVerifyPasses() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        String first = record(store, "one\n");
        String second = record(store, "two\n");
        assertTrue(Files.isRegularFile(root.resolve(first).resolve(Manifest.FILE)));
        assertEquals(first, Manifest.read(root.resolve(second)).previous().runId());
        assertEquals(second, Manifest.head(root).orElseThrow().runId());
        assertChainVerifies();
        assertTrue(EvidenceVerifier.verifyRun(root, first).ok());
    }

    /** Runs ending together: every run is linked once, in one chain without a gap or a fork. */
    @Test
    void seal_manyRunsEndingTogether_oneChainEachRunOnce() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        int runs = 64;
        CountDownLatch go = new CountDownLatch(1);
        List<Future<String>> ids = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < runs; i++) {
                String text = "run " + i + "\n";
                ids.add(pool.submit(() -> {
                    go.await();
                    return record(store, text);
                }));
            }
            go.countDown();
        }
        Set<String> sealed = new HashSet<>();
        TreeSet<Long> seqs = new TreeSet<>();
        for (var id : ids) {
            String runId = id.get();
            assertTrue(sealed.add(runId));
            seqs.add(Manifest.read(root.resolve(runId)).seq());
        }
        assertEquals(runs, seqs.size(), "one place in the chain per run");
        assertEquals(1L, seqs.first());
        assertEquals((long) runs, seqs.last());
        assertChainVerifies();
    }

    /** A thread interrupted (its session stopped) still seals its run, and keeps the interrupt for its caller. */
    @Test
    void seal_threadInterrupted_sealsAndKeepsTheInterrupt() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        String first = record(store, "one\n");
        Thread.currentThread().interrupt();
        String second;
        boolean stillInterrupted;
        try {
            second = record(store, "two\n");
        } finally {
            stillInterrupted = Thread.interrupted();
        }
        assertTrue(stillInterrupted, "the interrupt is the caller's to see");
        assertEquals(first, Manifest.read(root.resolve(second)).previous().runId());
        assertChainVerifies();
    }

    /**
     * A run sealed already (by another server of a cluster that took its own for dead) is not linked a second time
     * when its own server, waking, seals it: the head stays, the chain verifies.
     */
    @Test
    void seal_aRunSealedAlready_answersItsLinkAndLinksNothing() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        String first = record(store, "one\n");
        String second = record(store, "two\n");
        String manifest = Files.readString(root.resolve(first).resolve(Manifest.FILE));

        Manifest.Link again = Manifest.seal(root.resolve(first), Map.of(), store.key(), HeadExport.NONE)
                .link();

        assertEquals(first, again.runId());
        assertEquals(Manifest.sha256(root.resolve(first).resolve(Manifest.FILE)), again.sha256());
        assertEquals(manifest, Files.readString(root.resolve(first).resolve(Manifest.FILE)));
        assertEquals(second, Manifest.head(root).orElseThrow().runId(), "the head did not move");
        assertChainVerifies();
    }

    @Test
    void verify_oneChangedByte_namesTheFile() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        String runId = record(store, "the output\n");
        record(store, "later\n");
        Path out = root.resolve(runId).resolve("cells/01-greet/stdout.bin");
        byte[] bytes = Files.readAllBytes(out);
        bytes[4] ^= 1;
        Files.write(out, bytes);
        EvidenceVerifier.Result r = EvidenceVerifier.verifyRun(root, runId);
        assertFalse(r.ok());
        assertTrue(
                r.problems().getFirst().contains(runId + ": cells/01-greet/stdout.bin was changed"),
                r.problems().toString());
        assertTrue(EvidenceVerifier.verifyAll(root).problems().toString().contains("stdout.bin"));
    }

    @Test
    void verify_linkAddedOrManifestUnreadable_namedNotThrown() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        String a = record(store, "a\n");
        String b = record(store, "b\n");
        record(store, "c\n");
        // a link to a file counts as that file, as sealing lists it: added after the seal, it is named
        Files.createSymbolicLink(
                root.resolve(a).resolve("cells/01-greet/extra.bin"),
                root.resolve(a).resolve("run.json"));
        Files.writeString(root.resolve(b).resolve(Manifest.FILE), "{not json");
        String problems = EvidenceVerifier.verifyAll(root).problems().toString();
        assertTrue(problems.contains(a + ": cells/01-greet/extra.bin was added after the run was sealed"), problems);
        assertTrue(problems.contains(b + ": " + Manifest.FILE + " cannot be read"), problems);
        assertTrue(problems.contains(b + ": " + Manifest.FILE + " was changed"), problems);
    }

    @Test
    void verify_rewrittenManifestOrDeletedRun_breaksTheChain() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        String a = record(store, "a\n");
        String b = record(store, "b\n");
        record(store, "c\n");
        // a forger who edits a file and re-hashes its manifest is still caught by the next run's link
        Path out = root.resolve(a).resolve("cells/01-greet/stdout.bin");
        Files.writeString(out, "forged\n");
        rehash(root.resolve(a));
        EvidenceVerifier.Result r = EvidenceVerifier.verifyAll(root);
        assertTrue(
                r.problems().toString().contains(a + ": manifest.json was changed"),
                r.problems().toString());
        // deleting a whole run leaves a hole the chain names
        try (var files = Files.walk(root.resolve(b))) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
        assertTrue(EvidenceVerifier.verifyAll(root).problems().toString().contains(b + ": the run is missing"));
    }

    @Test
    void report_showsRunbookAndOutputs_escaped() throws Exception {
        EvidenceStore store = new EvidenceStore(root, Clock.systemUTC());
        String runId = record(store, "<img src=x onerror=alert(2)> ```\n");
        EvidenceReport report = EvidenceReport.of(root.resolve(runId));
        String html = report.html();
        assertFalse(html.contains("<script>alert(1)"), "prose HTML is shown as text");
        assertFalse(html.contains("<img src=x"), "output is escaped");
        assertTrue(html.contains("&lt;img src=x onerror=alert(2)&gt;"));
        assertTrue(html.contains("&lt;b&gt;fine&lt;/b&gt;"), "host detail escaped");
        assertTrue(html.contains("alice") && html.contains("****") && html.contains("echo hi"));
        assertTrue(html.contains("Not run in this run"), "a cell that did not run is still shown");
        assertFalse(html.contains("<script src") || html.contains("<link"), "self-contained");
        String md = report.markdown();
        assertTrue(md.contains("````text\n<img src=x onerror=alert(2)> ```\n````"), md);
        assertTrue(md.contains("**sh #greet — ok (exit 0)**"), md);
    }

    /** What a forger would do after editing a file: rewrite the manifest from the files, keeping its link. */
    static void rehash(Path runDir) throws Exception {
        ManifestJson old = Manifest.read(runDir);
        ManifestJson forged = new ManifestJson(old.runId(), old.seq(), old.previous(), Manifest.hashes(runDir));
        Files.write(runDir.resolve(Manifest.FILE), EvidenceStore.JSON.writeValueAsBytes(forged));
    }
}
