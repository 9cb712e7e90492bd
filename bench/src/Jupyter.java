import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The other side of the comparison: bench/jupyter_driver.py (one ipykernel through jupyter_client) as a child
 * process, one JSON command per line. Kept alive for the whole run so its blocks can alternate with Tejun's.
 */
final class Jupyter implements AutoCloseable {

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    final long kernelPid;

    private Jupyter(Process process, BufferedReader out, Writer in, long kernelPid) {
        this.process = process;
        this.out = out;
        this.in = in;
        this.kernelPid = kernelPid;
    }

    static Jupyter start(Path repo, Path log) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("/usr/bin/python3", repo.resolve("bench/jupyter_driver.py").toString());
        // ipykernel's debugger prints a warning about frozen modules on every start; it is noise here.
        pb.environment().put("PYDEVD_DISABLE_FILE_VALIDATION", "1");
        pb.redirectError(log.toFile());
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String ready = out.readLine();
        if (ready == null) {
            throw new IllegalStateException("jupyter driver died; see " + log);
        }
        JsonNode r = NotebookClient.JSON.readTree(ready);
        long kernel = r.get("pid").asLong();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ProcessHandle.of(kernel).ifPresent(k -> {
                k.descendants().forEach(ProcessHandle::destroyForcibly);
                k.destroyForcibly();
            });
            p.destroyForcibly();
        }));
        return new Jupyter(p, out, new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8), kernel);
    }

    private synchronized JsonNode call(ObjectNode cmd) throws Exception {
        in.write(cmd.toString() + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IllegalStateException("jupyter driver died");
        }
        JsonNode r = NotebookClient.JSON.readTree(line);
        if (r.has("error")) {
            throw new IllegalStateException("jupyter driver: " + r.get("error"));
        }
        return r;
    }

    /** n executes of code, one after the other: milliseconds from execute_request to reply and idle. */
    List<Double> roundTrips(String code, int n) throws Exception {
        JsonNode r = call(NotebookClient.JSON.createObjectNode().put("op", "rt").put("code", code).put("n", n));
        List<Double> ms = new ArrayList<>();
        r.get("ms").forEach(v -> ms.add(v.asDouble()));
        return ms;
    }

    /** A flood cell: {ms, finished, stream_bytes, stream_messages, kernel_rss_before_kb, kernel_rss_peak_kb}. */
    JsonNode flood(String code, int timeoutSeconds) throws Exception {
        return call(NotebookClient.JSON.createObjectNode().put("op", "flood").put("code", code).put("timeout", timeoutSeconds));
    }

    /** The kernel process's RSS in MB. */
    double kernelRssMb() throws Exception {
        return call(NotebookClient.JSON.createObjectNode().put("op", "rss")).get("rss_kb").asDouble() / 1024.0;
    }

    @Override
    public void close() throws Exception {
        try {
            call(NotebookClient.JSON.createObjectNode().put("op", "quit"));
        } catch (Exception alreadyGone) {
            // quit answers nothing: the driver ends, readLine gives null
        }
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
