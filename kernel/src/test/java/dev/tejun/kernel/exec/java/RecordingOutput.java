package dev.tejun.kernel.exec.java;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** An Output that keeps everything a cell wrote, for assertions. */
final class RecordingOutput implements Output {

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<String> results = new ArrayList<>();

    @Override
    public synchronized void write(Stream stream, String host, byte[] data, int offset, int length) {
        (stream == Stream.STDOUT ? stdout : stderr).write(data, offset, length);
    }

    @Override
    public synchronized void result(String mime, String data) {
        results.add(mime + " " + data);
    }

    synchronized String stdout() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    synchronized String stderr() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    synchronized List<String> results() {
        return List.copyOf(results);
    }
}
