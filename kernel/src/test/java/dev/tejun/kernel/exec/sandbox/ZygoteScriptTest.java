package dev.tejun.kernel.exec.sandbox;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zygote starts from its script compiled once by the interpreter that runs it, sent on its stdin, and still starts
 * when that interpreter is not the one that compiled it (Python upgraded under a running server): then it compiles
 * the text.
 * Run here without bubblewrap: what is tested is the command line, not the sandbox.
 */
class ZygoteScriptTest {

    private static final Path PYTHON = Path.of("/usr/bin/python3");

    @TempDir
    Path work;

    @Test
    void script_carriesTheCodeCompiledByThatInterpreter_andTheCommandStaysShort() throws Exception {
        byte[] script = ZygoteScript.forPython(PYTHON);
        Process tag = new ProcessBuilder(
                        PYTHON.toString(), "-I", "-S", "-c", "import sys; print(sys.implementation.cache_tag)")
                .start();
        String expected = new String(tag.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();

        List<byte[]> items = items(script);
        assertEquals(expected, new String(items.get(0), StandardCharsets.US_ASCII), "the interpreter's cache tag");
        assertTrue(items.get(1).length > 1000, "a marshalled code object");
        try (var in = ZygoteScript.class.getResourceAsStream("/sandbox/zygote.py")) {
            assertArrayEquals(in.readAllBytes(), items.get(2), "the script's text");
        }
        assertTrue(String.join(" ", ZygoteScript.command(PYTHON)).length() < 1024, "a command line ps can show");
        assertEquals("ok\n", echoIn(script));
    }

    @Test
    void script_ofAnotherInterpreter_compilesTheTextInstead() throws Exception {
        // not a code object: loading it would fail, so only the text can start this one
        assertEquals("ok\n", echoIn(ZygoteScript.of("cpython-0", new byte[] {0})));
    }

    @Test
    void compile_byAnInterpreterThatHangsFailsOrIsMissing_givesTheText() throws Exception {
        Path hangs = script("hangs", "exec sleep 30");
        Path fails = script("fails", "cat > /dev/null; echo cpython-311; echo not-hex; exit 0");

        long t0 = System.nanoTime();
        assertEquals(ZygoteScript.NO_TAG, tagOf(ZygoteScript.compile(hangs, Duration.ofSeconds(1))));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos(), "given up after its limit");
        assertEquals(ZygoteScript.NO_TAG, tagOf(ZygoteScript.compile(fails, Duration.ofSeconds(5))));
        assertEquals(
                ZygoteScript.NO_TAG,
                tagOf(ZygoteScript.compile(work.resolve("no-such-python"), Duration.ofSeconds(5))));
    }

    private static String tagOf(byte[] script) throws IOException {
        return new String(items(script).get(0), StandardCharsets.US_ASCII);
    }

    private static List<byte[]> items(byte[] script) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(script));
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(in.readNBytes(in.readInt()));
        }
        assertEquals(0, in.available(), "three items, nothing after them");
        return items;
    }

    private Path script(String name, String body) throws Exception {
        Path file = work.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        assertTrue(file.toFile().setExecutable(true));
        return file;
    }

    @Test
    void prctl_throughCtypes_whenItsCHalfIsNotAsExpected() throws Exception {
        // the script's functions without its main, then prctl as the zygote loads it: first as it is, then with a
        // _ctypes that lacks what the short way needs (ctypes itself was imported before, so it still works)
        String probe = String.join(
                "\n",
                "import sys, types",
                "if sys.argv[1] == 'broken':",
                "    import ctypes, _ctypes",
                "    broken = types.ModuleType('_ctypes')",
                "    broken.__dict__.update({k: v for k, v in vars(_ctypes).items() if k != 'CFuncPtr'})",
                "    sys.modules['_ctypes'] = broken",
                "script = {'__name__': 'probe'}",
                "exec(compile(sys.stdin.read(), 'zygote.py', 'exec'), script)",
                "libc, get_errno = script['load_libc']()",
                "prctl = libc('prctl')",
                "print(type(prctl).__module__, prctl(3, 0, 0, 0, 0), prctl(4, 0, 0, 0, 0), prctl(3, 0, 0, 0, 0),"
                        + " prctl(-1, 0, 0, 0, 0), get_errno())");

        assertEquals("probe 1 0 0 -1 22", probe(probe, "as-it-is"), "the short way: the script's own class");
        assertEquals("ctypes 1 0 0 -1 22", probe(probe, "broken"), "the long way: ctypes' CDLL function");
    }

    private static String probe(String code, String how) throws Exception {
        Process p = new ProcessBuilder(PYTHON.toString(), "-I", "-S", "-c", code, how)
                .redirectErrorStream(true)
                .start();
        try (var in = ZygoteScript.class.getResourceAsStream("/sandbox/zygote.py");
                var to = p.getOutputStream()) {
            in.transferTo(to);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor(), out);
        return out;
    }

    private String echoIn(byte[] script) throws Exception {
        Path folder = Files.createDirectories(work.resolve("w"));
        try (Zygote zygote = Zygote.start(
                new ProcessBuilder(ZygoteScript.command(PYTHON)), script, folder, List.of(), Duration.ofSeconds(20))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Zygote.Cell cell = zygote.launch(
                    folder,
                    "echo ok\n",
                    Path.of("/bin/sh"),
                    Zygote.Streams.MERGED,
                    Map.of("PATH", "/usr/bin:/bin"),
                    (stream, data, offset, length) -> {
                        synchronized (out) {
                            out.write(data, offset, length);
                        }
                    });
            assertEquals(0, cell.await(Duration.ofSeconds(20)));
            synchronized (out) {
                return out.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
