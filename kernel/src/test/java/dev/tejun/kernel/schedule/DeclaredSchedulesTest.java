package dev.tejun.kernel.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.format.CheckReport;
import dev.tejun.kernel.format.RunbookCheck;
import dev.tejun.kernel.runbook.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeclaredSchedulesTest {

    @TempDir
    Path tmp;

    @Test
    void read_runbookFrontMatter_givesScheduleWithZoneParamsAndMisfire() {
        String text = """
                ---
                title: Health
                params:
                  env: { default: staging }
                schedule: "0 3 * * MON"
                timezone: Asia/Tokyo
                schedule-params: { env: prod }
                misfire: run-once
                schedule-webhook: http://127.0.0.1:9/hook
                ---
                # Health
                """;
        ScheduleDef def =
                DeclaredSchedules.read("ops/health.md", text).schedule().orElseThrow();
        assertEquals("file:ops/health.md", def.id());
        assertEquals(ZoneId.of("Asia/Tokyo"), def.zone());
        assertEquals(Map.of("env", "prod"), def.params());
        assertEquals(Misfire.RUN_ONCE, def.misfire());
        assertEquals("http://127.0.0.1:9/hook", def.webhook());
    }

    @Test
    void read_flowFile_readsTopLevelKeys() {
        String text = "title: F\nschedule: \"*/10 * * * *\"\nnodes:\n  - { id: a, runbook: a.md }\n";
        ScheduleDef def = DeclaredSchedules.read("f.flow.yaml", text).schedule().orElseThrow();
        assertTrue(def.target().isFlow());
        assertEquals(Misfire.SKIP, def.misfire());
    }

    @Test
    void read_badCron_errorOnTheScheduleLine() {
        String text = "---\ntitle: x\nschedule: \"0 25 * * *\"\n---\n";
        DeclaredSchedules.Read read = DeclaredSchedules.read("x.md", text);
        assertTrue(read.schedule().isEmpty());
        Problem p = read.problems().getFirst();
        assertEquals(Problem.Severity.ERROR, p.severity());
        assertEquals(3, p.line());
        assertTrue(p.message().contains("25"), p.message());
    }

    @Test
    void addTo_badCronInRunbook_failsTheCheck() throws Exception {
        Path file = Files.writeString(tmp.resolve("bad.md"), "---\nschedule: \"every day\"\n---\n# Bad\n");
        CheckReport before = RunbookCheck.checkAll(List.of(file)).getFirst().report();
        assertTrue(before.ok());
        CheckReport after = ScheduleCheck.addTo(before, null);
        assertFalse(after.ok());
        assertTrue(
                after.problems().stream().anyMatch(p -> p.message().startsWith("schedule:")),
                after.problems().toString());
    }

    @Test
    void scan_folder_findsValidSchedulesOnly() throws Exception {
        Files.writeString(tmp.resolve("good.md"), "---\nschedule: \"0 * * * *\"\n---\n");
        Files.writeString(tmp.resolve("bad.md"), "---\nschedule: \"nope\"\n---\n");
        Files.writeString(tmp.resolve("none.md"), "# none\n");
        List<ScheduleDef> found = DeclaredSchedules.scan(new dev.tejun.kernel.folder.RunbookFolder(tmp));
        assertEquals(
                List.of("file:good.md"), found.stream().map(ScheduleDef::id).toList());
    }
}
