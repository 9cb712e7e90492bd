package dev.tejun.kernel.exec.shell;

import dev.tejun.kernel.exec.CellRequest;
import dev.tejun.kernel.exec.sandbox.Zygote;
import dev.tejun.kernel.runbook.Attributes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process line and working directory for one cell. The code goes into a script file rather than
 * {@code sh -c CODE}: a file has no argument-length limit and gives the same semantics as running a script
 * (exit status of the last command unless the code says {@code set -e}), and stdin stays free to be /dev/null.
 */
record ShellCommand(List<String> command, Path workDir, Path script) {

    /** Thrown when the cell asks for something it may not have; the message is for the user. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    /**
     * How the cell's stdout and stderr reach us: {@code pty=true} a pseudo-terminal, {@code streams=separate} a pipe
     * each, by default one pipe for both, so that the output is recorded in exactly the order it was written.
     */
    static Zygote.Streams streams(CellRequest request) throws Refused {
        Attributes a = request.attributes() == null ? Attributes.NONE : request.attributes();
        String pty = a.get("pty").orElse("false").strip();
        String streams = a.get("streams").orElse("merged").strip();
        if (!pty.equals("true") && !pty.equals("false")) {
            throw new Refused("pty=" + pty + " is not true or false");
        }
        if (!streams.equals("merged") && !streams.equals("separate")) {
            throw new Refused("streams=" + streams + " is not merged or separate");
        }
        if (pty.equals("true")) {
            if (streams.equals("separate")) {
                throw new Refused("pty=true and streams=separate cannot go together: a terminal is one stream");
            }
            return Zygote.Streams.PTY;
        }
        return streams.equals("separate") ? Zygote.Streams.SEPARATE : Zygote.Streams.MERGED;
    }

    /**
     * @param code    what runs: the cell's code, or only the commands of a pasted terminal session
     * @param workDir where it starts ({@link CellFolder})
     */
    static ShellCommand prepare(CellRequest request, String code, Path workDir, Programs programs, Path tempDir)
            throws Refused, IOException {
        boolean pty = streams(request) == Zygote.Streams.PTY;
        Path terminal = pty
                ? Programs.script()
                        .orElseThrow(() -> new Refused("pty=true needs util-linux script(1), which is not installed"))
                : null;
        Path script = Files.createTempFile(tempDir, "tejun-cell-", ".sh");
        try {
            Files.writeString(script, code, StandardCharsets.UTF_8);
        } catch (IOException e) {
            Files.deleteIfExists(script);
            throw e;
        }
        String shell = programs.shellFor(request.language()).toString();
        // setsid, when there is one, goes first of all, before the sandbox (see CellSandbox.builder)
        if (!pty) {
            return new ShellCommand(List.of(shell, script.toString()), workDir, script);
        }
        // -e: the cell's exit code; -f: output at once; lines end in \n as from a pipe, not \r\n
        String inside =
                "stty -onlcr cols 120 rows 24 2>/dev/null; exec " + quoted(shell) + " " + quoted(script.toString());
        return new ShellCommand(
                List.of(terminal.toString(), "-q", "-e", "-f", "-c", inside, "/dev/null"), workDir, script);
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    void deleteScript() {
        try {
            Files.deleteIfExists(script);
        } catch (IOException ignored) {
            // a left-over temp file is harmless; the cell's outcome matters more
        }
    }
}
