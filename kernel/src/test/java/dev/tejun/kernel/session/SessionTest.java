package dev.tejun.kernel.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tejun.kernel.event.CellFinished;
import dev.tejun.kernel.event.CellStarted;
import dev.tejun.kernel.event.CellStatus;
import dev.tejun.kernel.event.Event;
import dev.tejun.kernel.event.RunFinished;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Sessions with the real shell executor: runs, stops, substitution and the evidence they leave. */
class SessionTest {

    @TempDir
    Path tmp;

    private Session session;

    private Session open(String markdown, Map<String, String> params) throws Exception {
        session = ShellSessions.open(
                tmp,
                markdown,
                params,
                ref -> ref.equals("cmdb.hosts.web01.address") ? Optional.of("10.1.2.3") : Optional.empty(),
                null);
        return session;
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    private static RunFinished await(Session.RunHandle handle) throws Exception {
        return handle.finished().get(30, TimeUnit.SECONDS);
    }

    private List<Event> events() {
        return ShellSessions.events(session);
    }

    private CellFinished finished(String cellId) {
        return ShellSessions.finished(session, cellId);
    }

    private String stdout(String cellId) {
        return ShellSessions.output(session, cellId);
    }

    @Test
    void runAll_stopsAtFirstFailure_andSkipsTheRest() throws Exception {
        open("""
                ```sh {#a}
                echo one
                ```
                ```sh {#b}
                exit 3
                ```
                ```sh {#c}
                echo never
                ```
                """, Map.of());
        RunFinished run = await(session.run(List.of(), "tester", "test"));
        assertEquals(CellStatus.FAILED, run.status());
        assertEquals(CellStatus.OK, finished("a").status());
        assertEquals(3, finished("b").exitCode());
        assertEquals(CellStatus.SKIPPED, finished("c").status());
        assertTrue(stdout("c").isEmpty());
    }

    @Test
    void runAll_continueOnError_goesOn() throws Exception {
        open("""
                ```sh {#a continue-on-error=true}
                exit 1
                ```
                ```sh {#b}
                echo after
                ```
                """, Map.of());
        RunFinished run = await(session.run(List.of(), "tester", "test"));
        assertEquals(CellStatus.FAILED, run.status());
        assertEquals(CellStatus.OK, finished("b").status());
        assertEquals("after\n", stdout("b"));
    }

    @Test
    void run_substitutesParamsCellsAndCmdb() throws Exception {
        open("""
                ---
                params:
                  env: { default: staging }
                ---
                ```sh {#first}
                echo "env=${params.env}"
                ```
                ```sh {#second}
                echo "got ${cells.first.stdout} exit=${cells.first.exit} at ${cmdb.hosts.web01.address}"
                ```
                """, Map.of("env", "prod"));
        await(session.run(List.of(), "tester", "test"));
        assertEquals("got env=prod exit=0 at 10.1.2.3\n", stdout("second"));
    }

    @Test
    void run_unresolvedReference_failsBeforeRunning() throws Exception {
        open("""
                ```sh {#a}
                touch ran-anyway; echo ${params.missing}
                ```
                """, Map.of());
        await(session.run(List.of(), "tester", "test"));
        CellFinished f = finished("a");
        assertEquals(CellStatus.FAILED, f.status());
        assertEquals("unresolved reference ${params.missing}", f.message());
        assertTrue(Files.notExists(tmp.resolve("work/ran-anyway")));
    }

    @Test
    void run_badParams_failsRunWithReason() throws Exception {
        open("""
                ---
                params:
                  env: { default: staging, enum: [staging, prod] }
                ---
                ```sh {#a}
                true
                ```
                """, Map.of("env", "qa"));
        RunFinished run = await(session.run(List.of(), "tester", "test"));
        assertEquals(CellStatus.FAILED, run.status());
        assertEquals("param 'env' must be one of [staging, prod], not 'qa'", run.message());
    }

    @Test
    void interrupt_stopsRunningCell_andSkipsTheRest() throws Exception {
        open("""
                ```sh {#long}
                echo started; sleep 60
                ```
                ```sh {#next}
                echo next
                ```
                """, Map.of());
        Session.RunHandle handle = session.run(List.of(), "tester", "test");
        long deadline = System.currentTimeMillis() + 10_000;
        while (!stdout("long").contains("started") && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        session.interrupt();
        RunFinished run = await(handle);
        assertEquals(CellStatus.STOPPED, run.status());
        assertEquals(CellStatus.STOPPED, finished("long").status());
        assertEquals(CellStatus.SKIPPED, finished("next").status());
        assertEquals(CellStatus.STOPPED, session.snapshot().cells().get("long").status());
    }

    @Test
    void timeoutAttribute_endsCell() throws Exception {
        open("""
                ```sh {#slow timeout=300ms}
                sleep 30
                ```
                """, Map.of());
        await(session.run(List.of(), "tester", "test"));
        assertEquals(CellStatus.TIMED_OUT, finished("slow").status());
    }

    @Test
    void evidence_keepsRawBytesCodeAndRunRecord() throws Exception {
        open("""
                ---
                params:
                  token: { default: s3cret, secret: true }
                ---
                ```sh {#bin}
                printf 'ok\\377\\376 ${params.token}'
                ```
                """, Map.of());
        RunFinished run = await(session.run(List.of(), "alice", "test"));
        Path dir = Path.of(run.evidence());
        JsonNode json = new ObjectMapper().readTree(dir.resolve("run.json").toFile());
        assertEquals("alice", json.get("user").asText());
        assertEquals("****", json.get("params").get("token").asText());
        assertEquals("OK", json.get("status").asText());
        assertEquals(64, json.get("sha256").asText().length());
        Path cell = dir.resolve("cells/01-bin");
        // a secret param's value is masked in the rendered input and in every output, raw bytes otherwise kept
        assertEquals("printf 'ok\\377\\376 ********'\n", Files.readString(cell.resolve("input.txt")));
        assertArrayEquals(
                HexFormat.of().parseHex("6f6bfffe202a2a2a2a2a2a2a2a"), Files.readAllBytes(cell.resolve("stdout.bin")));
        assertEquals("ok\uFFFD\uFFFD ********", stdout("bin"), "the event stream shows invalid bytes replaced");
        assertTrue(Files.readString(cell.resolve("chunks.jsonl")).contains("\"s\":\"stdout\""));
        assertTrue(Files.readString(cell.resolve("result.json")).contains("\"exitCode\" : 0"));
    }

    @Test
    void events_areNumberedWithoutGaps_andCodeIsWhatRan() throws Exception {
        open("""
                ---
                params:
                  n: { default: "7" }
                ---
                ```sh {#a}
                echo ${params.n}
                ```
                """, Map.of());
        await(session.run(List.of("a"), "tester", "test"));
        List<Event> all = events();
        for (int i = 0; i < all.size(); i++) {
            assertEquals(i + 1, all.get(i).seq());
        }
        CellStarted started = all.stream()
                .filter(CellStarted.class::isInstance)
                .map(CellStarted.class::cast)
                .findFirst()
                .orElseThrow();
        // the value went in as one quoted shell word (issue 13)
        assertEquals("echo '7'\n", started.code());
    }

    @Test
    void splitMultibyteCharacter_decodedWhole() throws Exception {
        // "手" is E6 89 8B; the shell writes it in two separate writes with a pause between.
        open("""
                ```sh {#jp}
                printf '\\346'; sleep 0.2; printf '\\211\\213\\n'
                ```
                """, Map.of());
        await(session.run(List.of(), "tester", "test"));
        assertEquals("手\n", stdout("jp"));
    }

    @Test
    void run_afterTheFileChanged_runsTheNewCode() throws Exception {
        open("""
                ```sh {#a}
                echo first
                ```
                """, Map.of());
        await(session.run(List.of(), "tester", "test"));
        Files.writeString(tmp.resolve("rb.md"), "```sh {#a}\necho second\n```\n");
        await(session.run(List.of(), "tester", "test"));
        assertEquals("first\nsecond\n", stdout("a"));
    }
}
