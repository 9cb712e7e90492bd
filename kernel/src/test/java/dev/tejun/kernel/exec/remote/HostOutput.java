package dev.tejun.kernel.exec.remote;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test fixture: an {@link Output} that keeps every write per host and stream, and every host status, in order. */
public final class HostOutput implements Output {

    public record Status(String host, String status, String detail) {}

    private final Map<String, ByteArrayOutputStream> streams = new LinkedHashMap<>();
    private final List<Status> statuses = new ArrayList<>();
    private final List<String> results = new ArrayList<>();

    @Override
    public synchronized void write(Stream stream, String host, byte[] data, int offset, int length) {
        streams.computeIfAbsent(stream + "/" + host, k -> new ByteArrayOutputStream())
                .write(data, offset, length);
    }

    @Override
    public synchronized void result(String mime, String data) {
        results.add(data);
    }

    @Override
    public synchronized void hostStatus(String host, String status, String detail) {
        statuses.add(new Status(host, status, detail));
    }

    /** What one host wrote on one stream; {@code host} null for the cell's own lines. */
    public synchronized String text(Stream stream, String host) {
        ByteArrayOutputStream b = streams.get(stream + "/" + host);
        return b == null ? "" : b.toString(StandardCharsets.UTF_8);
    }

    public String out(String host) {
        return text(Stream.STDOUT, host);
    }

    /** Everything written, all hosts and streams, for searching. */
    public synchronized String all() {
        StringBuilder sb = new StringBuilder();
        streams.values().forEach(b -> sb.append(b.toString(StandardCharsets.UTF_8)));
        statuses.forEach(s -> sb.append(s).append('\n'));
        results.forEach(r -> sb.append(r).append('\n'));
        return sb.toString();
    }

    /** The last status reported for a host, or null. */
    public synchronized String lastStatus(String host) {
        String last = null;
        for (Status s : statuses) {
            if (s.host().equals(host)) {
                last = s.status();
            }
        }
        return last;
    }

    public synchronized List<Status> statuses() {
        return List.copyOf(statuses);
    }

    public synchronized List<String> results() {
        return List.copyOf(results);
    }
}
