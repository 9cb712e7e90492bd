package dev.tejun.kernel.exec.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What a {@link Zygote} runs: its command line (a small loader) and the script the loader reads from the zygote's
 * stdin before any frame ({@code sandbox/zygote.py}, compiled once per interpreter, and its text). How the script
 * gets into the process is this class's; what the process then says and does is {@code Zygote}'s.
 */
final class ZygoteScript {

    private static final String CODE = loadCode();
    /**
     * What a zygote runs first ({@code -c}): it reads three items from its stdin, before any frame ({@link #forPython}),
     * and runs the script compiled once by the same interpreter, or, when the interpreter is not the one that
     * compiled it (its cache tag differs: Python was upgraded under a running server) or nothing was compiled, the
     * script's text. Compiling the script was a third of a zygote's start. Sent on stdin rather than as arguments,
     * the script keeps the zygote's command line short for {@code ps}.
     */
    private static final String LOADER = String.join(
            "\n",
            "import os, sys, marshal",
            "def take(n):",
            "    data = b''",
            "    while len(data) < n:",
            "        chunk = os.read(0, n - len(data))",
            "        if not chunk:",
            "            raise SystemExit('the script of the sandbox process did not arrive')",
            "        data += chunk",
            "    return data",
            "tag, packed, text = [take(int.from_bytes(take(4), 'big')) for _ in range(3)]",
            "code = marshal.loads(packed) if tag == sys.implementation.cache_tag.encode()"
                    + " else compile(text, 'zygote.py', 'exec')",
            "del take, tag, packed, text",
            "exec(code)");
    /** Asks an interpreter for its cache tag and the script compiled and marshalled in hex, on two lines. */
    private static final String COMPILER = "import sys, marshal\n"
            + "code = compile(sys.stdin.buffer.read(), 'zygote.py', 'exec')\n"
            + "print(sys.implementation.cache_tag)\n"
            + "print(marshal.dumps(code).hex())";
    /** Per interpreter: what its zygotes are sent first ({@link #forPython}). */
    private static final Map<Path, byte[]> SCRIPTS = new ConcurrentHashMap<>();
    /** No interpreter has this cache tag: a zygote sent it compiles the text. */
    static final String NO_TAG = "-";
    /** The script with no code: the zygote compiles the text. */
    private static final byte[] TEXT_ONLY = of(NO_TAG, new byte[0]);
    /** How long the interpreter may take to compile the script (~25 ms). */
    private static final Duration COMPILE_LIMIT = Duration.ofSeconds(10);

    private ZygoteScript() {}

    /** The command line of a zygote, run by {@code python} (which must be visible inside the sandbox). */
    static List<String> command(Path python) {
        return List.of(python.toString(), "-I", "-S", "-c", LOADER);
    }

    /**
     * What a zygote of {@code python} is sent on its stdin before any frame ({@link #LOADER}): the interpreter's
     * cache tag, the script compiled by it, and the script's text. The first call for an interpreter runs it once,
     * outside any sandbox, to compile the script.
     */
    static byte[] forPython(Path python) {
        byte[] script = SCRIPTS.computeIfAbsent(python, p -> compile(p, COMPILE_LIMIT));
        return script != null ? script : TEXT_ONLY;
    }

    /** The three items of {@link #forPython}: {@code tag}, {@code code} (marshalled), the text. */
    static byte[] of(String tag, byte[] code) {
        byte[] text = CODE.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(12 + tag.length() + code.length + text.length);
        try (DataOutputStream items = new DataOutputStream(bytes)) {
            for (byte[] item : List.of(tag.getBytes(StandardCharsets.US_ASCII), code, text)) {
                items.writeInt(item.length);
                items.write(item);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not from memory
        }
        return bytes.toByteArray();
    }

    /**
     * {@link #forPython} from {@code python}: with its code when it compiles the script within {@code limit}, else with
     * no tag (its zygotes compile the text themselves); null when interrupted meanwhile (not kept: the next start
     * asks again).
     */
    static byte[] compile(Path python, Duration limit) {
        Process p;
        try {
            p = new ProcessBuilder(python.toString(), "-I", "-S", "-c", COMPILER)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            return TEXT_ONLY; // no such interpreter: the zygote's start will say so
        }
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return p.getInputStream().readAllBytes();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    },
                    r -> Thread.ofVirtual().name("tejun-zygote-compile").start(r));
            try (var in = p.getOutputStream()) {
                in.write(CODE.getBytes(StandardCharsets.UTF_8));
            }
            String[] lines = new String(out.get(limit.toMillis(), TimeUnit.MILLISECONDS), StandardCharsets.US_ASCII)
                    .strip()
                    .split("\\n");
            if (p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)
                    && p.exitValue() == 0
                    && lines.length == 2
                    && lines[0].matches("[\\w.-]+")
                    && !lines[1].isEmpty()) {
                return of(lines[0], HexFormat.of().parseHex(lines[1]));
            }
            return TEXT_ONLY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (IOException | ExecutionException | TimeoutException | IllegalArgumentException e) {
            return TEXT_ONLY; // IllegalArgumentException: not hex
        } finally {
            p.destroyForcibly();
        }
    }

    private static String loadCode() {
        try (InputStream in = ZygoteScript.class.getResourceAsStream("/sandbox/zygote.py")) {
            if (in == null) {
                throw new IllegalStateException("sandbox/zygote.py is missing from the kernel's resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
