package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.runbook.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunbookCheckTest {

    /** What a shell cell's executor takes, as check names it. */
    private static final String SHELL_TAKES = "bash/console/sh/shell/shell-session cells take timeout,"
            + " continue-on-error, once, locks, freeze, cwd, pty, streams, env";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
        return file;
    }

    @Test
    void check_goodFile_listsCellsAndIsOk() throws IOException {
        Path file = write(
                "ok.md",
                "---\nparams:\n  env: prod\n---\n```sh {#a timeout=5}\necho ${params.env}\n```\n\n```bash\nls\n```\n");

        CheckReport report = RunbookCheck.check(file);

        assertTrue(report.ok(), report.toString());
        assertTrue(report.roundTripOk());
        assertEquals(
                List.of(new CheckReport.CellSummary("a", "sh", 5), new CheckReport.CellSummary("cell-2", "bash", 9)),
                report.cells());
        assertEquals(List.of(), report.problems());
    }

    @Test
    void check_unknownAttributeAndUndeclaredParam_areWarningsThatDoNotFail() throws IOException {
        Path file = write(
                "w.md", "intro\n\n```sh {#a colour=red}\necho ok\necho ${params.missing} ${cells.nope.out}\n```\n");

        CheckReport report = RunbookCheck.check(file);

        assertEquals(
                List.of(
                        Problem.warning(3, "cell a: unknown attribute 'colour' (" + SHELL_TAKES + ")"),
                        Problem.warning(5, "${params.missing} refers to a param the front matter does not declare"),
                        Problem.warning(5, "${cells.nope…} refers to a cell that does not exist")),
                report.problems());
        assertTrue(report.ok());
    }

    @Test
    void check_rawReference_warnsAtEveryUse() throws IOException {
        Path file = write(
                "raw.md",
                "---\nparams:\n  cmd: ls\n---\n```sh {#a}\necho ${params.cmd}\n${raw:params.cmd}\n"
                        + "x=${raw:cells.a.stdout}\n```\n");

        CheckReport report = RunbookCheck.check(file);

        assertEquals(
                List.of(
                        Problem.warning(
                                7,
                                "raw value pasted as code at line 7: ${raw:params.cmd} runs whatever the value"
                                        + " holds (refused in runs started by an event)"),
                        Problem.warning(
                                8,
                                "raw value pasted as code at line 8: ${raw:cells.a.stdout} runs whatever the value"
                                        + " holds (refused in runs started by an event)")),
                report.problems());
        assertTrue(report.ok());
    }

    @Test
    void check_pauseApproverRole_unknownIsAnError_onAShellCellAnError() throws IOException {
        Path file = write(
                "p.md",
                "```pause {#gate approver=operator}\nok?\n```\n\n```pause {#bad approver=boss}\nok?\n```\n\n"
                        + "```sh {#x approver=operator}\necho\n```\n");

        CheckReport report = RunbookCheck.check(file);

        assertEquals(
                List.of(
                        Problem.error(
                                5,
                                "cell bad: approver: unknown role 'boss' (known: [admin, approver, editor, operator, viewer])"),
                        Problem.error(9, "cell x: approver= is not for this cell: " + SHELL_TAKES)),
                report.problems());
        assertFalse(report.ok());
    }

    @Test
    void check_attributeOfAnotherExecutorOrIllTyped_errorsNamingTheExecutorsList() throws IOException {
        Path file = write(
                "s.md",
                "```sh {#a hosts=web}\necho\n```\n\n```ssh {#b parallel=many timeout=soon}\nuptime\n```\n\n"
                        + "```ansible {#c var-check=maybe become=yes connection=local env=HOME}\n- hosts: all\n```\n");

        CheckReport report = RunbookCheck.check(file);

        assertEquals(
                List.of(
                        Problem.error(1, "cell a: hosts= is not for this cell: " + SHELL_TAKES),
                        Problem.error(5, "cell b: parallel=many is not a whole number"),
                        Problem.error(5, "cell b: timeout=soon is not a duration (30, 30s, 500ms, 5m or 1h)"),
                        Problem.error(9, "cell c: var-check=maybe is not one of refuse, warn, off")),
                report.problems());
        assertFalse(report.ok());
    }

    @Test
    void check_otherToolsAttributesOnOurFences_onlyWarned() throws IOException {
        Path file = write("o.md", "```bash title=\"install.sh\" linenos=true\necho\n```\n");

        CheckReport report = RunbookCheck.check(file);

        assertEquals(2, report.problems().size(), report.problems().toString());
        assertTrue(report.problems().stream().allMatch(p -> p.severity() == Problem.Severity.WARNING));
        assertTrue(report.ok());
    }

    @Test
    void check_paramReferenceInAttributes_isChecked() throws IOException {
        Path file = write("a.md", "```ansible {hosts=${params.group}}\n- hosts: all\n```\n");

        assertEquals(
                List.of(Problem.warning(1, "${params.group} refers to a param the front matter does not declare")),
                RunbookCheck.check(file).problems());
    }

    @Test
    void check_duplicateIdsAndUnterminatedFence_areErrors() throws IOException {
        Path file = write("bad.md", "```sh {#x}\na\n```\n```sh {#x}\nb\n```\n```sh\nrunaway\n");

        CheckReport report = RunbookCheck.check(file);

        assertFalse(report.ok());
        assertTrue(report.roundTripOk());
        assertEquals(
                List.of(4, 7), report.problems().stream().map(Problem::line).toList());
    }

    @Test
    void check_invalidUtf8_isAnErrorOnItsLine() throws IOException {
        Path file = dir.resolve("latin1.md");
        Files.write(file, "ok\r\nstill ok\ncaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));

        CheckReport report = RunbookCheck.check(file);

        assertFalse(report.ok());
        assertFalse(report.roundTripOk());
        assertEquals(List.of(Problem.error(3, "not valid UTF-8 (byte 16)")), report.problems());
    }

    @Test
    void check_byteOrderMarkAndCrlf_roundTripAsBytes() throws IOException {
        Path file = dir.resolve("bom.md");
        Files.write(file, "\uFEFF---\r\ntitle: B\r\n---\r\n```sh\r\nls\r\n```\r\n".getBytes(StandardCharsets.UTF_8));

        CheckReport report = RunbookCheck.check(file);

        assertTrue(report.ok(), report.toString());
        assertEquals(1, report.cells().size());
    }

    @Test
    void check_missingFile_isAnError() {
        CheckReport report = RunbookCheck.check(dir.resolve("nope.md"));

        assertFalse(report.ok());
        assertEquals(Problem.Severity.ERROR, report.problems().getFirst().severity());
    }

    @Test
    void checkAll_folder_findsMarkdownSortedSkippingDotDirsAndTarget() throws IOException {
        write("b.md", "b\n");
        write("a/z.md", "z\n");
        write("a/notes.txt", "not markdown\n");
        write(".git/x.md", "hidden\n");
        write("target/y.md", "built\n");
        write("c/.cache/w.md", "hidden\n");
        Path single = write("other/single.markdown", "named explicitly\n");

        List<CheckReport> reports = RunbookCheck.checkAll(List.of(dir, single, dir.resolve("missing"))).stream()
                .map(RunbookCheck.Checked::report)
                .toList();

        assertEquals(
                List.of(dir.resolve("a/z.md"), dir.resolve("b.md"), single, dir.resolve("missing")),
                reports.stream().map(CheckReport::path).toList());
        assertEquals(
                List.of(true, true, true, false),
                reports.stream().map(CheckReport::ok).toList());
    }

    @Test
    void checkAll_keepsTextAndParse_onlyForReadableUtf8() throws Exception {
        Path good = write("good.md", "# Good\n\n```sh\necho hi\n```\n");
        Path bad = dir.resolve("bad.md");
        Files.write(bad, new byte[] {'#', ' ', (byte) 0xff, '\n'});

        List<RunbookCheck.Checked> checked = RunbookCheck.checkAll(List.of(good, bad, dir.resolve("missing")));

        assertEquals("# Good\n\n```sh\necho hi\n```\n", checked.get(0).text());
        assertEquals(1, checked.get(0).runbook().codeCells().size());
        assertEquals(checked.get(0).report(), RunbookCheck.check(good));
        assertNull(checked.get(1).text(), "not valid UTF-8: later checks read the file as they always did");
        assertNull(checked.get(1).runbook());
        assertFalse(checked.get(1).report().ok());
        assertNull(checked.get(2).runbook());
    }

    @Test
    void problems_attributesExecutorsRead_areNotUnknown() {
        var rb = RunbookFormat.parse("""
                ```ansible {connection=local group-vars-from=groups}
                - hosts: all
                ```

                ```ssh {host-key-policy=accept-new}
                uptime
                ```

                ```terraform {workspace=staging}
                ```
                """);

        assertEquals(List.of(), RunbookCheck.problems(rb));
    }

    @Test
    void problems_unknownRoleAndOddId_areWarnings() {
        List<Problem> problems = RunbookCheck.problems(
                RunbookFormat.parse("---\nrequires: [operator, wizard]\n---\n```sh {#a.b}\nls\n```\n"));

        assertEquals(List.of(1, 4), problems.stream().map(Problem::line).toList());
        assertTrue(problems.stream().allMatch(p -> p.severity() == Problem.Severity.WARNING));
    }
}
