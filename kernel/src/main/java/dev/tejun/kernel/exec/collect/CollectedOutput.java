package dev.tejun.kernel.exec.collect;

import dev.tejun.kernel.event.Stream;
import dev.tejun.kernel.exec.Output;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Passes everything on to the cell's output and keeps each host's stdout to be parsed after the run. */
final class CollectedOutput implements Output {

    /** A host's output beyond this is not actual state but a mistake; it fails the host instead of filling memory. */
    static final int LIMIT = 1 << 20;

    private final Output out;
    private final Map<String, ByteArrayOutputStream> byHost = new TreeMap<>();

    CollectedOutput(Output out) {
        this.out = out;
    }

    @Override
    public void write(Stream stream, String host, byte[] data, int offset, int length) {
        out.write(stream, host, data, offset, length);
        if (stream == Stream.STDOUT && host != null) {
            synchronized (byHost) {
                ByteArrayOutputStream buffer = byHost.computeIfAbsent(host, h -> new ByteArrayOutputStream());
                if (buffer.size() <= LIMIT) {
                    buffer.write(data, offset, Math.min(length, LIMIT + 1 - buffer.size()));
                }
            }
        }
    }

    @Override
    public void result(String mime, String data) {
        out.result(mime, data);
    }

    @Override
    public void hostStatus(String host, String status, String detail) {
        out.hostStatus(host, status, detail);
    }

    /** Host → its whole stdout; a host that printed nothing is absent. */
    Map<String, String> texts() {
        synchronized (byHost) {
            Map<String, String> texts = new TreeMap<>();
            byHost.forEach((host, b) -> texts.put(host, b.toString(StandardCharsets.UTF_8)));
            return texts;
        }
    }
}
