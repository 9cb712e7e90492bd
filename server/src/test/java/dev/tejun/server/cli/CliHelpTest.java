package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each command's own {@code --help}, the refusal of an option a command does not take, and the bash completion script
 * (checked by a real bash: it parses, and its function completes a command's name).
 */
class CliHelpTest {

    @TempDir
    Path home;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int tejun(String... words) throws Exception {
        return LocalCli.run(out, err, home, Map.of(), words);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void hosts_help_printsItsOwnUsage_exit0() throws Exception {
        assertEquals(0, tejun("hosts", "--help"));
        assertTrue(out().startsWith("usage: tejun hosts PATTERN [--operation NAME]"), out());
        assertTrue(out().contains("--operation=NAME"), out());
        assertFalse(out().contains("tejun serve"), "only this command's usage: " + out());
        assertEquals("", err());
    }

    @Test
    void run_help_printsItsOwnUsageAndOptions_exit0() throws Exception {
        assertEquals(0, tejun("run", "--help"));
        assertTrue(out().startsWith("usage: tejun run FILE.md|FILE.flow.yaml [-p name=value]..."), out());
        for (String option : List.of("--preview", "--retry-failed=RUN-ID", "--resume=RUN-ID", "-p, --param")) {
            assertTrue(out().contains(option), option + " in " + out());
        }
        assertFalse(out().contains("tejun hosts"), out());
    }

    @Test
    void subcommand_help_andHelpCommand_printThatCommand() throws Exception {
        assertEquals(0, tejun("cmdb", "export", "-h"));
        assertTrue(out().startsWith("usage: tejun cmdb export [SHEET]"), out());
        assertEquals(0, tejun("help", "evidence", "hold"));
        assertTrue(out().startsWith("usage: tejun evidence hold run|flow ID --reason TEXT"), out());
    }

    @Test
    void unknownOption_exit2_namingItWithTheCommandsUsage() throws Exception {
        assertEquals(2, tejun("hosts", "web*", "--bogus", "x"));
        assertTrue(err().startsWith("tejun hosts: Unknown option: '--bogus'"), err());
        assertTrue(err().contains("usage: tejun hosts PATTERN"), err());
        assertEquals("", out());
    }

    @Test
    void badValue_exit2_namingTheOption() throws Exception {
        assertEquals(2, tejun("runs", "list", "--limit", "many"));
        assertTrue(err().contains("--limit") && err().contains("'many'"), err());
        assertEquals(2, tejun("run", "x.md", "--preview=maybe"));
        assertTrue(err().contains("--preview"), err());
    }

    @Test
    void completionBash_isValidBash_andCompletesACommand() throws Exception {
        assertEquals(0, tejun("completion", "bash"));
        Path script = home.resolve("tejun-completion.bash");
        Files.writeString(script, out());
        assertEquals("", bash("bash", "-n", script.toString()).trim(), "bash -n finds nothing wrong");
        String completed = bash(
                "bash",
                "-c",
                "source \"$1\"; COMP_WORDS=(tejun $2); COMP_CWORD=$3; COMP_LINE=\"tejun $2\"; COMP_POINT=${#COMP_LINE};"
                        + " _complete_tejun 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"",
                "completion",
                script.toString(),
                "ho",
                "1");
        assertEquals("hosts", completed.trim());
        String formats = bash(
                "bash",
                "-c",
                "source \"$1\"; COMP_WORDS=(tejun serve --log-format ''); COMP_CWORD=3;"
                        + " COMP_LINE='tejun serve --log-format '; COMP_POINT=${#COMP_LINE};"
                        + " _complete_tejun 2>/dev/null; printf '%s\\n' \"${COMPREPLY[@]}\"",
                "completion",
                script.toString());
        assertEquals(List.of("text", "json"), formats.lines().toList());
    }

    /** Runs bash and answers what it printed (stdout and stderr together). */
    private static String bash(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), printed);
        return printed;
    }
}
