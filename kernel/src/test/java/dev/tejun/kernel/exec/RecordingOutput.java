package dev.tejun.kernel.exec;

import dev.tejun.kernel.event.Stream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Test fixture: an {@link Output} that keeps everything a cell wrote, per stream, as raw bytes. */
public final class RecordingOutput implements Output {

    /** One structured result. */
    public record Result(String mime, String data) {}

    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    private final List<Result> results = new ArrayList<>();

    @Override
    public synchronized void write(Stream stream, String host, byte[] data, int offset, int length) {
        (stream == Stream.STDOUT ? stdout : stderr).write(data, offset, length);
    }

    @Override
    public synchronized void result(String mime, String data) {
        results.add(new Result(mime, data));
    }

    public synchronized byte[] bytes(Stream stream) {
        return (stream == Stream.STDOUT ? stdout : stderr).toByteArray();
    }

    public String stdoutText() {
        return new String(bytes(Stream.STDOUT), StandardCharsets.UTF_8);
    }

    public String stderrText() {
        return new String(bytes(Stream.STDERR), StandardCharsets.UTF_8);
    }

    public synchronized List<Result> results() {
        return List.copyOf(results);
    }
}
