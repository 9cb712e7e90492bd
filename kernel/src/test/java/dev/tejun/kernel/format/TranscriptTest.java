package dev.tejun.kernel.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tejun.kernel.runbook.Problem;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TranscriptTest {

    @Test
    void read_promptsAndOutput_runsOnlyCommandsOnTheirLines() {
        Transcript t = Transcript.read(
                        "bash", "### list pods\n$ oc get pods \\\n  -n x\nNAME READY\npod-1 1/1\n\n$ echo done\n")
                .orElseThrow();

        assertEquals("### list pods\noc get pods \\\n  -n x\n\n\n\necho done\n", t.commands());
        assertEquals("NAME READY\npod-1 1/1\n", t.expectedOutput());
        assertEquals(2, t.commandCount());
        assertEquals(2, t.outputLines());
    }

    @Test
    void read_steps_eachCommandWithTheOutputPastedUnderIt() {
        Transcript t = Transcript.read("console", "$ ls \\\n  -1\na\n\nb\n$ true\n# note\n$ pwd\n/tmp\n")
                .orElseThrow();

        assertEquals(
                List.of(
                        new Transcript.Step(1, "ls \\\n  -1", "a\nb\n"),
                        new Transcript.Step(6, "true", ""),
                        new Transcript.Step(8, "pwd", "/tmp\n")),
                t.steps());
        String marked = t.marked("abc");
        assertEquals(t.commands().lines().count(), marked.lines().count(), "each command keeps its line");
        assertTrue(
                marked.startsWith("__tejun_rc=$?; printf '\\036%s:%d\\036' 'abc' 0; (exit $__tejun_rc); ls \\\n"),
                marked);
        assertTrue(
                marked.contains("\n__tejun_rc=$?; printf '\\036%s:%d\\036' 'abc' 2; (exit $__tejun_rc); pwd\n"),
                marked);
    }

    @Test
    void read_scriptThatPrintsAPromptInAHereDoc_isNoTranscript() {
        assertEquals(Optional.empty(), Transcript.read("sh", "cat <<EOF\n$ not a prompt\nEOF\n"));
        assertEquals(Optional.empty(), Transcript.read("sh", "# comment\ndf -h\n"));
    }

    @Test
    void read_consoleFenceWithoutPrompts_runsNothing() {
        Transcript t =
                Transcript.read("console", "Filesystem Size\n/dev/sda1 10G\n").orElseThrow();

        assertEquals("\n\n", t.commands());
        assertEquals(0, t.commandCount());
    }

    @Test
    void check_transcriptInShellFence_warnsWhatRunsAndWhatNot() {
        var rb = RunbookFormat.parse("1. Look:\n\n   ```shell\n   $ ls\n   file-a\n   ```\n");

        Problem p = RunbookCheck.problems(rb).getFirst();

        assertEquals(Problem.Severity.WARNING, p.severity());
        assertTrue(
                p.message().contains("the 1 command after '$ ' prompts run; 1 line of pasted output are not run"),
                p.message());
    }
}
