package dev.tejun.kernel.exec;

import dev.tejun.kernel.event.Stream;
import java.nio.charset.StandardCharsets;

/**
 * Where an executor writes what a cell produces. Raw bytes go to evidence untouched; the session decodes
 * them for the event stream. Implementations are thread-safe: stdout and stderr may be pumped concurrently.
 */
public interface Output {

    /** Raw bytes of one stream; {@code host} is null unless the cell fans out over hosts. */
    void write(Stream stream, String host, byte[] data, int offset, int length);

    /** A structured result: a value, a table, JSON. */
    void result(String mime, String data);

    /** Per-host progress of a fan-out cell. */
    default void hostStatus(String host, String status, String detail) {}

    default void stdout(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        write(Stream.STDOUT, null, b, 0, b.length);
    }

    default void stderr(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        write(Stream.STDERR, null, b, 0, b.length);
    }
}
