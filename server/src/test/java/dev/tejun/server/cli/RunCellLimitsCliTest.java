package dev.tejun.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tejun run FILE} without a server gives its cells the limits of {@code tejun.yaml} in its data folder (or the
 * file {@code --config} names), as a server on that folder would: a cell without {@code timeout=} stops at
 * {@code cells.timeout}; a config file it cannot read stops the run before anything runs, naming the line.
 */
class RunCellLimitsCliTest {

    @TempDir
    Path temp;

    Path home;
    Path runbook;
    private final ByteArrayOutputStream said = new ByteArrayOutputStream();

    @BeforeEach
    void layOut() throws Exception {
        home = Files.createDirectories(temp.resolve("data"));
        runbook = Files.writeString(temp.resolve("long.md"), "```sh {#long}\nsleep 30; echo never\n```\n");
    }

    private int tejunRun(String... options) throws Exception {
        PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);
        List<String> words = new ArrayList<>(List.of("run"));
        words.addAll(List.of(options));
        words.add(runbook.toString());
        return new Main(out, out, home).execute(words);
    }

    private String said() {
        return said.toString(StandardCharsets.UTF_8);
    }

    @Test
    void run_tejunYamlInDataFolder_cellStoppedAtItsTimeout() throws Exception {
        Files.writeString(home.resolve("tejun.yaml"), "cells:\n  timeout: 1s\n");

        int code = tejunRun();

        assertEquals(1, code, said());
        assertTrue(said().contains("timed out after 1 s"), said());
        assertFalse(said().contains("never"), said());
    }

    @Test
    void run_configOption_readInsteadOfTheDataFolders() throws Exception {
        Files.writeString(home.resolve("tejun.yaml"), "cells:\n  timeout: 1h\n");
        Path other = Files.writeString(temp.resolve("other.yaml"), "cells.timeout: 1s\n");

        int code = tejunRun("--config", other.toString());

        assertEquals(1, code, said());
        assertTrue(said().contains("timed out after 1 s"), said());
    }

    @Test
    void run_badCellLimit_refusedBeforeAnythingRuns() throws Exception {
        Files.writeString(home.resolve("tejun.yaml"), "cells.timeout: soon\n");

        int code = tejunRun();

        assertEquals(2, code, said());
        assertTrue(
                said().contains("tejun run: " + home.resolve("tejun.yaml")
                        + ":1: cells.timeout: 'soon' is not a duration"),
                said());
        assertFalse(said().contains("evidence:"), said());
    }
}
