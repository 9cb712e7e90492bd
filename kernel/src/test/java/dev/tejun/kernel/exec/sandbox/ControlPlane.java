package dev.tejun.kernel.exec.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Test fixture: a data folder laid out as the server's (database, CMDB key, audit head, evidence, another session's
 * work folder) and the attacks a cell makes on it, in shell and in Java, each printing what it managed.
 */
final class ControlPlane {

    static final List<String> FILES =
            List.of("tejun.db", "secret.key", "audit-head", "evidence/run-0/CHAIN", "work/other/notes.txt");
    static final String CELL_USER = "tejun-cell";

    final Path data;
    final Path work;
    /** What the attacks go for; without another session's work folder where every session is the one cell account. */
    final List<String> targets;

    private ControlPlane(Path data, Path work, List<String> targets) {
        this.data = data;
        this.work = work;
        this.targets = targets;
    }

    static ControlPlane layOut(Path data, boolean otherSessionsHidden) throws IOException {
        for (String f : FILES) {
            Path p = data.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "control-plane " + f + "\n");
        }
        Path work = Files.createDirectories(data.resolve("work").resolve("mine"));
        return new ControlPlane(
                data,
                work,
                otherSessionsHidden
                        ? FILES
                        : FILES.stream().filter(f -> !f.startsWith("work/")).toList());
    }

    /** Prints READ, WROTE, LISTED, CREATED for each success, then its uid and its whole environment. */
    String shellAttack() {
        StringBuilder sh = new StringBuilder("cd \"$HOME\"\n");
        for (String f : targets) {
            String p = data.resolve(f).toString();
            sh.append("cat '")
                    .append(p)
                    .append("' 2>/dev/null && echo 'READ ")
                    .append(f)
                    .append("'\n");
            sh.append("echo forged 2>/dev/null >> '")
                    .append(p)
                    .append("' && echo 'WROTE ")
                    .append(f)
                    .append("'\n");
        }
        sh.append("ls '").append(data).append("/work' 2>/dev/null | grep -q other && echo 'LISTED work'\n");
        sh.append("touch '").append(data).append("/evidence/new' 2>/dev/null && echo 'CREATED evidence/new'\n");
        sh.append("cat /proc/")
                .append(ProcessHandle.current().pid())
                .append("/environ 2>/dev/null | grep -q . && echo 'READ server environ'\n");
        sh.append("echo uid=$(id -u)\necho mine > own.txt && echo 'WROTE own'\nenv\n");
        return sh.toString();
    }

    /** A Java expression whose value names each file it could read, then {@code |VARIABLE|user.name}. */
    String javaAttack(String variable) {
        StringBuilder code = new StringBuilder("String found = \"\";\n");
        for (String f : targets) {
            code.append("try { java.nio.file.Files.readAllBytes(java.nio.file.Path.of(\"")
                    .append(data.resolve(f))
                    .append("\")); found += \"READ ")
                    .append(f)
                    .append(";\"; } catch (Exception e) { }\n");
        }
        return code.append("found + \"|\" + System.getenv(\"")
                .append(variable)
                .append("\") + \"|\" + System.getProperty(\"user.name\")")
                .toString();
    }

    /** The output of {@link #shellAttack} without the one write that must succeed. */
    static String attempts(String out) {
        return out.replace("WROTE own\n", "");
    }

    void assertUntouched() throws IOException {
        for (String f : FILES) {
            assertEquals("control-plane " + f + "\n", Files.readString(data.resolve(f)), f);
        }
        assertFalse(Files.exists(data.resolve("evidence/new")));
    }

    static int cellUid() throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd"), StandardCharsets.UTF_8).stream()
                .map(l -> l.split(":"))
                .filter(f -> f[0].equals(CELL_USER))
                .map(f -> Integer.parseInt(f[2]))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no account " + CELL_USER + ": run ./tejun test"));
    }

    /** A variable of the test JVM's own environment that no cell is meant to get. */
    static String serverOnlyVariable() {
        return System.getenv().keySet().stream()
                .filter(k -> !List.of("PATH", "HOME", "LANG", "TZ", "TERM", "USER", "LOGNAME", "PWD", "SHLVL", "_")
                                .contains(k)
                        && !k.startsWith("LC_")
                        && !k.startsWith("TEJUN_PARAM_"))
                .sorted()
                .findFirst()
                .orElseThrow();
    }
}
